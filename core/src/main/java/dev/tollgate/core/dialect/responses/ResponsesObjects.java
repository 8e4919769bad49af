package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Response object and its output items, built the same way for whole answers and at the end of
 * streams, in the field order OpenAI uses.
 */
final class ResponsesObjects {

    /** How a response ended: its {@code status} and, when incomplete, why. */
    record Outcome(String status, String incompleteReason) {

        static final Outcome IN_PROGRESS = new Outcome("in_progress", null);
        static final Outcome FAILED = new Outcome("failed", null);

        /** {@code length} → incomplete (max_output_tokens), {@code content_filter} → incomplete; else completed. */
        static Outcome of(String finishReason) {
            if ("length".equals(finishReason)) {
                return new Outcome("incomplete", "max_output_tokens");
            }
            if ("content_filter".equals(finishReason)) {
                return new Outcome("incomplete", "content_filter");
            }
            return new Outcome("completed", null);
        }

        boolean incomplete() {
            return "incomplete".equals(status);
        }
    }

    private ResponsesObjects() {
    }

    /**
     * A Response object.
     *
     * @param error  {@code {code, message}} for a failed response, else null
     * @param usage  Responses usage, or null when none is known (the field is then left out)
     */
    static ObjectNode response(String id, long createdAt, String model, Outcome outcome, ObjectNode error,
                               ArrayNode output, ObjectNode usage, ResponsesEcho echo) {
        ObjectNode out = ResponsesJson.object();
        out.put("id", id);
        out.put("object", "response");
        out.put("created_at", createdAt);
        out.put("status", outcome.status());
        out.put("background", false);
        if (error == null) {
            out.putNull("error");
        } else {
            out.set("error", error);
        }
        if (outcome.incompleteReason() == null) {
            out.putNull("incomplete_details");
        } else {
            out.putObject("incomplete_details").put("reason", outcome.incompleteReason());
        }
        echo.writeBeforeModel(out);
        out.put("model", model == null ? "" : model);
        out.set("output", output);
        echo.writeAfterOutput(out);
        if (usage != null) {
            out.set("usage", usage);
        }
        echo.writeTail(out);
        return out;
    }

    /**
     * The output of an incomplete response: the item that was being written when the output was cut
     * short, the last message or function call, is incomplete too.
     */
    static void markLastIncomplete(ArrayNode output) {
        if (output.isEmpty()) {
            return;
        }
        JsonNode last = output.get(output.size() - 1);
        String type = ResponsesJson.text(last, "type");
        if (last instanceof ObjectNode item && ("message".equals(type) || "function_call".equals(type))) {
            item.put("status", "incomplete");
        }
    }

    static ObjectNode messageItem(String id, String status, ArrayNode content) {
        ObjectNode item = ResponsesJson.object();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.set("content", content);
        item.put("role", "assistant");
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = ResponsesJson.object();
        part.put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        return part;
    }

    static ObjectNode refusal(String text) {
        ObjectNode part = ResponsesJson.object();
        part.put("type", "refusal");
        part.put("refusal", text);
        return part;
    }

    static ObjectNode functionCall(String id, String status, String arguments, String callId, String name) {
        ObjectNode item = ResponsesJson.object();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("arguments", arguments);
        item.put("call_id", callId);
        item.put("name", name);
        return item;
    }

    /** A Response's {@code error}: {@code code} must be one of the API's response error codes. */
    static ObjectNode error(int httpStatus, String message) {
        ObjectNode error = ResponsesJson.object();
        error.put("code", httpStatus == 429 ? "rate_limit_exceeded" : "server_error");
        error.put("message", message == null ? "" : message);
        return error;
    }
}
