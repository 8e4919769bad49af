package dev.tollgate.core.guardrails;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.Map;

/**
 * Placeholder ↔ value substitution in answers: in plain text, and in raw JSON bytes (values JSON-escaped, so the
 * answer stays valid JSON without being parsed). Immutable.
 */
public final class Placeholders {

    private final Map<String, String> originals; // placeholder → value
    private final int longest;

    public Placeholders(Map<String, String> originals) {
        this.originals = Map.copyOf(originals);
        this.longest = originals.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    public boolean isEmpty() {
        return originals.isEmpty();
    }

    /** Puts the values back into a text. */
    public String restore(String text) {
        if (text.indexOf('[') < 0) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> e : originals.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Puts the values back into JSON text (inside string literals, escaped). */
    public String restoreJson(String json) {
        if (json.indexOf('[') < 0) {
            return json;
        }
        String out = json;
        for (Map.Entry<String, String> e : originals.entrySet()) {
            out = out.replace(e.getKey(), escaped(e.getValue()));
        }
        return out;
    }

    /** Replaces the values with their placeholders in JSON text: an answer's redaction. */
    public String redactJson(String json) {
        String out = json;
        for (Map.Entry<String, String> e : originals.entrySet()) {
            out = out.replace(escaped(e.getValue()), e.getKey());
        }
        return out;
    }

    /**
     * Where a possibly unfinished placeholder starts at the end of a text (a stream delta that ends in
     * {@code "[EMA"}), or -1. The caller holds that tail back until the next delta completes or refutes it.
     */
    public int partialTail(String text) {
        int from = Math.max(0, text.length() - longest + 1);
        int open = text.lastIndexOf('[');
        if (open < from || text.indexOf(']', open) >= 0) {
            return -1;
        }
        String tail = text.substring(open);
        for (String placeholder : originals.keySet()) {
            if (placeholder.startsWith(tail)) {
                return open;
            }
        }
        return -1;
    }

    private static String escaped(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
