package dev.tollgate.providers.azure;

import dev.tollgate.providers.ProviderCatalog;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AzureOpenAiAdapterTest {

    private static ProviderSettings azure(Map<String, String> options) {
        return new ProviderSettings("az", "azure", "https://my-resource.openai.azure.com/",
                List.of(new Secret("0123456789abcdef0123456789abcdef")), Map.of(), options, 5_000, 60_000);
    }

    @Test
    void callsTheDeploymentWithTheApiKeyHeaderAndApiVersion() {
        UpstreamTarget t = new AzureOpenAiAdapter().target(azure(Map.of()), Endpoint.CHAT_COMPLETIONS, "gpt-4o-eu",
                new Secret("0123456789abcdef0123456789abcdef"), true);
        assertThat(t.url()).isEqualTo("https://my-resource.openai.azure.com/openai/deployments/gpt-4o-eu/chat/completions"
                + "?api-version=" + AzureOpenAiAdapter.DEFAULT_API_VERSION);
        assertThat(t.headers()).containsEntry("api-key", "0123456789abcdef0123456789abcdef")
                .doesNotContainKey("authorization");
    }

    @Test
    void apiVersionComesFromTheProviderOptions() {
        UpstreamTarget t = new AzureOpenAiAdapter().target(azure(Map.of("api_version", "2025-04-01-preview")),
                Endpoint.EMBEDDINGS, "embed", new Secret("0123456789abcdef0123456789abcdef"), false);
        assertThat(t.url()).endsWith("/openai/deployments/embed/embeddings?api-version=2025-04-01-preview");
    }

    @Test
    void responsesGoToTheV1ApiUnlessADatedPreviewVersionIsPinned() {
        AzureOpenAiAdapter adapter = new AzureOpenAiAdapter();
        Secret key = new Secret("0123456789abcdef0123456789abcdef");
        assertThat(adapter.supports(Endpoint.RESPONSES)).isTrue();
        assertThat(adapter.supports(Endpoint.MESSAGES)).isFalse();
        UpstreamTarget v1 = adapter.target(azure(Map.of("api_version", "2024-10-21")), Endpoint.RESPONSES, "gpt-4o-eu",
                key, true);
        assertThat(v1.url()).as("the deployment travels as the body's model").isEqualTo(
                "https://my-resource.openai.azure.com/openai/v1/responses");
        assertThat(v1.headers()).containsEntry("api-key", key.reveal());
        UpstreamTarget preview = adapter.target(azure(Map.of("responses_api_version", "2025-04-01-preview")),
                Endpoint.RESPONSES, "gpt-4o-eu", key, false);
        assertThat(preview.url()).isEqualTo(
                "https://my-resource.openai.azure.com/openai/responses?api-version=2025-04-01-preview");
    }

    @Test
    void theCatalogHasEveryPresetWithItsBaseUrl() {
        var all = ProviderCatalog.all();
        assertThat(all).containsKeys("openai", "openai-compatible", "azure", "deepseek", "mistral", "groq", "xai",
                "together", "fireworks", "openrouter", "perplexity", "ollama", "vllm", "lmstudio");
        assertThat(all.get("groq").defaultBaseUrl()).isEqualTo("https://api.groq.com/openai/v1");
        assertThat(all.get("openai-compatible").defaultBaseUrl()).isNull();
    }
}
