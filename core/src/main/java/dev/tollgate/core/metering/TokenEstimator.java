package dev.tollgate.core.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.io.IOException;

/**
 * Counts tokens with a real tokenizer (o200k_base, GPT-4o's) when the upstream reported no usage, e.g. a
 * stream cut short. Counts are estimates for other model families and flagged as such. Thread-safe;
 * CPU-bound, so callers run it off the event loop. The tokenizer's tables (about 40 MB of heap) load on the
 * first count, not at start-up: most calls carry the upstream's own usage, and an idle gateway should not
 * hold them.
 */
public final class TokenEstimator {

    /** OpenAI's documented per-message framing overhead for chat requests. */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_REPLY = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile Encoding encoding;

    public long countText(String text) {
        return text == null || text.isEmpty() ? 0 : encoding().countTokensOrdinary(text);
    }

    private Encoding encoding() {
        Encoding e = encoding;
        if (e == null) {
            synchronized (this) { // worker threads only; the first count loads the tables once
                e = encoding;
                if (e == null) {
                    e = encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
                }
            }
        }
        return e;
    }

    /** Prompt tokens of an OpenAI request body: chat messages, a completion prompt or embedding input. */
    public long countPrompt(byte[] requestBody, int offset, int length) {
        JsonNode root;
        try {
            root = JSON.readTree(requestBody, offset, length);
        } catch (IOException e) {
            return 0;
        }
        long tokens = 0;
        JsonNode messages = root.path("messages");
        if (messages.isArray()) {
            for (JsonNode m : messages) {
                tokens += TOKENS_PER_MESSAGE + countText(m.path("role").asText(""));
                tokens += countContent(m.path("content"));
            }
            return tokens + TOKENS_PER_REPLY;
        }
        for (String field : new String[]{"prompt", "input"}) {
            tokens += countContent(root.path(field));
        }
        return tokens;
    }

    private long countContent(JsonNode content) {
        if (content.isTextual()) {
            return countText(content.asText());
        }
        long tokens = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    tokens += countText(part.asText());
                } else if (part.isNumber()) {
                    tokens += 1; // a pre-tokenised input
                } else if (part.has("text")) {
                    tokens += countText(part.path("text").asText());
                } else if (part.isArray()) {
                    tokens += part.size();
                }
            }
        }
        return tokens;
    }
}
