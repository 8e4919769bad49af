package dev.tollgate.core.booking;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class UsageSpoolTest {

    @TempDir
    Path dir;

    static UsageEvent event(String id) {
        return new UsageEvent(id, Instant.parse("2026-11-25T10:15:30.123456789Z"), "key_1", "team_1", "user_1",
                Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", "sim", "gpt-4o-mini-2024-07-18", true,
                new TokenUsage(1342, 287, 1024, 12, 5, false), 1_065_000, 59_754, 57_436, 200, null, "sim/gpt-4o-mini",
                2, "org_1", 1_200_000, false);
    }

    static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "req_" + i).toList();
    }

    private UsageBooker booker(MemoryUsageStore store, long maxBytes, long segmentBytes, SpoolFullPolicy policy) {
        UsageSpool spool = UsageSpool.open(dir, maxBytes, segmentBytes, System::currentTimeMillis);
        return new UsageBooker(store, spool, policy, 20, 500, 200, 1000);
    }

    private List<Path> segments() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void everyFieldSurvivesTheRecordFormat() {
        UsageEvent full = event("req_ü☃");
        UsageEvent sparse = new UsageEvent("req_2", Instant.ofEpochSecond(-5, 7), null, null, null, null, null, null,
                null, false, null, -3, 0, 0, 499, "client_closed", null, 0, null, 0, true);
        for (UsageEvent e : List.of(full, sparse, new UsageEvent("req_3", null, "k", null, null, Endpoint.RESPONSES,
                "m", null, null, false, new TokenUsage(1, 2, 0, 0, 0, true), 0, 0, 0, 200, null, null, 1, null, 0,
                false))) {
            UsageEventCodec.Output out = new UsageEventCodec.Output(8);
            UsageEventCodec.encode(e, 1234, out);
            UsageEventCodec.Decoded d = UsageEventCodec.decode(out.buf, 0, out.len);
            assertThat(d.event()).isEqualTo(e);
            assertThat(d.spooledAtMillis()).isEqualTo(1234);
        }
    }

    @Test
    void appendedEventsAreBookedOnceInOrderAndTheSpoolEmpties() {
        MemoryUsageStore store = new MemoryUsageStore();
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            ids(0, 1200).forEach(id -> booker.submit(event(id)));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 1200);
            assertThat(store.ids()).isEqualTo(ids(0, 1200));
            assertThat(store.booked.get("req_7")).isEqualTo(event("req_7"));
            await().atMost(Duration.ofSeconds(2)).until(() -> booker.pending() == 0);
            assertThat(booker.pendingSpooledBytes()).isZero();
            assertThat(booker.oldestPendingAgeSeconds()).isZero();
            assertThat(booker.booked()).isEqualTo(1200);
        }
        assertThat(store.offered.get()).isEqualTo(1200);
    }

    @Test
    void eventsSpooledBeforeAStopAreBookedAfterTheRestart() {
        MemoryUsageStore store = new MemoryUsageStore();
        store.down = true;
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            ids(0, 50).forEach(id -> booker.submit(event(id)));
            await().until(() -> booker.failedBatches() > 0);
            assertThat(booker.pending()).isEqualTo(50);
            assertThat(booker.pendingSpooledBytes()).isPositive();
        }
        assertThat(store.size()).isZero();
        store.down = false;
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 50);
            assertThat(store.ids()).isEqualTo(ids(0, 50));
            await().until(() -> booker.pending() == 0);
        }
    }

    @Test
    void aTornTailIsCutOffAndTheRecordsBeforeItAreBooked() throws IOException {
        UsageSpool spool = UsageSpool.open(dir, 1 << 20, 64 * 1024, System::currentTimeMillis);
        ids(0, 10).forEach(id -> spool.append(event(id)));
        spool.close(); // nothing drained: as a killed process leaves it
        Path last = segments().getLast();
        long whole = Files.size(last);
        // half a record: a valid length and checksum of a record that never finished, then noise
        byte[] torn = new byte[]{0, 0, 0, 100, 1, 2, 3, 4, 9, 9, 9};
        Files.write(last, torn, StandardOpenOption.APPEND);

        UsageSpool.open(dir, 1 << 20, 64 * 1024, System::currentTimeMillis).close(); // recovery alone
        assertThat(Files.size(last)).isEqualTo(whole);

        MemoryUsageStore store = new MemoryUsageStore();
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            booker.submit(event("req_after"));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 11);
            List<String> expected = new ArrayList<>(ids(0, 10));
            expected.add("req_after");
            assertThat(store.ids()).isEqualTo(expected);
        }
    }

    @Test
    void aCorruptedRecordEndsItsSegment() throws IOException {
        UsageSpool spool = UsageSpool.open(dir, 1 << 20, 64 * 1024, System::currentTimeMillis);
        ids(0, 10).forEach(id -> spool.append(event(id)));
        spool.close();
        Path last = segments().getLast();
        byte[] bytes = Files.readAllBytes(last);
        bytes[bytes.length - 3] ^= 0x55; // the last record's payload: its checksum no longer matches
        Files.write(last, bytes);

        MemoryUsageStore store = new MemoryUsageStore();
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 9);
            assertThat(store.ids()).isEqualTo(ids(0, 9));
            assertThat(booker.pending()).isZero();
        }
    }

    @Test
    void theCursorIsPersistedSoARestartDoesNotReadBookedRecordsAgain() {
        MemoryUsageStore store = new MemoryUsageStore();
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            ids(0, 30).forEach(id -> booker.submit(event(id)));
            await().until(() -> store.size() == 30 && booker.pending() == 0);
        }
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            assertThat(booker.pending()).isZero();
            booker.submit(event("req_new"));
            await().until(() -> store.size() == 31);
        }
        assertThat(store.offered.get()).isEqualTo(31);
    }

    @Test
    void segmentsRollOverAndDrainedOnesAreDeleted() throws IOException {
        MemoryUsageStore store = new MemoryUsageStore();
        store.down = true;
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            ids(0, 2000).forEach(id -> booker.submit(event(id))); // ~150 bytes each: several 64 KiB segments
            assertThat(segments()).hasSizeGreaterThan(3);
            assertThat(booker.spoolDiskBytes()).isEqualTo(booker.pendingSpooledBytes());
            store.down = false;
            await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 2000);
            assertThat(store.ids()).isEqualTo(ids(0, 2000));
            await().until(() -> booker.pending() == 0);
            assertThat(segments()).hasSize(1); // the one still being written
            assertThat(booker.spoolDiskBytes()).isLessThanOrEqualTo(64 * 1024);
        }
    }

    @Test
    void atTheCapFailOpenKeepsEventsInMemoryAndBooksThem() {
        MemoryUsageStore store = new MemoryUsageStore();
        store.down = true;
        try (UsageBooker booker = booker(store, 64 * 1024, 16 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            ids(0, 600).forEach(id -> booker.submit(event(id)));
            assertThat(booker.spoolFull()).isTrue();
            assertThat(booker.unspooled()).isPositive();
            assertThat(booker.acceptsCalls()).isTrue();
            assertThat(booker.spoolProblem()).contains("usage.spool_max_bytes").contains("fail_open");
            assertThat(booker.pending()).isEqualTo(600);
            store.down = false;
            await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 600);
            await().until(() -> !booker.spoolFull());
            assertThat(booker.spoolProblem()).isNull();
            assertThat(booker.dropped()).isZero();
        }
    }

    @Test
    void atTheCapFailClosedRefusesCallsUntilTheSpoolDrains() {
        MemoryUsageStore store = new MemoryUsageStore();
        store.down = true;
        try (UsageBooker booker = booker(store, 64 * 1024, 16 * 1024, SpoolFullPolicy.FAIL_CLOSED)) {
            assertThat(booker.acceptsCalls()).isTrue();
            int n = 0;
            while (booker.acceptsCalls()) {
                booker.submit(event("req_" + n++));
            }
            assertThat(booker.spoolProblem()).contains("new calls refused");
            store.down = false;
            await().atMost(Duration.ofSeconds(10)).until(booker::acceptsCalls);
            int submitted = n;
            await().until(() -> store.size() == submitted);
        }
    }

    @Test
    void aFailedWriteCountsAsFullUntilTheFileSystemHasRoom() throws IOException {
        MemoryUsageStore store = new MemoryUsageStore();
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            // the first segment (created at the first append) writes into /dev/full: every write fails with ENOSPC
            Files.createSymbolicLink(dir.resolve("usage-0000000000000000.seg"), Path.of("/dev/full"));
            booker.submit(event("req_0"));
            assertThat(booker.spoolWriteFailures()).isEqualTo(1);
            assertThat(booker.spoolProblem()).contains("failed");
            booker.submit(event("req_1"));
            assertThat(booker.unspooled()).isEqualTo(2);
            // the syncer sees room on the real file system and lets writes try again, into a new segment
            await().atMost(Duration.ofSeconds(5)).until(() -> !booker.spoolFull());
            booker.submit(event("req_2"));
            await().until(() -> store.size() == 3);
            assertThat(booker.unspooled()).isEqualTo(2);
            assertThat(booker.spoolWriteFailures()).isEqualTo(1);
        }
    }

    @Test
    void anEventTheDatabaseRefusesIsSkippedAndDoesNotHoldUpTheOthers() {
        MemoryUsageStore store = new MemoryUsageStore();
        store.down = true; // they all arrive in one batch
        try (UsageBooker booker = booker(store, 1 << 20, 64 * 1024, SpoolFullPolicy.FAIL_OPEN)) {
            ids(0, 5).forEach(id -> booker.submit(event(id)));
            booker.submit(event("poison_1"));
            ids(5, 10).forEach(id -> booker.submit(event(id)));
            store.down = false;
            await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 10);
            assertThat(store.ids()).isEqualTo(ids(0, 10));
            await().until(() -> booker.pending() == 0);
            assertThat(booker.rejected()).isEqualTo(1);
        }
    }

    @Test
    void twoGatewaysCannotShareASpool() {
        try (UsageSpool ignored = UsageSpool.open(dir, 1 << 20)) {
            assertThatThrownBy(() -> UsageSpool.open(dir, 1 << 20))
                    .hasMessageContaining("in use by another gateway");
        }
    }
}
