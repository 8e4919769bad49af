package dev.tollgate.server;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.UsageRetention;
import dev.tollgate.store.jdbc.JdbcStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UsageMaintenanceJobTest {

    static UsageEvent event(String id, Instant at) {
        return new UsageEvent(id, at, "k", null, null, Endpoint.CHAT_COMPLETIONS, "m", "p", "m", false,
                TokenUsage.NONE, 5, 0, 0, 200, null);
    }

    @Test
    void runsAtStartWithTheRetentionConfiguredThenAndTheNextRunReadsItAgain(@TempDir Path dir) {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        try (JdbcStorage storage = JdbcStorage.open("sqlite:" + dir.resolve("t.db"))) {
            storage.usage().book(List.of(event("old", now.minus(Duration.ofDays(40))),
                    event("new", now.minus(Duration.ofDays(2)))));
            AtomicReference<UsageRetention> retention = new AtomicReference<>(new UsageRetention(30, 0));
            try (UsageMaintenanceJob job = new UsageMaintenanceJob(storage.usage(), retention::get,
                    Clock.fixed(now, ZoneOffset.UTC)).start()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> storage.usage().count() == 1);
                assertThat(storage.usage().recent(5)).extracting(UsageEvent::requestId).containsExactly("new");

                retention.set(new UsageRetention(1, 0));
                job.runOnce();
                assertThat(storage.usage().count()).isZero();
                assertThat(storage.usage().chargedSince("key", "k", Instant.EPOCH)).as("rollups kept").isEqualTo(10);
            }
        }
    }
}
