package dev.tollgate.bench.jmh;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.KeyStore;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication cost per request: PresentedKey.from (header lookup) and KeyDirectory.authenticate
 * (shape check, SHA-256 + hex, map lookup, expiry check) against a snapshot of 10,000 keys.
 */
@State(Scope.Thread)
public class KeyLookupBenchmark {

    private static final int KEYS = 10_000;

    /** A tiny in-memory KeyStore: all the directory needs is loadUnrevoked. */
    static final class MemoryKeyStore implements KeyStore {
        private final List<GatewayKey> keys = new ArrayList<>();

        @Override
        public void create(GatewayKey key) {
            keys.add(key);
        }

        @Override
        public Optional<GatewayKey> find(String id) {
            return keys.stream().filter(k -> k.id().equals(id)).findFirst();
        }

        @Override
        public List<GatewayKey> page(String afterId, int limit) {
            return keys.stream().filter(k -> afterId == null || k.id().compareTo(afterId) > 0).limit(limit).toList();
        }

        @Override
        public boolean revoke(String id, Instant at) {
            return keys.removeIf(k -> k.id().equals(id));
        }

        // The audited admin operations are not exercised by the lookup benchmark.
        @Override
        public void create(GatewayKey key, dev.tollgate.spi.store.AuditEntry audit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<GatewayKey> page(dev.tollgate.spi.store.Ownership scope, String afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long version() {
            return 0;
        }

        @Override
        public boolean revoke(String id, Instant at, dev.tollgate.spi.store.AuditEntry audit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean update(GatewayKey key, dev.tollgate.spi.store.AuditEntry audit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean rotate(String oldId, Instant oldExpiresAt, GatewayKey successor,
                              List<dev.tollgate.spi.store.AuditEntry> audit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<GatewayKey> loadUnrevoked() {
            return List.copyOf(keys);
        }
    }

    private KeyDirectory directory;
    private MultiMap hitHeaders;
    private MultiMap missHeaders;
    private String hitKey;

    @Setup
    public void setUp() {
        MemoryKeyStore store = new MemoryKeyStore();
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        List<String> plain = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            String key = GatewayKeys.generate();
            plain.add(key);
            store.create(new GatewayKey(String.format("key_%05d", i), "key " + i, GatewayKeys.hash(key),
                    GatewayKeys.displayPrefix(key), i % 3 == 0 ? List.of("gpt-*") : List.of(),
                    i % 2 == 0 ? "team_" + (i % 50) : null, "user_" + i, Map.of(), created,
                    i % 10 == 0 ? Instant.parse("2099-01-01T00:00:00Z") : null, null));
        }
        directory = new KeyDirectory(store, Clock.systemUTC());
        directory.refresh();
        hitKey = plain.get(KEYS / 2 + 1);
        hitHeaders = sdkHeaders(hitKey);
        missHeaders = sdkHeaders(GatewayKeys.generate());
        if (directory.size() != KEYS || directory.authenticate(PresentedKey.from(hitHeaders)).caller() == null
                || directory.authenticate(PresentedKey.from(missHeaders)).failure() != KeyDirectory.Failure.INVALID) {
            throw new IllegalStateException("key directory fixture broken");
        }
    }

    /** Headers as the OpenAI Python SDK sends them. */
    private static MultiMap sdkHeaders(String key) {
        return HttpHeaders.headers()
                .add("host", "gateway.internal:8080")
                .add("accept-encoding", "gzip, deflate")
                .add("connection", "keep-alive")
                .add("accept", "application/json")
                .add("content-type", "application/json")
                .add("user-agent", "OpenAI/Python 1.59.7")
                .add("x-stainless-lang", "python")
                .add("x-stainless-package-version", "1.59.7")
                .add("x-stainless-os", "Linux")
                .add("x-stainless-arch", "x64")
                .add("x-stainless-runtime", "CPython")
                .add("x-stainless-runtime-version", "3.12.8")
                .add("authorization", "Bearer " + key)
                .add("x-stainless-async", "false")
                .add("x-stainless-retry-count", "0")
                .add("content-length", "912");
    }

    @Benchmark
    public String extractKey() {
        return PresentedKey.from(hitHeaders);
    }

    @Benchmark
    public String hashOnly() {
        return GatewayKeys.hash(hitKey);
    }

    @Benchmark
    public KeyDirectory.Result authenticateHit() {
        return directory.authenticate(PresentedKey.from(hitHeaders));
    }

    @Benchmark
    public KeyDirectory.Result authenticateMiss() {
        return directory.authenticate(PresentedKey.from(missHeaders));
    }
}
