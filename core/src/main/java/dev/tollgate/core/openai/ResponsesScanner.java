package dev.tollgate.core.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.Set;

/**
 * Reads what metering needs out of OpenAI Responses API bytes that pass through the gateway untouched: the usage
 * a Response reports ({@code input_tokens} with {@code input_tokens_details.cached_tokens} and
 * {@code cache_write_tokens}, {@code output_tokens} with {@code output_tokens_details.reasoning_tokens}), in a
 * stream the one the final event's {@code response} carries, and the generated text, kept only for an estimate
 * when no usage ever comes. Parsers read the buffer's array in place, skipping what they do not need. Stateless.
 */
public final class ResponsesScanner {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREE = new ObjectMapper();
    /** Stream events whose {@code delta} is generated text (audio deltas are base64, not words). */
    private static final Set<String> TEXT_DELTAS = Set.of("response.output_text.delta", "response.refusal.delta",
            "response.function_call_arguments.delta", "response.reasoning_summary_text.delta",
            "response.reasoning_text.delta", "response.custom_tool_call_input.delta");

    /**
     * What one stream event says.
     *
     * @param sequenceNumber its {@code sequence_number}, or -1 when it has none
     * @param textDelta      generated text it adds, or null
     * @param usage          the usage of the {@code response} it carries (the final events do), or null
     */
    public record Event(String type, long sequenceNumber, String textDelta, TokenUsage usage) {
    }

    private ResponsesScanner() {
    }

    /** The top-level {@code usage} of a Response object, or null when it has none. */
    public static TokenUsage usage(Buffer response) {
        ByteView v = ByteView.of(response);
        try (JsonParser p = JSON.createParser(v.array(), v.offset(), v.length())) {
            return p.nextToken() == JsonToken.START_OBJECT ? usageField(p) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** One stream event's data, or null when it is not a JSON object. */
    public static Event event(Buffer data) {
        ByteView v = ByteView.of(data);
        try (JsonParser p = JSON.createParser(v.array(), v.offset(), v.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String delta = null;
            long sequence = -1;
            TokenUsage usage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = text(p, value);
                    case "delta" -> delta = text(p, value);
                    case "sequence_number" -> sequence = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "response" -> usage = value == JsonToken.START_OBJECT ? usageField(p) : skipped(p);
                    default -> p.skipChildren();
                }
            }
            return new Event(type, sequence, TEXT_DELTAS.contains(type) ? delta : null, usage);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Appends the text a Response generated (message text and refusals, function call arguments, reasoning
     * summaries) to {@code out}; used only to estimate tokens when the upstream reports none.
     */
    public static void appendOutputText(Buffer response, StringBuilder out) {
        ByteView v = ByteView.of(response);
        JsonNode root;
        try {
            root = TREE.readTree(v.array(), v.offset(), v.length());
        } catch (IOException e) {
            return; // a body cut short: nothing to count
        }
        for (JsonNode item : root.path("output")) {
            item.path("content").forEach(part -> {
                append(part.path("text"), out);
                append(part.path("refusal"), out);
            });
            item.path("summary").forEach(part -> append(part.path("text"), out));
            append(item.path("arguments"), out);
        }
    }

    private static void append(JsonNode text, StringBuilder out) {
        if (text.isTextual()) {
            out.append(text.textValue());
        }
    }

    /** Reads the rest of the current object, returning its {@code usage} object, if any, in gateway terms. */
    private static TokenUsage usageField(JsonParser p) throws IOException {
        TokenUsage usage = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("usage".equals(field) && value == JsonToken.START_OBJECT) {
                usage = readUsage(p);
            } else {
                p.skipChildren();
            }
        }
        return usage;
    }

    private static TokenUsage readUsage(JsonParser p) throws IOException {
        long input = 0, output = 0, cached = 0, cacheWrite = 0, reasoning = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "input_tokens" -> input = number(p, value);
                case "output_tokens" -> output = number(p, value);
                case "input_tokens_details" -> {
                    long[] details = details(p, value, "cached_tokens", "cache_write_tokens");
                    cached = details[0];
                    cacheWrite = details[1];
                }
                case "output_tokens_details" -> reasoning = details(p, value, "reasoning_tokens", null)[0];
                default -> p.skipChildren();
            }
        }
        return new TokenUsage(input, output, cached, cacheWrite, reasoning, false);
    }

    /** The two named counts of a details object (0 when absent). */
    private static long[] details(JsonParser p, JsonToken value, String first, String second) throws IOException {
        long[] found = new long[2];
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return found;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals(first)) {
                found[0] = number(p, v);
            } else if (field.equals(second)) {
                found[1] = number(p, v);
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static long number(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, p.getLongValue()) : 0;
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : skipped(p);
    }

    /** Skips the current value (an object or array whole); null. */
    private static <T> T skipped(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }
}
