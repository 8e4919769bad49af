package dev.tollgate.core.openai;

/**
 * What the fast path needs to know about an OpenAI request body, found without binding it to objects.
 * Offsets are byte positions in the original body; -1 means absent.
 *
 * @param modelStart        first byte of the model value (its opening quote)
 * @param modelEnd          one past the last byte of the model value (after its closing quote)
 * @param rootStart         position of the document's opening brace
 * @param streamOptionsStart position of the {@code stream_options} object's opening brace, or -1
 * @param includeUsageStart first byte of the {@code include_usage} value inside stream_options, or -1
 * @param includeUsageEnd   one past its last byte, or -1
 * @param streamOptionsNullStart first byte of a literal {@code "stream_options": null} value, or -1
 * @param maxOutputTokens   the output limit the request sets ({@code max_tokens}, {@code max_completion_tokens}
 *                          or {@code max_output_tokens}, the largest if several), or -1: the ledger reserves for it
 */
public record RequestFacts(
        String model,
        int modelStart,
        int modelEnd,
        boolean stream,
        boolean includeUsage,
        int rootStart,
        int streamOptionsStart,
        int includeUsageStart,
        int includeUsageEnd,
        int streamOptionsNullStart,
        long maxOutputTokens) {
}
