package dev.tollgate.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Serving the console's files: content types, caching, the single-page fallback, gzip, and no console at all. */
class ConsoleAssetsTest {

    private static final String JS = "console.log('tollgate');\n".repeat(200);

    @TempDir
    static Path classes;
    static Vertx vertx;
    static int withConsole;
    static int withoutConsole;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path console = classes.resolve("console");
        Files.createDirectories(console.resolve("assets"));
        Files.writeString(console.resolve("index.html"), "<!doctype html><div id=\"root\"></div>");
        Files.writeString(console.resolve("assets/index-abc123.js"), JS);
        Files.writeString(console.resolve("assets/index-abc123.css"), "body{}");
        Files.writeString(classes.resolve("console/.files"), "assets/index-abc123.css\nassets/index-abc123.js\nindex.html\n");
        ConsoleAssets assets;
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[]{classes.toUri().toURL()}, null)) {
            assets = ConsoleAssets.load(loader);
        }
        ConsoleAssets none = ConsoleAssets.load(new URLClassLoader(new java.net.URL[0], null));
        vertx = Vertx.vertx();
        withConsole = listen(assets);
        withoutConsole = listen(none);
    }

    private static int listen(ConsoleAssets assets) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(assets::handle)
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private static HttpResponse<byte[]> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void indexHtmlIsNeverCachedAndCarriesASecurityPolicy() throws Exception {
        HttpResponse<byte[]> r = get(withConsole, "/console/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(r.headers().firstValue("content-security-policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(new String(r.body())).contains("id=\"root\"");
    }

    @Test
    void pagesOfTheAppGetIndexHtml() throws Exception {
        for (String page : new String[]{"/console/keys", "/console/account", "/console/requests/deep"}) {
            HttpResponse<byte[]> r = get(withConsole, page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(new String(r.body())).as(page).contains("id=\"root\"");
        }
        assertThat(get(withConsole, "/console").statusCode()).isEqualTo(301);
    }

    @Test
    void hashedAssetsAreCachedForAYearWithTheirContentType() throws Exception {
        HttpResponse<byte[]> js = get(withConsole, "/console/assets/index-abc123.js");
        assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(js.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(new String(js.body())).isEqualTo(JS);
        HttpResponse<byte[]> css = get(withConsole, "/console/assets/index-abc123.css");
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void aMissingAssetIs404NotHtml() throws Exception {
        HttpResponse<byte[]> r = get(withConsole, "/console/assets/index-old999.js");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(get(withConsole, "/console/.files").statusCode()).isEqualTo(404);
    }

    @Test
    void gzipWhenTheClientTakesIt() throws Exception {
        HttpResponse<byte[]> r = get(withConsole, "/console/assets/index-abc123.js", "accept-encoding", "gzip");
        assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(r.body().length).isLessThan(JS.length());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(new String(in.readAllBytes())).isEqualTo(JS);
        }
    }

    @Test
    void onlyGetAndHead() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + withConsole + "/console/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void aGatewayBuiltWithoutTheConsoleSaysSo() throws Exception {
        HttpResponse<byte[]> r = get(withoutConsole, "/console/");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body())).contains("built without its web console");
    }
}
