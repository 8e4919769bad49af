package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Canonical {@code messages} regrouped as the alternating turns most upstreams want: what each message
 * becomes (its upstream blocks or parts) is appended under an upstream role, and consecutive messages of one
 * role merge into one turn. Also reads what every message must have. One instance per request.
 */
public final class Turns {

    /** @param items the turn's upstream blocks or parts, in order */
    public record Turn(String role, List<ObjectNode> items) {
    }

    private final List<Turn> turns = new ArrayList<>();

    /** Checks that {@code messages} is a non-empty array. */
    public static void requireMessages(JsonNode messages) throws TranslationException {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new TranslationException("messages must be a non-empty array");
        }
    }

    /** The message's {@code role}; the message must be an object and have one. */
    public static String role(JsonNode message, String path) throws TranslationException {
        if (!message.isObject()) {
            throw new TranslationException(path + " must be an object");
        }
        String role = Json.text(message, "role");
        if (role == null) {
            throw new TranslationException(path + ".role is required");
        }
        return role;
    }

    /** Appends {@code items} under {@code role}, to the last turn when it has that role; no items, no turn. */
    public void append(String role, List<ObjectNode> items) {
        if (items.isEmpty()) {
            return; // an empty message carries nothing, and upstreams refuse empty content
        }
        Turn last = turns.isEmpty() ? null : turns.getLast();
        if (last != null && last.role().equals(role)) {
            last.items().addAll(items);
        } else {
            turns.add(new Turn(role, new ArrayList<>(items)));
        }
    }

    /** The turns; there must be at least one. */
    public List<Turn> result() throws TranslationException {
        if (turns.isEmpty()) {
            throw new TranslationException("messages must hold at least one user or assistant message with content");
        }
        return turns;
    }
}
