package dev.tollgate.spi.provider;

/**
 * Families of wire formats. When a client's dialect and an upstream share one, the call takes the
 * byte-forwarding fast path; otherwise it is translated through the canonical form (OpenAI chat
 * completions).
 */
public enum WireFormat {
    OPENAI,
    /** OpenAI's Responses API: a client dialect only; no upstream adapter speaks it yet, so it is always translated. */
    OPENAI_RESPONSES,
    ANTHROPIC,
    GEMINI,
    BEDROCK
}
