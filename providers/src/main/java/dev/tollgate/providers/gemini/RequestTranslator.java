package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.Locale;

/**
 * A canonical chat request as a Gemini {@code GenerateContentRequest}: {@code contents} and
 * {@code systemInstruction} ({@link ContentsTranslator}), {@code tools}, {@code toolConfig} and
 * {@code generationConfig}. The model is not in the body (it is in the URL), nor is streaming (a different
 * method). Parameters Gemini has no counterpart for ({@code n} above 1, {@code logit_bias},
 * {@code parallel_tool_calls}, {@code user}, …) are left out.
 */
final class RequestTranslator {

    static final int BUDGET_MINIMAL = 512;
    static final int BUDGET_LOW = 1024;
    static final int BUDGET_MEDIUM = 8192;
    static final int BUDGET_HIGH = 24576;

    private RequestTranslator() {
    }

    static ObjectNode translate(ObjectNode request) throws TranslationException {
        if (request == null) {
            throw new TranslationException("the request must be a JSON object");
        }
        ContentsTranslator.Result conversation = ContentsTranslator.translate(request.get("messages"));
        ObjectNode out = Json.object();
        out.set("contents", conversation.contents());
        if (conversation.systemInstruction() != null) {
            out.set("systemInstruction", conversation.systemInstruction());
        }
        ArrayNode declarations = tools(request.get("tools"));
        if (!declarations.isEmpty()) {
            out.putArray("tools").addObject().set("functionDeclarations", declarations);
            ObjectNode toolConfig = toolConfig(request.get("tool_choice"));
            if (toolConfig != null) {
                out.set("toolConfig", toolConfig);
            }
        }
        ObjectNode generation = generationConfig(request);
        if (!generation.isEmpty()) {
            out.set("generationConfig", generation);
        }
        return out;
    }

    private static ArrayNode tools(JsonNode tools) throws TranslationException {
        ArrayNode declarations = Json.array();
        if (tools == null || tools.isNull()) {
            return declarations;
        }
        if (!tools.isArray()) {
            throw new TranslationException("tools must be an array");
        }
        int i = 0;
        for (JsonNode tool : tools) {
            String path = "tools[" + i++ + "]";
            String type = Json.text(tool, "type");
            if (type != null && !type.equals("function")) {
                throw new TranslationException(path + ".type '" + type + "' is not supported by Gemini");
            }
            JsonNode function = tool.get("function");
            String name = Json.text(function, "name");
            if (name == null || name.isEmpty()) {
                throw new TranslationException(path + ".function.name is required");
            }
            ObjectNode declaration = declarations.addObject();
            declaration.put("name", name);
            String description = Json.text(function, "description");
            if (description != null) {
                declaration.put("description", description);
            }
            if (!Json.absent(function, "parameters")) {
                ObjectNode parameters = SchemaCleaner.clean(function.get("parameters"), path + ".function.parameters");
                if (!SchemaCleaner.emptyObject(parameters)) {
                    declaration.set("parameters", parameters); // Gemini refuses an OBJECT without properties
                }
            }
        }
        return declarations;
    }

    private static ObjectNode toolConfig(JsonNode choice) throws TranslationException {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode config = Json.object();
        ObjectNode calling = config.putObject("functionCallingConfig");
        if (choice.isTextual()) {
            calling.put("mode", switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw new TranslationException("tool_choice '" + choice.asText() + "' is not supported");
            });
            return config;
        }
        String name = Json.text(choice.get("function"), "name");
        if (!"function".equals(Json.text(choice, "type")) || name == null || name.isEmpty()) {
            throw new TranslationException("tool_choice must be auto, none, required or {\"type\":\"function\","
                    + "\"function\":{\"name\":…}}");
        }
        calling.put("mode", "ANY");
        calling.putArray("allowedFunctionNames").add(name);
        return config;
    }

    private static ObjectNode generationConfig(ObjectNode request) throws TranslationException {
        ObjectNode config = Json.object();
        JsonNode maxTokens = !Json.absent(request, "max_completion_tokens") ? request.get("max_completion_tokens")
                : request.get("max_tokens");
        if (maxTokens != null && !maxTokens.isNull()) {
            if (!maxTokens.canConvertToInt() || !maxTokens.isIntegralNumber()) {
                throw new TranslationException("max_tokens must be an integer");
            }
            config.put("maxOutputTokens", maxTokens.asInt());
        }
        number(request, "temperature", config, "temperature");
        number(request, "top_p", config, "topP");
        number(request, "top_k", config, "topK");
        number(request, "presence_penalty", config, "presencePenalty");
        number(request, "frequency_penalty", config, "frequencyPenalty");
        number(request, "seed", config, "seed");
        JsonNode stop = request.get("stop");
        if (stop != null && stop.isTextual()) {
            config.putArray("stopSequences").add(stop.asText());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            ArrayNode sequences = config.putArray("stopSequences");
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new TranslationException("stop must be a string or an array of strings");
                }
                sequences.add(s.asText());
            }
        }
        responseFormat(request.get("response_format"), config);
        ObjectNode thinking = thinking(request);
        if (thinking != null) {
            config.set("thinkingConfig", thinking);
        }
        return config;
    }

    private static void number(JsonNode request, String field, ObjectNode config, String name)
            throws TranslationException {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw new TranslationException(field + " must be a number");
        }
        config.set(name, value);
    }

    private static void responseFormat(JsonNode format, ObjectNode config) throws TranslationException {
        if (format == null || format.isNull()) {
            return;
        }
        String type = Json.text(format, "type");
        if (type == null) {
            throw new TranslationException("response_format.type is required");
        }
        switch (type) {
            case "text" -> {
            }
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema != null && !schema.isNull()) {
                    ObjectNode cleaned = SchemaCleaner.clean(schema, "response_format.json_schema.schema");
                    if (!SchemaCleaner.emptyObject(cleaned)) {
                        config.set("responseSchema", cleaned);
                    }
                }
            }
            default -> throw new TranslationException("response_format.type '" + type + "' is not supported");
        }
    }

    /**
     * An Anthropic-style {@code thinking} object (what the Anthropic dialect keeps) wins over
     * {@code reasoning_effort}, whose levels become fixed budgets. Thoughts are asked for whenever thinking is,
     * so that {@code reasoning_content} and the thought signatures come back.
     */
    private static ObjectNode thinking(ObjectNode request) throws TranslationException {
        JsonNode thinking = request.get("thinking");
        if (thinking != null && thinking.isObject()) {
            String type = Json.text(thinking, "type");
            if ("disabled".equals(type)) {
                return budget(0);
            }
            JsonNode budget = thinking.get("budget_tokens");
            if ("enabled".equals(type) && budget != null && budget.canConvertToInt()) {
                return budget(budget.asInt());
            }
            if ("adaptive".equals(type)) {
                return budget(-1); // Gemini's dynamic thinking
            }
        }
        String effort = Json.text(request, "reasoning_effort");
        if (effort == null) {
            return null;
        }
        return switch (effort.toLowerCase(Locale.ROOT)) {
            case "none" -> budget(0);
            case "minimal" -> budget(BUDGET_MINIMAL);
            case "low" -> budget(BUDGET_LOW);
            case "medium" -> budget(BUDGET_MEDIUM);
            case "high", "xhigh" -> budget(BUDGET_HIGH);
            default -> throw new TranslationException("reasoning_effort '" + effort + "' is not supported");
        };
    }

    private static ObjectNode budget(int tokens) {
        ObjectNode config = Json.object();
        config.put("thinkingBudget", tokens);
        if (tokens != 0) {
            config.put("includeThoughts", true);
        }
        return config;
    }
}
