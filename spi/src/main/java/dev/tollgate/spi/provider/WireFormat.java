package dev.tollgate.spi.provider;

/**
 * Families of wire formats. When a client's dialect and an upstream share one, the call takes the
 * byte-forwarding fast path; otherwise it is translated through the canonical form (OpenAI chat
 * completions).
 */
public enum WireFormat {
    OPENAI,
    /**
     * OpenAI's Responses API, a client dialect. Upstreams whose adapter supports
     * {@link dev.tollgate.spi.Endpoint#RESPONSES} take it as it is; for the others it is translated to chat.
     */
    OPENAI_RESPONSES,
    ANTHROPIC,
    GEMINI,
    BEDROCK
}
