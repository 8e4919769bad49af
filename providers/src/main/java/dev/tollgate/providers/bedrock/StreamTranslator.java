package dev.tollgate.providers.bedrock;

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
 * ConverseStream events as canonical chunks, event by event: this reads the events and a {@link BlockStream}
 * turns the content blocks into chunks. Held back: the stop reason and usage, which OpenAI sends last. Per
 * call, one thread.
 *
 * <p>Events (the {@code :event-type} of each frame, its payload JSON): {@code messageStart} {@code {"role"}};
 * {@code contentBlockStart} {@code {"contentBlockIndex","start":{"toolUse":{"toolUseId","name"}}}}, sent for
 * tool calls only (text and reasoning blocks start with their first delta); {@code contentBlockDelta}
 * {@code {"contentBlockIndex","delta":{"text"} | {"toolUse":{"input"}} | {"reasoningContent":{"text"} |
 * {"signature"} | {"redactedContent"}}}}; {@code contentBlockStop} {@code {"contentBlockIndex"}};
 * {@code messageStop} {@code {"stopReason"}}; {@code metadata} {@code {"usage","metrics"}}. Payloads may carry
 * a padding field {@code p}, ignored.
 *
 * <p>Text deltas become {@code content}; reasoning text {@code reasoning_content}, and at the block's end one
 * {@code thinking_blocks} delta holds the complete block with its signature (redacted blocks likewise); a
 * {@code toolUse} block becomes a {@code tool_calls} entry, its input fragments {@code arguments} fragments;
 * the JSON-mode tool's input fragments become {@code content}.
 */
final class StreamTranslator {

    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final String id;
    private final String model;
    private final BlockStream blocks;
    private CacheAwareUsage usage;
    private String stopReason;

    StreamTranslator(String id, String model, long created, String jsonToolName) {
        this.id = id;
        this.model = model;
        this.blocks = new BlockStream(created, jsonToolName);
    }

    void onEvent(String event, String data, Consumer<ObjectNode> emit) throws TranslationException {
        if (event == null) {
            throw new TranslationException("a stream event from the upstream has no event type");
        }
        if (event.endsWith("Exception")) {
            String detail = BedrockErrorBody.message(Json.parseOrNull(data));
            throw new TranslationException("the upstream stream failed: " + describe(event)
                    + (detail == null ? "" : ": " + detail));
        }
        JsonNode json = Json.parse(data, "a stream event from the upstream (" + describe(event) + ")");
        switch (event) {
            case "messageStart" -> start(emit);
            case "contentBlockStart" -> blockStart(index(json), json.path("start"), emit);
            case "contentBlockDelta" -> blockDelta(index(json), json.path("delta"), emit);
            case "contentBlockStop" -> {
                int index = index(json);
                start(emit);
                blocks.stop(index, emit);
            }
            case "messageStop" -> {
                start(emit);
                String reason = Json.text(json, "stopReason");
                if (reason != null) {
                    stopReason = reason;
                }
            }
            case "metadata" -> {
                CacheAwareUsage reported = CacheAwareUsage.of(json.get("usage"), BedrockUsage.FIELDS);
                if (reported != null) {
                    usage = reported;
                }
            }
            default -> {
                // event types added later
            }
        }
    }

    /** The final chunk and the usage-only chunk; the usage, or null when the upstream reported none. */
    TokenUsage finish(Consumer<ObjectNode> emit) {
        return blocks.finish(FinishReasons.of(stopReason, blocks.hasToolCalls()), usage, emit);
    }

    /** The role chunk, once: at messageStart, or with the first content should messageStart be missing. */
    private void start(Consumer<ObjectNode> emit) {
        blocks.start(id, model, emit);
    }

    private void blockStart(int index, JsonNode start, Consumer<ObjectNode> emit) {
        start(emit);
        JsonNode toolUse = start.get("toolUse");
        if (toolUse == null || !toolUse.isObject()) {
            return; // other block kinds announce nothing a chunk could say; their deltas open them
        }
        blocks.openTool(index, toolUse.path("toolUseId").asText(""), toolUse.path("name").asText(""), emit);
    }

    private void blockDelta(int index, JsonNode delta, Consumer<ObjectNode> emit) {
        start(emit);
        if (delta.has("text")) {
            if (!blocks.isOpen(index)) {
                blocks.openText(index);
            }
            blocks.text(Json.text(delta, "text"), emit);
        } else if (delta.has("reasoningContent")) {
            JsonNode reasoning = delta.get("reasoningContent");
            blocks.thinking(index, Json.text(reasoning, "text"), emit);
            blocks.signature(index, Json.text(reasoning, "signature"));
            blocks.redactedData(index, Json.text(reasoning, "redactedContent"));
        } else if (delta.has("toolUse")) {
            blocks.toolInput(index, Json.text(delta.get("toolUse"), "input"), emit);
        }
        // citation deltas and delta kinds added later carry nothing OpenAI can say
    }

    private static int index(JsonNode event) throws TranslationException {
        JsonNode index = event.get("contentBlockIndex");
        if (index == null || !index.isIntegralNumber() || !index.canConvertToInt()) {
            throw new TranslationException("a content block event from the upstream has no contentBlockIndex");
        }
        return index.asInt();
    }

    private static String describe(String event) {
        return EVENT_NAME.matcher(event).matches() ? event : "unknown event";
    }
}
