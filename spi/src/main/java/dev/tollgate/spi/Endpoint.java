package dev.tollgate.spi;

/**
 * The client-facing operations: what a client called (booked with every call as {@link UsageEvent#endpoint()},
 * labelled in metrics) and what a provider adapter may declare support for.
 *
 * <p>OpenAI's own endpoints (chat completions, completions, embeddings) are also the gateway's canonical form.
 * {@link #MESSAGES} and {@link #RESPONSES} are client surfaces in other APIs: an adapter that
 * {@link dev.tollgate.spi.provider.ProviderAdapter#supports supports} one of them takes such calls as they are;
 * towards any other upstream they are translated into their {@link #canonical()} form, chat.
 */
public enum Endpoint {
    CHAT_COMPLETIONS("chat/completions"),
    COMPLETIONS("completions"),
    EMBEDDINGS("embeddings"),
    /** Anthropic's Messages API, {@code POST /v1/messages}. */
    MESSAGES("messages"),
    /** OpenAI's Responses API, {@code POST /v1/responses}. */
    RESPONSES("responses");

    private final String openAiPath;

    Endpoint(String openAiPath) {
        this.openAiPath = openAiPath;
    }

    /**
     * Path below an API root ({@code .../v1}), without a leading slash: the path the client called, and the path
     * at an OpenAI-style upstream.
     */
    public String openAiPath() {
        return openAiPath;
    }

    /** Whether a call of this kind may stream its answer. */
    public boolean canStream() {
        return this != EMBEDDINGS;
    }

    /**
     * The operation a call of this kind becomes in the canonical form (OpenAI Chat Completions): itself for
     * OpenAI's endpoints; chat for Messages and Responses, which only exist as client dialects of it.
     */
    public Endpoint canonical() {
        return this == MESSAGES || this == RESPONSES ? CHAT_COMPLETIONS : this;
    }
}
