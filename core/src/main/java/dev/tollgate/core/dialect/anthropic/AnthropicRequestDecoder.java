package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;

/**
 * An Anthropic Messages request as a canonical OpenAI chat completion request.
 *
 * <p>Mapped: {@code model}, {@code max_tokens}, {@code system} and {@code messages} (see
 * {@link AnthropicMessageDecoder}), {@code tools}, {@code tool_choice} (with
 * {@code disable_parallel_tool_use} → {@code parallel_tool_calls:false}), {@code stop_sequences} →
 * {@code stop}, {@code temperature}, {@code top_p}, {@code stream} (with usage requested in the stream),
 * {@code metadata.user_id} → {@code user}, {@code thinking} (kept as is, plus a {@code reasoning_effort}
 * derived from its budget). Dropped: {@code top_k} (OpenAI has no such parameter), {@code service_tier}
 * (the tiers differ) and fields without a counterpart. Anthropic server tools (web search, code
 * execution, …) cannot be translated and are refused.
 */
public final class AnthropicRequestDecoder {

    private AnthropicRequestDecoder() {
    }

    /** The canonical request for a {@code /v1/messages} body. */
    public static ObjectNode toCanonical(ObjectNode request) throws MalformedRequestException {
        return decode(request, true);
    }

    /**
     * The canonical request for a {@code /v1/messages/count_tokens} body: decoded the same way, but
     * {@code max_tokens} is not required (nor used).
     */
    public static ObjectNode countTokensRequest(ObjectNode request) throws MalformedRequestException {
        return decode(request, false);
    }

    /** The canonical messages of a {@code /v1/messages/count_tokens} body (its system prompt included). */
    public static ArrayNode countTokensMessages(ObjectNode request) throws MalformedRequestException {
        return (ArrayNode) decode(request, false).get("messages");
    }

    private static ObjectNode decode(ObjectNode request, boolean create) throws MalformedRequestException {
        if (request == null) {
            throw new MalformedRequestException("The request body must be a JSON object.", null);
        }
        ObjectNode out = AnthropicJson.object();
        JsonNode model = request.get("model");
        if (model == null || model.isNull()) {
            throw new MalformedRequestException("Missing required parameter: 'model'.", "model");
        }
        if (!model.isTextual() || model.textValue().isEmpty()) {
            throw new MalformedRequestException("'model' must be a non-empty string.", "model");
        }
        out.put("model", model.textValue());
        out.set("messages", AnthropicMessageDecoder.decode(request.get("system"), request.get("messages")));
        if (create) {
            JsonNode maxTokens = request.get("max_tokens");
            if (maxTokens == null || maxTokens.isNull()) {
                throw new MalformedRequestException("Missing required parameter: 'max_tokens'.", "max_tokens");
            }
            if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToLong() || maxTokens.asLong() < 1) {
                throw new MalformedRequestException("'max_tokens' must be a positive integer.", "max_tokens");
            }
            out.put("max_tokens", maxTokens.asLong());
        }
        copyNumber(request, "temperature", out, "temperature");
        copyNumber(request, "top_p", out, "top_p");
        stopSequences(request.get("stop_sequences"), out);
        JsonNode stream = request.get("stream");
        if (stream != null && !stream.isNull()) {
            if (!stream.isBoolean()) {
                throw new MalformedRequestException("'stream' must be a boolean.", "stream");
            }
            if (create && stream.booleanValue()) {
                out.put("stream", true);
                out.putObject("stream_options").put("include_usage", true);
            }
        }
        metadata(request.get("metadata"), out);
        boolean hasTools = tools(request.get("tools"), out);
        toolChoice(request.get("tool_choice"), hasTools, out);
        thinking(request.get("thinking"), out);
        return out;
    }

    private static void copyNumber(ObjectNode request, String field, ObjectNode out, String target)
            throws MalformedRequestException {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber()) {
            throw new MalformedRequestException("'" + field + "' must be a number.", field);
        }
        out.set(target, v.deepCopy());
    }

    private static void stopSequences(JsonNode stops, ObjectNode out) throws MalformedRequestException {
        if (stops == null || stops.isNull()) {
            return;
        }
        if (!stops.isArray()) {
            throw new MalformedRequestException("'stop_sequences' must be an array of strings.", "stop_sequences");
        }
        ArrayNode stop = AnthropicJson.NODES.arrayNode();
        for (JsonNode s : stops) {
            if (!s.isTextual()) {
                throw new MalformedRequestException("'stop_sequences' must be an array of strings.", "stop_sequences");
            }
            stop.add(s.textValue());
        }
        if (!stop.isEmpty()) {
            out.set("stop", stop);
        }
    }

    private static void metadata(JsonNode metadata, ObjectNode out) throws MalformedRequestException {
        if (metadata == null || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw new MalformedRequestException("'metadata' must be an object.", "metadata");
        }
        String userId = AnthropicJson.text(metadata, "user_id");
        if (AnthropicJson.isNonEmpty(userId)) {
            out.put("user", userId);
        }
    }

    private static boolean tools(JsonNode tools, ObjectNode out) throws MalformedRequestException {
        if (tools == null || tools.isNull()) {
            return false;
        }
        if (!tools.isArray()) {
            throw new MalformedRequestException("'tools' must be an array.", "tools");
        }
        ArrayNode functions = AnthropicJson.NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw new MalformedRequestException("'" + path + "' must be an object.", path);
            }
            String type = AnthropicJson.text(tool, "type");
            if (type != null && !"custom".equals(type)) {
                throw new MalformedRequestException("'" + path + ".type': the Anthropic server tool '" + type
                        + "' cannot be used with this model; only custom tools (name, description, input_schema) can.",
                        path + ".type");
            }
            ObjectNode function = AnthropicJson.object();
            function.put("name", AnthropicMessageDecoder.requiredString(tool, "name", path));
            String description = AnthropicJson.text(tool, "description");
            if (description != null) {
                function.put("description", description);
            }
            JsonNode schema = tool.get("input_schema");
            if (schema == null || schema.isNull()) {
                ObjectNode empty = function.putObject("parameters");
                empty.put("type", "object");
                empty.putObject("properties");
            } else if (schema.isObject()) {
                function.set("parameters", schema.deepCopy());
            } else {
                throw new MalformedRequestException("'" + path + ".input_schema' must be an object.", path + ".input_schema");
            }
            ObjectNode entry = functions.addObject();
            entry.put("type", "function");
            entry.set("function", function);
            JsonNode cacheControl = tool.get("cache_control");
            if (cacheControl != null && cacheControl.isObject()) {
                entry.set("cache_control", cacheControl.deepCopy());
            }
        }
        if (functions.isEmpty()) {
            return false;
        }
        out.set("tools", functions);
        return true;
    }

    /** Set only when tools are given: OpenAI refuses {@code tool_choice} and {@code parallel_tool_calls} without. */
    private static void toolChoice(JsonNode choice, boolean hasTools, ObjectNode out) throws MalformedRequestException {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (!choice.isObject()) {
            throw new MalformedRequestException("'tool_choice' must be an object.", "tool_choice");
        }
        String type = AnthropicJson.text(choice, "type");
        JsonNode mapped = switch (String.valueOf(type)) {
            case "auto" -> AnthropicJson.NODES.textNode("auto");
            case "any" -> AnthropicJson.NODES.textNode("required");
            case "none" -> AnthropicJson.NODES.textNode("none");
            case "tool" -> {
                ObjectNode named = AnthropicJson.object();
                named.put("type", "function");
                named.putObject("function").put("name", AnthropicMessageDecoder.requiredString(choice, "name", "tool_choice"));
                yield named;
            }
            default -> throw new MalformedRequestException(
                    "'tool_choice.type' must be one of 'auto', 'any', 'tool' or 'none'.", "tool_choice.type");
        };
        if (!hasTools) {
            return;
        }
        out.set("tool_choice", mapped);
        JsonNode disableParallel = choice.get("disable_parallel_tool_use");
        if (disableParallel != null && disableParallel.asBoolean(false) && !"none".equals(type)) {
            out.put("parallel_tool_calls", false);
        }
    }

    private static void thinking(JsonNode thinking, ObjectNode out) throws MalformedRequestException {
        if (thinking == null || thinking.isNull()) {
            return;
        }
        if (!thinking.isObject()) {
            throw new MalformedRequestException("'thinking' must be an object.", "thinking");
        }
        String type = AnthropicJson.text(thinking, "type");
        if ("disabled".equals(type)) {
            return;
        }
        if ("enabled".equals(type)) {
            JsonNode budget = thinking.get("budget_tokens");
            if (budget == null || !budget.isIntegralNumber()) {
                throw new MalformedRequestException("'thinking.budget_tokens' is required and must be an integer.",
                        "thinking.budget_tokens");
            }
            out.set("thinking", thinking.deepCopy());
            out.put("reasoning_effort", reasoningEffort(budget.asLong()));
            return;
        }
        if (type == null) {
            throw new MalformedRequestException("'thinking.type' is required.", "thinking.type");
        }
        out.set("thinking", thinking.deepCopy());
    }

    /** OpenAI's coarse effort levels for an Anthropic thinking budget. */
    static String reasoningEffort(long budgetTokens) {
        if (budgetTokens < 2048) {
            return "low";
        }
        return budgetTokens < 8192 ? "medium" : "high";
    }
}
