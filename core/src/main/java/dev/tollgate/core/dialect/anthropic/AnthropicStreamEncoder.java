package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.pipeline.GatewayError;
import io.vertx.core.buffer.Buffer;

import java.util.HashSet;
import java.util.Set;

/**
 * Canonical {@code chat.completion.chunk}s as Anthropic's event stream, each event written as soon as the
 * chunk that causes it arrives:
 * <ol>
 *   <li>the first chunk opens the stream with {@code message_start} (usage still zero: OpenAI reports
 *       usage only at the end, and Anthropic clients take the final counts from {@code message_delta});</li>
 *   <li>{@code reasoning_content} / {@code thinking_blocks}, {@code content} and {@code tool_calls} deltas
 *       open, feed and close content blocks (thinking, redacted thinking, text, tool use), one open at a
 *       time, numbered from 0; a signature ends its thinking block, a new tool-call index closes the
 *       previous tool block;</li>
 *   <li>{@code finish_reason} closes the open block; the usage-only chunk ({@code "choices":[]}) then sends
 *       {@code message_delta} with the stop reason and the usage;</li>
 *   <li>{@link #end()} sends {@code message_delta} if still owed, then {@code message_stop}.</li>
 * </ol>
 * Only choice 0 is translated (Anthropic has no {@code n}). A tool call's arguments that arrive after a
 * later tool call began cannot be sent (its block is closed) and are dropped; OpenAI-format upstreams
 * send tool calls one after the other.
 */
final class AnthropicStreamEncoder implements ClientDialect.StreamEncoder {

    private enum Block { NONE, TEXT, THINKING, TOOL }

    /** What canonical streams put between the texts of consecutive thinking blocks. */
    private static final String THINKING_SEPARATOR = "\n\n";

    private final String requestedModel;
    private final StringBuilder out = new StringBuilder();
    private boolean started;
    private boolean messageDeltaSent;
    private boolean finished;
    private int nextIndex;
    private Block open = Block.NONE;
    private int openIndex = -1;
    private int openToolIndex = -1;
    private boolean openThinkingComplete;
    private final StringBuilder openThinkingText = new StringBuilder();
    private int thinkingBlocksEnded;
    private final Set<Integer> closedToolIndexes = new HashSet<>();
    private boolean calledTools;
    private String finishReason;
    private JsonNode usage;

    /** @param requestedModel the model the client asked for, named when the chunks do not name one */
    AnthropicStreamEncoder(String requestedModel) {
        this.requestedModel = requestedModel;
    }

    @Override
    public Buffer encode(ObjectNode chunk) {
        if (finished || messageDeltaSent) {
            return Buffer.buffer();
        }
        if (!started) {
            messageStart(AnthropicJson.text(chunk, "id"), AnthropicJson.text(chunk, "model"));
        }
        JsonNode choices = chunk.get("choices");
        JsonNode choice = choiceZero(choices);
        if (choice != null) {
            JsonNode delta = choice.get("delta");
            if (delta != null && delta.isObject()) {
                delta(delta);
            }
            String finish = AnthropicJson.text(choice, "finish_reason");
            if (finish != null) {
                closeBlock();
                finishReason = finish;
            }
        }
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
            if (choices == null || (choices.isArray() && choices.isEmpty())) {
                closeBlock();
                messageDelta();
            }
        }
        return flush();
    }

    @Override
    public Buffer end() {
        if (finished) {
            return Buffer.buffer();
        }
        if (!started) {
            messageStart(null, null);
        }
        closeBlock();
        if (!messageDeltaSent) {
            messageDelta();
        }
        ObjectNode stop = AnthropicJson.object();
        stop.put("type", "message_stop");
        event(stop);
        finished = true;
        return flush();
    }

    @Override
    public Buffer error(GatewayError error) {
        if (finished) {
            return Buffer.buffer();
        }
        finished = true;
        return AnthropicErrors.streamEvent(error);
    }

    private static JsonNode choiceZero(JsonNode choices) {
        if (choices == null || !choices.isArray()) {
            return null;
        }
        for (JsonNode choice : choices) {
            JsonNode index = choice.get("index");
            if (index == null || index.asInt(0) == 0) {
                return choice;
            }
        }
        return null;
    }

    private void delta(JsonNode delta) {
        String reasoning = AnthropicJson.text(delta, "reasoning_content");
        boolean reasoningGiven = AnthropicJson.isNonEmpty(reasoning);
        if (reasoningGiven) {
            thinkingDelta(reasoning);
        }
        JsonNode thinkingBlocks = delta.get("thinking_blocks");
        if (thinkingBlocks != null && thinkingBlocks.isArray()) {
            for (JsonNode tb : thinkingBlocks) {
                thinkingBlock(tb, reasoningGiven);
            }
        }
        String content = AnthropicJson.text(delta, "content");
        if (AnthropicJson.isNonEmpty(content)) {
            textDelta(content);
        }
        String refusal = AnthropicJson.text(delta, "refusal");
        if (AnthropicJson.isNonEmpty(refusal)) {
            textDelta(refusal);
        }
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (int i = 0; i < toolCalls.size(); i++) {
                toolCallDelta(toolCalls.get(i), i);
            }
        }
    }

    /**
     * One {@code thinking_blocks} entry. Canonical streams send them two ways: echoing each
     * {@code reasoning_content} fragment (the text is then already sent; a later entry brings the
     * signature), or once per block at its end, complete with text and signature (only the text not yet
     * streamed is sent). Either way the entry's signature, or an entry that arrives on its own, ends the
     * open thinking block; with no thinking block open the entry is a whole block of its own.
     */
    private void thinkingBlock(JsonNode tb, boolean echoOfReasoning) {
        if ("redacted_thinking".equals(AnthropicJson.text(tb, "type"))) {
            closeBlock();
            ObjectNode block = AnthropicJson.object();
            block.put("type", "redacted_thinking");
            block.put("data", String.valueOf(AnthropicJson.text(tb, "data")));
            int index = blockStart(block);
            blockStop(index);
            thinkingBlocksEnded++;
            return;
        }
        String thinking = AnthropicJson.text(tb, "thinking");
        String signature = AnthropicJson.text(tb, "signature");
        boolean continuesOpenBlock = open == Block.THINKING && !openThinkingComplete;
        if (!echoOfReasoning && AnthropicJson.isNonEmpty(thinking)) {
            if (!continuesOpenBlock) {
                openThinking();
                sendThinking(thinking);
            } else if (thinking.startsWith(openThinkingText.toString())) {
                String rest = thinking.substring(openThinkingText.length());
                if (!rest.isEmpty()) {
                    sendThinking(rest);
                }
            }
        }
        if (AnthropicJson.isNonEmpty(signature)) {
            if (open != Block.THINKING || openThinkingComplete) {
                openThinking();
            }
            ObjectNode delta = AnthropicJson.object();
            delta.put("type", "signature_delta");
            delta.put("signature", signature);
            blockDelta(delta);
        }
        if ((AnthropicJson.isNonEmpty(signature) || !echoOfReasoning) && open == Block.THINKING && !openThinkingComplete) {
            openThinkingComplete = true;
            thinkingBlocksEnded++;
        }
    }

    /**
     * A {@code reasoning_content} fragment. It continues the open thinking block unless that block has
     * ended; a new block after an ended one drops the blank line canonical streams put between the texts
     * of consecutive thinking blocks, so that each block's text is exactly the one its signature covers.
     */
    private void thinkingDelta(String text) {
        if (open != Block.THINKING || openThinkingComplete) {
            openThinking();
            if (thinkingBlocksEnded > 0 && text.startsWith(THINKING_SEPARATOR)) {
                text = text.substring(THINKING_SEPARATOR.length());
            }
        }
        if (!text.isEmpty()) {
            sendThinking(text);
        }
    }

    private void sendThinking(String text) {
        openThinkingText.append(text);
        ObjectNode delta = AnthropicJson.object();
        delta.put("type", "thinking_delta");
        delta.put("thinking", text);
        blockDelta(delta);
    }

    private void openThinking() {
        closeBlock();
        ObjectNode block = AnthropicJson.object();
        block.put("type", "thinking");
        block.put("thinking", "");
        block.put("signature", "");
        openIndex = blockStart(block);
        open = Block.THINKING;
        openThinkingComplete = false;
        openThinkingText.setLength(0);
    }

    private void textDelta(String text) {
        if (open != Block.TEXT) {
            closeBlock();
            ObjectNode block = AnthropicJson.object();
            block.put("type", "text");
            block.put("text", "");
            openIndex = blockStart(block);
            open = Block.TEXT;
        }
        ObjectNode delta = AnthropicJson.object();
        delta.put("type", "text_delta");
        delta.put("text", text);
        blockDelta(delta);
    }

    private void toolCallDelta(JsonNode call, int position) {
        JsonNode indexNode = call.get("index");
        int toolIndex = indexNode != null && indexNode.isNumber() ? indexNode.asInt() : position;
        JsonNode function = call.path("function");
        String arguments = AnthropicJson.text(function, "arguments");
        if (open != Block.TOOL || openToolIndex != toolIndex) {
            if (closedToolIndexes.contains(toolIndex)) {
                return;
            }
            closeBlock();
            ObjectNode block = AnthropicJson.object();
            block.put("type", "tool_use");
            String id = AnthropicJson.text(call, "id");
            block.put("id", AnthropicJson.isNonEmpty(id) ? id : AnthropicJson.toolUseId());
            String name = AnthropicJson.text(function, "name");
            block.put("name", name == null ? "" : name);
            block.putObject("input");
            openIndex = blockStart(block);
            open = Block.TOOL;
            openToolIndex = toolIndex;
            calledTools = true;
        }
        if (AnthropicJson.isNonEmpty(arguments)) {
            ObjectNode delta = AnthropicJson.object();
            delta.put("type", "input_json_delta");
            delta.put("partial_json", arguments);
            blockDelta(delta);
        }
    }

    private void messageStart(String id, String model) {
        started = true;
        ObjectNode event = AnthropicJson.object();
        event.put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", AnthropicJson.messageId(id));
        message.put("type", "message");
        message.put("role", "assistant");
        String named = AnthropicJson.isNonEmpty(model) ? model : requestedModel;
        message.put("model", named == null ? "" : named);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", AnthropicUsage.zero());
        event(event);
    }

    private void messageDelta() {
        messageDeltaSent = true;
        ObjectNode event = AnthropicJson.object();
        event.put("type", "message_delta");
        ObjectNode delta = event.putObject("delta");
        delta.put("stop_reason", AnthropicResponseEncoder.stopReason(finishReason, calledTools));
        delta.putNull("stop_sequence");
        event.set("usage", AnthropicUsage.fromCanonical(usage));
        event(event);
    }

    private int blockStart(ObjectNode contentBlock) {
        int index = nextIndex++;
        ObjectNode event = AnthropicJson.object();
        event.put("type", "content_block_start");
        event.put("index", index);
        event.set("content_block", contentBlock);
        event(event);
        return index;
    }

    private void blockDelta(ObjectNode delta) {
        ObjectNode event = AnthropicJson.object();
        event.put("type", "content_block_delta");
        event.put("index", openIndex);
        event.set("delta", delta);
        event(event);
    }

    private void closeBlock() {
        if (open == Block.NONE) {
            return;
        }
        if (open == Block.TOOL) {
            closedToolIndexes.add(openToolIndex);
            openToolIndex = -1;
        }
        blockStop(openIndex);
        open = Block.NONE;
        openIndex = -1;
    }

    private void blockStop(int index) {
        ObjectNode event = AnthropicJson.object();
        event.put("type", "content_block_stop");
        event.put("index", index);
        event(event);
    }

    private void event(ObjectNode event) {
        out.append("event: ").append(event.get("type").textValue()).append("\ndata: ")
                .append(AnthropicJson.write(event)).append("\n\n");
    }

    private Buffer flush() {
        Buffer buffer = Buffer.buffer(out.toString());
        out.setLength(0);
        return buffer;
    }
}
