package dev.tollgate.core.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;

/**
 * Finds {@code model}, {@code stream}, {@code stream_options.include_usage} and the output limit in an OpenAI request with
 * Jackson's streaming parser: one pass, no object binding, every other value skipped (but still checked
 * for well-formed JSON). Stateless and thread-safe.
 */
public final class RequestSniffer {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    /** Offsets in the result are relative to {@code body.offset()}. */
    public RequestFacts sniff(ByteView body) throws MalformedRequestException {
        try (JsonParser p = JSON.createParser(body.array(), body.offset(), body.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("The request body must be a JSON object.", null);
            }
            int rootStart = (int) p.currentTokenLocation().getByteOffset();
            String model = null;
            int modelStart = -1, modelEnd = -1;
            boolean stream = false, includeUsage = false;
            int optionsStart = -1, usageStart = -1, usageEnd = -1, optionsNullStart = -1;
            long maxOutput = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "model" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new MalformedRequestException("'model' must be a string.", "model");
                        }
                        modelStart = (int) p.currentTokenLocation().getByteOffset();
                        model = p.getText();
                        modelEnd = (int) p.currentLocation().getByteOffset();
                    }
                    case "stream" -> {
                        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                            stream = value == JsonToken.VALUE_TRUE;
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw new MalformedRequestException("'stream' must be a boolean.", "stream");
                        }
                    }
                    case "stream_options" -> {
                        if (value == JsonToken.START_OBJECT) {
                            optionsStart = (int) p.currentTokenLocation().getByteOffset();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String option = p.currentName();
                                JsonToken v = p.nextToken();
                                if ("include_usage".equals(option)
                                        && (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE)) {
                                    includeUsage = v == JsonToken.VALUE_TRUE;
                                    usageStart = (int) p.currentTokenLocation().getByteOffset();
                                    usageEnd = (int) p.currentLocation().getByteOffset();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else if (value == JsonToken.VALUE_NULL) {
                            optionsNullStart = (int) p.currentTokenLocation().getByteOffset();
                        } else {
                            throw new MalformedRequestException("'stream_options' must be an object.",
                                    "stream_options");
                        }
                    }
                    case "max_tokens", "max_completion_tokens", "max_output_tokens" -> {
                        // the upstream validates it; here it only bounds the reservation (a float or a huge
                        // number counts as no limit: the configured allowance applies)
                        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            maxOutput = Math.max(maxOutput, Math.max(0, p.getLongValue()));
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedRequestException("Unexpected content after the JSON object.", null);
            }
            if (model == null || model.isEmpty()) {
                throw new MalformedRequestException("You must provide a model parameter.", "model");
            }
            return new RequestFacts(model, modelStart, modelEnd, stream, includeUsage, rootStart,
                    optionsStart, usageStart, usageEnd, optionsNullStart, maxOutput);
        } catch (JsonParseException e) {
            throw new MalformedRequestException("The request body is not valid JSON: " + e.getOriginalMessage()
                    + " at byte " + e.getLocation().getByteOffset() + ".", null);
        } catch (IOException e) {
            throw new MalformedRequestException("The request body could not be read.", null);
        }
    }
}
