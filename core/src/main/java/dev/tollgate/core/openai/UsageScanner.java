package dev.tollgate.core.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the OpenAI {@code usage} object and the generated text out of response JSON, cheaply: a byte
 * search decides whether an event can carry usage at all before any parsing happens. Stateless.
 */
public final class UsageScanner {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] USAGE_OBJECT = "\"usage\":{".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE_OBJECT_SPACED = "\"usage\": {".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_CHOICES = "\"choices\":[]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_CHOICES_SPACED = "\"choices\": []".getBytes(StandardCharsets.US_ASCII);

    private UsageScanner() {
    }

    public static boolean mayCarryUsage(Buffer json) {
        return indexOf(json, USAGE_OBJECT) >= 0 || indexOf(json, USAGE_OBJECT_SPACED) >= 0;
    }

    /** A stream chunk that carries only usage: the one the gateway asked for and may have to strip. */
    public static boolean isUsageOnlyChunk(Buffer json) {
        return mayCarryUsage(json) && (indexOf(json, EMPTY_CHOICES) >= 0 || indexOf(json, EMPTY_CHOICES_SPACED) >= 0);
    }

    /** The top-level {@code usage} of a response or chunk, or null when absent or null. */
    public static TokenUsage usage(Buffer json) {
        try (JsonParser p = JSON.createParser(json.getBytes())) {
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
        try (JsonParser p = JSON.createParser(json.getBytes())) {
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

    static int indexOf(Buffer haystack, byte[] needle) {
        int last = haystack.length() - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
