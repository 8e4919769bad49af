package dev.tollgate.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * What a chat stream delivered, in order: the content deltas, finish chunks, usage-only chunks, the
 * {@code [DONE]} terminator and anything malformed or late. Two streams of the same request must carry
 * the same content deltas in the same order (the simulator's reply is a pure function of the prompt), so
 * comparing with a direct call's sequence detects lost, duplicated, reordered or altered chunks.
 * Per stream, not thread-safe.
 */
public final class ChunkSequence {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> contents = new ArrayList<>();
    private int finishes;
    private int contentAfterFinish;
    private int dones;
    private int eventsAfterDone;
    private int malformed;

    /** Takes one event's data; returns true when it carried new (non-empty) content. */
    public boolean accept(String data) {
        if (dones > 0) {
            eventsAfterDone++;
        }
        if ("[DONE]".equals(data)) {
            dones++;
            return false;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (Exception e) {
            malformed++;
            return false;
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return false; // a usage-only chunk
        }
        String content = choice.path("delta").path("content").asText("");
        if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
            finishes++;
        }
        if (content.isEmpty()) {
            return false;
        }
        if (finishes > 0) {
            contentAfterFinish++;
        }
        contents.add(content);
        return true;
    }

    public int contentChunks() {
        return contents.size();
    }

    /** Null when this stream is faithful to {@code reference}, otherwise what differs. */
    public String differenceFrom(ChunkSequence reference) {
        if (malformed > 0) {
            return malformed + " malformed event(s)";
        }
        if (dones != 1) {
            return "[DONE] seen " + dones + " times";
        }
        if (eventsAfterDone > 0) {
            return eventsAfterDone + " event(s) after [DONE]";
        }
        if (finishes != 1 || contentAfterFinish > 0) {
            return "finish chunk seen " + finishes + " times" + (contentAfterFinish > 0 ? ", content after it" : "");
        }
        if (contents.size() != reference.contents.size()) {
            return contents.size() + " content chunks instead of " + reference.contents.size();
        }
        for (int i = 0; i < contents.size(); i++) {
            if (!contents.get(i).equals(reference.contents.get(i))) {
                return "content chunk " + (i + 1) + " is '" + contents.get(i) + "' instead of '"
                        + reference.contents.get(i) + "' (duplicated, lost or out of order)";
            }
        }
        return null;
    }
}
