package dev.tollgate.core.guardrails;

import dev.tollgate.spi.Endpoint;

import java.util.List;

/**
 * What a guardrail is shown.
 *
 * @param hook            request or answer
 * @param endpoint        what the client called
 * @param model           the model group the call resolved to (a configured name)
 * @param requestId       the call's id (told to webhooks)
 * @param texts           PRE: the request's texts (messages, prompt, input, instructions, system) in document
 *                        order; POST: the generated text, one element
 * @param maxTokens       the output cap the request asked for, or -1 when it set none
 * @param complete        POST: the whole answer (false at a stream's intermediate checkpoint)
 */
public record Check(Hook hook, Endpoint endpoint, String model, String requestId, List<String> texts, long maxTokens,
                    boolean complete) {

    public Check {
        texts = List.copyOf(texts);
    }

    /** The texts' total length in chars: what decides whether a local check runs inline or on a worker. */
    public long chars() {
        long n = 0;
        for (String t : texts) {
            n += t.length();
        }
        return n;
    }

    public String joined() {
        return texts.size() == 1 ? texts.get(0) : String.join("\n", texts);
    }
}
