package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.CacheControl;
import dev.tollgate.providers.messages.FunctionTool;
import dev.tollgate.providers.messages.JsonModeTool;
import dev.tollgate.providers.messages.ToolChoice;
import dev.tollgate.spi.provider.TranslationException;

import java.util.HashSet;
import java.util.Set;

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

    /** Declared when the conversation holds tool blocks but no tool may be offered. */
    static final String PLACEHOLDER_TOOL_NAME = "no_tools_available";

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
                FunctionTool read = FunctionTool.read(tool, "tools[" + i++ + "]");
                names.add(read.name());
                tools.add(spec(read));
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
            choice = none ? null : toolChoice(ToolChoice.read(given, names));
        }
        if (none) {
            tools.removeAll(); // "none": the model is not offered the client's tools at all
            names.clear();
        }

        FunctionTool jsonTool = JsonModeTool.read(request.get("response_format"));
        String jsonToolName = null;
        if (jsonTool != null) {
            jsonToolName = jsonTool.name();
            if (names.contains(jsonToolName)) {
                throw new TranslationException("response_format: the schema name '" + jsonToolName
                        + "' is also the name of a tool; rename one of them");
            }
            tools.add(spec(jsonTool));
            if (names.isEmpty() && !thinkingOn) {
                choice = toolChoice(new ToolChoice("tool", jsonToolName));
            }
        }
        if (tools.isEmpty() && usesToolBlocks) {
            tools.add(spec(new FunctionTool(PLACEHOLDER_TOOL_NAME,
                    "No tools are available in this turn. Never call this tool.", FunctionTool.emptyObjectSchema(false))));
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

    /** Converse refuses an empty description, so none is sent instead. */
    private static ObjectNode spec(FunctionTool tool) {
        ObjectNode out = Json.object();
        ObjectNode spec = out.putObject("toolSpec");
        spec.put("name", tool.name());
        if (tool.description() != null && !tool.description().isEmpty()) {
            spec.put("description", tool.description());
        }
        spec.putObject("inputSchema").set("json", tool.schema());
        return out;
    }

    /** {@code {"auto":{}}}, {@code {"any":{}}} or {@code {"tool":{"name"}}}; "none" never gets here. */
    private static ObjectNode toolChoice(ToolChoice choice) {
        if (choice == null) {
            return null;
        }
        ObjectNode out = Json.object();
        ObjectNode mode = out.putObject(choice.mode());
        if (choice.name() != null) {
            mode.put("name", choice.name());
        }
        return out;
    }
}
