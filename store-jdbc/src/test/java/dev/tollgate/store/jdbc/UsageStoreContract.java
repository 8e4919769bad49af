package dev.tollgate.store.jdbc;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.ReportDimension;
import dev.tollgate.spi.store.ReportPeriod;
import dev.tollgate.spi.store.UsageEventQuery;
import dev.tollgate.spi.store.UsageMaintenance;
import dev.tollgate.spi.store.UsageReportQuery;
import dev.tollgate.spi.store.UsageReportRow;
import dev.tollgate.spi.store.UsageRetention;
import dev.tollgate.spi.store.UsageStore;
import dev.tollgate.spi.store.UsageTotals;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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

    static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

    protected UsageStore usage;

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
        // a replay carries the start time the event was minted with; the rest of it is not compared
        UsageEvent replayed = new UsageEvent("r2", T0.plusSeconds(2), null, null, null, Endpoint.COMPLETIONS,
                "m", "p", "u", true, TokenUsage.NONE, 0, 0, 0, 200, null);

        usage.book(List.of(replayed, event("r3", 3)));

        assertThat(usage.count()).isEqualTo(3);
        assertThat(usage.recent(10)).containsExactly(event("r3", 3), event("r2", 2), event("r1", 1));
        assertThat(totals(Instant.EPOCH, FAR)).isEqualTo(sum(usage.recent(10)));
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
        assertThat(totals(Instant.EPOCH, FAR)).as("each event counted once in the rollups").isEqualTo(sum(all));
        assertThat(usage.recent(events)).containsExactlyElementsOf(
                all.stream().sorted(Comparator.comparing(UsageEvent::startedAt).reversed()).toList());
    }

    // ---------------------------------------------------------------- rollups, reports, retention

    /** What {@code events} add up to, computed here from the events themselves. */
    static UsageTotals sum(List<UsageEvent> events) {
        UsageTotals t = UsageTotals.ZERO;
        for (UsageEvent e : events) {
            TokenUsage u = e.usage() == null ? TokenUsage.NONE : e.usage();
            t = t.plus(new UsageTotals(1, e.status() >= 400 ? 1 : 0, u.promptTokens(), u.completionTokens(),
                    u.cachedTokens(), u.cacheWriteTokens(), u.reasoningTokens(), e.costNanoUsd(), e.chargeNanoUsd(),
                    e.cacheHit() ? 1 : 0, u.estimated() ? 1 : 0));
        }
        return t;
    }

    /** The rollups' grand total over {@code [from, to)}. */
    UsageTotals totals(Instant from, Instant to) {
        return usage.report(new UsageReportQuery(from, to, ReportPeriod.MONTH, List.of(), Ownership.ANY, null, null,
                null)).stream().map(UsageReportRow::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
    }

    /** A varied event: tenancy, model, provider and endpoint from small cycles, nulls included. */
    static UsageEvent varied(int i, Instant startedAt) {
        String[] orgs = {"org-a", "org-b", null};
        String[] teams = {"team-1", null, "team-2", "team-3"};
        String[] models = {"gpt-4o", "claude", "gpt-4o-mini"};
        Endpoint[] endpoints = {Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.MESSAGES};
        return new UsageEvent("v-" + i, startedAt, i % 5 == 0 ? null : "key-" + (i % 4), teams[i % 4],
                i % 3 == 0 ? null : "user-" + (i % 3), endpoints[i % 3], models[i % 3], i % 2 == 0 ? "openai" : "anthropic",
                null, i % 2 == 1, new TokenUsage(100 + i, 10 + i, i % 7, i % 4, i % 5, i % 6 == 0),
                1_000L * i + 7, 1000, 10, i % 9 == 0 ? 429 : 200, i % 9 == 0 ? "rate_limit_exceeded" : null, null, 1,
                orgs[i % 3], 2_000L * i + 3, i % 8 == 0);
    }

    static List<UsageEvent> varied(int count, Instant start, long stepSeconds) {
        return IntStream.range(0, count).mapToObj(i -> varied(i, start.plusSeconds(i * stepSeconds))).toList();
    }

    @Test
    void rollupsEqualTheSumsOfTheRawEventsAlsoAfterReplays() {
        List<UsageEvent> events = varied(300, T0, 97); // about eight hours
        usage.book(events.subList(0, 200));
        usage.book(events.subList(100, 300)); // overlaps the first batch by 100
        usage.book(events);                   // a full replay

        assertThat(usage.count()).isEqualTo(300);
        List<UsageReportRow> byHour = usage.report(new UsageReportQuery(Instant.EPOCH, FAR, ReportPeriod.HOUR,
                List.of(ReportDimension.values()), Ownership.ANY, null, null, null));
        Map<List<Object>, UsageTotals> expected = new HashMap<>();
        for (UsageEvent e : events) {
            List<Object> key = Arrays.asList(ReportPeriod.HOUR.start(e.startedAt()), e.orgId(), e.teamId(), e.userId(),
                    e.keyId(), e.model(), e.provider(), e.endpoint().name());
            expected.merge(key, sum(List.of(e)), UsageTotals::plus);
        }
        Map<List<Object>, UsageTotals> actual = new HashMap<>();
        for (UsageReportRow r : byHour) {
            Map<ReportDimension, String> d = r.dimensions();
            actual.put(Arrays.asList(r.periodStart(), d.get(ReportDimension.ORG), d.get(ReportDimension.TEAM),
                    d.get(ReportDimension.USER), d.get(ReportDimension.KEY), d.get(ReportDimension.MODEL),
                    d.get(ReportDimension.PROVIDER), d.get(ReportDimension.ENDPOINT)), r.totals());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(totals(Instant.EPOCH, FAR)).isEqualTo(sum(events));
    }

    @Test
    void reportsBucketByPeriodFilterAndSortStably() {
        Instant monday = Instant.parse("2026-03-02T00:00:00Z");
        List<UsageEvent> events = varied(400, monday.minus(Duration.ofDays(10)), 3 * 3600 + 17); // ~50 days
        usage.book(events);

        for (ReportPeriod period : ReportPeriod.values()) {
            List<UsageReportRow> rows = usage.report(new UsageReportQuery(Instant.EPOCH, FAR, period,
                    List.of(ReportDimension.TEAM, ReportDimension.MODEL), Ownership.ANY, null, null, null));
            Map<List<Object>, UsageTotals> expected = new HashMap<>();
            events.forEach(e -> expected.merge(Arrays.asList(period.start(e.startedAt()), e.teamId(), e.model()),
                    sum(List.of(e)), UsageTotals::plus));
            Map<List<Object>, UsageTotals> actual = new HashMap<>();
            rows.forEach(r -> actual.put(Arrays.asList(r.periodStart(), r.dimensions().get(ReportDimension.TEAM),
                    r.dimensions().get(ReportDimension.MODEL)), r.totals()));
            assertThat(actual).as(period.wireName()).isEqualTo(expected);
            Comparator<UsageReportRow> order = Comparator.comparing(UsageReportRow::periodStart)
                    .thenComparing(r -> r.dimensions().get(ReportDimension.TEAM), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(r -> r.dimensions().get(ReportDimension.MODEL), Comparator.nullsFirst(Comparator.naturalOrder()));
            assertThat(rows).as(period.wireName() + " order").isSortedAccordingTo(order);
        }
        assertThat(usage.report(new UsageReportQuery(Instant.EPOCH, FAR, ReportPeriod.WEEK, List.of(), Ownership.ANY,
                null, null, null))).extracting(UsageReportRow::periodStart)
                .allSatisfy(w -> assertThat(w.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY));

        // filters: a team inside an organisation, one model, a time range
        Instant from = monday;
        Instant to = monday.plus(Duration.ofDays(14));
        List<UsageReportRow> filtered = usage.report(new UsageReportQuery(from, to, ReportPeriod.DAY,
                List.of(ReportDimension.PROVIDER), new Ownership("org-a", "team-1", null), null, "gpt-4o", null));
        List<UsageEvent> matching = events.stream().filter(e -> "org-a".equals(e.orgId()) && "team-1".equals(e.teamId())
                && "gpt-4o".equals(e.model()) && !e.startedAt().isBefore(from) && e.startedAt().isBefore(to)).toList();
        assertThat(matching).isNotEmpty();
        assertThat(filtered.stream().map(UsageReportRow::totals).reduce(UsageTotals.ZERO, UsageTotals::plus))
                .isEqualTo(sum(matching));
    }

    @Test
    void chargedSinceAddsWholeHoursFromRollupsAndThePartialHourFromEvents() {
        Instant hour = Instant.parse("2026-03-01T10:00:00Z");
        UsageEvent before = charged("c-before", hour.plusSeconds(10 * 60), 1_000);   // 10:10, before `from`
        UsageEvent edge = charged("c-edge", hour.plusSeconds(30 * 60), 20_000);      // 10:30, exactly `from`
        UsageEvent partial = charged("c-partial", hour.plusSeconds(40 * 60), 300_000); // 10:40
        UsageEvent next = charged("c-next", hour.plusSeconds(65 * 60), 4_000_000);    // 11:05
        UsageEvent later = charged("c-later", hour.plusSeconds(5 * 3600), 50_000_000); // 15:00
        UsageEvent otherKey = new UsageEvent("c-other", hour.plusSeconds(45 * 60), "key-other", "team-c", "user-c",
                Endpoint.CHAT_COMPLETIONS, "m", "p", "m", false, TokenUsage.NONE, 1, 0, 0, 200, null, null, 1, "org-c",
                600_000_000, false);
        usage.book(List.of(before, edge, partial, next, later, otherKey));
        Instant from = hour.plusSeconds(30 * 60);
        long expected = 20_000 + 300_000 + 4_000_000 + 50_000_000;

        assertThat(usage.chargedSince("key", "key-c", from)).isEqualTo(expected);
        assertThat(usage.chargedSince("user", "user-c", from)).isEqualTo(expected + 600_000_000);
        assertThat(usage.chargedSince("team", "team-c", from)).isEqualTo(expected + 600_000_000);
        assertThat(usage.chargedSince("org", "org-c", from)).isEqualTo(expected + 600_000_000);
        assertThat(usage.chargedSince("key", "key-c", hour)).isEqualTo(expected + 1_000);
        assertThat(usage.chargedSince("key", "key-c", hour.plusSeconds(3600))).isEqualTo(4_000_000 + 50_000_000);
        assertThat(usage.chargedSince("key", "key-c", FAR)).isZero();
        assertThat(usage.chargedSince("key", "nobody", hour)).isZero();
        assertThatThrownBy(() -> usage.chargedSince("project", "x", hour)).isInstanceOf(IllegalArgumentException.class);

        // a replay changes nothing
        usage.book(List.of(edge, partial, next));
        assertThat(usage.chargedSince("key", "key-c", from)).isEqualTo(expected);
    }

    static UsageEvent charged(String id, Instant at, long chargeNanoUsd) {
        return new UsageEvent(id, at, "key-c", "team-c", "user-c", Endpoint.CHAT_COMPLETIONS, "gpt-4o", "openai",
                "gpt-4o", false, new TokenUsage(10, 1, 0, 0, false), chargeNanoUsd / 2, 0, 0, 200, null, null, 1,
                "org-c", chargeNanoUsd, false);
    }

    @Test
    void retentionDropsOldRawEventsWhileTheRollupsKeepTheTotals() {
        Instant now = Instant.parse("2026-06-15T12:34:56Z");
        // partitions (PostgreSQL) as the job would have made them back then, so old events land in daily partitions
        usage.maintain(now.minus(Duration.ofDays(45)), UsageRetention.FOREVER);
        usage.maintain(now.minus(Duration.ofDays(7)), UsageRetention.FOREVER);
        usage.maintain(now, UsageRetention.FOREVER);
        List<UsageEvent> old = varied(120, now.minus(Duration.ofDays(42)), 3600); // 42 to 37 days ago
        List<UsageEvent> ancient = List.of(charged("c-ancient", now.minus(Duration.ofDays(400)), 77)); // no partition
        List<UsageEvent> recent = IntStream.range(0, 50)
                .mapToObj(i -> varied(1_000 + i, now.minus(Duration.ofDays(3)).plusSeconds(i * 600L))).toList();
        usage.book(old);
        usage.book(ancient);
        usage.book(recent);
        List<UsageEvent> all = new ArrayList<>(old);
        all.addAll(ancient);
        all.addAll(recent);
        UsageTotals before = totals(Instant.EPOCH, FAR);
        assertThat(before).isEqualTo(sum(all));
        long orgCharge = usage.chargedSince("org", "org-a", Instant.parse("2025-01-01T00:00:00Z"));
        long keyCharge = usage.chargedSince("key", "key-c", Instant.parse("2025-01-01T00:00:00Z"));

        UsageMaintenance run = usage.maintain(now, new UsageRetention(30, 0));

        assertThat(usage.count()).as("only the events of the last 30 days are left").isEqualTo(recent.size());
        assertThat(usage.page(new UsageEventQuery(null, null, null, null, null, null, null, null, null, 1000)))
                .containsExactlyInAnyOrderElementsOf(recent);
        assertThat(totals(Instant.EPOCH, FAR)).as("rollups keep the totals").isEqualTo(before);
        assertThat(usage.chargedSince("org", "org-a", Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(orgCharge);
        assertThat(usage.chargedSince("key", "key-c", Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(keyCharge)
                .isEqualTo(77);
        assertRetentionRun(run);

        UsageMaintenance again = usage.maintain(now, new UsageRetention(30, 0));
        assertThat(again.partitionsDropped()).isEmpty();
        assertThat(again.eventsDeleted()).isZero();
        assertThat(usage.count()).isEqualTo(recent.size());
    }

    @Test
    void callBodiesAreKeptOnceAndGoWithTheirEventsRetention() {
        Instant now = Instant.parse("2026-06-15T12:34:56Z");
        usage.bookBodies(List.of(
                new dev.tollgate.spi.CallBodies("b-old", now.minus(Duration.ofDays(40)), "{\"old\":1}", "answer", false),
                new dev.tollgate.spi.CallBodies("b-new", now.minus(Duration.ofDays(1)), "{\"new\":1}", null, true)));
        usage.bookBodies(List.of(new dev.tollgate.spi.CallBodies("b-new", now, "replayed", "replayed", false)));
        assertThat(usage.bodies("b-new")).contains(
                new dev.tollgate.spi.CallBodies("b-new", now.minus(Duration.ofDays(1)), "{\"new\":1}", null, true));
        assertThat(usage.bodies("b-old")).isPresent();
        assertThat(usage.bodies("b-none")).isEmpty();

        usage.maintain(now, new UsageRetention(30, 0));
        assertThat(usage.bodies("b-old")).as("older than usage.retention_days").isEmpty();
        assertThat(usage.bodies("b-new")).isPresent();
    }

    /** Backend-specific checks of a retention run that removed 42-37 day old events and one 400 days old. */
    protected abstract void assertRetentionRun(UsageMaintenance run);

    @Test
    void rollupRetentionIsSeparateAndOptional() {
        Instant now = Instant.parse("2026-06-15T12:00:00Z");
        usage.book(List.of(charged("r-old", now.minus(Duration.ofDays(500)), 5),
                charged("r-new", now.minus(Duration.ofDays(5)), 7)));

        UsageMaintenance run = usage.maintain(now, new UsageRetention(0, 365));

        assertThat(run.rollupsDeleted()).isEqualTo(1);
        assertThat(usage.count()).as("raw events kept forever").isEqualTo(2);
        assertThat(totals(Instant.EPOCH, FAR).chargeNanoUsd()).isEqualTo(7);
    }

    @Test
    void pagesWalkAllEventsNewestFirstWithFilters() {
        List<UsageEvent> events = varied(230, T0, 1);
        usage.book(events);
        List<UsageEvent> walked = new ArrayList<>();
        UsageEvent last = null;
        do {
            List<UsageEvent> page = usage.page(new UsageEventQuery(null, null, null, null, null, null, null,
                    last == null ? null : last.startedAt(), last == null ? null : last.requestId(), 50));
            walked.addAll(page);
            last = page.size() < 50 ? null : page.getLast();
        } while (last != null);
        assertThat(walked).containsExactlyElementsOf(events.reversed());

        Instant from = T0.plusSeconds(50);
        Instant to = T0.plusSeconds(150);
        assertThat(usage.page(new UsageEventQuery(from, to, new Ownership("org-a", null, null), "key-1", null, 200,
                null, null, null, 1000))).containsExactlyElementsOf(events.reversed().stream()
                .filter(e -> !e.startedAt().isBefore(from) && e.startedAt().isBefore(to) && "org-a".equals(e.orgId())
                        && "key-1".equals(e.keyId()) && e.status() == 200).toList()).isNotEmpty();
        assertThat(usage.page(new UsageEventQuery(null, null, null, null, "claude", 429, null, null, null, 1000)))
                .allSatisfy(e -> assertThat(e.model() + e.status()).isEqualTo("claude429"));
        assertThat(usage.page(new UsageEventQuery(null, null, null, null, null, null, "v-7", null, null, 10)))
                .containsExactly(events.get(7));
    }
}
