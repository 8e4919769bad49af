package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.ConversationTranslator;
import dev.tollgate.spi.provider.TranslationException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A canonical (OpenAI Chat Completions) request as an Anthropic Messages request. Errors are the client's
 * and name the offending field; the gateway answers them with a 400.
 */
final class RequestTranslator {

    /** Anthropic requires {@code max_tokens}; OpenAI clients usually leave it out. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    /** Thinking budgets for OpenAI's {@code reasoning_effort}; 1024 is Anthropic's minimum. */
    static final Map<String, Integer> EFFORT_BUDGETS =
            Map.of("minimal", 1024, "low", 1024, "medium", 4096, "high", 16384);

    /** Used as the JSON-mode tool's name for {@code json_object}, and for a schema without a usable name. */
    static final String JSON_TOOL_DEFAULT_NAME = "json_response";

    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /**
     * @param body         the Anthropic request body
     * @param jsonToolName the tool standing in for {@code response_format}, whose call is the answer's
     *                     content, or null
     */
    record Result(ObjectNode body, String jsonToolName) {
    }

    private RequestTranslator() {
    }

    static Result translate(ObjectNode request, String upstreamModel, boolean stream) throws TranslationException {
        JsonNode n = request.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            throw new TranslationException("n: Anthropic returns one choice per request, so only n=1 is supported");
        }
        ObjectNode out = Json.object();
        out.put("model", upstreamModel);

        // Thinking first: it decides max_tokens and whether a tool may be forced.
        ObjectNode thinking = thinking(request);
        boolean thinkingOn = thinking != null && !"disabled".equals(Json.text(thinking, "type"));
        int maxTokens = maxTokens(request);
        if (thinkingOn && Json.absent(request, "thinking")) { // from reasoning_effort: the budget is ours
            int budget = thinking.get("budget_tokens").asInt();
            if (maxTokens <= budget) {
                maxTokens += budget; // Anthropic requires max_tokens > budget_tokens; keep the room for the answer
            }
        }
        out.put("max_tokens", maxTokens);

        ConversationTranslator.Conversation messages = MessagesTranslator.translate(request.get("messages"));
        if (messages.system() != null) {
            out.set("system", messages.system());
        }
        out.set("messages", messages.messages());

        if (thinking != null) {
            out.set("thinking", thinking);
        }
        stopSequences(request, out);
        copyNumber(request, "temperature", out);
        copyNumber(request, "top_p", out);
        copyNumber(request, "top_k", out);
        String jsonTool = tools(request, thinkingOn, out);
        metadata(request, out);
        if (stream) {
            out.put("stream", true);
        }
        return new Result(out, jsonTool);
    }

    private static int maxTokens(ObjectNode request) throws TranslationException {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = request.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                throw new TranslationException(field + " must be a positive integer");
            }
            return value.asInt();
        }
        return DEFAULT_MAX_TOKENS;
    }

    /** An explicit Anthropic {@code thinking} object wins over {@code reasoning_effort}. */
    private static ObjectNode thinking(ObjectNode request) throws TranslationException {
        JsonNode explicit = request.get("thinking");
        if (explicit != null && !explicit.isNull()) {
            if (!explicit.isObject()) {
                throw new TranslationException("thinking must be an object such as {\"type\":\"enabled\",\"budget_tokens\":2048}");
            }
            return explicit.deepCopy();
        }
        JsonNode effort = request.get("reasoning_effort");
        if (effort == null || effort.isNull()) {
            return null;
        }
        String level = effort.isTextual() ? effort.asText() : "";
        if ("none".equals(level)) {
            return null;
        }
        Integer budget = EFFORT_BUDGETS.get(level);
        if (budget == null) {
            throw new TranslationException("reasoning_effort must be one of none, minimal, low, medium, high");
        }
        ObjectNode out = Json.object();
        out.put("type", "enabled");
        out.put("budget_tokens", budget);
        return out;
    }

    private static void stopSequences(ObjectNode request, ObjectNode out) throws TranslationException {
        JsonNode stop = request.get("stop");
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode sequences = Json.array();
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new TranslationException("stop must be a string or an array of strings");
                }
                sequences.add(s.asText());
            }
        } else {
            throw new TranslationException("stop must be a string or an array of strings");
        }
        if (!sequences.isEmpty()) {
            out.set("stop_sequences", sequences);
        }
    }

    private static void copyNumber(ObjectNode request, String field, ObjectNode out) throws TranslationException {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw new TranslationException(field + " must be a number");
        }
        out.set(field, value.deepCopy());
    }

    /** Anthropic's {@code metadata.user_id} is an opaque id: an e-mail address is refused, so it is left out. */
    private static void metadata(ObjectNode request, ObjectNode out) {
        String user = Json.text(request, "user");
        if (user == null) {
            user = Json.text(request, "safety_identifier");
        }
        if (user != null && !user.isBlank() && user.indexOf('@') < 0 && user.length() <= 256) {
            out.putObject("metadata").put("user_id", user);
        }
    }

    /**
     * Tools, tool choice and JSON mode. Anthropic has no JSON mode, so {@code response_format} becomes one
     * more tool whose input schema is the requested schema; the model is made to call it ({@code tool_choice
     * {"type":"tool"}}) unless the client has tools of its own or thinking is on (Anthropic allows only
     * {@code auto} and {@code none} with thinking), and its call is translated back into the answer's content.
     *
     * @return the JSON-mode tool's name, or null
     */
    private static String tools(ObjectNode request, boolean thinkingOn, ObjectNode out) throws TranslationException {
        ArrayNode tools = Json.array();
        Set<String> names = new HashSet<>();
        JsonNode clientTools = request.get("tools");
        if (clientTools != null && !clientTools.isNull()) {
            if (!clientTools.isArray()) {
                throw new TranslationException("tools must be an array");
            }
            int i = 0;
            for (JsonNode tool : clientTools) {
                ObjectNode converted = tool(tool, "tools[" + i++ + "]");
                names.add(converted.get("name").asText());
                tools.add(converted);
            }
        }
        boolean hasClientTools = !tools.isEmpty();
        ObjectNode choice = hasClientTools ? toolChoice(request.get("tool_choice"), names) : null;

        ObjectNode jsonTool = jsonTool(request.get("response_format"));
        String jsonToolName = null;
        if (jsonTool != null) {
            jsonToolName = jsonTool.get("name").asText();
            if (names.contains(jsonToolName)) {
                throw new TranslationException("response_format: the schema name '" + jsonToolName
                        + "' is also the name of a tool; rename one of them");
            }
            tools.add(jsonTool);
            if (!hasClientTools && !thinkingOn) {
                choice = Json.object();
                choice.put("type", "tool");
                choice.put("name", jsonToolName);
            }
        }
        if (tools.isEmpty()) {
            return null;
        }
        out.set("tools", tools);

        JsonNode parallel = request.get("parallel_tool_calls");
        if (parallel != null && parallel.isBoolean() && !parallel.asBoolean()) {
            if (choice == null) {
                choice = Json.object();
                choice.put("type", "auto");
            }
            if (!"none".equals(Json.text(choice, "type"))) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
        return jsonToolName;
    }

    private static ObjectNode tool(JsonNode tool, String path) throws TranslationException {
        if (!tool.isObject()) {
            throw new TranslationException(path + " must be an object");
        }
        String type = Json.text(tool, "type");
        if (type != null && !"function".equals(type)) {
            throw new TranslationException(path + ".type '" + type + "' is not supported; only function tools are");
        }
        JsonNode function = tool.get("function");
        if (function == null || !function.isObject()) {
            throw new TranslationException(path + ".function must be an object");
        }
        String name = Json.text(function, "name");
        if (name == null || name.isEmpty()) {
            throw new TranslationException(path + ".function.name is required");
        }
        ObjectNode out = Json.object();
        out.put("name", name);
        String description = Json.text(function, "description");
        if (description != null) {
            out.put("description", description);
        }
        JsonNode parameters = function.get("parameters");
        if (parameters == null || parameters.isNull()) {
            out.set("input_schema", emptyObjectSchema(false));
        } else if (parameters.isObject()) {
            out.set("input_schema", parameters.deepCopy());
        } else {
            throw new TranslationException(path + ".function.parameters must be a JSON schema object");
        }
        JsonNode cache = tool.get("cache_control");
        if (cache != null && cache.isObject()) {
            out.set("cache_control", cache.deepCopy());
        }
        return out;
    }

    private static ObjectNode toolChoice(JsonNode choice, Set<String> names) throws TranslationException {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode out = Json.object();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> out.put("type", "auto");
                case "none" -> out.put("type", "none");
                case "required" -> out.put("type", "any");
                default -> throw new TranslationException("tool_choice must be auto, none, required or a function");
            }
            return out;
        }
        String name = choice.isObject() ? Json.text(choice.path("function"), "name") : null;
        if (name == null) {
            throw new TranslationException("tool_choice must be auto, none, required or "
                    + "{\"type\":\"function\",\"function\":{\"name\":…}}");
        }
        if (!names.contains(name)) {
            throw new TranslationException("tool_choice names the function '" + name + "', which is not in tools");
        }
        out.put("type", "tool");
        out.put("name", name);
        return out;
    }

    private static ObjectNode jsonTool(JsonNode format) throws TranslationException {
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.isObject() ? Json.text(format, "type") : null;
        if (type == null) {
            throw new TranslationException("response_format must be an object with a type");
        }
        ObjectNode tool = Json.object();
        switch (type) {
            case "text" -> {
                return null;
            }
            case "json_object" -> {
                tool.put("name", JSON_TOOL_DEFAULT_NAME);
                tool.put("description", "Give your answer as a JSON object by calling this tool.");
                tool.set("input_schema", emptyObjectSchema(true));
            }
            case "json_schema" -> {
                JsonNode spec = format.get("json_schema");
                if (spec == null || !spec.isObject()) {
                    throw new TranslationException("response_format.json_schema must be an object");
                }
                String name = Json.text(spec, "name");
                tool.put("name", name != null && TOOL_NAME.matcher(name).matches() ? name : JSON_TOOL_DEFAULT_NAME);
                String description = Json.text(spec, "description");
                tool.put("description", description != null ? description
                        : "Give your answer by calling this tool with JSON matching its input schema.");
                JsonNode schema = spec.get("schema");
                if (schema == null || schema.isNull()) {
                    tool.set("input_schema", emptyObjectSchema(true));
                } else if (schema.isObject() && "object".equals(Json.text(schema, "type"))) {
                    tool.set("input_schema", schema.deepCopy());
                } else {
                    throw new TranslationException("response_format.json_schema.schema must describe an object "
                            + "(\"type\": \"object\")");
                }
            }
            default -> throw new TranslationException("response_format.type '" + type + "' is not supported");
        }
        return tool;
    }

    private static ObjectNode emptyObjectSchema(boolean open) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        if (open) {
            schema.put("additionalProperties", true);
        }
        return schema;
    }
}
