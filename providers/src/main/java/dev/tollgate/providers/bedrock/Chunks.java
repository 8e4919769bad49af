package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds canonical {@code chat.completion.chunk}s, each with the stream's id, creation time and model. */
final class Chunks {

    private final String id;
    private final long created;
    private final String model;

    Chunks(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** A chunk with one choice holding {@code delta}, and {@code finish_reason} (null until the last). */
    ObjectNode delta(ObjectNode delta, String finishReason) {
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
    ObjectNode usage(ObjectNode usage) {
        ObjectNode chunk = head();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return chunk;
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
