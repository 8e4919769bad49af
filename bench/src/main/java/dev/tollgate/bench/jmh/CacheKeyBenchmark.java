package dev.tollgate.bench.jmh;

import dev.tollgate.core.cache.CacheKey;
import dev.tollgate.core.cache.CacheKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a call of a caching model group pays before its lookup: the request parsed, normalised and hashed
 * (CacheKeys.of, run on the event loop by the cache stage). Groups that do not cache never pay it.
 */
@State(Scope.Thread)
public class CacheKeyBenchmark {

    @Param({"1KB", "100KB", "1MB"})
    public String size;

    private byte[] body;

    @Setup
    public void setUp() {
        int target = switch (size) {
            case "1KB" -> 1024;
            case "100KB" -> 100 * 1024;
            case "1MB" -> 1024 * 1024;
            default -> throw new IllegalArgumentException(size);
        };
        body = Fixtures.chatRequest(target);
        if (CacheKeys.of("user:u", "CHAT_COMPLETIONS|OPENAI", "gpt-4o-mini", body, 0, body.length) == null) {
            throw new IllegalStateException("fixture has no key");
        }
    }

    @Benchmark
    public CacheKey key() {
        return CacheKeys.of("user:u", "CHAT_COMPLETIONS|OPENAI", "gpt-4o-mini", body, 0, body.length);
    }
}
