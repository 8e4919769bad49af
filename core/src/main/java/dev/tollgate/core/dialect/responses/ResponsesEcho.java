package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The request parameters a Response object repeats (its {@code tools}, {@code tool_choice},
 * {@code temperature}, …, several of them required), read back from the canonical request. Without the
 * request the values are the API's defaults, or null where the schema allows it. {@code instructions} is
 * always null: in the canonical request they are one system message among others.
 */
final class ResponsesEcho {

    private final JsonNode request;

    /** @param canonicalRequest the call's canonical request, or null when it is not known */
    ResponsesEcho(JsonNode canonicalRequest) {
        this.request = canonicalRequest != null && canonicalRequest.isObject() ? canonicalRequest : ResponsesJson.object();
    }

    /** The model the client asked for, or null. */
    String model() {
        return ResponsesJson.text(request, "model");
    }

    /** Writes the echoed fields that come before {@code model} in OpenAI's field order. */
    void writeBeforeModel(ObjectNode out) {
        out.putNull("instructions");
        JsonNode maxTokens = ResponsesJson.absent(request, "max_completion_tokens")
                ? request.get("max_tokens") : request.get("max_completion_tokens");
        if (maxTokens != null && maxTokens.isIntegralNumber()) {
            out.put("max_output_tokens", maxTokens.asLong());
        } else {
            out.putNull("max_output_tokens");
        }
        out.putNull("max_tool_calls");
    }

    /** Writes the echoed fields that come between {@code output} and {@code usage}. */
    void writeAfterOutput(ObjectNode out) {
        JsonNode parallel = request.get("parallel_tool_calls");
        out.put("parallel_tool_calls", parallel == null || !parallel.isBoolean() || parallel.booleanValue());
        out.putNull("previous_response_id");
        nullableString(out, "prompt_cache_key");
        ObjectNode reasoning = out.putObject("reasoning");
        nullableString(reasoning, "effort", ResponsesJson.text(request, "reasoning_effort"));
        reasoning.putNull("summary");
        nullableString(out, "safety_identifier");
        out.put("store", false);
        number(out, "temperature");
        out.set("text", text());
        out.set("tool_choice", toolChoice());
        out.set("tools", tools());
        number(out, "top_p");
        out.put("truncation", "disabled");
    }

    /** Writes the echoed fields that come after {@code usage}. */
    void writeTail(ObjectNode out) {
        String user = ResponsesJson.text(request, "user");
        if (user != null) {
            out.put("user", user);
        }
        out.putObject("metadata");
    }

    private void nullableString(ObjectNode out, String field) {
        nullableString(out, field, ResponsesJson.text(request, field));
    }

    private static void nullableString(ObjectNode out, String field, String value) {
        if (value == null) {
            out.putNull(field);
        } else {
            out.put(field, value);
        }
    }

    private void number(ObjectNode out, String field) {
        JsonNode v = request.get(field);
        if (v != null && v.isNumber()) {
            out.set(field, v.deepCopy());
        } else {
            out.putNull(field);
        }
    }

    /** {@code response_format} and {@code verbosity} as {@code text}. */
    private ObjectNode text() {
        ObjectNode text = ResponsesJson.object();
        ObjectNode format = text.putObject("format");
        JsonNode responseFormat = request.get("response_format");
        String type = ResponsesJson.text(responseFormat, "type");
        if ("json_object".equals(type)) {
            format.put("type", "json_object");
        } else if ("json_schema".equals(type) && responseFormat.path("json_schema").isObject()) {
            JsonNode jsonSchema = responseFormat.get("json_schema");
            format.put("type", "json_schema");
            String name = ResponsesJson.text(jsonSchema, "name");
            format.put("name", name == null ? "response" : name);
            String description = ResponsesJson.text(jsonSchema, "description");
            if (description != null) {
                format.put("description", description);
            }
            JsonNode schema = jsonSchema.get("schema");
            format.set("schema", schema != null && schema.isObject() ? schema.deepCopy() : ResponsesJson.object());
            JsonNode strict = jsonSchema.get("strict");
            if (strict != null && strict.isBoolean()) {
                format.put("strict", strict.booleanValue());
            }
        } else {
            format.put("type", "text");
        }
        String verbosity = ResponsesJson.text(request, "verbosity");
        if (verbosity != null) {
            text.put("verbosity", verbosity);
        }
        return text;
    }

    /** Canonical function tools in the Responses form ({@code parameters} and {@code strict} are required, nullable). */
    private ArrayNode tools() {
        ArrayNode tools = ResponsesJson.NODES.arrayNode();
        for (JsonNode tool : request.path("tools")) {
            JsonNode function = tool.path("function");
            String name = ResponsesJson.text(function, "name");
            if (!"function".equals(ResponsesJson.text(tool, "type")) || name == null) {
                continue;
            }
            ObjectNode out = tools.addObject();
            out.put("type", "function");
            out.put("name", name);
            String description = ResponsesJson.text(function, "description");
            if (description != null) {
                out.put("description", description);
            }
            JsonNode parameters = function.get("parameters");
            if (parameters != null && parameters.isObject()) {
                out.set("parameters", parameters.deepCopy());
            } else {
                out.putNull("parameters");
            }
            JsonNode strict = function.get("strict");
            if (strict != null && strict.isBoolean()) {
                out.put("strict", strict.booleanValue());
            } else {
                out.putNull("strict");
            }
        }
        return tools;
    }

    private JsonNode toolChoice() {
        JsonNode choice = request.get("tool_choice");
        if (choice != null && choice.isTextual()) {
            return choice;
        }
        String type = ResponsesJson.text(choice, "type");
        if ("function".equals(type)) {
            String name = ResponsesJson.text(choice.path("function"), "name");
            if (name != null) {
                return function(name);
            }
        } else if ("allowed_tools".equals(type)) {
            JsonNode allowed = choice.path("allowed_tools");
            ObjectNode out = ResponsesJson.object();
            out.put("type", "allowed_tools");
            String mode = ResponsesJson.text(allowed, "mode");
            out.put("mode", mode == null ? "auto" : mode);
            ArrayNode tools = out.putArray("tools");
            for (JsonNode tool : allowed.path("tools")) {
                String name = ResponsesJson.text(tool.path("function"), "name");
                if (name != null) {
                    tools.add(function(name));
                }
            }
            return out;
        }
        return ResponsesJson.NODES.textNode("auto");
    }

    private static ObjectNode function(String name) {
        ObjectNode out = ResponsesJson.object();
        out.put("type", "function");
        out.put("name", name);
        return out;
    }
}
