package dev.tollgate.core.openai;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Produces the upstream body from the client's bytes: the model value replaced, and for streams
 * {@code stream_options.include_usage} forced on so the upstream reports usage. Everything else is copied
 * byte for byte. Stateless and thread-safe.
 */
public final class RequestRewriter {

    private static final byte[] INCLUDE_USAGE_OPTION = "\"stream_options\":{\"include_usage\":true},"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INCLUDE_USAGE_FIELD = "\"include_usage\":true,".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INCLUDE_USAGE_ONLY = "\"include_usage\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    public Buffer rewrite(byte[] body, int length, RequestFacts facts, String upstreamModel, boolean streaming) {
        byte[] model = JsonStrings.quote(upstreamModel);
        Buffer out = Buffer.buffer(length + model.length + INCLUDE_USAGE_OPTION.length);
        // Edits, in byte order: one insertion near the start and the model replacement.
        int insertAt = -1;
        byte[] insertion = null;
        int replaceUsageStart = -1, replaceUsageEnd = -1;
        if (streaming && !facts.includeUsage()) {
            if (facts.streamOptionsStart() < 0) {
                insertAt = facts.rootStart() + 1;
                insertion = INCLUDE_USAGE_OPTION;
            } else if (facts.includeUsageStart() < 0) {
                insertAt = facts.streamOptionsStart() + 1;
                insertion = isEmptyObjectAt(body, facts.streamOptionsStart(), length)
                        ? INCLUDE_USAGE_ONLY : INCLUDE_USAGE_FIELD;
            } else {
                replaceUsageStart = facts.includeUsageStart();
                replaceUsageEnd = facts.includeUsageEnd();
            }
        }
        int pos = 0;
        if (insertAt >= 0 && insertAt <= facts.modelStart()) {
            out.appendBytes(body, 0, insertAt).appendBytes(insertion);
            pos = insertAt;
            insertAt = -1;
        }
        if (replaceUsageStart >= 0 && replaceUsageStart < facts.modelStart()) {
            out.appendBytes(body, pos, replaceUsageStart - pos).appendBytes(TRUE);
            pos = replaceUsageEnd;
            replaceUsageStart = -1;
        }
        out.appendBytes(body, pos, facts.modelStart() - pos).appendBytes(model);
        pos = facts.modelEnd();
        if (insertAt >= 0) {
            out.appendBytes(body, pos, insertAt - pos).appendBytes(insertion);
            pos = insertAt;
        }
        if (replaceUsageStart >= 0) {
            out.appendBytes(body, pos, replaceUsageStart - pos).appendBytes(TRUE);
            pos = replaceUsageEnd;
        }
        out.appendBytes(body, pos, length - pos);
        return out;
    }

    private static boolean isEmptyObjectAt(byte[] body, int openBrace, int length) {
        for (int i = openBrace + 1; i < length; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '}';
            }
        }
        return false;
    }
}
