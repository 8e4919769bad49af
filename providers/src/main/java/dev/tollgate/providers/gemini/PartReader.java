package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.providers.canonical.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a Gemini candidate as the pieces the canonical form knows, in order. A part with
 * {@code thought: true} is thinking text; a {@code thoughtSignature} may ride on any part (a thought, a text, a
 * function call, or an empty text): it is read after a thought's text and before any other part's content, so
 * that it closes the thinking that preceded it. Other parts (code execution, inline media) are skipped.
 */
final class PartReader {

    sealed interface Piece {
    }

    record Thought(String text) implements Piece {
    }

    record Text(String text) implements Piece {
    }

    /** @param arguments the call's {@code args} as a JSON string, OpenAI-style */
    record Call(String name, String arguments) implements Piece {
    }

    record Signature(String signature) implements Piece {
    }

    private PartReader() {
    }

    static List<Piece> read(JsonNode parts) {
        List<Piece> pieces = new ArrayList<>();
        if (parts == null || !parts.isArray()) {
            return pieces;
        }
        for (JsonNode part : parts) {
            String signature = Json.text(part, "thoughtSignature");
            boolean hasSignature = signature != null && !signature.isEmpty();
            String text = Json.text(part, "text");
            if (part.path("thought").asBoolean(false)) {
                if (text != null && !text.isEmpty()) {
                    pieces.add(new Thought(text));
                }
                if (hasSignature) {
                    pieces.add(new Signature(signature));
                }
                continue;
            }
            if (hasSignature) {
                pieces.add(new Signature(signature));
            }
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                JsonNode args = call.get("args");
                pieces.add(new Call(String.valueOf(Json.text(call, "name")),
                        args != null && args.isObject() ? Json.compact(args) : "{}"));
            } else if (text != null && !text.isEmpty()) {
                pieces.add(new Text(text));
            }
        }
        return pieces;
    }
}
