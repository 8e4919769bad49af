package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds canonical {@code chat.completion.chunk}s, each with the stream's id, creation time and model, and
 * {@code "logprobs":null} on its choice.
 */
public final class Chunks {

    private final String id;
    private final long created;
    private final String model;

    public Chunks(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** A chunk with one choice holding {@code delta}, and {@code finish_reason} (null until the last). */
    public ObjectNode delta(ObjectNode delta, String finishReason) {
        ObjectNode chunk = head();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    /** The usage-only chunk OpenAI sends last: {@code "choices":[]}. */
    public ObjectNode usage(ObjectNode usage) {
        ObjectNode chunk = head();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return chunk;
    }

    /** The first chunk of a stream: {@code {"role":"assistant","content":""}}. */
    public ObjectNode role() {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return delta(delta, null);
    }

    /** A {@code content} delta. */
    public ObjectNode content(String text) {
        ObjectNode delta = Json.object();
        delta.put("content", text);
        return delta(delta, null);
    }

    /** A {@code reasoning_content} delta. */
    public ObjectNode reasoning(String text) {
        ObjectNode delta = Json.object();
        delta.put("reasoning_content", text);
        return delta(delta, null);
    }

    /** A {@code thinking_blocks} delta holding one complete block. */
    public ObjectNode thinkingBlock(ObjectNode block) {
        ObjectNode delta = Json.object();
        delta.putArray("thinking_blocks").add(block);
        return delta(delta, null);
    }

    /** The delta that opens tool call {@code index}: its id, name and (still) empty arguments. */
    public ObjectNode toolCallStart(int index, String id, String name) {
        ObjectNode call = Json.object();
        call.put("index", index);
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", "");
        return toolCall(call);
    }

    /** A fragment of tool call {@code index}'s arguments. */
    public ObjectNode toolCallArguments(int index, String arguments) {
        ObjectNode call = Json.object();
        call.put("index", index);
        call.putObject("function").put("arguments", arguments);
        return toolCall(call);
    }

    private ObjectNode toolCall(ObjectNode call) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        return delta(delta, null);
    }

    private ObjectNode head() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }
}
