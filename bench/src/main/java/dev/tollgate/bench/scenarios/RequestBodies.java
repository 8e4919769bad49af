package dev.tollgate.bench.scenarios;

import java.nio.charset.StandardCharsets;

/** Chat Completions request bodies of a chosen size, padded with plain words (no JSON escaping needed). */
public final class RequestBodies {

    private static final String FILLER = "the quick brown fox jumps over the lazy dog while the gateway counts tokens ";

    private RequestBodies() {
    }

    /** A body of about {@code bytes} bytes (never less than the envelope itself). */
    public static byte[] chat(String model, int bytes, boolean stream) {
        String head = "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a benchmark.\"},"
                + "{\"role\":\"user\",\"content\":\"";
        String tail = "\"}]}";
        int room = Math.max(5, bytes - head.length() - tail.length());
        StringBuilder content = new StringBuilder(room);
        while (content.length() < room) {
            content.append(FILLER, 0, Math.min(FILLER.length(), room - content.length()));
        }
        return (head + content.toString().stripTrailing() + "." + tail).getBytes(StandardCharsets.UTF_8);
    }
}
