package dev.tollgate.server.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Calls the admin API over HTTP with the admin key; error answers become {@link AdminApiException}. */
final class AdminClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String adminKey;

    AdminClient(String url, String adminKey) {
        this.base = url.replaceAll("/+$", "") + "/admin/v1";
        this.adminKey = adminKey;
    }

    JsonObject get(String path, Map<String, String> query) throws IOException, AdminApiException {
        return send("GET", path + queryString(query), null);
    }

    /** A GET answered with text (e.g. a CSV report); an error answer is JSON as always. */
    String getText(String path, Map<String, String> query) throws IOException, AdminApiException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path + queryString(query)))
                .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + adminKey).GET().build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() >= 300) {
            fail(response, parse(response));
        }
        return response.body();
    }

    JsonObject send(String method, String path, JsonObject body) throws IOException, AdminApiException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        HttpResponse<String> response = exchange(request.build());
        JsonObject json = parse(response);
        if (response.statusCode() >= 300) {
            fail(response, json);
        }
        return json;
    }

    private HttpResponse<String> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void fail(HttpResponse<String> response, JsonObject json) throws AdminApiException {
        JsonObject error = json.getJsonObject("error", new JsonObject());
        throw new AdminApiException(response.statusCode(), error.getString("code"),
                error.getString("message", "HTTP " + response.statusCode()));
    }

    private static JsonObject parse(HttpResponse<String> response) throws AdminApiException {
        try {
            return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
        } catch (DecodeException e) {
            throw new AdminApiException(response.statusCode(), null, "the server answered HTTP " + response.statusCode()
                    + " with a body that is not JSON; is --url a Tollgate gateway?");
        }
    }

    private static String queryString(Map<String, String> query) {
        Map<String, String> present = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        if (present.isEmpty()) {
            return "";
        }
        return present.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }
}
