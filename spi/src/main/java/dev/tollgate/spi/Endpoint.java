package dev.tollgate.spi;

/** The client-facing operations a provider adapter may declare support for. */
public enum Endpoint {
    CHAT_COMPLETIONS("chat/completions"),
    COMPLETIONS("completions"),
    EMBEDDINGS("embeddings");

    private final String openAiPath;

    Endpoint(String openAiPath) {
        this.openAiPath = openAiPath;
    }

    /** Path below an OpenAI-style base URL ({@code .../v1}), without a leading slash. */
    public String openAiPath() {
        return openAiPath;
    }

    /** Whether a call of this kind may stream its answer. */
    public boolean canStream() {
        return this != EMBEDDINGS;
    }
}
