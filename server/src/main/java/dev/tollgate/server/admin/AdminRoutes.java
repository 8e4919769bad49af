package dev.tollgate.server.admin;

import io.vertx.core.http.HttpMethod;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The admin API's route table. Resources register their endpoints here once; the router matches requests
 * against it, so a path that is documented but not registered (or the reverse) shows up as a test failure
 * rather than as a silent 404.
 */
final class AdminRoutes {

    private final List<AdminRoute> routes = new ArrayList<>();

    /** An authenticated endpoint. */
    AdminRoutes add(HttpMethod method, String path, String access, Consumer<AdminCall> handler) {
        return register(new AdminRoute(method, path, access, false, true, handler));
    }

    /** A creating POST: a retry with the same {@code Idempotency-Key} replays the first answer. */
    AdminRoutes create(String path, String access, Consumer<AdminCall> handler) {
        return register(new AdminRoute(HttpMethod.POST, path, access, true, true, handler));
    }

    /** A GET answered without an admin key; only for what holds no data. */
    AdminRoutes open(String path, Consumer<AdminCall> handler) {
        return register(new AdminRoute(HttpMethod.GET, path, "anyone, no admin key needed", false, false, handler));
    }

    private AdminRoutes register(AdminRoute route) {
        if (!route.path().startsWith("/")) {
            throw new IllegalArgumentException("route paths start with '/': " + route.path());
        }
        for (AdminRoute r : routes) {
            if (r.method().equals(route.method()) && r.path().equals(route.path())) {
                throw new IllegalArgumentException("route registered twice: " + route.method() + " " + route.path());
            }
        }
        routes.add(route);
        return this;
    }

    List<AdminRoute> all() {
        return List.copyOf(routes);
    }

    /** The outcome of matching a request: a route with its path parameters, a known path with another method, or nothing. */
    sealed interface Match {
        record Found(AdminRoute route, Map<String, String> params) implements Match {
        }

        record WrongMethod() implements Match {
        }

        record NoSuchPath() implements Match {
        }
    }

    /** @param path below {@code /admin/v1}, starting with '/' */
    Match match(HttpMethod method, String path) {
        String[] segments = path.substring(1).split("/", -1);
        boolean pathKnown = false;
        for (AdminRoute route : routes) {
            Map<String, String> params = bind(route.path(), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match.Found(route, params);
            }
            pathKnown = true;
        }
        return pathKnown ? new Match.WrongMethod() : new Match.NoSuchPath();
    }

    /**
     * A path parameter percent-decoded, so names holding a '/' (wildcard model groups such as {@code openai/*})
     * can be addressed as {@code openai%2F*}. '+' stays a plus: it means a space only in query strings.
     */
    private static String decode(String segment) {
        return segment.indexOf('%') < 0 ? segment
                : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The {@code {name}} values when the segments fit the template, else null. An empty segment fits nothing. */
    private static Map<String, String> bind(String template, String[] segments) {
        String[] parts = template.substring(1).split("/");
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (segments[i].isEmpty()) {
                return null;
            }
            if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                params.put(parts[i].substring(1, parts[i].length() - 1), decode(segments[i]));
            } else if (!parts[i].equals(segments[i])) {
                return null;
            }
        }
        return params;
    }
}
