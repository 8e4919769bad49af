package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.CacheControl;
import dev.tollgate.spi.provider.TranslationException;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenAI {@code tools}, {@code tool_choice} and {@code response_format} as a Converse {@code toolConfig}:
 * {@code {"tools":[{"toolSpec":{"name","description","inputSchema":{"json":…}}}, {"cachePoint":…}],
 * "toolChoice":{"auto":{}} | {"any":{}} | {"tool":{"name":…}}}}.
 *
 * <ul>
 *   <li>Converse has no JSON mode: {@code response_format} {@code json_schema} or {@code json_object} becomes
 *       one more tool whose input schema is the requested schema, forced with {@code {"tool":{"name"}}}
 *       unless the client has tools of its own or thinking is on (Claude then allows only {@code auto}); its
 *       call is translated back into the answer's content.</li>
 *   <li>Converse has no {@code tool_choice: none}: the client's tools are withheld instead.</li>
 *   <li>Converse refuses a conversation holding {@code toolUse}/{@code toolResult} blocks without a
 *       {@code toolConfig}; when no tool is left to declare, a placeholder tool that says not to call it is
 *       declared.</li>
 * </ul>
 */
final class ToolConfigTranslator {

    /** Used as the JSON-mode tool's name for {@code json_object}, and for a schema without a usable name. */
    static final String JSON_TOOL_DEFAULT_NAME = "json_response";

    /** Declared when the conversation holds tool blocks but no tool may be offered. */
    static final String PLACEHOLDER_TOOL_NAME = "no_tools_available";

    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /**
     * @param toolConfig   the {@code toolConfig}, or null when no tool is declared
     * @param jsonToolName the tool standing in for {@code response_format}, or null
     */
    record Result(ObjectNode toolConfig, String jsonToolName) {
    }

    private ToolConfigTranslator() {
    }

    static Result translate(ObjectNode request, boolean thinkingOn, boolean usesToolBlocks) throws TranslationException {
        ArrayNode tools = Json.array();
        Set<String> names = new HashSet<>();
        JsonNode clientTools = request.get("tools");
        if (clientTools != null && !clientTools.isNull()) {
            if (!clientTools.isArray()) {
                throw new TranslationException("tools must be an array");
            }
            int i = 0;
            for (JsonNode tool : clientTools) {
                String path = "tools[" + i++ + "]";
                ObjectNode spec = toolSpec(tool, path);
                names.add(spec.get("toolSpec").get("name").asText());
                tools.add(spec);
                if (CacheControl.present(tool)) {
                    tools.add(ContentBlocks.cachePoint());
                }
            }
        }
        ObjectNode choice = null;
        boolean none = false;
        if (!names.isEmpty()) {
            JsonNode given = request.get("tool_choice");
            none = given != null && given.isTextual() && given.asText().equals("none");
            choice = none ? null : toolChoice(given, names);
        }
        if (none) {
            tools.removeAll(); // "none": the model is not offered the client's tools at all
            names.clear();
        }

        ObjectNode jsonTool = jsonTool(request.get("response_format"));
        String jsonToolName = null;
        if (jsonTool != null) {
            jsonToolName = jsonTool.get("toolSpec").get("name").asText();
            if (names.contains(jsonToolName)) {
                throw new TranslationException("response_format: the schema name '" + jsonToolName
                        + "' is also the name of a tool; rename one of them");
            }
            tools.add(jsonTool);
            if (names.isEmpty() && !thinkingOn) {
                choice = Json.object();
                choice.putObject("tool").put("name", jsonToolName);
            }
        }
        if (tools.isEmpty() && usesToolBlocks) {
            tools.add(placeholder());
        }
        if (tools.isEmpty()) {
            return new Result(null, null);
        }
        ObjectNode config = Json.object();
        config.set("tools", tools);
        if (choice != null) {
            config.set("toolChoice", choice);
        }
        return new Result(config, jsonToolName);
    }

    private static ObjectNode toolSpec(JsonNode tool, String path) throws TranslationException {
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
        JsonNode parameters = function.get("parameters");
        JsonNode schema;
        if (parameters == null || parameters.isNull()) {
            schema = emptyObjectSchema(false);
        } else if (parameters.isObject()) {
            schema = parameters.deepCopy();
        } else {
            throw new TranslationException(path + ".function.parameters must be a JSON schema object");
        }
        return spec(name, Json.text(function, "description"), schema);
    }

    private static ObjectNode spec(String name, String description, JsonNode schema) {
        ObjectNode out = Json.object();
        ObjectNode spec = out.putObject("toolSpec");
        spec.put("name", name);
        if (description != null && !description.isEmpty()) {
            spec.put("description", description);
        }
        spec.putObject("inputSchema").set("json", schema);
        return out;
    }

    private static ObjectNode toolChoice(JsonNode choice, Set<String> names) throws TranslationException {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode out = Json.object();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> out.putObject("auto");
                case "required" -> out.putObject("any");
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
        out.putObject("tool").put("name", name);
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
        return switch (type) {
            case "text" -> null;
            case "json_object" -> spec(JSON_TOOL_DEFAULT_NAME, "Give your answer as a JSON object by calling this tool.",
                    emptyObjectSchema(true));
            case "json_schema" -> {
                JsonNode definition = format.get("json_schema");
                if (definition == null || !definition.isObject()) {
                    throw new TranslationException("response_format.json_schema must be an object");
                }
                String name = Json.text(definition, "name");
                String description = Json.text(definition, "description");
                JsonNode schema = definition.get("schema");
                JsonNode inputSchema;
                if (schema == null || schema.isNull()) {
                    inputSchema = emptyObjectSchema(true);
                } else if (schema.isObject() && "object".equals(Json.text(schema, "type"))) {
                    inputSchema = schema.deepCopy();
                } else {
                    throw new TranslationException("response_format.json_schema.schema must describe an object "
                            + "(\"type\": \"object\")");
                }
                yield spec(name != null && TOOL_NAME.matcher(name).matches() ? name : JSON_TOOL_DEFAULT_NAME,
                        description != null ? description
                                : "Give your answer by calling this tool with JSON matching its input schema.",
                        inputSchema);
            }
            default -> throw new TranslationException("response_format.type '" + type + "' is not supported");
        };
    }

    private static ObjectNode placeholder() {
        return spec(PLACEHOLDER_TOOL_NAME, "No tools are available in this turn. Never call this tool.",
                emptyObjectSchema(false));
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
