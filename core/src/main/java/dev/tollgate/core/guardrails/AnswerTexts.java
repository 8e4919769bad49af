package dev.tollgate.core.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.spi.Endpoint;

import java.io.IOException;

/** The generated text of a complete (non-streamed) answer, in the format of the endpoint the client called. */
public final class AnswerTexts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerTexts() {
    }

    /** The answer's text, several parts joined by newlines; null when the answer has no text (or is not JSON). */
    public static String of(Endpoint endpoint, byte[] answer) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        switch (endpoint) {
            case CHAT_COMPLETIONS -> root.path("choices").forEach(c -> append(out, c.path("message").path("content")));
            case COMPLETIONS -> root.path("choices").forEach(c -> append(out, c.path("text")));
            case MESSAGES -> root.path("content").forEach(b -> {
                if ("text".equals(b.path("type").asText())) {
                    append(out, b.path("text"));
                }
            });
            case RESPONSES -> root.path("output").forEach(item -> item.path("content").forEach(part -> {
                if ("output_text".equals(part.path("type").asText())) {
                    append(out, part.path("text"));
                }
            }));
            default -> {
                return null;
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode text) {
        if (text.isTextual()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(text.asText());
        }
    }
}
