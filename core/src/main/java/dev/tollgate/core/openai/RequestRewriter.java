package dev.tollgate.core.openai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.StandardCharsets;

/**
 * Produces the upstream body from the client's bytes: the model value replaced, and for metered streams
 * {@code stream_options.include_usage} forced on so the upstream reports usage. Everything else is copied
 * byte for byte: the result is a composite of slices of the original array around the edited bytes, so a
 * megabyte body costs no copy. At most two edits, applied in byte order. Stateless and thread-safe.
 */
public final class RequestRewriter {

    private static final byte[] OPTION_FIELD = ascii("\"stream_options\":{\"include_usage\":true},");
    private static final byte[] OPTION_OBJECT = ascii("{\"include_usage\":true}");
    private static final byte[] USAGE_FIELD = ascii("\"include_usage\":true,");
    private static final byte[] USAGE_ONLY_FIELD = ascii("\"include_usage\":true");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] NULL = ascii("null");

    /** Replace bytes [start, end) of the original with {@code bytes}; an insertion has start == end. */
    private record Edit(int start, int end, byte[] bytes) {
    }

    public Buffer rewrite(ByteView body, RequestFacts facts, String upstreamModel, boolean askForUsage) {
        Edit model = new Edit(facts.modelStart(), facts.modelEnd(), JsonStrings.quote(upstreamModel));
        Edit usage = askForUsage && !facts.includeUsage() ? usageEdit(body, facts) : null;
        Edit first = usage != null && usage.start < model.start ? usage : model;
        Edit second = first == model ? usage : model;
        ByteBuf[] parts = new ByteBuf[5];
        int n = 0;
        int pos = 0;
        for (Edit edit : new Edit[]{first, second}) {
            if (edit != null) {
                parts[n++] = Unpooled.wrappedBuffer(body.array(), body.offset() + pos, edit.start - pos);
                parts[n++] = Unpooled.wrappedBuffer(edit.bytes);
                pos = edit.end;
            }
        }
        parts[n++] = Unpooled.wrappedBuffer(body.array(), body.offset() + pos, body.length() - pos);
        return BufferInternal.buffer(Unpooled.wrappedBuffer(n, java.util.Arrays.copyOf(parts, n)));
    }

    private static Edit usageEdit(ByteView body, RequestFacts facts) {
        if (facts.includeUsageStart() >= 0) { // "include_usage": false
            return new Edit(facts.includeUsageStart(), facts.includeUsageEnd(), TRUE);
        }
        if (facts.streamOptionsStart() >= 0) { // an object without include_usage
            int at = facts.streamOptionsStart() + 1;
            return new Edit(at, at, isEmptyObjectAt(body, facts.streamOptionsStart())
                    ? USAGE_ONLY_FIELD : USAGE_FIELD);
        }
        if (facts.streamOptionsNullStart() >= 0) { // "stream_options": null
            int at = facts.streamOptionsNullStart();
            return new Edit(at, at + NULL.length, OPTION_OBJECT);
        }
        int at = facts.rootStart() + 1; // no stream_options at all
        return new Edit(at, at, OPTION_FIELD);
    }

    private static boolean isEmptyObjectAt(ByteView body, int openBrace) {
        for (int i = openBrace + 1; i < body.length(); i++) {
            byte b = body.array()[body.offset() + i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '}';
            }
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
