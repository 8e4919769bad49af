package dev.tollgate.core.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;

/** JSON string literal helpers. */
final class JsonStrings {

    private JsonStrings() {
    }

    /** The UTF-8 bytes of {@code value} as a quoted, escaped JSON string. */
    static byte[] quote(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] out = new byte[escaped.length + 2];
        out[0] = '"';
        System.arraycopy(escaped, 0, out, 1, escaped.length);
        out[out.length - 1] = '"';
        return out;
    }

    static String quoteToString(String value) {
        return new String(quote(value), StandardCharsets.UTF_8);
    }
}
