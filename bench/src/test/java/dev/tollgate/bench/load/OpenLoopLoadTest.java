package dev.tollgate.bench.load;

import dev.tollgate.simulator.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLoopLoadTest {

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
    void sendsTheRateItIsAskedForAndRecordsOnlyTheMeasuredWindow() {
        LoadResult r = new OpenLoopLoad(client).run(SimulatorFixture.target(sim), SimulatorFixture.chat("gpt-4o-mini", false),
                new OpenLoopLoad.Plan(200, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)));

        assertThat(r.ok()).isBetween(195L, 201L); // 200 in the window; the 40 warm-up requests are not counted
        assertThat(r.errors()).isZero();
        assertThat(r.timeouts()).isZero();
        // the achieved rate depends on how busy the machine is: only its presence is the loader's business here
        assertThat(r.achievedRate()).isPositive();
        assertThat(r.latency().getTotalCount()).isEqualTo(r.ok());
        assertThat(r.latencyMs(50)).isPositive().isLessThan(100.0);
    }

    @Test
    void latencyRunsFromTheIntendedSendTimeSoAStallIsCounted() {
        // every answer takes 100 ms; latency from the intended time can never be less than that
        LoadResult r = new OpenLoopLoad(client).run(SimulatorFixture.target(sim),
                SimulatorFixture.chat("gpt-4o-mini+ttft_ms=100", false),
                new OpenLoopLoad.Plan(50, Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(5)));

        assertThat(r.ok()).isEqualTo(25);
        assertThat(r.latencyMs(1)).isGreaterThanOrEqualTo(99.0);
    }

    @Test
    void countsErrorsWithTheirFirstMessageAndTimeoutsApart() {
        LoadResult failing = new OpenLoopLoad(client).run(SimulatorFixture.target(sim),
                SimulatorFixture.chat("gpt-4o-mini+status=503", false),
                new OpenLoopLoad.Plan(50, Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(5)));
        LoadResult hanging = new OpenLoopLoad(client).run(SimulatorFixture.target(sim),
                SimulatorFixture.chat("gpt-4o-mini+hang", false),
                new OpenLoopLoad.Plan(50, Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(300)));

        assertThat(failing.errors()).isEqualTo(10);
        assertThat(failing.ok()).isZero();
        assertThat(failing.firstError()).startsWith("HTTP 503");
        assertThat(hanging.timeouts()).isEqualTo(10);
        assertThat(hanging.errors()).isZero();
    }
}
