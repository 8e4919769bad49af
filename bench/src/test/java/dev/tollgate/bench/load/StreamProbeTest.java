package dev.tollgate.bench.load;

import dev.tollgate.simulator.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class StreamProbeTest {

    private static Simulator sim;
    private static LoadClient client;

    @BeforeAll
    static void start() {
        sim = SimulatorFixture.start();
        client = LoadClient.start(2);
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    @Test
    void recordsTimeToFirstTokenAndEveryGapOfFaithfulStreams() {
        byte[] body = SimulatorFixture.chat("gpt-4o-mini+chunks=5+gap_ms=20", true);
        StreamProbe probe = new StreamProbe(client);
        ChunkSequence reference = probe.reference(SimulatorFixture.target(sim), body, Duration.ofSeconds(5));

        StreamProbe.Result r = probe.run(SimulatorFixture.target(sim), body, reference,
                new StreamProbe.Plan(20, Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(5)));

        assertThat(reference.contentChunks()).isEqualTo(5);
        assertThat(r.streams()).isEqualTo(10);
        assertThat(r.fidelityPercent()).isEqualTo(100.0);
        assertThat(r.ttft().getTotalCount()).isEqualTo(10);
        assertThat(r.gaps().getTotalCount()).isEqualTo(40);
        assertThat(Histograms.percentileMs(r.gaps(), 50)).isBetween(15.0, 500.0); // paced at 20 ms; a busy machine only adds
    }

    @Test
    void aStreamThatDiffersFromTheReferenceIsNotFaithful() {
        StreamProbe probe = new StreamProbe(client);
        ChunkSequence reference = probe.reference(SimulatorFixture.target(sim),
                SimulatorFixture.chat("gpt-4o-mini+chunks=5", true), Duration.ofSeconds(5));

        StreamProbe.Result shorter = probe.run(SimulatorFixture.target(sim), SimulatorFixture.chat("gpt-4o-mini+chunks=4", true),
                reference, new StreamProbe.Plan(10, Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(5)));
        StreamProbe.Result broken = probe.run(SimulatorFixture.target(sim),
                SimulatorFixture.chat("gpt-4o-mini+chunks=5+reset_after=2", true),
                reference, new StreamProbe.Plan(10, Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(5)));

        assertThat(shorter.faithful()).isZero();
        assertThat(shorter.firstProblem()).isEqualTo("4 content chunks instead of 5");
        assertThat(broken.faithful()).isZero();
        assertThat(broken.failed()).isEqualTo(broken.streams());
    }
}
