package dev.tollgate.core.config;

import dev.tollgate.core.limits.LimitPolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitsConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get,
            Map.of("openai", ConfigLoaderTest.adapter("openai", "https://api.openai.com/v1")));

    private static final String MODELS = """
            providers: [{ name: oa, type: openai, keys: [k-123456] }]
            models:
              - { name: a, deployments: [{ provider: oa }] }
              - { name: b, limits: { rpm: 300, concurrency: 4 }, deployments: [{ provider: oa }] }
            """;

    @Test
    void withoutALimitsSectionOnlyModelGroupLimitsApplyAndTheFallbackIsLocal() {
        GatewayConfig.Limits l = loader.parse(MODELS, "test").limits();
        assertThat(l.policies()).isEmpty();
        assertThat(l.groups()).containsExactly(Map.entry("b", new LimitPolicy(300, 0, 0, 4)));
        assertThat(l.onStateUnavailable()).isEqualTo(GatewayConfig.Limits.OnUnavailable.LOCAL);
        assertThat(l.expectedNodes()).isEqualTo(1);
    }

    @Test
    void policiesAndTheOutagePolicyAreRead() {
        GatewayConfig.Limits l = loader.parse(MODELS + """
                limits:
                  on_state_unavailable: fail_closed
                  expected_nodes: 3
                  state_timeout_ms: 250
                  lease_ms: 120000
                  policies:
                    free: { rpm: 20, tpm: 40000 }
                    fast: { rps: 5, concurrency: 2 }
                """, "test").limits();
        assertThat(l.policies()).containsEntry("free", new LimitPolicy(20, 0, 40_000, 0))
                .containsEntry("fast", new LimitPolicy(0, 5, 0, 2));
        assertThat(l.onStateUnavailable()).isEqualTo(GatewayConfig.Limits.OnUnavailable.FAIL_CLOSED);
        assertThat(l.expectedNodes()).isEqualTo(3);
        assertThat(l.stateTimeoutMs()).isEqualTo(250);
        assertThat(l.leaseMs()).isEqualTo(120_000);
    }

    @Test
    void nonsenseIsRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> loader.parse(MODELS + """
                limits:
                  on_state_unavailable: sometimes
                  expected_nodes: 0
                  policies:
                    bad: { rpm: -1 }
                """, "test")).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .contains("limits.on_state_unavailable: expected local, fail_open or fail_closed",
                        "limits.expected_nodes: must be at least 1",
                        "limits.policies.bad: limits must not be negative (0 or absent: no limit)"));
    }
}
