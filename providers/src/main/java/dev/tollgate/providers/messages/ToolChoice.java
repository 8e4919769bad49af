package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.Set;

/**
 * The canonical {@code tool_choice}, checked, in the words Messages-shaped upstreams share.
 *
 * @param mode {@code auto}, {@code none}, {@code any} (OpenAI's {@code required}) or {@code tool}
 * @param name the forced tool when the mode is {@code tool}, else null
 */
public record ToolChoice(String mode, String name) {

    /** @return the choice, or null when the client made none */
    public static ToolChoice read(JsonNode choice, Set<String> names) throws TranslationException {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> new ToolChoice("auto", null);
                case "none" -> new ToolChoice("none", null);
                case "required" -> new ToolChoice("any", null);
                default -> throw new TranslationException("tool_choice must be auto, none, required or a function");
            };
        }
        String name = choice.isObject() ? Json.text(choice.path("function"), "name") : null;
        if (name == null) {
            throw new TranslationException("tool_choice must be auto, none, required or "
                    + "{\"type\":\"function\",\"function\":{\"name\":…}}");
        }
        if (!names.contains(name)) {
            throw new TranslationException("tool_choice names the function '" + name + "', which is not in tools");
        }
        return new ToolChoice("tool", name);
    }
}
