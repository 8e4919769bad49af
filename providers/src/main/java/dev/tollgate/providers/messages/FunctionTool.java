package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

/**
 * A canonical function tool, checked, for a format to write in its own shape.
 *
 * @param description as the client gave it, or null
 * @param schema      the input schema, always an object schema
 */
public record FunctionTool(String name, String description, JsonNode schema) {

    /** One entry of the canonical {@code tools}; only function tools are accepted. */
    public static FunctionTool read(JsonNode tool, String path) throws TranslationException {
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
        String description = Json.text(function, "description");
        JsonNode parameters = function.get("parameters");
        if (parameters == null || parameters.isNull()) {
            return new FunctionTool(name, description, emptyObjectSchema(false));
        }
        if (!parameters.isObject()) {
            throw new TranslationException(path + ".function.parameters must be a JSON schema object");
        }
        return new FunctionTool(name, description, parameters.deepCopy());
    }

    /** @param open whether properties beyond the (no) declared ones are allowed */
    public static ObjectNode emptyObjectSchema(boolean open) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        if (open) {
            schema.put("additionalProperties", true);
        }
        return schema;
    }
}
