package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Builders of the canonical {@code chat.completion} and {@code chat.completion.chunk} objects. */
final class Canonical {

    static final String DEFAULT_ID = "chatcmpl-gemini";

    /**
     * What every object of one answer repeats. {@code created} comes from the answer's {@code createTime}
     * (Vertex sends one, the Gemini API does not: then 0, since a translation reads no clock).
     *
     * @param responseId Gemini's {@code responseId}, or null
     */
    record Meta(String id, String responseId, long created, String model) {

        static Meta of(JsonNode root, String requestedModel) {
            String responseId = root == null ? null : Json.text(root, "responseId");
            String version = root == null ? null : Json.text(root, "modelVersion");
            String model = version != null ? version : requestedModel != null ? requestedModel : "gemini";
            return new Meta(responseId != null ? responseId : DEFAULT_ID, responseId, created(root), model);
        }

        /** A deterministic tool-call id: the answer's id (when Gemini gave one) and the call's index. */
        String toolCallId(int index) {
            return responseId != null ? "call_" + responseId + "_" + index : "call_" + index;
        }

        private static long created(JsonNode root) {
            String createTime = root == null ? null : Json.text(root, "createTime");
            if (createTime == null) {
                return 0;
            }
            try {
                return OffsetDateTime.parse(createTime).toEpochSecond();
            } catch (DateTimeParseException e) {
                return 0;
            }
        }
    }

    private Canonical() {
    }

    static ObjectNode completion(Meta meta, ObjectNode message, String finishReason, TokenUsage usage) {
        ObjectNode out = head(meta, "chat.completion");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason);
        if (usage != null) {
            out.set("usage", GeminiUsage.json(usage));
        }
        return out;
    }

    static ObjectNode chunk(Meta meta, ObjectNode delta, String finishReason) {
        ObjectNode out = head(meta, "chat.completion.chunk");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return out;
    }

    static ObjectNode usageChunk(Meta meta, TokenUsage usage) {
        ObjectNode out = head(meta, "chat.completion.chunk");
        out.putArray("choices");
        out.set("usage", GeminiUsage.json(usage));
        return out;
    }

    private static ObjectNode head(Meta meta, String object) {
        ObjectNode out = Json.object();
        out.put("id", meta.id());
        out.put("object", object);
        out.put("created", meta.created());
        out.put("model", meta.model());
        return out;
    }
}
