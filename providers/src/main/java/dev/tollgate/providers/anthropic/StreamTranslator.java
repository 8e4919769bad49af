package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.BlockStream;
import dev.tollgate.providers.messages.CacheAwareUsage;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Anthropic's event stream as canonical chunks, event by event: this reads the SSE events and a
 * {@link BlockStream} turns the content blocks into chunks. Held back: the stop reason and usage, which OpenAI
 * sends last. Per call, one thread.
 *
 * <p>Each Anthropic content block maps as follows: text deltas to {@code content}; thinking deltas to
 * {@code reasoning_content}, and at the block's end one {@code thinking_blocks} delta holding the complete
 * block with its signature (redacted blocks likewise); a {@code tool_use} block to a {@code tool_calls} entry,
 * its input JSON fragments to {@code arguments} fragments; the JSON-mode tool's input fragments to
 * {@code content}.
 */
final class StreamTranslator {

    private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,40}");

    private final BlockStream blocks;
    private CacheAwareUsage usage;
    private String stopReason;

    StreamTranslator(long created, String jsonToolName) {
        this.blocks = new BlockStream(created, jsonToolName);
    }

    void onEvent(String event, String data, Consumer<ObjectNode> emit) throws TranslationException {
        JsonNode json = Json.parse(data, "a stream event from the upstream" + describe(event));
        String type = Json.text(json, "type");
        if (type == null) {
            type = event;
        }
        if (type == null) {
            throw new TranslationException("a stream event from the upstream has no type");
        }
        switch (type) {
            case "message_start" -> messageStart(json.get("message"), emit);
            case "content_block_start" -> blockStart(index(json), json.get("content_block"), emit);
            case "content_block_delta" -> blockDelta(index(json), json.get("delta"), emit);
            case "content_block_stop" -> {
                int index = index(json);
                started();
                blocks.stop(index, emit);
            }
            case "message_delta" -> {
                String reason = Json.text(json.path("delta"), "stop_reason");
                if (reason != null) {
                    stopReason = reason;
                }
                usage = usage != null ? usage.merge(json.get("usage"), AnthropicUsage.FIELDS)
                        : CacheAwareUsage.of(json.get("usage"), AnthropicUsage.FIELDS);
            }
            case "error" -> {
                AnthropicErrorBody error = AnthropicErrorBody.of(json);
                throw new TranslationException("the upstream stream failed: "
                        + (error == null ? "unknown error" : error.describe()));
            }
            default -> {
                // message_stop (finish() emits what it stands for), ping, and event types added later
            }
        }
    }

    /** The final chunk and the usage-only chunk; the usage, or null when the upstream reported none. */
    TokenUsage finish(Consumer<ObjectNode> emit) {
        return blocks.finish(FinishReasons.of(stopReason, blocks.hasToolCalls()), usage, emit);
    }

    private void messageStart(JsonNode message, Consumer<ObjectNode> emit) throws TranslationException {
        if (message == null || !message.isObject()) {
            throw new TranslationException("the upstream's message_start event has no message");
        }
        if (blocks.started()) {
            return;
        }
        usage = CacheAwareUsage.of(message.get("usage"), AnthropicUsage.FIELDS);
        blocks.start(message.path("id").asText(""), message.path("model").asText(""), emit);
    }

    private void blockStart(int index, JsonNode block, Consumer<ObjectNode> emit) throws TranslationException {
        started();
        String type = Json.text(block, "type");
        switch (type == null ? "" : type) {
            case "text" -> {
                blocks.openText(index);
                blocks.text(Json.text(block, "text"), emit);
            }
            case "thinking" -> {
                blocks.openThinking(index);
                blocks.thinking(index, Json.text(block, "thinking"), emit);
                blocks.signature(index, Json.text(block, "signature"));
            }
            case "redacted_thinking" -> blocks.openRedactedThinking(index, block.deepCopy());
            case "tool_use" -> blocks.openTool(index, block.path("id").asText(""), block.path("name").asText(""), emit);
            default -> blocks.openOther(index);
        }
    }

    private void blockDelta(int index, JsonNode delta, Consumer<ObjectNode> emit) throws TranslationException {
        started();
        String type = Json.text(delta, "type");
        switch (type == null ? "" : type) {
            case "text_delta" -> blocks.text(Json.text(delta, "text"), emit);
            case "thinking_delta" -> blocks.thinking(index, Json.text(delta, "thinking"), emit);
            case "signature_delta" -> blocks.signature(index, Json.text(delta, "signature"));
            case "input_json_delta" -> blocks.toolInput(index, Json.text(delta, "partial_json"), emit);
            default -> {
                // citations_delta and delta types added later
            }
        }
    }

    private void started() throws TranslationException {
        if (!blocks.started()) {
            throw new TranslationException("the upstream stream sent content before message_start");
        }
    }

    private static int index(JsonNode event) throws TranslationException {
        JsonNode index = event.get("index");
        if (index == null || !index.canConvertToInt() || !index.isIntegralNumber()) {
            throw new TranslationException("a content block event from the upstream has no index");
        }
        return index.asInt();
    }

    private static String describe(String event) {
        return event != null && EVENT_NAME.matcher(event).matches() ? " (" + event + ")" : "";
    }
}
