package dev.tollgate.server.admin;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /admin/v1/openapi.json}: the admin API's OpenAPI 3.1 document, a hand-written resource file. Served
 * without an admin key: it describes the API of an open-source gateway and holds no data, and tools (the CLI,
 * code generators, API consoles) can read it before anyone has a key.
 */
final class OpenApiResource implements AdminResource {

    static final String RESOURCE = "/admin-openapi.json";

    private final Buffer document = Buffer.buffer(read());

    private static byte[] read() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.open("/openapi.json", call -> call.request().response().setStatusCode(200)
                .putHeader("content-type", "application/json").putHeader("cache-control", "no-cache")
                .end(document));
    }
}
