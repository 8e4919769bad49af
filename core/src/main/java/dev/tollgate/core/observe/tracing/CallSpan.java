package dev.tollgate.core.observe.tracing;

import dev.tollgate.spi.TokenUsage;

/**
 * The trace of one client call (an OpenTelemetry SERVER span when tracing is on). {@link #NONE}, a shared
 * instance whose methods do nothing, stands for every call while tracing is off, so the pipeline calls these
 * methods unconditionally and allocates nothing for them. Event-loop only, like the call it traces.
 */
public class CallSpan {

    public static final CallSpan NONE = new CallSpan();

    protected CallSpan() {
    }

    /** The model the client asked for and the output cap it set (0: none); names the span {@code chat {model}}. */
    public void request(String model, long maxTokens, boolean stream) {
    }

    /**
     * Starts the span of one upstream attempt, a child of this one.
     *
     * @param providerType the provider's adapter type (openai, anthropic, bedrock, …)
     */
    public AttemptSpan attempt(int number, String deployment, String providerType, String upstreamModel) {
        return AttemptSpan.NONE;
    }

    /**
     * Ends the span with what the call came to. {@code upstreamModel} and {@code deployment} are those of the
     * attempt that served (or was tried last); null when none was made.
     */
    public void end(int status, String errorType, TokenUsage usage, long costNanoUsd, boolean cacheHit,
                    String upstreamModel, String deployment, int attempts) {
    }
}
