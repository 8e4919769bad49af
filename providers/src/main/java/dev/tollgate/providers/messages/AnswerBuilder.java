package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;

/**
 * A canonical {@code chat.completion} built from the content blocks of a complete Messages-shaped answer,
 * which each format reads in its own words and hands over in order. One instance per answer.
 */
public final class AnswerBuilder {

    /** Separates the text of consecutive thinking blocks in {@code reasoning_content} (streams do the same). */
    public static final String THINKING_SEPARATOR = "\n\n";

    private final String jsonToolName;
    private final StringBuilder text = new StringBuilder();
    private boolean sawText;
    private StringBuilder reasoning;
    private final ArrayNode thinkingBlocks = Json.array();
    private final ArrayNode toolCalls = Json.array();
    private String json;

    /** @param jsonToolName the JSON-mode tool, whose call becomes the message content, or null */
    public AnswerBuilder(String jsonToolName) {
        this.jsonToolName = jsonToolName;
    }

    public void text(String text) {
        sawText = true;
        this.text.append(text);
    }

    /** A thinking block: its text joins {@code reasoning_content}, and it is kept, signed, to be handed back. */
    public void thinking(String thinking, String signature) {
        if (reasoning == null) {
            reasoning = new StringBuilder(thinking);
        } else if (!thinking.isEmpty()) {
            reasoning.append(reasoning.isEmpty() ? "" : THINKING_SEPARATOR).append(thinking);
        }
        ObjectNode kept = thinkingBlocks.addObject();
        kept.put("type", "thinking");
        kept.put("thinking", thinking);
        kept.put("signature", signature);
    }

    /** @param kept the canonical {@code {"type":"redacted_thinking","data"}} block */
    public void redactedThinking(ObjectNode kept) {
        thinkingBlocks.add(kept);
    }

    public void toolUse(String id, String name, JsonNode input) {
        if (name.equals(jsonToolName)) {
            json = Json.compact(input);
        } else {
            toolCalls.add(ToolCalls.call(id, name, Json.compact(input)));
        }
    }

    /** Whether the answer calls tools for the client; the JSON-mode tool does not count. */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** @param usage the upstream's usage, or null when it reported none */
    public ObjectNode completion(String id, String model, long created, String finishReason, CacheAwareUsage usage) {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        if (json != null) {
            msg.put("content", json); // JSON mode: the forced tool's input is the answer (any text beside it is not)
        } else if (sawText || toolCalls.isEmpty()) {
            msg.put("content", text.toString());
        } else {
            msg.putNull("content");
        }
        if (reasoning != null) {
            msg.put("reasoning_content", reasoning.toString());
        }
        if (!thinkingBlocks.isEmpty()) {
            msg.set("thinking_blocks", thinkingBlocks);
        }
        if (!toolCalls.isEmpty()) {
            msg.set("tool_calls", toolCalls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (usage != null) {
            out.set("usage", usage.toOpenAi());
        }
        return out;
    }
}
