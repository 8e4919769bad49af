package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;

/**
 * Responses {@code tools} and {@code tool_choice} as canonical ones. Responses function tools are flat
 * ({@code {type, name, description, parameters, strict}}); Chat Completions nests all but the type in
 * {@code function}. Built-in tools run at OpenAI, and custom tools take free-form input no other upstream
 * knows: both are refused, naming the tool.
 */
final class ResponsesToolsDecoder {

    private ResponsesToolsDecoder() {
    }

    /** Sets the canonical {@code tools}; true when there are any. */
    static boolean tools(JsonNode tools, ObjectNode out) throws MalformedRequestException {
        if (tools == null || tools.isNull()) {
            return false;
        }
        if (!tools.isArray()) {
            throw new MalformedRequestException("'tools' must be an array.", "tools");
        }
        ArrayNode functions = ResponsesJson.NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String path = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw new MalformedRequestException("'" + path + "' must be an object.", path);
            }
            String type = ResponsesContentDecoder.required(tool, "type", path);
            if (!"function".equals(type)) {
                throw new MalformedRequestException("'" + path + ".type': " + describe(type, tool)
                        + " cannot be used through this gateway; only function tools can.", path + ".type");
            }
            functions.add(function(tool, path));
        }
        if (functions.isEmpty()) {
            return false;
        }
        out.set("tools", functions);
        return true;
    }

    private static ObjectNode function(JsonNode tool, String path) throws MalformedRequestException {
        ObjectNode function = ResponsesJson.object();
        function.put("name", ResponsesContentDecoder.required(tool, "name", path));
        JsonNode description = tool.get("description");
        if (description != null && !description.isNull()) {
            if (!description.isTextual()) {
                throw new MalformedRequestException("'" + path + ".description' must be a string.", path + ".description");
            }
            function.put("description", description.textValue());
        }
        JsonNode parameters = tool.get("parameters");
        if (parameters != null && !parameters.isNull()) {
            if (!parameters.isObject()) {
                throw new MalformedRequestException("'" + path + ".parameters' must be an object.", path + ".parameters");
            }
            function.set("parameters", parameters.deepCopy());
        }
        JsonNode strict = tool.get("strict");
        if (strict != null && !strict.isNull()) {
            if (!strict.isBoolean()) {
                throw new MalformedRequestException("'" + path + ".strict' must be a boolean.", path + ".strict");
            }
            function.put("strict", strict.booleanValue());
        }
        ObjectNode entry = ResponsesJson.object();
        entry.put("type", "function");
        entry.set("function", function);
        return entry;
    }

    private static String describe(String type, JsonNode tool) {
        String name = ResponsesJson.text(tool, "name");
        return switch (type) {
            case "custom" -> "the custom tool" + (name == null ? "" : " '" + name + "'") + " (free-form input)";
            case "namespace" -> "the tool namespace" + (name == null ? "" : " '" + name + "'");
            default -> "the built-in tool '" + type + "'";
        };
    }

    /** Set only when tools are given: OpenAI refuses {@code tool_choice} without them. */
    static void toolChoice(JsonNode choice, boolean hasTools, ObjectNode out) throws MalformedRequestException {
        if (choice == null || choice.isNull()) {
            return;
        }
        JsonNode mapped;
        if (choice.isTextual()) {
            String mode = choice.textValue();
            if (!mode.equals("auto") && !mode.equals("none") && !mode.equals("required")) {
                throw new MalformedRequestException("'tool_choice' must be 'auto', 'none', 'required' or an object.",
                        "tool_choice");
            }
            mapped = choice;
        } else if (choice.isObject()) {
            String type = ResponsesContentDecoder.required(choice, "type", "tool_choice");
            mapped = switch (type) {
                case "function" -> namedFunction(ResponsesContentDecoder.required(choice, "name", "tool_choice"));
                case "allowed_tools" -> allowedTools(choice);
                default -> throw new MalformedRequestException("'tool_choice.type': " + describe(type, choice)
                        + " cannot be chosen through this gateway; only function tools can.", "tool_choice.type");
            };
        } else {
            throw new MalformedRequestException("'tool_choice' must be 'auto', 'none', 'required' or an object.",
                    "tool_choice");
        }
        if (hasTools) {
            out.set("tool_choice", mapped);
        }
    }

    private static ObjectNode namedFunction(String name) {
        ObjectNode named = ResponsesJson.object();
        named.put("type", "function");
        named.putObject("function").put("name", name);
        return named;
    }

    /** {@code {type: allowed_tools, mode, tools}} → {@code {type: allowed_tools, allowed_tools: {mode, tools}}}. */
    private static ObjectNode allowedTools(JsonNode choice) throws MalformedRequestException {
        String mode = ResponsesContentDecoder.required(choice, "mode", "tool_choice");
        if (!mode.equals("auto") && !mode.equals("required")) {
            throw new MalformedRequestException("'tool_choice.mode' must be 'auto' or 'required'.", "tool_choice.mode");
        }
        JsonNode tools = choice.get("tools");
        if (tools == null || !tools.isArray()) {
            throw new MalformedRequestException("'tool_choice.tools' is required and must be an array.", "tool_choice.tools");
        }
        ObjectNode mapped = ResponsesJson.object();
        mapped.put("type", "allowed_tools");
        ObjectNode allowed = mapped.putObject("allowed_tools");
        allowed.put("mode", mode);
        ArrayNode list = allowed.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            String path = "tool_choice.tools[" + i + "]";
            JsonNode tool = tools.get(i);
            String type = ResponsesContentDecoder.required(tool, "type", path);
            if (!"function".equals(type)) {
                throw new MalformedRequestException("'" + path + ".type': " + describe(type, tool)
                        + " cannot be allowed through this gateway; only function tools can.", path + ".type");
            }
            list.add(namedFunction(ResponsesContentDecoder.required(tool, "name", path)));
        }
        return mapped;
    }
}
