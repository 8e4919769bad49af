package dev.tollgate.bench.arms;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Small blocking HTTP helpers for setting arms up: free ports, readiness, one-off calls. Thread-safe. */
public final class LocalHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private LocalHttp() {
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code url} answers any HTTP status, polling every 50 ms, and fails early (with the
     * process's last output) if the process dies. Polling is the only readiness signal these peers offer.
     */
    public static void awaitAnswer(String url, ChildProcess process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException(process.name() + " exited during start-up:\n" + process.logTail(20));
            }
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            LockSupport.parkNanos(50_000_000L);
        }
        throw new IllegalStateException(process.name() + " did not answer at " + url + " within "
                + timeout.toSeconds() + " s (" + last + "):\n" + process.logTail(20));
    }

    /** POSTs a JSON body and returns the response (status and body). */
    public static HttpResponse<String> postJson(String url, Map<String, String> headers, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
