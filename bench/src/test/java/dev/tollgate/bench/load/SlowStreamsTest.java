package dev.tollgate.bench.load;

import dev.tollgate.simulator.Simulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SlowStreamsTest {

    @Test
    void holdsEveryStreamOpenUntilClosed() {
        try (Simulator sim = SimulatorFixture.start(); LoadClient client = LoadClient.start(2)) {
            byte[] body = SimulatorFixture.chat("gpt-4o-mini+chunks=100+gap_ms=100", true);
            try (SlowStreams streams = SlowStreams.open(client, SimulatorFixture.target(sim), body, 50, 500,
                    Duration.ofSeconds(10))) {
                assertThat(streams.established()).isEqualTo(50);
                assertThat(streams.failed()).isZero();
                // chunks keep flowing while the streams are held
                await().atMost(Duration.ofSeconds(5)).until(() -> streams.chunksReceived() >= 100);
            }
            // closing dropped the connections: the simulator sees every stream abandoned
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.abandonedResponses() >= 50);
        }
    }

    @Test
    void countsStreamsThatFailToOpen() {
        try (Simulator sim = SimulatorFixture.start(); LoadClient client = LoadClient.start(2);
             SlowStreams streams = SlowStreams.open(client, SimulatorFixture.target(sim),
                     SimulatorFixture.chat("gpt-4o-mini+status=500", true), 10, 500, Duration.ofSeconds(5))) {
            assertThat(streams.established()).isZero();
            assertThat(streams.failed()).isEqualTo(10);
            assertThat(streams.firstFailure()).isEqualTo("HTTP 500");
        }
    }
}
