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
}
