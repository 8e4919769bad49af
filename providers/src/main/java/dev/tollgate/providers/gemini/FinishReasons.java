package dev.tollgate.providers.gemini;

import java.util.Set;

/** Gemini's {@code finishReason} as OpenAI's {@code finish_reason}. */
final class FinishReasons {

    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "MODEL_ARMOR");

    private FinishReasons() {
    }

    /**
     * {@code MAX_TOKENS} → {@code length}; the safety family and recitation → {@code content_filter}; anything
     * else ({@code STOP}, {@code OTHER}, {@code MALFORMED_FUNCTION_CALL}, none) → {@code tool_calls} when the
     * answer called functions, else {@code stop}.
     */
    static String of(String gemini, boolean calledTools) {
        if ("MAX_TOKENS".equals(gemini)) {
            return "length";
        }
        if (gemini != null && FILTERED.contains(gemini)) {
            return "content_filter";
        }
        return calledTools ? "tool_calls" : "stop";
    }
}
