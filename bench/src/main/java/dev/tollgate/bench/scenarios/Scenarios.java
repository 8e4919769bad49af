package dev.tollgate.bench.scenarios;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Every scenario by its command-line name, in the order a full run performs them. */
public final class Scenarios {

    private static final Map<String, Supplier<Scenario>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("small", SmallRequestsScenario::new);
        ALL.put("stream", StreamingScenario::new);
        ALL.put("large", LargeBodiesScenario::new);
        ALL.put("streams-memory", StreamsMemoryScenario::new);
        ALL.put("cpu", CpuScenario::new);
        ALL.put("hedging", HedgingScenario::new);
        ALL.put("guardrails", GuardrailsScenario::new);
        ALL.put("cluster", ClusterScenario::new);
        ALL.put("profile", ProfileScenario::new);
    }

    private Scenarios() {
    }

    public static Scenario byName(String name) {
        Supplier<Scenario> s = ALL.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
        }
        return s.get();
    }
}
