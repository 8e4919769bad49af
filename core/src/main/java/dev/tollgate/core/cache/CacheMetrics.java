package dev.tollgate.core.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The response cache's meters: lookups by model group and result ({@code hit}, {@code miss}, {@code skip}),
 * entries stored and the bytes they hold, entries not stored for being too large, evictions by cause, and store
 * errors by operation. Model labels are configured group names only. Thread-safe.
 */
public final class CacheMetrics {

    private record LookupKey(String model, String result) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<LookupKey, Counter> lookups = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> stores = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> evictions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final Counter storedBytes;
    private final Counter tooLarge;

    public CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.storedBytes = Counter.builder("tollgate_cache_stored_bytes")
                .description("Bytes of answers written to the response cache").register(registry);
        this.tooLarge = Counter.builder("tollgate_cache_too_large")
                .description("Answers not cached because they exceeded cache.max_entry_bytes").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void lookup(String model, String result) {
        lookups.computeIfAbsent(new LookupKey(model, result), k -> Counter.builder("tollgate_cache_lookups")
                .description("Response-cache lookups by model group and result (hit, miss, skip)")
                .tag("model", k.model()).tag("result", k.result()).register(registry)).increment();
    }

    public void stored(String model, long bytes) {
        stores.computeIfAbsent(model, m -> Counter.builder("tollgate_cache_stores")
                .description("Answers written to the response cache").tag("model", m).register(registry)).increment();
        storedBytes.increment(bytes);
    }

    public void tooLarge() {
        tooLarge.increment();
    }

    /** @param cause {@code size} (the byte budget) or {@code expired} */
    public void evicted(String cause) {
        evictions.computeIfAbsent(cause, c -> Counter.builder("tollgate_cache_evictions")
                .description("Entries the in-process cache dropped, by cause").tag("cause", c).register(registry))
                .increment();
    }

    /** @param operation {@code get} or {@code put}; a timed-out lookup counts as a failed get */
    public void error(String operation) {
        errors.computeIfAbsent(operation, o -> Counter.builder("tollgate_cache_errors")
                .description("Response-cache store operations that failed or timed out").tag("operation", o)
                .register(registry)).increment();
    }
}
