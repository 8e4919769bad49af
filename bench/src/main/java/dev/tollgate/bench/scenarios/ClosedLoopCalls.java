package dev.tollgate.bench.scenarios;

import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed number of identical calls, a fixed number at a time (closed loop): the client latency of each, to its
 * last byte. For scenarios that compare two configurations of the gateway rather than hold an arrival rate.
 */
final class ClosedLoopCalls {

    private ClosedLoopCalls() {
    }

    /** Sends {@code request} {@code count} times, {@code concurrency} at a time; any answer but 200 fails the run. */
    static Histogram latency(HttpClient http, HttpRequest request, int concurrency, int count, String what) {
        Histogram latency = new Histogram(3);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                results.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
                    }
                    return System.nanoTime() - start;
                }));
            }
            for (Future<Long> f : results) {
                latency.recordValue(f.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        return latency;
    }
}
