package dev.tollgate.providers;

import dev.tollgate.providers.anthropic.AnthropicAdapter;
import dev.tollgate.providers.azure.AzureOpenAiAdapter;
import dev.tollgate.providers.bedrock.BedrockAdapter;
import dev.tollgate.providers.gemini.GeminiAdapter;
import dev.tollgate.providers.gemini.VertexAdapter;
import dev.tollgate.providers.openai.OpenAiAdapter;
import dev.tollgate.spi.provider.ProviderAdapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every adapter this build ships, by configuration {@code type}. OpenAI-compatible services are presets
 * of one adapter that differ in their default {@code base_url} and in whether they declare the Responses API:
 * only services that document {@code POST /v1/responses} as generally available do (OpenAI, xAI); for the others
 * Responses calls are translated to Chat Completions, which every one of them serves. Each call gives new
 * instances: the {@link dev.tollgate.spi.provider.StatefulAdapter}s among them (Vertex AI, Azure) hold one
 * gateway's tokens.
 */
public final class ProviderCatalog {

    private ProviderCatalog() {
    }

    public static Map<String, ProviderAdapter> all() {
        List<ProviderAdapter> adapters = new ArrayList<>(List.of(
                new OpenAiAdapter("openai", "https://api.openai.com/v1", true),
                new OpenAiAdapter("openai-compatible", null),
                new OpenAiAdapter("deepseek", "https://api.deepseek.com/v1"),
                new OpenAiAdapter("mistral", "https://api.mistral.ai/v1"),
                new OpenAiAdapter("groq", "https://api.groq.com/openai/v1"),
                new OpenAiAdapter("xai", "https://api.x.ai/v1", true),
                new OpenAiAdapter("together", "https://api.together.xyz/v1"),
                new OpenAiAdapter("fireworks", "https://api.fireworks.ai/inference/v1"),
                new OpenAiAdapter("openrouter", "https://openrouter.ai/api/v1"),
                new OpenAiAdapter("perplexity", "https://api.perplexity.ai"),
                new OpenAiAdapter("ollama", "http://localhost:11434/v1"),
                new OpenAiAdapter("vllm", "http://localhost:8000/v1"),
                new OpenAiAdapter("lmstudio", "http://localhost:1234/v1"),
                new AzureOpenAiAdapter(),
                new AnthropicAdapter(),
                new GeminiAdapter(),
                new VertexAdapter(),
                new BedrockAdapter()));
        Map<String, ProviderAdapter> byType = new LinkedHashMap<>();
        adapters.forEach(a -> byType.put(a.type(), a));
        return byType;
    }
}
