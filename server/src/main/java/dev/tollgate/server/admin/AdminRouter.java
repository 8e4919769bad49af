package dev.tollgate.server.admin;

import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.pipeline.ErrorResponses;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.core.routing.RoutingState;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The admin API under {@code /admin/v1}: authenticates the caller, then hands the call to the resource
 * named by the first path segment. Thread-safe.
 */
public final class AdminRouter {

    private static final String BASE = "/admin/v1/";

    private final Map<String, AdminResource> resources;
    private final byte[] bootstrapKey;

    public AdminRouter(Storage storage, KeyDirectory keys, String bootstrapKey, Clock clock, RoutingState routing) {
        this.bootstrapKey = bootstrapKey.getBytes(StandardCharsets.UTF_8);
        this.resources = Stream.of(
                        new KeysResource(storage, keys, clock),
                        new UsageResource(storage),
                        new RoutingHealthResource(routing))
                .collect(Collectors.toUnmodifiableMap(AdminResource::name, Function.identity()));
    }

    public void handle(HttpServerRequest req) {
        String presented = PresentedKey.from(req.headers());
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), bootstrapKey)) {
            ErrorResponses.send(req.response(), GatewayError.adminUnauthorized());
            return;
        }
        String path = req.path();
        AdminResource resource = null;
        List<String> segments = List.of();
        if (path.startsWith(BASE)) {
            List<String> all = Arrays.stream(path.substring(BASE.length()).split("/", -1)).toList();
            resource = resources.get(all.get(0));
            segments = all.subList(1, all.size());
        }
        if (resource == null || segments.contains("")) {
            ErrorResponses.send(req.response(), GatewayError.unknownUrl(req.method().name(), path));
            return;
        }
        resource.handle(new AdminCall(req, AdminIdentity.bootstrap(), segments));
    }
}
