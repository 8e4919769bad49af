package dev.tollgate.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The web console's static files (the Vite build under {@code console/} on the class path), served at
 * {@code /console}. Every file is read into memory once, at start-up and off the event loop, with a gzipped
 * copy when that is smaller, so serving one is a map lookup. Files under {@code assets/} carry a content hash
 * in their name and are cached for a year; {@code index.html} is never cached, so a new gateway version's
 * console loads at the next visit. Any other path under {@code /console} is a page of the single-page app
 * and gets {@code index.html}.
 *
 * <p>The build writes {@code console/.files}, the list of files, because a class path directory inside a
 * jar cannot be listed portably.
 */
final class ConsoleAssets {

    static final String BASE = "/console";
    private static final String ROOT = "console/";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    // The console talks only to this gateway; no inline scripts, no frames.
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static volatile ConsoleAssets bundled;

    private record Asset(byte[] plain, byte[] gzipped, String contentType, String cacheControl) {
    }

    private final Map<String, Asset> files;

    private ConsoleAssets(Map<String, Asset> files) {
        this.files = files;
    }

    /** The console on the class path (empty when the build had no Node.js); loaded on first use. */
    static ConsoleAssets bundled() {
        ConsoleAssets c = bundled;
        if (c == null) {
            synchronized (ConsoleAssets.class) {
                if (bundled == null) {
                    bundled = load(ConsoleAssets.class.getClassLoader());
                }
                c = bundled;
            }
        }
        return c;
    }

    static ConsoleAssets load(ClassLoader loader) {
        Map<String, Asset> files = new HashMap<>();
        byte[] list = read(loader, ROOT + ".files");
        if (list != null) {
            for (String name : new String(list, StandardCharsets.UTF_8).split("\n")) {
                name = name.strip();
                if (name.isEmpty() || name.contains("..")) {
                    continue;
                }
                byte[] bytes = read(loader, ROOT + name);
                if (bytes != null) {
                    String cache = name.startsWith("assets/") ? IMMUTABLE
                            : name.equals("index.html") ? "no-store" : "no-cache";
                    files.put(name, new Asset(bytes, gzipIfSmaller(bytes), contentType(name), cache));
                }
            }
        }
        return new ConsoleAssets(Map.copyOf(files));
    }

    boolean present() {
        return files.containsKey("index.html");
    }

    /** For {@code /console} and everything under it. Event-loop safe: no I/O. */
    void handle(HttpServerRequest req) {
        HttpServerResponse res = req.response();
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            res.setStatusCode(405).putHeader("allow", "GET, HEAD").end();
            return;
        }
        if (!present()) {
            res.setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8")
                    .end("This gateway was built without its web console (Node.js and npm were missing at build time).\n");
            return;
        }
        String path = req.path();
        if (path.equals(BASE)) {
            res.setStatusCode(301).putHeader("location", BASE + "/").end();
            return;
        }
        String name = path.substring(BASE.length() + 1);
        Asset asset = files.get(name);
        if (asset == null) {
            if (name.startsWith("assets/") || name.equals(".files")) {
                // a stale hashed name must not come back as HTML that the browser would try to run as script
                res.setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8").end("Not found.\n");
                return;
            }
            asset = files.get("index.html");
        }
        String accept = req.getHeader("accept-encoding");
        boolean gzip = asset.gzipped() != null && accept != null && accept.contains("gzip");
        res.putHeader("content-type", asset.contentType())
                .putHeader("cache-control", asset.cacheControl())
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("vary", "accept-encoding");
        if (asset.contentType().startsWith("text/html")) {
            res.putHeader("content-security-policy", CSP).putHeader("x-frame-options", "DENY");
        }
        if (gzip) {
            res.putHeader("content-encoding", "gzip");
        }
        byte[] body = gzip ? asset.gzipped() : asset.plain();
        if (req.method() == HttpMethod.HEAD) {
            res.putHeader("content-length", Integer.toString(body.length)).end();
        } else {
            res.end(Buffer.buffer(body));
        }
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static byte[] gzipIfSmaller(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() < bytes.length ? out.toByteArray() : null;
    }
}
