package dev.tollgate.spi.provider;

/**
 * Families of wire formats. When a client's dialect and an upstream share one, the call takes the
 * byte-forwarding fast path; otherwise it is translated through the canonical form (OpenAI chat
 * completions).
 */
public enum WireFormat {
    OPENAI,
    ANTHROPIC,
    GEMINI,
    BEDROCK
}
