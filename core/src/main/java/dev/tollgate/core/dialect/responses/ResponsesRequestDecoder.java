package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;

/**
 * A Responses request ({@code POST /v1/responses}) as a canonical OpenAI chat completion request.
 *
 * <p>Mapped: {@code model}; {@code instructions} and {@code input} (see {@link ResponsesInputDecoder});
 * function {@code tools}; {@code tool_choice}; {@code parallel_tool_calls}; {@code max_output_tokens} →
 * {@code max_tokens}; {@code temperature}; {@code top_p}; {@code text.format} → {@code response_format};
 * {@code text.verbosity} → {@code verbosity}; {@code reasoning.effort} → {@code reasoning_effort};
 * {@code stream} (with usage requested in the stream); {@code user}, {@code safety_identifier} and
 * {@code prompt_cache_key} as they are.
 *
 * <p>Refused, because they need state the gateway does not keep: {@code previous_response_id},
 * {@code conversation}, {@code background}, stored {@code prompt} templates (and, in the input, item
 * references). Refused because no upstream behind the canonical form runs them: built-in tools (web
 * search, file search, computer use, MCP, …) and custom (free-form) tools.
 *
 * <p>Ignored: {@code store} (nothing is stored, whatever the client asks; the answer says
 * {@code "store": false}), {@code metadata}, {@code include} (reasoning's {@code encrypted_content} is always
 * sent when there is any), {@code truncation}, {@code max_tool_calls} (built-in tools only),
 * {@code top_logprobs}, {@code service_tier}, {@code reasoning.summary} and {@code stream_options}.
 */
public final class ResponsesRequestDecoder {

    private ResponsesRequestDecoder() {
    }

    public static ObjectNode toCanonical(ObjectNode request) throws MalformedRequestException {
        if (request == null) {
            throw new MalformedRequestException("The request body must be a JSON object.", null);
        }
        refuseStatefulFeatures(request);
        ObjectNode out = ResponsesJson.object();
        JsonNode model = request.get("model");
        if (model == null || model.isNull()) {
            throw new MalformedRequestException("Missing required parameter: 'model'.", "model");
        }
        if (!model.isTextual() || model.textValue().isEmpty()) {
            throw new MalformedRequestException("'model' must be a non-empty string.", "model");
        }
        out.put("model", model.textValue());
        out.set("messages", ResponsesInputDecoder.decode(request.get("instructions"), request.get("input")));
        JsonNode maxOutput = request.get("max_output_tokens");
        if (maxOutput != null && !maxOutput.isNull()) {
            if (!maxOutput.isIntegralNumber() || !maxOutput.canConvertToLong() || maxOutput.asLong() < 1) {
                throw new MalformedRequestException("'max_output_tokens' must be a positive integer.", "max_output_tokens");
            }
            out.put("max_tokens", maxOutput.asLong());
        }
        copyNumber(request, "temperature", out);
        copyNumber(request, "top_p", out);
        JsonNode stream = request.get("stream");
        if (stream != null && !stream.isNull()) {
            if (!stream.isBoolean()) {
                throw new MalformedRequestException("'stream' must be a boolean.", "stream");
            }
            if (stream.booleanValue()) {
                out.put("stream", true);
                out.putObject("stream_options").put("include_usage", true);
            }
        }
        for (String field : new String[] {"user", "safety_identifier", "prompt_cache_key"}) {
            copyString(request, field, out);
        }
        boolean hasTools = ResponsesToolsDecoder.tools(request.get("tools"), out);
        ResponsesToolsDecoder.toolChoice(request.get("tool_choice"), hasTools, out);
        JsonNode parallel = request.get("parallel_tool_calls");
        if (parallel != null && !parallel.isNull()) {
            if (!parallel.isBoolean()) {
                throw new MalformedRequestException("'parallel_tool_calls' must be a boolean.", "parallel_tool_calls");
            }
            if (hasTools) {
                out.put("parallel_tool_calls", parallel.booleanValue());
            }
        }
        text(request.get("text"), out);
        reasoning(request.get("reasoning"), out);
        return out;
    }

    private static void refuseStatefulFeatures(ObjectNode request) throws MalformedRequestException {
        if (!ResponsesJson.absent(request, "previous_response_id")) {
            throw new MalformedRequestException("'previous_response_id' cannot be used: this gateway keeps no"
                    + " conversation state. Send the whole conversation in 'input' (with 'store': false).",
                    "previous_response_id");
        }
        if (!ResponsesJson.absent(request, "conversation")) {
            throw new MalformedRequestException("'conversation' cannot be used: this gateway keeps no conversation"
                    + " state. Send the whole conversation in 'input'.", "conversation");
        }
        JsonNode background = request.get("background");
        if (background != null && background.asBoolean(false)) {
            throw new MalformedRequestException("'background' responses are not supported by this gateway; make the"
                    + " call in the foreground (optionally with 'stream': true).", "background");
        }
        if (!ResponsesJson.absent(request, "prompt")) {
            throw new MalformedRequestException("'prompt' templates are stored at OpenAI and cannot be used through"
                    + " this gateway; send 'instructions' and 'input' instead.", "prompt");
        }
    }

    private static void copyNumber(ObjectNode request, String field, ObjectNode out) throws MalformedRequestException {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber()) {
            throw new MalformedRequestException("'" + field + "' must be a number.", field);
        }
        out.set(field, v.deepCopy());
    }

    private static void copyString(ObjectNode request, String field, ObjectNode out) throws MalformedRequestException {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isTextual()) {
            throw new MalformedRequestException("'" + field + "' must be a string.", field);
        }
        out.put(field, v.textValue());
    }

    /** {@code text.format} → {@code response_format} (plain text asks for nothing); {@code text.verbosity}. */
    private static void text(JsonNode text, ObjectNode out) throws MalformedRequestException {
        if (text == null || text.isNull()) {
            return;
        }
        if (!text.isObject()) {
            throw new MalformedRequestException("'text' must be an object.", "text");
        }
        JsonNode format = text.get("format");
        if (format != null && !format.isNull()) {
            if (!format.isObject()) {
                throw new MalformedRequestException("'text.format' must be an object.", "text.format");
            }
            String type = ResponsesContentDecoder.required(format, "type", "text.format");
            switch (type) {
                case "text" -> {
                }
                case "json_object" -> out.putObject("response_format").put("type", "json_object");
                case "json_schema" -> out.set("response_format", jsonSchema(format));
                default -> throw new MalformedRequestException(
                        "'text.format.type' must be one of 'text', 'json_object' or 'json_schema'.", "text.format.type");
            }
        }
        JsonNode verbosity = text.get("verbosity");
        if (verbosity != null && !verbosity.isNull()) {
            if (!verbosity.isTextual()) {
                throw new MalformedRequestException("'text.verbosity' must be a string.", "text.verbosity");
            }
            out.put("verbosity", verbosity.textValue());
        }
    }

    /** Responses puts the schema's fields beside {@code type}; Chat Completions nests them in {@code json_schema}. */
    private static ObjectNode jsonSchema(JsonNode format) throws MalformedRequestException {
        ObjectNode responseFormat = ResponsesJson.object();
        responseFormat.put("type", "json_schema");
        ObjectNode jsonSchema = responseFormat.putObject("json_schema");
        jsonSchema.put("name", ResponsesContentDecoder.required(format, "name", "text.format"));
        String description = ResponsesJson.text(format, "description");
        if (description != null) {
            jsonSchema.put("description", description);
        }
        JsonNode schema = format.get("schema");
        if (schema == null || !schema.isObject()) {
            throw new MalformedRequestException("'text.format.schema' is required and must be an object.",
                    "text.format.schema");
        }
        jsonSchema.set("schema", schema.deepCopy());
        JsonNode strict = format.get("strict");
        if (strict != null && !strict.isNull()) {
            if (!strict.isBoolean()) {
                throw new MalformedRequestException("'text.format.strict' must be a boolean.", "text.format.strict");
            }
            jsonSchema.put("strict", strict.booleanValue());
        }
        return responseFormat;
    }

    private static void reasoning(JsonNode reasoning, ObjectNode out) throws MalformedRequestException {
        if (reasoning == null || reasoning.isNull()) {
            return;
        }
        if (!reasoning.isObject()) {
            throw new MalformedRequestException("'reasoning' must be an object.", "reasoning");
        }
        JsonNode effort = reasoning.get("effort");
        if (effort != null && !effort.isNull()) {
            if (!effort.isTextual()) {
                throw new MalformedRequestException("'reasoning.effort' must be a string.", "reasoning.effort");
            }
            out.put("reasoning_effort", effort.textValue());
        }
    }
}
