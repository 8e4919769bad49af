package dev.tollgate.providers.anthropic;

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
 * Anthropic's event stream as canonical chunks, event by event: nothing is held back except what a later
 * chunk needs (the stop reason and usage, which OpenAI sends last, and a thinking block's text until its
 * signature arrives). Per call, one thread.
 *
 * <p>Each Anthropic content block maps as follows: text deltas to {@code content}; thinking deltas to
 * {@code reasoning_content}, and at the block's end one {@code thinking_blocks} delta holding the complete
 * block with its signature (redacted blocks likewise), so a client can collect them and hand them back;
 * a {@code tool_use} block to a {@code tool_calls} entry whose {@code index} counts tool calls only, its
 * input JSON fragments to {@code arguments} fragments; the JSON-mode tool's input fragments to
 * {@code content}.
 */
final class StreamTranslator {

    private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,40}");

    private enum Kind { TEXT, THINKING, REDACTED_THINKING, TOOL, JSON, OTHER }

    private static final class Block {
        final Kind kind;
        final int toolIndex;
        final StringBuilder thinking = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        JsonNode redacted;
        boolean sentInput;

        Block(Kind kind, int toolIndex) {
            this.kind = kind;
            this.toolIndex = toolIndex;
        }
    }

    private final long created;
    private final String jsonToolName;
    private final Map<Integer, Block> blocks = new HashMap<>();
    private Chunks chunks;
    private AnthropicUsage usage;
    private String stopReason;
    private int toolCalls;
    private boolean reasoningSent;
    private boolean finished;
    private TokenUsage finalUsage;

    StreamTranslator(long created, String jsonToolName) {
        this.created = created;
        this.jsonToolName = jsonToolName;
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
            case "content_block_stop" -> blockStop(index(json), emit);
            case "message_delta" -> {
                String reason = Json.text(json.path("delta"), "stop_reason");
                if (reason != null) {
                    stopReason = reason;
                }
                if (usage != null) {
                    usage = usage.merge(json.get("usage"));
                } else {
                    usage = AnthropicUsage.of(json.get("usage"));
                }
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

    private void messageStart(JsonNode message, Consumer<ObjectNode> emit) throws TranslationException {
        if (message == null || !message.isObject()) {
            throw new TranslationException("the upstream's message_start event has no message");
        }
        if (chunks != null) {
            return;
        }
        chunks = new Chunks(message.path("id").asText(""), created, message.path("model").asText(""));
        usage = AnthropicUsage.of(message.get("usage"));
        emit.accept(chunks.role());
    }

    private void blockStart(int index, JsonNode block, Consumer<ObjectNode> emit) throws TranslationException {
        started();
        String type = Json.text(block, "type");
        switch (type == null ? "" : type) {
            case "text" -> {
                blocks.put(index, new Block(Kind.TEXT, -1));
                String text = Json.text(block, "text");
                if (text != null && !text.isEmpty()) {
                    emit.accept(chunks.content(text));
                }
            }
            case "thinking" -> {
                Block b = new Block(Kind.THINKING, -1);
                blocks.put(index, b);
                thinking(b, Json.text(block, "thinking"), emit);
                signature(b, Json.text(block, "signature"));
            }
            case "redacted_thinking" -> {
                Block b = new Block(Kind.REDACTED_THINKING, -1);
                b.redacted = block.deepCopy();
                blocks.put(index, b);
            }
            case "tool_use" -> {
                String name = block.path("name").asText("");
                if (name.equals(jsonToolName)) {
                    blocks.put(index, new Block(Kind.JSON, -1));
                    return;
                }
                Block b = new Block(Kind.TOOL, toolCalls++);
                blocks.put(index, b);
                emit.accept(chunks.toolCallStart(b.toolIndex, block.path("id").asText(""), name));
            }
            default -> blocks.put(index, new Block(Kind.OTHER, -1));
        }
    }

    private void blockDelta(int index, JsonNode delta, Consumer<ObjectNode> emit) throws TranslationException {
        started();
        Block block = blocks.get(index);
        String type = Json.text(delta, "type");
        switch (type == null ? "" : type) {
            case "text_delta" -> {
                String text = Json.text(delta, "text");
                if (text != null && !text.isEmpty()) {
                    emit.accept(chunks.content(text));
                }
            }
            case "thinking_delta" -> {
                if (block == null) {
                    block = new Block(Kind.THINKING, -1);
                    blocks.put(index, block);
                }
                thinking(block, Json.text(delta, "thinking"), emit);
            }
            case "signature_delta" -> {
                if (block != null) {
                    signature(block, Json.text(delta, "signature"));
                }
            }
            case "input_json_delta" -> {
                String partial = Json.text(delta, "partial_json");
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
            default -> {
                // citations_delta and delta types added later
            }
        }
    }

    private void blockStop(int index, Consumer<ObjectNode> emit) throws TranslationException {
        started();
        Block block = blocks.remove(index);
        if (block == null) {
            return;
        }
        switch (block.kind) {
            case THINKING -> {
                ObjectNode kept = Json.object();
                kept.put("type", "thinking");
                kept.put("thinking", block.thinking.toString());
                kept.put("signature", block.signature.toString());
                emit.accept(chunks.thinkingBlock(kept));
            }
            case REDACTED_THINKING -> emit.accept(chunks.thinkingBlock((ObjectNode) block.redacted));
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

    private static void signature(Block block, String signature) {
        if (signature != null) {
            block.signature.append(signature);
        }
    }

    private void started() throws TranslationException {
        if (chunks == null) {
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
