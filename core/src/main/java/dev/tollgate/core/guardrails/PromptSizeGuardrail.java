package dev.tollgate.core.guardrails;

import dev.tollgate.core.metering.TokenEstimator;

/**
 * A ceiling on the prompt: its text in chars and, when set, in tokens (counted with the gateway's tokenizer,
 * {@code o200k_base}; the runner moves large prompts to a worker thread).
 */
final class PromptSizeGuardrail implements Guardrail.Local {

    private static final TokenEstimator TOKENS = new TokenEstimator();

    private final long maxChars;
    private final long maxTokens;

    PromptSizeGuardrail(long maxChars, long maxTokens) {
        this.maxChars = maxChars;
        this.maxTokens = maxTokens;
    }

    @Override
    public Verdict evaluate(Check check) {
        long chars = check.chars();
        if (maxChars > 0 && chars > maxChars) {
            return Verdict.block("The prompt has " + chars + " characters; at most " + maxChars + " are allowed.");
        }
        if (maxTokens > 0 && chars > maxTokens) { // fewer chars than the limit cannot make more tokens
            long tokens = TOKENS.countText(check.joined());
            if (tokens > maxTokens) {
                return Verdict.block("The prompt has about " + tokens + " tokens; at most " + maxTokens
                        + " are allowed.");
            }
        }
        return Verdict.ALLOW;
    }
}
