package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.Turns;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code messages} as Gemini {@code systemInstruction} and {@code contents}. System and developer
 * messages become the system instruction; user and assistant messages become {@code user} and {@code model}
 * contents; tool results become {@code functionResponse} parts of a user content, named after the tool call
 * they answer (Gemini matches responses to calls by name). Consecutive contents of one role are merged.
 */
final class ContentsTranslator {

    /**
     * Gemini 3 refuses a replayed function call without a thought signature; Google documents this value for
     * history the model did not produce itself (another provider's turns, or a client that dropped
     * {@code thinking_blocks}).
     */
    static final String FOREIGN_SIGNATURE = "skip_thought_signature_validator";

    /** @param systemInstruction null when the conversation has no system message */
    record Result(ObjectNode systemInstruction, ArrayNode contents) {
    }

    private ContentsTranslator() {
    }

    static Result translate(JsonNode messages) throws TranslationException {
        Turns.requireMessages(messages);
        List<ObjectNode> system = new ArrayList<>();
        Turns turns = new Turns();
        Map<String, String> toolNames = new HashMap<>();
        int i = 0;
        for (JsonNode message : messages) {
            String path = "messages[" + i++ + "]";
            String role = Turns.role(message, path);
            switch (role) {
                case "system", "developer" -> system.addAll(systemParts(message.get("content"), path));
                case "user" -> turns.append("user", userParts(message.get("content"), path));
                case "assistant" -> turns.append("model", assistantParts(message, path, toolNames));
                case "tool" -> turns.append("user", List.of(functionResponse(message, path, toolNames)));
                case "function" -> turns.append("user", List.of(legacyFunctionResponse(message, path)));
                default -> throw new TranslationException(path + ".role '" + role + "' is not supported");
            }
        }
        ArrayNode contents = Json.array();
        for (Turns.Turn turn : turns.result()) {
            ObjectNode content = contents.addObject();
            content.put("role", turn.role());
            ArrayNode parts = content.putArray("parts");
            turn.items().forEach(parts::add);
        }
        ObjectNode instruction = null;
        if (!system.isEmpty()) {
            instruction = Json.object();
            ArrayNode parts = instruction.putArray("parts");
            system.forEach(parts::add);
        }
        return new Result(instruction, contents);
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = Json.object();
        part.put("text", text);
        return part;
    }

    private static List<ObjectNode> systemParts(JsonNode content, String path) throws TranslationException {
        List<ObjectNode> parts = new ArrayList<>();
        for (String text : texts(content, path, "system prompts hold only text")) {
            parts.add(textPart(text));
        }
        return parts;
    }

    /** The non-empty texts of a string or text-part content (Gemini refuses empty text parts). */
    private static List<String> texts(JsonNode content, String path, String why) throws TranslationException {
        List<String> texts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return texts;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                texts.add(content.asText());
            }
            return texts;
        }
        if (!content.isArray()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        int j = 0;
        for (JsonNode part : content) {
            String partPath = path + ".content[" + j++ + "]";
            String type = Json.text(part, "type");
            String text = "refusal".equals(type) ? Json.text(part, "refusal") : Json.text(part, "text");
            if (text == null || (type != null && !type.equals("text") && !type.equals("refusal"))) {
                throw new TranslationException(partPath + " must be a text part; " + why);
            }
            if (!text.isEmpty()) {
                texts.add(text);
            }
        }
        return texts;
    }

    private static List<ObjectNode> userParts(JsonNode content, String path) throws TranslationException {
        List<ObjectNode> parts = new ArrayList<>();
        if (content == null || content.isNull() || content.isTextual()) {
            for (String text : texts(content, path, "")) {
                parts.add(textPart(text));
            }
            return parts;
        }
        if (!content.isArray()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        int j = 0;
        for (JsonNode part : content) {
            String partPath = path + ".content[" + j++ + "]";
            String type = Json.text(part, "type");
            if (type == null) {
                throw new TranslationException(partPath + ".type is required");
            }
            switch (type) {
                case "text" -> {
                    String text = Json.text(part, "text");
                    if (text == null) {
                        throw new TranslationException(partPath + ".text must be a string");
                    }
                    if (!text.isEmpty()) {
                        parts.add(textPart(text));
                    }
                }
                case "image_url" -> parts.add(MediaParts.image(part.get("image_url"), partPath + ".image_url"));
                case "input_audio" -> parts.add(MediaParts.audio(part.get("input_audio"), partPath + ".input_audio"));
                case "file" -> parts.add(MediaParts.file(part.get("file"), partPath + ".file"));
                default -> throw new TranslationException(partPath + ".type '" + type + "' is not supported by Gemini");
            }
        }
        return parts;
    }

    /**
     * Text, then one {@code functionCall} per tool call. The thought signatures of the turn's
     * {@code thinking_blocks} go back where Gemini put them: the last one on the first function call (Gemini 3
     * validates it there), an earlier one on the first text part; with no function call, on the last part.
     */
    private static List<ObjectNode> assistantParts(JsonNode message, String path, Map<String, String> toolNames)
            throws TranslationException {
        List<ObjectNode> texts = new ArrayList<>();
        for (String text : texts(message.get("content"), path, "assistant messages hold only text")) {
            texts.add(textPart(text));
        }
        List<ObjectNode> calls = new ArrayList<>();
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!toolCalls.isArray()) {
                throw new TranslationException(path + ".tool_calls must be an array");
            }
            int k = 0;
            for (JsonNode call : toolCalls) {
                String callPath = path + ".tool_calls[" + k++ + "]";
                JsonNode function = call.get("function");
                String name = Json.text(function, "name");
                if (name == null || name.isEmpty()) {
                    throw new TranslationException(callPath + ".function.name is required");
                }
                String id = Json.text(call, "id");
                if (id != null) {
                    toolNames.put(id, name);
                }
                calls.add(functionCall(name, arguments(function.get("arguments"), callPath + ".function.arguments")));
            }
        }
        JsonNode legacy = message.get("function_call");
        if (legacy != null && legacy.isObject()) {
            String name = Json.text(legacy, "name");
            if (name == null || name.isEmpty()) {
                throw new TranslationException(path + ".function_call.name is required");
            }
            calls.add(functionCall(name, arguments(legacy.get("arguments"), path + ".function_call.arguments")));
        }
        List<String> signatures = new ArrayList<>();
        for (JsonNode block : message.path("thinking_blocks")) {
            String signature = Json.text(block, "signature");
            if ("thinking".equals(Json.text(block, "type")) && signature != null && !signature.isEmpty()) {
                signatures.add(signature);
            }
        }
        if (!calls.isEmpty()) {
            calls.getFirst().put("thoughtSignature", signatures.isEmpty() ? FOREIGN_SIGNATURE : signatures.getLast());
            if (signatures.size() > 1 && !texts.isEmpty()) {
                texts.getFirst().put("thoughtSignature", signatures.getFirst());
            }
        } else if (!signatures.isEmpty() && !texts.isEmpty()) {
            texts.getLast().put("thoughtSignature", signatures.getLast());
        }
        List<ObjectNode> parts = new ArrayList<>(texts);
        parts.addAll(calls);
        return parts;
    }

    private static ObjectNode functionCall(String name, ObjectNode args) {
        ObjectNode part = Json.object();
        ObjectNode call = part.putObject("functionCall");
        call.put("name", name);
        call.set("args", args);
        return part;
    }

    /** OpenAI sends arguments as a JSON string; Gemini wants the object. */
    private static ObjectNode arguments(JsonNode arguments, String path) throws TranslationException {
        if (arguments == null || arguments.isNull()) {
            return Json.object();
        }
        if (arguments.isObject()) {
            return (ObjectNode) arguments.deepCopy();
        }
        if (!arguments.isTextual()) {
            throw new TranslationException(path + " must be a string of JSON");
        }
        if (arguments.asText().isBlank()) {
            return Json.object();
        }
        JsonNode parsed = GeminiJson.tryParse(arguments.asText());
        if (parsed == null || !parsed.isObject()) {
            throw new TranslationException(path + " must be a JSON object");
        }
        return (ObjectNode) parsed;
    }

    private static ObjectNode functionResponse(JsonNode message, String path, Map<String, String> toolNames)
            throws TranslationException {
        String id = Json.text(message, "tool_call_id");
        if (id == null) {
            throw new TranslationException(path + ".tool_call_id is required");
        }
        String name = toolNames.get(id);
        if (name == null) {
            name = Json.text(message, "name");
        }
        if (name == null || name.isEmpty()) {
            throw new TranslationException(path + ".tool_call_id '" + id
                    + "' does not match a tool call of an earlier assistant message");
        }
        return functionResponsePart(name, toolContent(message.get("content"), path));
    }

    private static ObjectNode legacyFunctionResponse(JsonNode message, String path) throws TranslationException {
        String name = Json.text(message, "name");
        if (name == null || name.isEmpty()) {
            throw new TranslationException(path + ".name is required");
        }
        return functionResponsePart(name, toolContent(message.get("content"), path));
    }

    private static ObjectNode functionResponsePart(String name, ObjectNode response) {
        ObjectNode part = Json.object();
        ObjectNode fr = part.putObject("functionResponse");
        fr.put("name", name);
        fr.set("response", response);
        return part;
    }

    /** A tool result that is a JSON object goes as it is; anything else is wrapped as {@code {"content": …}}. */
    private static ObjectNode toolContent(JsonNode content, String path) throws TranslationException {
        String text = String.join("", texts(content, path, "tool results hold only text"));
        JsonNode parsed = GeminiJson.tryParse(text);
        if (parsed != null && parsed.isObject()) {
            return (ObjectNode) parsed;
        }
        ObjectNode wrapped = Json.object();
        if (parsed != null && (parsed.isArray() || parsed.isNumber() || parsed.isBoolean())) {
            wrapped.set("content", parsed);
        } else {
            wrapped.put("content", text);
        }
        return wrapped;
    }
}
