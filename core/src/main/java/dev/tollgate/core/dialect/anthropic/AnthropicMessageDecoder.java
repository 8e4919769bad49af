package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;

import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic {@code system} and {@code messages} as canonical chat messages.
 *
 * <ul>
 *   <li>{@code system} becomes one {@code system} message;</li>
 *   <li>a user turn's {@code tool_result} blocks become one {@code tool} message each, placed first (OpenAI
 *       wants them right after the assistant's {@code tool_calls}); the turn's other blocks, and images a
 *       tool result carried (a {@code tool} message holds text only), follow as a {@code user} message;</li>
 *   <li>an assistant turn's {@code tool_use} blocks become {@code tool_calls}, its {@code thinking} and
 *       {@code redacted_thinking} blocks {@code thinking_blocks} (their text also as
 *       {@code reasoning_content}).</li>
 * </ul>
 * Content that is a single text block without {@code cache_control} becomes a plain string; otherwise
 * content parts, {@code cache_control} kept on each part.
 */
final class AnthropicMessageDecoder {

    private AnthropicMessageDecoder() {
    }

    static ArrayNode decode(JsonNode system, JsonNode messages) throws MalformedRequestException {
        ArrayNode out = AnthropicJson.NODES.arrayNode();
        decodeSystem(system, out);
        if (messages == null || messages.isNull()) {
            throw new MalformedRequestException("Missing required parameter: 'messages'.", "messages");
        }
        if (!messages.isArray()) {
            throw new MalformedRequestException("'messages' must be an array.", "messages");
        }
        if (messages.isEmpty()) {
            throw new MalformedRequestException("'messages' must contain at least one message.", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw new MalformedRequestException("'" + path + "' must be an object.", path);
            }
            String role = AnthropicJson.text(message, "role");
            JsonNode content = message.get("content");
            if (content == null || !(content.isTextual() || content.isArray())) {
                throw new MalformedRequestException("'" + path + ".content' must be a string or an array of content blocks.",
                        path + ".content");
            }
            if ("user".equals(role)) {
                decodeUser(content, path + ".content", out);
            } else if ("assistant".equals(role)) {
                out.add(decodeAssistant(content, path + ".content"));
            } else {
                throw new MalformedRequestException("'" + path + ".role' must be 'user' or 'assistant'.", path + ".role");
            }
        }
        return out;
    }

    private static void decodeSystem(JsonNode system, ArrayNode out) throws MalformedRequestException {
        if (system == null || system.isNull()) {
            return;
        }
        if (system.isTextual()) {
            if (!system.textValue().isEmpty()) {
                out.add(message("system", system));
            }
            return;
        }
        if (!system.isArray()) {
            throw new MalformedRequestException("'system' must be a string or an array of text blocks.", "system");
        }
        List<ObjectNode> parts = new ArrayList<>();
        for (int j = 0; j < system.size(); j++) {
            JsonNode block = system.get(j);
            String path = "system[" + j + "]";
            if (!"text".equals(AnthropicJson.text(block, "type"))) {
                throw new MalformedRequestException("'" + path + "' must be a text block.", path + ".type");
            }
            parts.add(textPart(block, path));
        }
        if (!parts.isEmpty()) {
            out.add(message("system", content(parts)));
        }
    }

    private static void decodeUser(JsonNode content, String path, ArrayNode out) throws MalformedRequestException {
        if (content.isTextual()) {
            out.add(message("user", content));
            return;
        }
        List<ObjectNode> parts = new ArrayList<>();
        List<ObjectNode> toolResultAttachments = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String blockPath = path + "[" + j + "]";
            String type = blockType(block, blockPath);
            switch (type) {
                case "text" -> parts.add(textPart(block, blockPath));
                case "image" -> parts.add(imagePart(block, blockPath));
                case "document" -> parts.add(documentPart(block, blockPath));
                case "tool_result" -> out.add(toolMessage(block, blockPath, toolResultAttachments));
                default -> throw new MalformedRequestException("'" + blockPath + "': content blocks of type '" + type
                        + "' are not allowed in user messages.", blockPath + ".type");
            }
        }
        List<ObjectNode> all = new ArrayList<>(toolResultAttachments);
        all.addAll(parts);
        if (!all.isEmpty()) {
            out.add(message("user", content(all)));
        }
    }

    private static ObjectNode decodeAssistant(JsonNode content, String path) throws MalformedRequestException {
        if (content.isTextual()) {
            return message("assistant", content);
        }
        List<ObjectNode> parts = new ArrayList<>();
        ArrayNode toolCalls = AnthropicJson.NODES.arrayNode();
        ArrayNode thinkingBlocks = AnthropicJson.NODES.arrayNode();
        StringBuilder reasoning = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String blockPath = path + "[" + j + "]";
            String type = blockType(block, blockPath);
            switch (type) {
                case "text" -> parts.add(textPart(block, blockPath));
                case "tool_use" -> toolCalls.add(toolCall(block, blockPath));
                case "thinking" -> {
                    String thinking = requiredString(block, "thinking", blockPath);
                    ObjectNode tb = thinkingBlocks.addObject();
                    tb.put("type", "thinking");
                    tb.put("thinking", thinking);
                    String signature = AnthropicJson.text(block, "signature");
                    if (AnthropicJson.isNonEmpty(signature)) {
                        tb.put("signature", signature);
                    }
                    reasoning.append(thinking);
                }
                case "redacted_thinking" -> {
                    ObjectNode tb = thinkingBlocks.addObject();
                    tb.put("type", "redacted_thinking");
                    tb.put("data", requiredString(block, "data", blockPath));
                }
                default -> throw new MalformedRequestException("'" + blockPath + "': content blocks of type '" + type
                        + "' are not allowed in assistant messages.", blockPath + ".type");
            }
        }
        ObjectNode message = AnthropicJson.object();
        message.put("role", "assistant");
        if (!parts.isEmpty()) {
            message.set("content", content(parts));
        } else if (toolCalls.isEmpty()) {
            message.put("content", "");
        } else {
            message.putNull("content");
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!thinkingBlocks.isEmpty()) {
            message.set("thinking_blocks", thinkingBlocks);
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        return message;
    }

    private static ObjectNode toolCall(JsonNode block, String path) throws MalformedRequestException {
        String id = requiredString(block, "id", path);
        String name = requiredString(block, "name", path);
        JsonNode input = block.get("input");
        if (input != null && !input.isNull() && !input.isObject()) {
            throw new MalformedRequestException("'" + path + ".input' must be an object.", path + ".input");
        }
        ObjectNode call = AnthropicJson.object();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", input == null || input.isNull() ? "{}" : AnthropicJson.write(input));
        return call;
    }

    private static ObjectNode toolMessage(JsonNode block, String path, List<ObjectNode> attachments)
            throws MalformedRequestException {
        String toolUseId = requiredString(block, "tool_use_id", path);
        JsonNode content = block.get("content");
        StringBuilder text = new StringBuilder();
        if (content == null || content.isNull()) {
            // no output
        } else if (content.isTextual()) {
            text.append(content.textValue());
        } else if (content.isArray()) {
            for (int k = 0; k < content.size(); k++) {
                JsonNode inner = content.get(k);
                String innerPath = path + ".content[" + k + "]";
                String type = blockType(inner, innerPath);
                switch (type) {
                    case "text" -> {
                        if (!text.isEmpty()) {
                            text.append('\n');
                        }
                        text.append(requiredString(inner, "text", innerPath));
                    }
                    case "image" -> attachments.add(imagePart(inner, innerPath));
                    case "document" -> {
                        ObjectNode part = documentPart(inner, innerPath);
                        if ("text".equals(AnthropicJson.text(part, "type"))) {
                            if (!text.isEmpty()) {
                                text.append('\n');
                            }
                            text.append(part.get("text").textValue());
                        } else {
                            attachments.add(part);
                        }
                    }
                    default -> throw new MalformedRequestException("'" + innerPath + "': content blocks of type '"
                            + type + "' are not supported in tool results.", innerPath + ".type");
                }
            }
        } else {
            throw new MalformedRequestException("'" + path + ".content' must be a string or an array of content blocks.",
                    path + ".content");
        }
        JsonNode isError = block.get("is_error");
        String result = text.toString();
        if (isError != null && isError.asBoolean(false)) {
            result = result.isEmpty() ? "Error" : "Error: " + result;
        }
        ObjectNode message = AnthropicJson.object();
        message.put("role", "tool");
        message.put("tool_call_id", toolUseId);
        message.put("content", result);
        return message;
    }

    private static ObjectNode textPart(JsonNode block, String path) throws MalformedRequestException {
        ObjectNode part = AnthropicJson.object();
        part.put("type", "text");
        part.put("text", requiredString(block, "text", path));
        copyCacheControl(block, part);
        return part;
    }

    private static ObjectNode imagePart(JsonNode block, String path) throws MalformedRequestException {
        JsonNode source = block.get("source");
        String sourcePath = path + ".source";
        if (source == null || !source.isObject()) {
            throw new MalformedRequestException("'" + sourcePath + "' must be an object.", sourcePath);
        }
        String url = switch (String.valueOf(AnthropicJson.text(source, "type"))) {
            case "base64" -> "data:" + requiredString(source, "media_type", sourcePath) + ";base64,"
                    + requiredString(source, "data", sourcePath);
            case "url" -> requiredString(source, "url", sourcePath);
            default -> throw new MalformedRequestException("'" + sourcePath + ".type' must be 'base64' or 'url'.",
                    sourcePath + ".type");
        };
        ObjectNode part = AnthropicJson.object();
        part.put("type", "image_url");
        part.putObject("image_url").put("url", url);
        copyCacheControl(block, part);
        return part;
    }

    /** A base64 document (PDF) as an OpenAI {@code file} part; a plain-text document as a text part. */
    private static ObjectNode documentPart(JsonNode block, String path) throws MalformedRequestException {
        JsonNode source = block.get("source");
        String sourcePath = path + ".source";
        if (source == null || !source.isObject()) {
            throw new MalformedRequestException("'" + sourcePath + "' must be an object.", sourcePath);
        }
        ObjectNode part = AnthropicJson.object();
        switch (String.valueOf(AnthropicJson.text(source, "type"))) {
            case "base64" -> {
                part.put("type", "file");
                ObjectNode file = part.putObject("file");
                String title = AnthropicJson.text(block, "title");
                if (title != null) {
                    file.put("filename", title);
                }
                file.put("file_data", "data:" + requiredString(source, "media_type", sourcePath) + ";base64,"
                        + requiredString(source, "data", sourcePath));
            }
            case "text" -> {
                part.put("type", "text");
                part.put("text", requiredString(source, "data", sourcePath));
            }
            default -> throw new MalformedRequestException("'" + sourcePath
                    + ".type': only base64 and text documents can be sent to this model.", sourcePath + ".type");
        }
        copyCacheControl(block, part);
        return part;
    }

    private static JsonNode content(List<ObjectNode> parts) {
        if (parts.size() == 1 && parts.getFirst().size() == 2 && "text".equals(AnthropicJson.text(parts.getFirst(), "type"))) {
            return parts.getFirst().get("text");
        }
        ArrayNode array = AnthropicJson.NODES.arrayNode();
        parts.forEach(array::add);
        return array;
    }

    private static ObjectNode message(String role, JsonNode content) {
        ObjectNode message = AnthropicJson.object();
        message.put("role", role);
        message.set("content", content);
        return message;
    }

    private static void copyCacheControl(JsonNode block, ObjectNode part) {
        JsonNode cacheControl = block.get("cache_control");
        if (cacheControl != null && cacheControl.isObject()) {
            part.set("cache_control", cacheControl.deepCopy());
        }
    }

    private static String blockType(JsonNode block, String path) throws MalformedRequestException {
        if (block == null || !block.isObject()) {
            throw new MalformedRequestException("'" + path + "' must be a content block object.", path);
        }
        return requiredString(block, "type", path);
    }

    static String requiredString(JsonNode node, String field, String path) throws MalformedRequestException {
        String value = AnthropicJson.text(node, field);
        if (value == null) {
            String where = path.isEmpty() ? field : path + "." + field;
            throw new MalformedRequestException("'" + where + "' is required and must be a string.", where);
        }
        return value;
    }
}
