package dev.tollgate.core.guardrails;

/** A ceiling on the output a request may ask for ({@code max_tokens}, {@code max_completion_tokens}, {@code max_output_tokens}). */
final class MaxTokensGuardrail implements Guardrail.Local {

    private final long max;
    private final boolean required;

    /** @param required also refuse requests that set no cap at all */
    MaxTokensGuardrail(long max, boolean required) {
        this.max = max;
        this.required = required;
    }

    @Override
    public Verdict evaluate(Check check) {
        if (check.maxTokens() > max) {
            return Verdict.block("The request asks for up to " + check.maxTokens() + " output tokens; at most " + max
                    + " are allowed.");
        }
        if (required && check.maxTokens() < 0) {
            return Verdict.block("The request must set max_tokens (at most " + max + ").");
        }
        return Verdict.ALLOW;
    }
}
