package dev.tollgate.spi.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.TokenUsage;

import java.util.function.Consumer;

/**
 * Translates one call between the gateway's canonical form, OpenAI Chat Completions JSON, and an
 * upstream's wire format. Pure: no I/O, no clock. Created per call and used from one thread; a stream
 * translation keeps state between events (open content blocks, tool-call indexes, usage so far).
 *
 * <p>Canonical output follows the OpenAI API exactly (chat.completion, chat.completion.chunk) with two
 * widely used extensions for what OpenAI's format cannot say: {@code reasoning_content} (text of the
 * model's thinking, in messages and deltas) and {@code thinking_blocks} (the provider's opaque thinking
 * blocks with their signatures, so a later turn can hand them back).
 *
 * <p>An embeddings translation has the same shape with OpenAI's embeddings JSON as the canonical form: the
 * request is a {@code POST /v1/embeddings} body, the answer an embeddings {@code list}. It never streams, and its
 * answer leaves {@code usage} out when the upstream reported none; the gateway then puts in its own count.
 */
public interface ChatTranslation {

    /** The upstream request body (UTF-8 JSON) for a canonical request. */
    byte[] request(ObjectNode canonicalRequest, String upstreamModel, boolean stream) throws TranslationException;

    /** A complete upstream answer as a canonical {@code chat.completion}, usage included. */
    ObjectNode response(byte[] upstreamBody) throws TranslationException;

    /**
     * One upstream stream event; emits the canonical {@code chat.completion.chunk} objects it stands for
     * (zero or more), in order, before returning.
     *
     * @param event the SSE event name, or null when the event had none
     * @param data  the event's data
     */
    void onStreamEvent(String event, String data, Consumer<ObjectNode> emit) throws TranslationException;

    /**
     * The upstream stream ended. Emits what is still owed (a final chunk with {@code finish_reason}, then a
     * usage-only chunk with {@code "choices":[]}) and returns the usage the upstream reported, or null when
     * it reported none (the gateway then estimates).
     */
    TokenUsage finish(Consumer<ObjectNode> emit);

    /**
     * The usage the upstream reported in the answer last given to {@link #response}, complete (cache
     * writes included, which OpenAI's usage object cannot carry), or null when it reported none.
     */
    TokenUsage reportedUsage();
}
