package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A canonical {@code chat.completion} as a Response object: output items in the order reasoning, the
 * assistant message (its text as {@code output_text}, a refusal as {@code refusal}), function calls;
 * {@code finish_reason} {@code length} or {@code content_filter} as status {@code incomplete}; usage with
 * cached and reasoning token counts. Only choice 0 is translated (Responses has no {@code n}).
 */
public final class ResponsesResponseEncoder {

    private ResponsesResponseEncoder() {
    }

    /** The Response for a canonical answer, echoing the API's defaults for the request's parameters. */
    public static ObjectNode fromCanonical(ObjectNode canonical) {
        return fromCanonical(canonical, null);
    }

    /**
     * The Response for a canonical answer, echoing the parameters ({@code tools}, {@code tool_choice},
     * {@code temperature}, …) of the canonical request it answers (or the API's defaults when null).
     */
    public static ObjectNode fromCanonical(ObjectNode canonical, ObjectNode canonicalRequest) {
        ResponsesEcho echo = new ResponsesEcho(canonicalRequest);
        String id = ResponsesJson.responseId(ResponsesJson.text(canonical, "id"));
        JsonNode choice = canonical.path("choices").path(0);
        JsonNode message = choice.path("message");
        ArrayNode output = ResponsesJson.NODES.arrayNode();

        JsonNode thinkingBlocks = message.get("thinking_blocks");
        String reasoning = ResponsesJson.text(message, "reasoning_content");
        if (!ResponsesJson.isNonEmpty(reasoning)) {
            reasoning = ResponsesReasoning.text(thinkingBlocks);
        }
        boolean hasBlocks = thinkingBlocks != null && thinkingBlocks.isArray() && !thinkingBlocks.isEmpty();
        if (!reasoning.isEmpty() || hasBlocks) {
            output.add(ResponsesReasoning.item(ResponsesJson.itemId("rs", id, output.size()), reasoning, thinkingBlocks));
        }

        ArrayNode content = content(message);
        if (!content.isEmpty()) {
            output.add(ResponsesObjects.messageItem(ResponsesJson.itemId("msg", id, output.size()), "completed", content));
        }

        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            String callId = ResponsesJson.text(call, "id");
            String name = ResponsesJson.text(function, "name");
            String arguments = ResponsesJson.text(function, "arguments");
            output.add(ResponsesObjects.functionCall(ResponsesJson.itemId("fc", id, output.size()), "completed",
                    arguments == null ? "" : arguments, ResponsesJson.isNonEmpty(callId) ? callId : ResponsesJson.callId(),
                    name == null ? "" : name));
        }

        ResponsesObjects.Outcome outcome = ResponsesObjects.Outcome.of(ResponsesJson.text(choice, "finish_reason"));
        if (outcome.incomplete()) {
            ResponsesObjects.markLastIncomplete(output);
        }
        String model = ResponsesJson.text(canonical, "model");
        return ResponsesObjects.response(id, createdAt(canonical), model != null ? model : echo.model(), outcome, null,
                output, ResponsesUsage.fromCanonical(canonical.get("usage")), echo);
    }

    /** The answer's {@code created}, or now when it has none. */
    static long createdAt(JsonNode canonical) {
        JsonNode created = canonical == null ? null : canonical.get("created");
        return created != null && created.isNumber() ? created.asLong() : System.currentTimeMillis() / 1000;
    }

    /** The message's text (its content string, or its text parts joined) and refusal as output content parts. */
    private static ArrayNode content(JsonNode message) {
        ArrayNode parts = ResponsesJson.NODES.arrayNode();
        JsonNode content = message.get("content");
        StringBuilder text = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        if (content != null && content.isTextual()) {
            text.append(content.textValue());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if ("refusal".equals(ResponsesJson.text(part, "type"))) {
                    String r = ResponsesJson.text(part, "refusal");
                    refusal.append(r == null ? "" : r);
                } else {
                    String t = ResponsesJson.text(part, "text");
                    text.append(t == null ? "" : t);
                }
            }
        }
        String refusalField = ResponsesJson.text(message, "refusal");
        if (refusalField != null) {
            refusal.append(refusalField);
        }
        if (!text.isEmpty()) {
            parts.add(ResponsesObjects.outputText(text.toString()));
        }
        if (!refusal.isEmpty()) {
            parts.add(ResponsesObjects.refusal(refusal.toString()));
        }
        return parts;
    }
}
