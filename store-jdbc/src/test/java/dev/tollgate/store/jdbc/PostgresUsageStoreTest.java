package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.UsageMaintenance;
import dev.tollgate.spi.store.UsageRetention;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresUsageStoreTest extends UsageStoreContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    protected void assertRetentionRun(UsageMaintenance run) {
        LocalDate today = LocalDate.parse("2026-06-15");
        // the job made daily partitions 45 to 38 days back; all of them ended before the cutoff (30 days)
        assertThat(run.partitionsDropped()).containsExactlyElementsOf(IntStream.rangeClosed(38, 45)
                .mapToObj(d -> UsageHousekeeping.partitionName(today.minusDays(d))).sorted().toList());
        // the 37-day-old events and the 400-day-old one fell into the default partition: deleted row by row
        assertThat(run.eventsDeleted()).isPositive();
        assertThat(partitions()).noneMatch(run.partitionsDropped()::contains);
    }

    private List<String> partitions() {
        try (Connection c = storage.dataSource().getConnection()) {
            return UsageHousekeeping.partitions(c);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private long rows(String table) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void partitionsExistAheadAndARepeatedRunChangesNothing() {
        Instant now = Instant.parse("2027-02-27T23:59:00Z");
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

        UsageMaintenance first = usage.maintain(now, UsageRetention.FOREVER);
        UsageMaintenance second = usage.maintain(now.plus(Duration.ofMinutes(5)), UsageRetention.FOREVER);

        List<String> ahead = IntStream.rangeClosed(0, UsageHousekeeping.DAYS_AHEAD)
                .mapToObj(d -> UsageHousekeeping.partitionName(today.plusDays(d))).toList();
        assertThat(first.partitionsCreated()).containsExactlyElementsOf(ahead);
        assertThat(partitions()).containsAll(ahead);
        assertThat(second.partitionsCreated()).as("the next day's run adds one day").containsExactly(
                UsageHousekeeping.partitionName(today.plusDays(UsageHousekeeping.DAYS_AHEAD + 1)));
        assertThat(usage.maintain(now.plus(Duration.ofMinutes(6)), UsageRetention.FOREVER).partitionsCreated()).isEmpty();
    }

    @Test
    void eventsAreBookedIntoTheirDaysPartitionAndRowsOfTheDefaultPartitionMoveWhenTheirDayGetsOne() throws Exception {
        Instant day = Instant.parse("2027-05-10T08:00:00Z");
        usage.book(List.of(event("early", day), event("early-2", day.plusSeconds(3600))));
        assertThat(rows("usage_events_default")).isEqualTo(2);

        usage.maintain(day, UsageRetention.FOREVER);
        usage.book(List.of(event("late", day.plusSeconds(7200)), event("early", day))); // a replay, after the move

        assertThat(rows("usage_events_default")).isZero();
        assertThat(rows(UsageHousekeeping.partitionName(LocalDate.parse("2027-05-10")))).isEqualTo(3);
        assertThat(usage.count()).isEqualTo(3);
        assertThat(usage.chargedSince("key", "key-1", day)).isEqualTo(3 * event("x", day).chargeNanoUsd());
    }

    @Test
    void nodesRunningTheJobAtOnceCreateEachPartitionOnce() throws Exception {
        Instant now = Instant.parse("2028-01-01T00:00:00Z");
        List<Callable<UsageMaintenance>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(() -> usage.maintain(now, UsageRetention.FOREVER));
        }
        List<String> created = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<UsageMaintenance> f : pool.invokeAll(runs)) {
                created.addAll(f.get().partitionsCreated());
            }
        }
        assertThat(created).doesNotHaveDuplicates().hasSize(UsageHousekeeping.DAYS_AHEAD + 1);
    }

    @Test
    void bookingCarriesOnWhileTheJobCreatesAndDropsPartitions() throws Exception {
        Instant now = Instant.parse("2029-03-10T12:00:00Z");
        usage.maintain(now.minus(Duration.ofDays(40)), UsageRetention.FOREVER); // partitions to drop later
        List<dev.tollgate.spi.UsageEvent> booked = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> booking = pool.submit(() -> {
                for (int b = 0; b < 40; b++) {
                    List<dev.tollgate.spi.UsageEvent> batch = varied(50, now.minus(Duration.ofHours(b)), 7).stream()
                            .map(e -> new dev.tollgate.spi.UsageEvent(e.requestId() + "-" + bookedSize(booked), e.startedAt(),
                                    e.keyId(), e.teamId(), e.userId(), e.endpoint(), e.model(), e.provider(), e.upstreamModel(),
                                    e.stream(), e.usage(), e.costNanoUsd(), e.latencyMicros(), e.ttftMicros(), e.status(),
                                    e.errorType(), e.deployment(), e.attempts(), e.orgId(), e.chargeNanoUsd(), e.cacheHit()))
                            .toList();
                    usage.book(batch);
                    usage.book(batch.subList(0, 10)); // a replay in between
                    synchronized (booked) {
                        booked.addAll(batch);
                    }
                }
            });
            Future<?> maintaining = pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    usage.maintain(now.plus(Duration.ofDays(i)), new UsageRetention(30, 0));
                }
            });
            booking.get();
            maintaining.get();
        }
        assertThat(usage.count()).isEqualTo(booked.size());
        assertThat(totals(Instant.EPOCH, FAR)).isEqualTo(sum(booked));
        assertThat(partitions()).noneMatch(p -> p.compareTo(UsageHousekeeping.partitionName(LocalDate.parse("2029-02-07"))) < 0);
    }

    private static int bookedSize(List<?> booked) {
        synchronized (booked) {
            return booked.size();
        }
    }
}
