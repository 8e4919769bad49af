package dev.tollgate.store.jdbc;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.UsageStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour every {@link UsageStore} backend must show. */
abstract class UsageStoreContract extends StorageTestBase {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private UsageStore usage;

    @BeforeEach
    void setUpUsage() {
        usage = storage.usage();
    }

    static UsageEvent event(String requestId, Instant startedAt) {
        return new UsageEvent(requestId, startedAt, "key-1", "team-1", "user-1", Endpoint.CHAT_COMPLETIONS,
                "gpt-4o", "openai", "gpt-4o-2024-08-06", false, new TokenUsage(100, 20, 10, 0, false),
                1_234_567L, 250_000L, 0L, 200, null);
    }

    static UsageEvent event(String requestId, int secondsAfterT0) {
        return event(requestId, T0.plusSeconds(secondsAfterT0));
    }

    @Test
    void emptyStoreCountsZero() {
        assertThat(usage.count()).isZero();
        assertThat(usage.recent(10)).isEmpty();
    }

    @Test
    void bookingTheSameBatchTwiceBooksItOnce() {
        List<UsageEvent> batch = List.of(event("r1", 1), event("r2", 2), event("r3", 3));

        usage.book(batch);
        usage.book(batch);

        assertThat(usage.count()).isEqualTo(3);
        assertThat(usage.recent(10)).containsExactly(event("r3", 3), event("r2", 2), event("r1", 1));
    }

    @Test
    void aDuplicateInsideOneBatchIsBookedOnceAndTheFirstWins() {
        UsageEvent first = event("dup", 1);
        UsageEvent second = new UsageEvent("dup", T0.plusSeconds(5), "key-2", null, null, Endpoint.EMBEDDINGS,
                "text-embedding-3-small", "openai", null, false, TokenUsage.NONE, 1L, 2L, 3L, 500, "server_error");

        usage.book(List.of(first, event("other", 2), second));

        assertThat(usage.count()).isEqualTo(2);
        assertThat(usage.recent(10)).containsExactly(event("other", 2), first);
    }

    @Test
    void anOverlappingRetryBooksOnlyTheNewEvents() {
        usage.book(List.of(event("r1", 1), event("r2", 2)));
        UsageEvent changed = new UsageEvent("r2", T0.plusSeconds(9), null, null, null, Endpoint.COMPLETIONS,
                "m", "p", "u", true, TokenUsage.NONE, 0, 0, 0, 200, null);

        usage.book(List.of(changed, event("r3", 3)));

        assertThat(usage.count()).isEqualTo(3);
        assertThat(usage.recent(10)).containsExactly(event("r3", 3), event("r2", 2), event("r1", 1));
    }

    @Test
    void allFieldsRoundTripIncludingNullsAndFlags() {
        UsageEvent full = new UsageEvent("req-full", Instant.parse("2026-03-01T12:00:00.789Z"), "key-9", "team-3",
                "user-5", Endpoint.CHAT_COMPLETIONS, "my-alias", "anthropic", "claude-3-5-sonnet-20241022", true,
                new TokenUsage(Integer.MAX_VALUE + 10L, 4_321, 1_000, 555, 777, true),
                Long.MAX_VALUE / 3, 9_876_543_210L, 123_456L, 429, "rate_limit_exceeded", "anthropic-eu", 3,
                "org-2", Long.MAX_VALUE / 2, true);
        UsageEvent sparse = new UsageEvent("req-sparse", Instant.parse("2026-03-01T11:00:00Z"), null, null, null,
                null, null, null, null, false, new TokenUsage(0, 0, 0, 0, false), 0, 0, 0, 401,
                "invalid_request_error");
        UsageEvent embeddings = new UsageEvent("req-emb", Instant.parse("2026-03-01T10:00:00Z"), "key-1", null,
                "user-1", Endpoint.EMBEDDINGS, "text-embedding-3-small", "openai", "text-embedding-3-small", false,
                new TokenUsage(42, 0, 0, 0, true), 840, 5_000, 0, 200, null);

        usage.book(List.of(sparse, full, embeddings));

        assertThat(usage.recent(3)).containsExactly(full, sparse, embeddings);
    }

    @Test
    void aNullUsageIsBookedAsNone() {
        UsageEvent noUsage = new UsageEvent("req-none", T0, "k", null, null, Endpoint.COMPLETIONS, "m", "p", "m",
                false, null, 0, 10, 0, 502, "upstream_error");

        usage.book(List.of(noUsage));

        assertThat(usage.recent(1)).singleElement()
                .satisfies(e -> assertThat(e.usage()).isEqualTo(TokenUsage.NONE))
                .satisfies(e -> assertThat(e.errorType()).isEqualTo("upstream_error"));
    }

    @Test
    void startTimesAreKeptToTheMillisecond() {
        usage.book(List.of(event("r-ns", Instant.parse("2026-03-01T12:00:00.123456789Z"))));

        assertThat(usage.recent(1).getFirst().startedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    }

    @Test
    void recentIsNewestFirstAndLimited() {
        usage.book(List.of(event("a", 5), event("b", 1), event("c", 9), event("d", 3)));
        usage.book(List.of(event("e", 7)));

        assertThat(usage.recent(3)).extracting(UsageEvent::requestId).containsExactly("c", "e", "a");
        assertThat(usage.recent(100)).extracting(UsageEvent::requestId).containsExactly("c", "e", "a", "d", "b");
        assertThat(usage.recent(0)).isEmpty();
        assertThatThrownBy(() -> usage.recent(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyBatchBooksNothing() {
        usage.book(List.of());

        assertThat(usage.count()).isZero();
    }

    @Test
    void anInvalidEventRejectsTheWholeBatch() {
        UsageEvent noStart = new UsageEvent("bad", null, null, null, null, null, null, null, null, false,
                TokenUsage.NONE, 0, 0, 0, 200, null);

        assertThatThrownBy(() -> usage.book(List.of(event("ok", 1), noStart)))
                .isInstanceOf(NullPointerException.class);
        assertThat(usage.count()).isZero();
    }

    @Test
    void aLargeBatchIsBookedCompletely() {
        List<UsageEvent> batch = IntStream.range(0, 2_000).mapToObj(i -> event("bulk-" + i, i)).toList();

        usage.book(batch);
        usage.book(batch.subList(500, 1_500));

        assertThat(usage.count()).isEqualTo(2_000);
        assertThat(usage.recent(1)).containsExactly(event("bulk-1999", 1_999));
    }

    @Test
    void concurrentOverlappingBatchesBookEachRequestOnce() throws Exception {
        int threads = 8;
        int events = 400;
        List<UsageEvent> all = IntStream.range(0, events).mapToObj(i -> event("c-" + i, i)).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    // Each thread books every event, shuffled differently, in batches of 25.
                    List<UsageEvent> shuffled = new ArrayList<>(all);
                    Collections.shuffle(shuffled, new Random(seed));
                    for (int from = 0; from < events; from += 25) {
                        usage.book(shuffled.subList(from, Math.min(events, from + 25)));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }

        assertThat(usage.count()).isEqualTo(events);
        assertThat(usage.recent(events)).containsExactlyElementsOf(
                all.stream().sorted(Comparator.comparing(UsageEvent::startedAt).reversed()).toList());
    }
}
