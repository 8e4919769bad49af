package dev.tollgate.core.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    /** A stand-in adapter: only its type and default base URL matter to configuration. */
    private static ProviderAdapter adapter(String type, String defaultBaseUrl) {
        return new ProviderAdapter() {
            public String type() { return type; }
            public String defaultBaseUrl() { return defaultBaseUrl; }
            public WireFormat wireFormat() { return WireFormat.OPENAI; }
            public boolean supports(Endpoint e) { return true; }
            public UpstreamTarget target(ProviderSettings p, Endpoint e, String m, Secret k, boolean s) { return null; }
            public UpstreamError interpretError(int status, byte[] body) { return null; }
        };
    }

    private final ConfigLoader loader = new ConfigLoader(Map.of("OPENAI_KEY", "sk-test-123456", "EMPTY", "")::get,
            Map.of("openai", adapter("openai", null), "groq", adapter("groq", "https://api.groq.com/openai/v1")));

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
                        "providers[0].type: unknown provider type 'nope' (known: groq, openai)",
                        "providers[0].keys: at least one key is required",
                        "models[0].deployments[0].provider: no provider named 'missing'"));
    }

    @Test
    void presetsFillInTheirBaseUrlAndOthersNeedOne() {
        GatewayConfig c = loader.parse("providers: [{ name: g, type: groq, keys: [k-123456] }]\n", "test");
        assertThat(c.providers().get("g").baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
        assertThatThrownBy(() -> loader.parse("providers: [{ name: o, type: openai, keys: [k-123456] }]\n", "test"))
                .hasMessageContaining("providers[0].base_url: required for type 'openai'");
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
