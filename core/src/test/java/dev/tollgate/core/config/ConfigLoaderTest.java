package dev.tollgate.core.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader(Map.of("OPENAI_KEY", "sk-test-123456", "EMPTY", "")::get,
            Set.of("openai"));

    @Test
    void loadsAValidConfigurationWithDefaults() {
        GatewayConfig c = loader.parse("""
                providers:
                  - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["${OPENAI_KEY}"] }
                models:
                  - name: fast
                    deployments: [{ provider: oa, model: gpt-4o-mini, weight: 3 }, { provider: oa }]
                """, "test");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.storageUrl()).isEqualTo("sqlite:data/tollgate.db");
        assertThat(c.providers().get("oa").keys().get(0).reveal()).isEqualTo("sk-test-123456");
        assertThat(c.models().get("fast").deployments()).extracting(GatewayConfig.Deployment::model)
                .containsExactly("gpt-4o-mini", "fast");
    }

    @Test
    void reportsEveryProblemNamingItsField() {
        assertThatThrownBy(() -> loader.parse("""
                providers:
                  - { name: oa, type: nope, base_url: "ftp://x", keys: [] }
                models:
                  - name: m
                    deployments: [{ provider: missing }]
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "providers[0].type: unknown provider type 'nope' (known: openai)",
                        "providers[0].base_url: required, an http(s) URL",
                        "providers[0].keys: at least one key is required",
                        "models[0].deployments[0].provider: no provider named 'missing'"));
    }

    @Test
    void namesUnknownFieldsAndWrongTypes() {
        assertThatThrownBy(() -> loader.parse("models:\n  - name: m\n    deploymnets: []\n", "test"))
                .hasMessageContaining("models[0].deploymnets: unknown field");
        assertThatThrownBy(() -> loader.parse("server: { port: lots }\n", "test"))
                .hasMessageContaining("server.port: wrong type of value");
    }

    @Test
    void missingEnvironmentVariablesAreErrorsUnlessDefaulted() {
        assertThatThrownBy(() -> loader.parse("storage: { url: \"${NOT_SET}\" }\n", "test"))
                .hasMessageContaining("storage.url: environment variable NOT_SET is not set");
        assertThat(loader.parse("storage: { url: \"${EMPTY:-sqlite:x.db}\" }\n", "test").storageUrl())
                .isEqualTo("sqlite:x.db");
    }

    @Test
    void rejectsBrokenYamlWithItsLine() {
        assertThatThrownBy(() -> loader.parse("models:\n  - name: [unclosed\n", "test"))
                .hasMessageContaining("not valid YAML");
    }
}
