package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.UsageMaintenance;
import dev.tollgate.spi.store.UsageRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Partitions ahead and retention for the usage tables.
 *
 * <p>PostgreSQL: {@code usage_events} is partitioned by UTC day on {@code started_at} (V10). Daily, because retention
 * is set in days: a partition is dropped (a file unlinked, no vacuum debt) once its whole day is past the cutoff, so
 * raw events outlive their retention by less than a day; monthly partitions would keep up to a month more than asked.
 * 90 days of retention means about a hundred partitions, which PostgreSQL prunes and plans easily. Each run creates
 * today's partition and the next {@link #DAYS_AHEAD} days' (moving any rows that landed in the default partition for
 * those days first, since attaching a range the default partition holds rows of fails) and drops expired partitions,
 * in one transaction under an advisory lock taken with {@code pg_try_advisory_xact_lock}: a node that finds it taken
 * skips the run, and every step checks what exists first, so a repeated run changes nothing. {@code lock_timeout}
 * bounds how long that DDL may wait for booking transactions (a partition's DROP needs a brief exclusive lock on the
 * parent); a timed-out run is retried next time. Then expired rows of the default partition are deleted in batches.
 *
 * <p>SQLite: no partitions; expired events are deleted in batches of {@link #BATCH} rows.
 *
 * <p>Batched deletes commit each batch on its own, so locks stay short and on SQLite booking gets the single writer
 * connection in between; they are idempotent, so concurrent runs need no lock. Rollups are kept unless
 * {@code rollupDays} is set; then expired rollup hours are deleted in batches too.
 */
final class UsageHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(UsageHousekeeping.class);

    static final int DAYS_AHEAD = 7;
    static final int BATCH = 5_000;
    static final String PARTITION_PREFIX = "usage_events_p";
    private static final long DAY_MS = 86_400_000L;
    /** Any constant both the gateway's nodes agree on; "tollgate usage" in ASCII. */
    private static final long LOCK_ID = 0x746f6c6c75736167L;
    private static final DateTimeFormatter DAY_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Database db;

    UsageHousekeeping(Database db) {
        this.db = db;
    }

    UsageMaintenance run(Instant now, UsageRetention retention) {
        return db.spec().dialect() instanceof PostgresDialect ? postgres(now, retention) : sqlite(now, retention);
    }

    static String partitionName(LocalDate day) {
        return PARTITION_PREFIX + DAY_SUFFIX.format(day);
    }

    private static long cutoff(Instant now, int days) {
        return now.toEpochMilli() - days * DAY_MS;
    }

    // ---------------------------------------------------------------- PostgreSQL

    private UsageMaintenance postgres(Instant now, UsageRetention retention) {
        UsageMaintenance ddl = db.transaction("maintaining usage partitions", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '5s'");
            }
            if (!tryLock(c)) {
                log.debug("Usage maintenance skipped: another node holds the lock");
                return new UsageMaintenance(List.of(), List.of(), 0, 0, true);
            }
            List<String> existing = partitions(c);
            List<String> dropped = new ArrayList<>();
            if (retention.eventDays() > 0) {
                long cutoff = cutoff(now, retention.eventDays());
                for (String name : existing) {
                    LocalDate day = LocalDate.parse(name.substring(PARTITION_PREFIX.length()), DAY_SUFFIX);
                    if (end(day) <= cutoff) {
                        try (Statement s = c.createStatement()) {
                            s.execute("DROP TABLE IF EXISTS " + name);
                        }
                        dropped.add(name);
                        log.info("Dropped usage partition {} (usage.retention_days: {})", name, retention.eventDays());
                    }
                }
            }
            // Created after the drops: a drop needs an exclusive lock on usage_events, and taking it while holding the
            // default partition's lock (see createPartition) could deadlock with a booking that waits for the latter.
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<String> created = new ArrayList<>();
            for (int i = 0; i <= DAYS_AHEAD; i++) {
                LocalDate day = today.plusDays(i);
                if (!existing.contains(partitionName(day))) {
                    createPartition(c, day);
                    created.add(partitionName(day));
                }
            }
            return new UsageMaintenance(created, dropped, 0, 0, false);
        });
        if (ddl.skipped()) {
            return ddl;
        }
        // Rows of the default partition (booked before V10, or outside every daily partition) go row by row.
        long eventsDeleted = retention.eventDays() > 0 ? deleteInBatches("DELETE FROM usage_events_default WHERE "
                + "ctid IN (SELECT ctid FROM usage_events_default WHERE started_at < ? LIMIT " + BATCH + ")",
                cutoff(now, retention.eventDays())) : 0;
        long rollupsDeleted = retention.rollupDays() > 0 ? deleteInBatches("DELETE FROM usage_rollups_hourly WHERE "
                + "ctid IN (SELECT ctid FROM usage_rollups_hourly WHERE hour_start < ? LIMIT " + BATCH + ")",
                cutoff(now, retention.rollupDays())) : 0;
        if (retention.eventDays() > 0) { // kept bodies go with their events
            deleteInBatches("DELETE FROM request_bodies WHERE ctid IN (SELECT ctid FROM request_bodies WHERE "
                    + "started_at < ? LIMIT " + BATCH + ")", cutoff(now, retention.eventDays()));
        }
        return new UsageMaintenance(ddl.partitionsCreated(), ddl.partitionsDropped(), eventsDeleted, rollupsDeleted,
                false);
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_ID);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The daily partitions of {@code usage_events}, oldest first (the default partition is not one of them). */
    static List<String> partitions(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT child.relname FROM pg_inherits i "
                + "JOIN pg_class child ON child.oid = i.inhrelid WHERE i.inhparent = 'usage_events'::regclass "
                + "AND child.relname LIKE '" + PARTITION_PREFIX + "%' ORDER BY child.relname");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static long end(LocalDate day) {
        return start(day.plusDays(1));
    }

    /**
     * Creates the partition apart, moves the default partition's rows of that day into it, then attaches it: a
     * plain {@code PARTITION OF} would fail if the default partition already held rows of the day. The default
     * partition is locked first (attaching locks it anyway), so that no booking adds a row of that day between the
     * move and the attach; locks are taken parent first, as bookings take them, so the two cannot deadlock.
     */
    private static void createPartition(Connection c, LocalDate day) throws SQLException {
        String name = partitionName(day);
        long from = start(day);
        long to = end(day);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE usage_events IN SHARE UPDATE EXCLUSIVE MODE");
            s.execute("LOCK TABLE usage_events_default IN ACCESS EXCLUSIVE MODE");
            s.execute("CREATE TABLE " + name + " (LIKE usage_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            s.execute("WITH moved AS (DELETE FROM usage_events_default WHERE started_at >= " + from
                    + " AND started_at < " + to + " RETURNING *) INSERT INTO " + name + " SELECT * FROM moved");
            s.execute("ALTER TABLE usage_events ATTACH PARTITION " + name + " FOR VALUES FROM (" + from + ") TO ("
                    + to + ")");
        }
        log.info("Created usage partition {}", name);
    }

    // ---------------------------------------------------------------- SQLite

    private UsageMaintenance sqlite(Instant now, UsageRetention retention) {
        long eventsDeleted = retention.eventDays() > 0 ? deleteInBatches("DELETE FROM usage_events WHERE rowid IN "
                + "(SELECT rowid FROM usage_events WHERE started_at < ? LIMIT " + BATCH + ")",
                cutoff(now, retention.eventDays())) : 0;
        long rollupsDeleted = retention.rollupDays() > 0 ? deleteInBatches("DELETE FROM usage_rollups_hourly WHERE rowid "
                + "IN (SELECT rowid FROM usage_rollups_hourly WHERE hour_start < ? LIMIT " + BATCH + ")",
                cutoff(now, retention.rollupDays())) : 0;
        if (retention.eventDays() > 0) { // kept bodies go with their events
            deleteInBatches("DELETE FROM request_bodies WHERE rowid IN (SELECT rowid FROM request_bodies WHERE "
                    + "started_at < ? LIMIT " + BATCH + ")", cutoff(now, retention.eventDays()));
        }
        return new UsageMaintenance(List.of(), List.of(), eventsDeleted, rollupsDeleted, false);
    }

    // ---------------------------------------------------------------- both

    /**
     * Deletes {@link #BATCH} rows at a time, each batch its own auto-committed statement: locks are short, and on
     * SQLite booking gets the single writer connection in between.
     */
    private long deleteInBatches(String sql, long cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = db.call("deleting expired usage", c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, cutoff);
                    return ps.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
