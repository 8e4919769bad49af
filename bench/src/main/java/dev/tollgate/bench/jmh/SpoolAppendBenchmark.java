package dev.tollgate.bench.jmh;

import dev.tollgate.core.booking.SpoolFullPolicy;
import dev.tollgate.core.booking.UsageBooker;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What booking costs the thread that settles a call: {@link UsageBooker#submit}, i.e. encoding the event and one
 * write of its framed record into the spool's page cache, under the spool's lock. The drainer runs beside it as
 * in production (into a store that keeps nothing), so segments are read back and deleted and the disk use stays
 * bounded; the fsync thread forces every 20 ms.
 */
@State(Scope.Benchmark)
public class SpoolAppendBenchmark {

    private Path dir;
    private UsageBooker booker;
    private final UsageEvent event = new UsageEvent("req_5f0c8e1a9b2d4c6e8f0a1b2c3d4e5f60",
            Instant.parse("2026-11-25T10:15:30.123456789Z"), "key_01JDX4M8Q2", "team_01JDX4M8Q2", "user_01JDX4M8Q2",
            Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", "openai", "gpt-4o-mini-2024-07-18", true,
            new TokenUsage(1342, 287, 1024, 0, 0, false), 312_450L, 812_345L, 203_117L, 200, null,
            "openai/gpt-4o-mini", 1, "org_01JDX4M8Q2", 312_450L, false);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tollgate-jmh-spool");
        booker = UsageBooker.open(batch -> { }, dir, 1024L * 1024 * 1024, 20, SpoolFullPolicy.FAIL_OPEN);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        booker.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public void submit() {
        booker.submit(event);
    }
}
