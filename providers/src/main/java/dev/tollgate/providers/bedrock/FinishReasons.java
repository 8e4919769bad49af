package dev.tollgate.providers.bedrock;

/** Bedrock's {@code stopReason} as an OpenAI {@code finish_reason}. */
final class FinishReasons {

    private FinishReasons() {
    }

    /**
     * @param stopReason   Bedrock's stop reason, or null when none came
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
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            // end_turn, stop_sequence, malformed_model_output, malformed_tool_use and anything newer
            default -> hasToolCalls ? "tool_calls" : "stop";
        };
    }
}
