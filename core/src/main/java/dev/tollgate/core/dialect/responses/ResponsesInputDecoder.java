package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;

import java.util.ArrayList;
import java.util.List;

/**
 * Responses {@code instructions} and {@code input} as canonical chat messages.
 *
 * <ul>
 *   <li>{@code instructions} becomes the first message, a {@code system} one;</li>
 *   <li>{@code input} as a string is one {@code user} message;</li>
 *   <li>message items keep their role, {@code developer} becoming {@code system} (which every upstream
 *       knows, and which holds text only); content parts as in {@link ResponsesContentDecoder};</li>
 *   <li>an assistant turn, which Responses spreads over several items (reasoning, the assistant message,
 *       function calls), becomes one {@code assistant} message: consecutive items of a turn are merged,
 *       reasoning into {@code reasoning_content} and {@code thinking_blocks} (see
 *       {@link ResponsesReasoning}), function calls into {@code tool_calls}; a turn of reasoning only says
 *       nothing to the model and is left out;</li>
 *   <li>each {@code function_call_output} becomes a {@code tool} message (text only: images and files it
 *       carried follow the run of tool messages as a {@code user} message).</li>
 * </ul>
 * Item references and the items of built-in tools (web search, computer use, …) are refused.
 */
final class ResponsesInputDecoder {

    private ResponsesInputDecoder() {
    }

    static ArrayNode decode(JsonNode instructions, JsonNode input) throws MalformedRequestException {
        Conversation conversation = new Conversation();
        if (instructions != null && !instructions.isNull()) {
            if (!instructions.isTextual()) {
                throw new MalformedRequestException("'instructions' must be a string.", "instructions");
            }
            if (!instructions.textValue().isEmpty()) {
                conversation.add(message("system", instructions));
            }
        }
        if (input == null || input.isNull()) {
            throw new MalformedRequestException("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            conversation.add(message("user", input));
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw new MalformedRequestException("'input' must contain at least one item.", "input");
            }
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input[" + i + "]", conversation);
            }
        } else {
            throw new MalformedRequestException("'input' must be a string or an array of input items.", "input");
        }
        return conversation.finish();
    }

    private static void item(JsonNode item, String path, Conversation conversation) throws MalformedRequestException {
        if (item == null || !item.isObject()) {
            throw new MalformedRequestException("'" + path + "' must be an object.", path);
        }
        String type = ResponsesJson.text(item, "type");
        if (type == null && !ResponsesJson.absent(item, "type")) {
            throw new MalformedRequestException("'" + path + ".type' must be a string.", path + ".type");
        }
        if (type == null) {
            if (ResponsesJson.absent(item, "role")) {
                throw new MalformedRequestException("'" + path + ".type' is required: an input item is a message (with a"
                        + " 'role') or has a 'type'.", path + ".type");
            }
            type = "message";
        }
        switch (type) {
            case "message" -> message(item, path, conversation);
            case "function_call" -> conversation.toolCall(toolCall(item, path));
            case "function_call_output" -> functionCallOutput(item, path, conversation);
            case "reasoning" -> reasoning(item, path, conversation);
            case "item_reference" -> throw new MalformedRequestException("'" + path + ".type': item references need the"
                    + " stored responses they point to, and this gateway stores none; send the items themselves.",
                    path + ".type");
            default -> throw new MalformedRequestException("'" + path + ".type': items of type '" + type
                    + "' cannot be used through this gateway; only messages, reasoning, function calls and function"
                    + " call outputs can.", path + ".type");
        }
    }

    private static void message(JsonNode item, String path, Conversation conversation) throws MalformedRequestException {
        String role = ResponsesJson.text(item, "role");
        JsonNode content = item.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw new MalformedRequestException("'" + path + ".content' must be a string or an array of content parts.",
                    path + ".content");
        }
        String contentPath = path + ".content";
        switch (String.valueOf(role)) {
            case "user" -> conversation.add(message("user", inputContent(content, contentPath, "user messages", false)));
            case "system", "developer" ->
                    conversation.add(message("system", inputContent(content, contentPath, role + " messages", true)));
            case "assistant" -> conversation.assistantContent(assistantContent(content, contentPath));
            default -> throw new MalformedRequestException("'" + path
                    + ".role' must be one of 'user', 'assistant', 'system' or 'developer'.", path + ".role");
        }
    }

    /** User content, or (text only) system content: Chat Completions system messages hold text alone. */
    private static JsonNode inputContent(JsonNode content, String path, String where, boolean textOnly)
            throws MalformedRequestException {
        if (content.isTextual()) {
            return content;
        }
        List<ObjectNode> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            String partPath = path + "[" + j + "]";
            String type = ResponsesJson.text(content.get(j), "type");
            if (textOnly && type != null && !type.equals("input_text")) {
                throw new MalformedRequestException("'" + partPath + ".type': content parts of type '" + type
                        + "' are not allowed in " + where + "; only input_text is.", partPath + ".type");
            }
            parts.add(ResponsesContentDecoder.inputPart(content.get(j), partPath, where));
        }
        if (parts.isEmpty()) {
            return ResponsesJson.NODES.textNode("");
        }
        return ResponsesContentDecoder.content(parts);
    }

    private static JsonNode assistantContent(JsonNode content, String path) throws MalformedRequestException {
        if (content.isTextual()) {
            return content;
        }
        List<ObjectNode> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            parts.add(ResponsesContentDecoder.assistantPart(content.get(j), path + "[" + j + "]"));
        }
        if (parts.isEmpty()) {
            return ResponsesJson.NODES.textNode("");
        }
        return ResponsesContentDecoder.content(parts);
    }

    private static ObjectNode toolCall(JsonNode item, String path) throws MalformedRequestException {
        String callId = ResponsesContentDecoder.required(item, "call_id", path);
        String name = ResponsesContentDecoder.required(item, "name", path);
        String arguments = ResponsesContentDecoder.required(item, "arguments", path);
        ObjectNode call = ResponsesJson.object();
        call.put("id", callId);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", arguments);
        return call;
    }

    private static void functionCallOutput(JsonNode item, String path, Conversation conversation)
            throws MalformedRequestException {
        String callId = ResponsesContentDecoder.required(item, "call_id", path);
        JsonNode output = item.get("output");
        StringBuilder text = new StringBuilder();
        List<ObjectNode> attachments = new ArrayList<>();
        if (output != null && output.isTextual()) {
            text.append(output.textValue());
        } else if (output != null && output.isArray()) {
            for (int k = 0; k < output.size(); k++) {
                ObjectNode part = ResponsesContentDecoder.inputPart(output.get(k), path + ".output[" + k + "]",
                        "function call outputs");
                if ("text".equals(ResponsesJson.text(part, "type"))) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(part.get("text").textValue());
                } else {
                    attachments.add(part);
                }
            }
        } else {
            throw new MalformedRequestException("'" + path + ".output' is required and must be a string or an array of"
                    + " content parts.", path + ".output");
        }
        ObjectNode message = ResponsesJson.object();
        message.put("role", "tool");
        message.put("tool_call_id", callId);
        message.put("content", text.toString());
        conversation.toolResult(message, attachments);
    }

    private static void reasoning(JsonNode item, String path, Conversation conversation) throws MalformedRequestException {
        String text = reasoningText(item.get("content"), "reasoning_text", path + ".content");
        if (text.isEmpty()) {
            text = reasoningText(item.get("summary"), "summary_text", path + ".summary");
        }
        JsonNode encrypted = item.get("encrypted_content");
        ArrayNode blocks = null;
        if (encrypted != null && !encrypted.isNull()) {
            if (!encrypted.isTextual()) {
                throw new MalformedRequestException("'" + path + ".encrypted_content' must be a string.",
                        path + ".encrypted_content");
            }
            try {
                blocks = ResponsesReasoning.decode(encrypted.textValue());
            } catch (IllegalArgumentException e) {
                throw new MalformedRequestException("'" + path + ".encrypted_content' is damaged: it is not the"
                        + " reasoning this gateway sent.", path + ".encrypted_content");
            }
        }
        conversation.reasoning(text, blocks);
    }

    /** The texts of a reasoning item's summary or content parts, joined. */
    private static String reasoningText(JsonNode parts, String partType, String path) throws MalformedRequestException {
        StringBuilder text = new StringBuilder();
        if (parts == null || parts.isNull()) {
            return "";
        }
        if (!parts.isArray()) {
            throw new MalformedRequestException("'" + path + "' must be an array.", path);
        }
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String partPath = path + "[" + j + "]";
            String type = ResponsesContentDecoder.required(part, "type", partPath);
            if (!partType.equals(type)) {
                throw new MalformedRequestException("'" + partPath + ".type' must be '" + partType + "'.", partPath + ".type");
            }
            String partText = ResponsesContentDecoder.required(part, "text", partPath);
            if (!partText.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append(ResponsesReasoning.SEPARATOR);
                }
                text.append(partText);
            }
        }
        return text.toString();
    }

    private static ObjectNode message(String role, JsonNode content) {
        ObjectNode message = ResponsesJson.object();
        message.put("role", role);
        message.set("content", content);
        return message;
    }

    /** The canonical messages being built, with the assistant turn still open and tool-output attachments owed. */
    private static final class Conversation {

        private final ArrayNode out = ResponsesJson.NODES.arrayNode();
        private final List<ObjectNode> attachments = new ArrayList<>();
        private ObjectNode assistant;
        private final StringBuilder reasoning = new StringBuilder();

        void add(ObjectNode message) {
            closeTurn();
            out.add(message);
        }

        void toolResult(ObjectNode toolMessage, List<ObjectNode> toolAttachments) {
            closeAssistant();
            out.add(toolMessage);
            attachments.addAll(toolAttachments);
        }

        /** Reasoning starts a turn unless the open one has only reasoning so far. */
        void reasoning(String text, ArrayNode blocks) {
            if (assistant == null || assistant.has("content") || assistant.has("tool_calls")) {
                openAssistant();
            }
            if (!text.isEmpty()) {
                if (!reasoning.isEmpty()) {
                    reasoning.append(ResponsesReasoning.SEPARATOR);
                }
                reasoning.append(text);
            }
            if (blocks != null && !blocks.isEmpty()) {
                JsonNode existing = assistant.get("thinking_blocks");
                ArrayNode all = existing instanceof ArrayNode a ? a : assistant.putArray("thinking_blocks");
                all.addAll(blocks);
            }
        }

        /** The assistant's text joins the open turn unless that already has text or tool calls. */
        void assistantContent(JsonNode content) {
            if (assistant == null || assistant.has("content") || assistant.has("tool_calls")) {
                openAssistant();
            }
            assistant.set("content", content);
        }

        void toolCall(ObjectNode call) {
            if (assistant == null) {
                openAssistant();
            }
            JsonNode existing = assistant.get("tool_calls");
            ArrayNode calls = existing instanceof ArrayNode a ? a : assistant.putArray("tool_calls");
            calls.add(call);
        }

        ArrayNode finish() {
            closeTurn();
            return out;
        }

        private void openAssistant() {
            closeTurn();
            assistant = ResponsesJson.object();
            assistant.put("role", "assistant");
        }

        private void closeTurn() {
            closeAssistant();
            if (!attachments.isEmpty()) {
                out.add(message("user", ResponsesContentDecoder.content(List.copyOf(attachments))));
                attachments.clear();
            }
        }

        /** Writes the open assistant turn in the canonical field order; a turn of reasoning only is dropped. */
        private void closeAssistant() {
            if (assistant == null) {
                return;
            }
            ObjectNode turn = assistant;
            assistant = null;
            String reasoningText = reasoning.toString();
            reasoning.setLength(0);
            if (!turn.has("content") && !turn.has("tool_calls")) {
                return;
            }
            ObjectNode message = ResponsesJson.object();
            message.put("role", "assistant");
            if (turn.has("content")) {
                message.set("content", turn.get("content"));
            } else {
                message.putNull("content");
            }
            if (!reasoningText.isEmpty()) {
                message.put("reasoning_content", reasoningText);
            }
            if (turn.has("thinking_blocks")) {
                message.set("thinking_blocks", turn.get("thinking_blocks"));
            }
            if (turn.has("tool_calls")) {
                message.set("tool_calls", turn.get("tool_calls"));
            }
            out.add(message);
        }
    }
}
