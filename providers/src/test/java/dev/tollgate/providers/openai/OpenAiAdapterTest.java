package dev.tollgate.providers.openai;

import dev.tollgate.providers.ProviderCatalog;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiAdapterTest {

    private static final Secret KEY = new Secret("sk-0123456789abcdef0123456789abcdef");

    @Test
    void onlyPresetsThatDeclareTheResponsesApiTakeResponsesCalls() {
        var all = ProviderCatalog.all();
        assertThat(all.get("openai").supports(Endpoint.RESPONSES)).isTrue();
        assertThat(all.get("xai").supports(Endpoint.RESPONSES)).isTrue();
        for (String chatOnly : List.of("openai-compatible", "deepseek", "mistral", "groq", "together", "ollama")) {
            assertThat(all.get(chatOnly).supports(Endpoint.RESPONSES)).as(chatOnly).isFalse();
            assertThat(all.get(chatOnly).supports(Endpoint.CHAT_COMPLETIONS)).as(chatOnly).isTrue();
        }
        assertThat(all.get("openai").supports(Endpoint.MESSAGES)).as("Anthropic clients are translated to chat").isFalse();
    }

    @Test
    void aResponsesCallGoesToResponsesBelowTheBaseUrl() {
        ProviderSettings provider = new ProviderSettings("oa", "openai", "https://api.openai.com/v1", List.of(KEY),
                Map.of("openai-organization", "org-1"), Map.of(), 5_000, 60_000);
        UpstreamTarget t = new OpenAiAdapter("openai", null, true).target(provider, Endpoint.RESPONSES, "gpt-5", KEY, true);
        assertThat(t.url()).isEqualTo("https://api.openai.com/v1/responses");
        assertThat(t.headers()).containsEntry("authorization", "Bearer " + KEY.reveal())
                .containsEntry("openai-organization", "org-1");
    }
}
