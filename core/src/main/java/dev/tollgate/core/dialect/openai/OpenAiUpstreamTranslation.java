package dev.tollgate.core.dialect.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.TranslationException;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The upstream side of a translated call when the upstream speaks OpenAI (e.g. an Anthropic client on an
 * OpenAI model): the canonical form is the wire format, so translating means parsing, setting the model
 * and asking streams for usage. Per call, one thread.
 */
public final class OpenAiUpstreamTranslation implements ChatTranslation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenUsage usage;

    @Override
    public byte[] request(ObjectNode canonical, String upstreamModel, boolean stream) throws TranslationException {
        ObjectNode body = canonical.deepCopy();
        stripExtensions(body);
        body.put("model", upstreamModel);
        // Reasoning (o-series) models refuse max_tokens; the cap has to be max_completion_tokens there.
        if (body.has("reasoning_effort") && body.has("max_tokens") && !body.has("max_completion_tokens")) {
            body.set("max_completion_tokens", body.remove("max_tokens"));
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream");
            body.remove("stream_options");
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new TranslationException("The request could not be encoded.");
        }
    }

    @Override
    public ObjectNode response(byte[] upstreamBody) throws TranslationException {
        ObjectNode answer = parse(upstreamBody);
        usage = usageOf(answer.path("usage"));
        return answer;
    }

    @Override
    public void onStreamEvent(String event, String data, Consumer<ObjectNode> emit) throws TranslationException {
        if (data == null || data.equals("[DONE]")) {
            return;
        }
        ObjectNode chunk = parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (chunk.has("error")) {
            throw new TranslationException(chunk.path("error").path("message").asText("The upstream stream failed."));
        }
        TokenUsage seen = usageOf(chunk.path("usage"));
        if (seen != null) {
            usage = seen;
        }
        emit.accept(chunk);
    }

    @Override
    public TokenUsage finish(Consumer<ObjectNode> emit) {
        return usage; // an OpenAI stream already carried its finish and usage chunks
    }

    @Override
    public TokenUsage reportedUsage() {
        return usage;
    }

    /**
     * Removes what the canonical form carries beyond OpenAI's API (thinking blocks and their text, prompt
     * caching marks, Anthropic-only parameters): OpenAI rejects unknown fields.
     */
    private static void stripExtensions(ObjectNode body) {
        body.remove(List.of("thinking", "top_k"));
        for (JsonNode message : body.path("messages")) {
            if (message instanceof ObjectNode m) {
                m.remove(List.of("thinking_blocks", "reasoning_content", "cache_control"));
                for (JsonNode part : m.path("content")) {
                    if (part instanceof ObjectNode p) {
                        p.remove("cache_control");
                    }
                }
            }
        }
        for (JsonNode tool : body.path("tools")) {
            if (tool instanceof ObjectNode t) {
                t.remove("cache_control");
            }
        }
    }

    static TokenUsage usageOf(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        return new TokenUsage(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong(),
                u.path("prompt_tokens_details").path("cached_tokens").asLong(),
                u.path("prompt_tokens_details").path("cache_creation_input_tokens").asLong(),
                u.path("completion_tokens_details").path("reasoning_tokens").asLong(), false);
    }

    private static ObjectNode parse(byte[] bytes) throws TranslationException {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // fall through: the message below says what matters without echoing upstream content
        }
        throw new TranslationException("The upstream provider sent a malformed answer.");
    }
}
