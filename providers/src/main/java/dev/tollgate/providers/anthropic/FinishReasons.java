package dev.tollgate.providers.anthropic;

/** Anthropic's {@code stop_reason} as an OpenAI {@code finish_reason}. */
final class FinishReasons {

    private FinishReasons() {
    }

    /**
     * @param stopReason   Anthropic's stop reason, or null when none came
     * @param hasToolCalls whether the answer carries tool calls for the client (the JSON-mode tool does not
     *                     count: its call is the answer's content, so that turn simply stopped)
     */
    static String of(String stopReason, boolean hasToolCalls) {
        if (stopReason == null) {
            return hasToolCalls ? "tool_calls" : "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> hasToolCalls ? "tool_calls" : "stop";
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, pause_turn and anything newer
            default -> "stop";
        };
    }
}
