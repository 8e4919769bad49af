package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.provider.TranslationException;

/** Canonical tool calls: writing them into answers, and reading them off assistant messages. */
public final class ToolCalls {

    /**
     * One call of an assistant message, read for an upstream that wants the arguments as a JSON object.
     *
     * @param input the parsed {@code function.arguments}, always a JSON object ({@code {}} when none were given)
     */
    public record Call(String id, String name, JsonNode input) {
    }

    private ToolCalls() {
    }

    /** {@code {"id","type":"function","function":{"name","arguments"}}}, as an answer's tool call. */
    public static ObjectNode call(String id, String name, String arguments) {
        ObjectNode call = Json.object();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", arguments);
        return call;
    }

    /**
     * Reads {@code tool_calls[k]} of an assistant message: {@code id} and {@code function.name} are required;
     * {@code function.arguments} may be a JSON string (parsed strictly), an object, or absent, null or blank
     * ({@code {}}), and must come out a JSON object.
     */
    public static Call read(JsonNode call, String path) throws TranslationException {
        String id = Json.text(call, "id");
        if (id == null || id.isEmpty()) {
            throw new TranslationException(path + ".id is required");
        }
        JsonNode function = call.get("function");
        String name = Json.text(function, "name");
        if (name == null || name.isEmpty()) {
            throw new TranslationException(path + ".function.name is required");
        }
        JsonNode arguments = function.get("arguments");
        JsonNode input;
        if (arguments == null || arguments.isNull() || (arguments.isTextual() && arguments.asText().isBlank())) {
            input = Json.object();
        } else if (arguments.isTextual()) {
            input = Json.parse(arguments.asText(), path + ".function.arguments");
        } else {
            input = arguments.deepCopy();
        }
        if (!input.isObject()) {
            throw new TranslationException(path + ".function.arguments must be a JSON object");
        }
        return new Call(id, name, input);
    }
}
