package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.regex.Pattern;

/**
 * The tool standing in for {@code response_format}: Messages-shaped upstreams have no JSON mode, so the
 * requested schema becomes one more tool's input schema, and the call's input is the answer's content.
 */
public final class JsonModeTool {

    /** Used as the tool's name for {@code json_object}, and for a schema without a usable name. */
    public static final String DEFAULT_NAME = "json_response";

    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private JsonModeTool() {
    }

    /** The tool for {@code response_format}, or null when the client wants text. */
    public static FunctionTool read(JsonNode format) throws TranslationException {
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.isObject() ? Json.text(format, "type") : null;
        if (type == null) {
            throw new TranslationException("response_format must be an object with a type");
        }
        return switch (type) {
            case "text" -> null;
            case "json_object" -> new FunctionTool(DEFAULT_NAME,
                    "Give your answer as a JSON object by calling this tool.", FunctionTool.emptyObjectSchema(true));
            case "json_schema" -> {
                JsonNode spec = format.get("json_schema");
                if (spec == null || !spec.isObject()) {
                    throw new TranslationException("response_format.json_schema must be an object");
                }
                String name = Json.text(spec, "name");
                String description = Json.text(spec, "description");
                JsonNode schema = spec.get("schema");
                JsonNode inputSchema;
                if (schema == null || schema.isNull()) {
                    inputSchema = FunctionTool.emptyObjectSchema(true);
                } else if (schema.isObject() && "object".equals(Json.text(schema, "type"))) {
                    inputSchema = schema.deepCopy();
                } else {
                    throw new TranslationException("response_format.json_schema.schema must describe an object "
                            + "(\"type\": \"object\")");
                }
                yield new FunctionTool(name != null && TOOL_NAME.matcher(name).matches() ? name : DEFAULT_NAME,
                        description != null ? description
                                : "Give your answer by calling this tool with JSON matching its input schema.",
                        inputSchema);
            }
            default -> throw new TranslationException("response_format.type '" + type + "' is not supported");
        };
    }
}
