package dev.tollgate.core.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * Reads the OpenAI {@code usage} object and the generated text out of response JSON, cheaply: a scan
 * for the {@code "usage"} key, from the end where OpenAI puts it, decides whether an event carries usage
 * before any parsing happens; parsers read the buffer's array in place. Stateless.
 */
public final class UsageScanner {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] USAGE_KEY = {'"', 'u', 's', 'a', 'g', 'e', '"'};
    private static final byte[] CHOICES_KEY = {'"', 'c', 'h', 'o', 'i', 'c', 'e', 's', '"'};

    private UsageScanner() {
    }

    /** True when the JSON has a {@code "usage"} key whose value is an object (not {@code null}). */
    public static boolean mayCarryUsage(Buffer json) {
        ByteView v = ByteView.of(json);
        for (int i = v.end() - USAGE_KEY.length; i >= v.offset(); i--) {
            if (isKeyAt(v, i, USAGE_KEY)) {
                return valueStartsWith(v, i + USAGE_KEY.length, '{');
            }
        }
        return false;
    }

    /** A stream chunk that carries only usage ({@code "choices":[]}): the one the gateway may have to strip. */
    public static boolean isUsageOnlyChunk(Buffer json) {
        if (!mayCarryUsage(json)) {
            return false;
        }
        ByteView v = ByteView.of(json);
        for (int i = v.offset(); i <= v.end() - CHOICES_KEY.length; i++) {
            if (isKeyAt(v, i, CHOICES_KEY)) {
                int at = skipToValue(v, i + CHOICES_KEY.length);
                if (at < 0 || v.array()[at] != '[') {
                    return false;
                }
                at = skipSpaces(v, at + 1);
                return at < v.end() && v.array()[at] == ']';
            }
        }
        return false;
    }

    /** The top-level {@code usage} of a response or chunk, or null when absent or null. */
    public static TokenUsage usage(Buffer json) {
        ByteView v = ByteView.of(json);
        try (JsonParser p = JSON.createParser(v.array(), v.offset(), v.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
                    return readUsage(p);
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static TokenUsage readUsage(JsonParser p) throws IOException {
        long prompt = 0, completion = 0, cached = 0, reasoning = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "prompt_tokens", "input_tokens" -> prompt = number(p, value);
                case "completion_tokens", "output_tokens" -> completion = number(p, value);
                case "prompt_tokens_details", "input_tokens_details" -> cached = nested(p, value, "cached_tokens");
                case "completion_tokens_details", "output_tokens_details" ->
                        reasoning = nested(p, value, "reasoning_tokens");
                default -> p.skipChildren();
            }
        }
        return new TokenUsage(prompt, completion, cached, reasoning, false);
    }

    private static long nested(JsonParser p, JsonToken value, String wanted) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        long found = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (wanted.equals(field)) {
                found = number(p, v);
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static long number(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
    }

    /**
     * Appends the text a chunk or response generated ({@code choices[].delta.content},
     * {@code choices[].message.content} or {@code choices[].text}) to {@code out}; used only to estimate
     * tokens when the upstream reports none.
     */
    public static void appendGeneratedText(Buffer json, StringBuilder out) {
        ByteView v = ByteView.of(json);
        try (JsonParser p = JSON.createParser(v.array(), v.offset(), v.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("choices".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        appendChoiceText(p, out);
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // malformed chunk: nothing to count
        }
    }

    private static void appendChoiceText(JsonParser p, StringBuilder out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("text".equals(field) && value == JsonToken.VALUE_STRING) {
                out.append(p.getText());
            } else if (("delta".equals(field) || "message".equals(field)) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = p.currentName();
                    JsonToken v = p.nextToken();
                    if (("content".equals(inner) || "reasoning_content".equals(inner)) && v == JsonToken.VALUE_STRING) {
                        out.append(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /** A quoted key at {@code i}: the bytes match and the quote is not an escaped quote inside a string. */
    private static boolean isKeyAt(ByteView v, int i, byte[] key) {
        byte[] a = v.array();
        for (int j = 0; j < key.length; j++) {
            if (a[i + j] != key[j]) {
                return false;
            }
        }
        return i == v.offset() || a[i - 1] != '\\';
    }

    private static boolean valueStartsWith(ByteView v, int afterKey, char first) {
        int at = skipToValue(v, afterKey);
        return at >= 0 && v.array()[at] == first;
    }

    /** Position of the value after a key's colon, or -1 when the key is not followed by a colon. */
    private static int skipToValue(ByteView v, int afterKey) {
        int at = skipSpaces(v, afterKey);
        if (at >= v.end() || v.array()[at] != ':') {
            return -1;
        }
        at = skipSpaces(v, at + 1);
        return at < v.end() ? at : -1;
    }

    private static int skipSpaces(ByteView v, int at) {
        byte[] a = v.array();
        while (at < v.end() && (a[at] == ' ' || a[at] == '\n' || a[at] == '\r' || a[at] == '\t')) {
            at++;
        }
        return at;
    }
}
