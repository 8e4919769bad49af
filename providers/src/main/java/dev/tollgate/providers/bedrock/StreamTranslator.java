package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Chunks;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * ConverseStream events as canonical chunks, event by event: nothing is held back except what a later chunk
 * needs (the stop reason and usage, which OpenAI sends last, and a reasoning block's text until its signature
 * arrives). Per call, one thread.
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
 * {@code toolUse} block becomes a {@code tool_calls} entry whose {@code index} counts tool calls only, its
 * input fragments {@code arguments} fragments; the JSON-mode tool's input fragments become {@code content}.
 */
final class StreamTranslator {

    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private enum Kind { TEXT, REASONING, TOOL, JSON }

    private static final class Block {
        final Kind kind;
        final int toolIndex;
        final StringBuilder thinking = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        String redacted;
        boolean sentInput;

        Block(Kind kind, int toolIndex) {
            this.kind = kind;
            this.toolIndex = toolIndex;
        }
    }

    private final String id;
    private final String model;
    private final long created;
    private final String jsonToolName;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private Chunks chunks;
    private BedrockUsage usage;
    private String stopReason;
    private int toolCalls;
    private boolean reasoningSent;
    private boolean finished;
    private TokenUsage finalUsage;

    StreamTranslator(String id, String model, long created, String jsonToolName) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.jsonToolName = jsonToolName;
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
            case "contentBlockStop" -> blockStop(index(json), emit);
            case "messageStop" -> {
                start(emit);
                String reason = Json.text(json, "stopReason");
                if (reason != null) {
                    stopReason = reason;
                }
            }
            case "metadata" -> {
                BedrockUsage reported = BedrockUsage.of(json.get("usage"));
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
        if (finished) {
            return finalUsage;
        }
        finished = true;
        if (chunks == null) {
            return null; // the stream never began: there is nothing to close
        }
        emit.accept(chunks.delta(Json.object(), FinishReasons.of(stopReason, toolCalls > 0)));
        if (usage != null) {
            emit.accept(chunks.usage(usage.toOpenAi()));
            finalUsage = usage.toTokenUsage();
        }
        return finalUsage;
    }

    /** The role chunk, once: at messageStart, or with the first content should messageStart be missing. */
    private void start(Consumer<ObjectNode> emit) {
        if (chunks != null) {
            return;
        }
        chunks = new Chunks(id, created, model);
        emit.accept(chunks.role());
    }

    private void blockStart(int index, JsonNode start, Consumer<ObjectNode> emit) {
        start(emit);
        JsonNode toolUse = start.get("toolUse");
        if (toolUse == null || !toolUse.isObject()) {
            return; // other block kinds announce nothing a chunk could say; their deltas open them
        }
        String name = toolUse.path("name").asText("");
        if (name.equals(jsonToolName)) {
            blocks.put(index, new Block(Kind.JSON, -1));
            return;
        }
        Block block = new Block(Kind.TOOL, toolCalls++);
        blocks.put(index, block);
        emit.accept(chunks.toolCallStart(block.toolIndex, toolUse.path("toolUseId").asText(""), name));
    }

    private void blockDelta(int index, JsonNode delta, Consumer<ObjectNode> emit) {
        start(emit);
        Block block = blocks.get(index);
        if (delta.has("text")) {
            if (block == null) {
                blocks.put(index, new Block(Kind.TEXT, -1));
            }
            String text = Json.text(delta, "text");
            if (text != null && !text.isEmpty()) {
                emit.accept(chunks.content(text));
            }
        } else if (delta.has("reasoningContent")) {
            if (block == null) {
                block = new Block(Kind.REASONING, -1);
                blocks.put(index, block);
            }
            JsonNode reasoning = delta.get("reasoningContent");
            thinking(block, Json.text(reasoning, "text"), emit);
            String signature = Json.text(reasoning, "signature");
            if (signature != null) {
                block.signature.append(signature);
            }
            String redacted = Json.text(reasoning, "redactedContent");
            if (redacted != null) {
                block.redacted = block.redacted == null ? redacted : block.redacted + redacted;
            }
        } else if (delta.has("toolUse")) {
            String partial = Json.text(delta.get("toolUse"), "input");
            if (block == null || partial == null || partial.isEmpty()) {
                return;
            }
            if (block.kind == Kind.JSON) {
                block.sentInput = true;
                emit.accept(chunks.content(partial));
            } else if (block.kind == Kind.TOOL) {
                block.sentInput = true;
                emit.accept(chunks.toolCallArguments(block.toolIndex, partial));
            }
        }
        // citation deltas and delta kinds added later carry nothing OpenAI can say
    }

    private void blockStop(int index, Consumer<ObjectNode> emit) {
        start(emit);
        Block block = blocks.remove(index);
        if (block == null) {
            return;
        }
        switch (block.kind) {
            case REASONING -> {
                ObjectNode kept = Json.object();
                if (block.redacted != null && block.thinking.isEmpty()) {
                    kept.put("type", "redacted_thinking");
                    kept.put("data", block.redacted);
                } else {
                    kept.put("type", "thinking");
                    kept.put("thinking", block.thinking.toString());
                    kept.put("signature", block.signature.toString());
                }
                emit.accept(chunks.thinkingBlock(kept));
            }
            case TOOL -> {
                if (!block.sentInput) { // a tool without parameters: OpenAI's arguments are then "{}"
                    emit.accept(chunks.toolCallArguments(block.toolIndex, "{}"));
                }
            }
            case JSON -> {
                if (!block.sentInput) {
                    emit.accept(chunks.content("{}"));
                }
            }
            default -> {
            }
        }
    }

    private void thinking(Block block, String text, Consumer<ObjectNode> emit) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String sent = reasoningSent && block.thinking.isEmpty() ? ResponseTranslator.THINKING_SEPARATOR + text : text;
        block.thinking.append(text);
        reasoningSent = true;
        emit.accept(chunks.reasoning(sent));
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
