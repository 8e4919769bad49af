package dev.tollgate.bench.load;

import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An in-process simulator and request bodies for the load library's tests. */
final class SimulatorFixture {

    private SimulatorFixture() {
    }

    static Simulator start() {
        return Simulator.start(SimulatorOptions.defaults().withPort(0));
    }

    static Target target(Simulator sim) {
        return new Target(sim.baseUrl() + "/v1", Map.of("authorization", "Bearer test"));
    }

    static byte[] chat(String model, boolean stream) {
        return ("{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello bench\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
