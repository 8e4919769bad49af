package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.ConversationTranslator;
import dev.tollgate.providers.messages.FunctionTool;
import dev.tollgate.providers.messages.JsonModeTool;
import dev.tollgate.providers.messages.RequestFields;
import dev.tollgate.providers.messages.Thinking;
import dev.tollgate.providers.messages.ToolChoice;
import dev.tollgate.spi.provider.TranslationException;

import java.util.HashSet;
import java.util.Set;

/**
 * A canonical (OpenAI Chat Completions) request as an Anthropic Messages request. Errors are the client's
 * and name the offending field; the gateway answers them with a 400.
 */
final class RequestTranslator {

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
        RequestFields.requireOneChoice(request, "Anthropic");
        ObjectNode out = Json.object();
        out.put("model", upstreamModel);

        // Thinking first: it decides max_tokens and whether a tool may be forced.
        ObjectNode thinking = thinking(request);
        boolean thinkingOn = Thinking.on(thinking);
        Integer given = RequestFields.maxTokens(request);
        int maxTokens = given == null ? Thinking.DEFAULT_MAX_TOKENS : given; // Anthropic requires max_tokens
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
        ArrayNode stop = RequestFields.stopSequences(request, false);
        if (!stop.isEmpty()) {
            out.set("stop_sequences", stop);
        }
        for (String field : new String[] {"temperature", "top_p", "top_k"}) {
            JsonNode value = RequestFields.number(request, field);
            if (value != null) {
                out.set(field, value);
            }
        }
        String jsonTool = tools(request, thinkingOn, out);
        metadata(request, out);
        if (stream) {
            out.put("stream", true);
        }
        return new Result(out, jsonTool);
    }

    /** An explicit Anthropic {@code thinking} object wins over {@code reasoning_effort}. */
    private static ObjectNode thinking(ObjectNode request) throws TranslationException {
        ObjectNode explicit = Thinking.explicit(request);
        if (explicit != null) {
            return explicit;
        }
        String effort = Thinking.effort(request);
        return effort == null ? null : Thinking.enabled(effort);
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
     * more tool ({@link JsonModeTool}); the model is made to call it ({@code tool_choice {"type":"tool"}})
     * unless the client has tools of its own or thinking is on (Anthropic allows only {@code auto} and
     * {@code none} with thinking), and its call is translated back into the answer's content.
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
                FunctionTool read = FunctionTool.read(tool, "tools[" + i++ + "]");
                names.add(read.name());
                tools.add(tool(read, tool.get("cache_control")));
            }
        }
        boolean hasClientTools = !tools.isEmpty();
        ObjectNode choice = hasClientTools ? toolChoice(ToolChoice.read(request.get("tool_choice"), names)) : null;

        FunctionTool jsonTool = JsonModeTool.read(request.get("response_format"));
        String jsonToolName = null;
        if (jsonTool != null) {
            jsonToolName = jsonTool.name();
            if (names.contains(jsonToolName)) {
                throw new TranslationException("response_format: the schema name '" + jsonToolName
                        + "' is also the name of a tool; rename one of them");
            }
            tools.add(tool(jsonTool, null));
            if (!hasClientTools && !thinkingOn) {
                choice = toolChoice(new ToolChoice("tool", jsonToolName));
            }
        }
        if (tools.isEmpty()) {
            return null;
        }
        out.set("tools", tools);

        JsonNode parallel = request.get("parallel_tool_calls");
        if (parallel != null && parallel.isBoolean() && !parallel.asBoolean()) {
            if (choice == null) {
                choice = toolChoice(new ToolChoice("auto", null));
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

    /** @param cache the client's {@code cache_control} for the tool, kept on it, or null */
    private static ObjectNode tool(FunctionTool tool, JsonNode cache) {
        ObjectNode out = Json.object();
        out.put("name", tool.name());
        if (tool.description() != null) {
            out.put("description", tool.description());
        }
        out.set("input_schema", tool.schema());
        if (cache != null && cache.isObject()) {
            out.set("cache_control", cache.deepCopy());
        }
        return out;
    }

    private static ObjectNode toolChoice(ToolChoice choice) {
        if (choice == null) {
            return null;
        }
        ObjectNode out = Json.object();
        out.put("type", choice.mode());
        if (choice.name() != null) {
            out.put("name", choice.name());
        }
        return out;
    }
}
