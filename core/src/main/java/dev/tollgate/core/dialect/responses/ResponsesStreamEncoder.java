package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.pipeline.GatewayError;
import io.vertx.core.buffer.Buffer;

import java.util.HashSet;
import java.util.Set;

/**
 * Canonical {@code chat.completion.chunk}s as the Responses event stream ({@code event: <type>} and
 * {@code data: <json>}, each data object with its {@code type} and a {@code sequence_number} counting from
 * 0), each event written as soon as the chunk that causes it arrives:
 * <ol>
 *   <li>the first chunk sends {@code response.created} and {@code response.in_progress} (status
 *       {@code in_progress}, no output yet);</li>
 *   <li>deltas open, feed and close output items, one open at a time as OpenAI streams them, numbered by
 *       {@code output_index} from 0:
 *     <ul>
 *       <li>{@code reasoning_content} → a {@code reasoning} item whose one summary part receives the text
 *           ({@code response.reasoning_summary_part.added}, {@code response.reasoning_summary_text.delta}
 *           …); {@code thinking_blocks} are collected into its {@code encrypted_content} (see
 *           {@link ResponsesReasoning}), their text sent as summary when no {@code reasoning_content}
 *           carried it;</li>
 *       <li>{@code content} → a {@code message} item with an {@code output_text} part
 *           ({@code response.output_item.added}, {@code response.content_part.added},
 *           {@code response.output_text.delta} …); {@code refusal} → a {@code refusal} part of it;</li>
 *       <li>each {@code tool_calls} index → a {@code function_call} item
 *           ({@code response.output_item.added}, {@code response.function_call_arguments.delta} …);</li>
 *     </ul>
 *     an item ends ({@code ….done} events, then {@code response.output_item.done}) when another begins or
 *     at {@code finish_reason};</li>
 *   <li>the usage chunk is kept for the end;</li>
 *   <li>{@link #end()} sends {@code response.completed} — or {@code response.incomplete} when the answer was
 *       cut short ({@code length}, {@code content_filter}) — with the whole Response object, built as
 *       {@link ResponsesResponseEncoder} builds it, from everything streamed;</li>
 *   <li>{@link #error} sends an {@code error} event and, when the response had begun,
 *       {@code response.failed} with what was streamed, so clients waiting for a final response event get
 *       one.</li>
 * </ol>
 * Only choice 0 is translated. A tool call's arguments that arrive after a later output item began cannot
 * be sent (the call's item is done) and are dropped; OpenAI-format upstreams send tool calls one after the
 * other.
 */
final class ResponsesStreamEncoder implements ClientDialect.StreamEncoder {

    private enum Kind { MESSAGE, REASONING, FUNCTION_CALL }

    private final ResponsesEcho echo;
    private final StringBuilder out = new StringBuilder();
    private int sequence;
    private boolean started;
    private boolean finished;
    private String responseId;
    private long createdAt;
    private String model;
    private final ArrayNode output = ResponsesJson.NODES.arrayNode();
    private String finishReason;
    private JsonNode usage;
    private final Set<Integer> doneToolIndexes = new HashSet<>();

    /** The open item: its kind (null when none is open), id and output index. */
    private Kind open;
    private String itemId;
    private int outputIndex;
    // the open message's finished parts and its open part
    private ArrayNode parts;
    private String partType;
    private final StringBuilder partText = new StringBuilder();
    // the open reasoning item
    private final StringBuilder summary = new StringBuilder();
    private final StringBuilder blockText = new StringBuilder();
    private boolean summaryPartOpen;
    private ArrayNode thinkingBlocks;
    // the open function call
    private int toolIndex;
    private String callId;
    private String callName;
    private final StringBuilder arguments = new StringBuilder();

    /** @param canonicalRequest the call's canonical request, echoed in the Response objects (may be null) */
    ResponsesStreamEncoder(ObjectNode canonicalRequest) {
        this.echo = new ResponsesEcho(canonicalRequest);
    }

    @Override
    public Buffer encode(ObjectNode chunk) {
        if (finished) {
            return Buffer.buffer();
        }
        if (!started) {
            start(chunk);
        }
        JsonNode choice = choiceZero(chunk.get("choices"));
        if (choice != null) {
            JsonNode delta = choice.get("delta");
            if (delta != null && delta.isObject()) {
                delta(delta);
            }
            String finish = ResponsesJson.text(choice, "finish_reason");
            if (finish != null) {
                finishReason = finish;
                closeItem();
            }
        }
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
        }
        return flush();
    }

    @Override
    public Buffer end() {
        if (finished) {
            return Buffer.buffer();
        }
        if (!started) {
            start(null);
        }
        closeItem();
        ResponsesObjects.Outcome outcome = ResponsesObjects.Outcome.of(finishReason);
        ObjectNode event = event(outcome.incomplete() ? "response.incomplete" : "response.completed");
        event.set("response", response(outcome, null, output));
        emit(event);
        finished = true;
        return flush();
    }

    @Override
    public Buffer error(GatewayError error) {
        if (finished) {
            return Buffer.buffer();
        }
        finished = true;
        emit(ResponsesErrors.event(error));
        if (started) {
            ArrayNode failedOutput = output.deepCopy();
            if (open != null) {
                failedOutput.add(openItem("incomplete"));
            }
            ObjectNode event = event("response.failed");
            event.set("response", response(ResponsesObjects.Outcome.FAILED,
                    ResponsesObjects.error(error.status(), error.message()), failedOutput));
            emit(event);
        }
        return flush();
    }

    private void start(ObjectNode chunk) {
        started = true;
        responseId = ResponsesJson.responseId(ResponsesJson.text(chunk, "id"));
        createdAt = ResponsesResponseEncoder.createdAt(chunk);
        String named = ResponsesJson.text(chunk, "model");
        model = ResponsesJson.isNonEmpty(named) ? named : echo.model();
        for (String type : new String[] {"response.created", "response.in_progress"}) {
            ObjectNode event = event(type);
            event.set("response", response(ResponsesObjects.Outcome.IN_PROGRESS, null, ResponsesJson.NODES.arrayNode()));
            emit(event);
        }
    }

    private ObjectNode response(ResponsesObjects.Outcome outcome, ObjectNode error, ArrayNode items) {
        ObjectNode usageOut = outcome == ResponsesObjects.Outcome.IN_PROGRESS ? null : ResponsesUsage.fromCanonical(usage);
        return ResponsesObjects.response(responseId, createdAt, model, outcome, error, items.deepCopy(), usageOut, echo);
    }

    private static JsonNode choiceZero(JsonNode choices) {
        if (choices == null || !choices.isArray()) {
            return null;
        }
        for (JsonNode choice : choices) {
            JsonNode index = choice.get("index");
            if (index == null || index.asInt(0) == 0) {
                return choice;
            }
        }
        return null;
    }

    private void delta(JsonNode delta) {
        String reasoning = ResponsesJson.text(delta, "reasoning_content");
        boolean reasoningGiven = ResponsesJson.isNonEmpty(reasoning);
        if (reasoningGiven) {
            if (open != Kind.REASONING) {
                openReasoning();
            }
            summaryDelta(reasoning);
        }
        JsonNode blocks = delta.get("thinking_blocks");
        if (blocks != null && blocks.isArray()) {
            for (JsonNode block : blocks) {
                thinkingBlock(block, reasoningGiven);
            }
        }
        String content = ResponsesJson.text(delta, "content");
        if (ResponsesJson.isNonEmpty(content)) {
            partDelta("output_text", content);
        }
        String refusal = ResponsesJson.text(delta, "refusal");
        if (ResponsesJson.isNonEmpty(refusal)) {
            partDelta("refusal", refusal);
        }
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (int i = 0; i < toolCalls.size(); i++) {
                toolCallDelta(toolCalls.get(i), i);
            }
        }
    }

    // --- reasoning

    private void openReasoning() {
        openItem(Kind.REASONING, "rs");
        summary.setLength(0);
        blockText.setLength(0);
        summaryPartOpen = false;
        thinkingBlocks = ResponsesJson.NODES.arrayNode();
        ObjectNode event = event("response.output_item.added");
        event.put("output_index", outputIndex);
        event.set("item", ResponsesReasoning.item(itemId, null, null));
        emit(event);
    }

    private void summaryDelta(String text) {
        if (!summaryPartOpen) {
            summaryPartOpen = true;
            ObjectNode event = itemEvent("response.reasoning_summary_part.added");
            event.put("summary_index", 0);
            event.set("part", ResponsesReasoning.summaryPart(""));
            emit(event);
        }
        summary.append(text);
        blockText.append(text);
        ObjectNode event = itemEvent("response.reasoning_summary_text.delta");
        event.put("summary_index", 0);
        event.put("delta", text);
        emit(event);
    }

    /**
     * One {@code thinking_blocks} entry, collected for the item's {@code encrypted_content}. Canonical
     * streams send blocks two ways: once per block when it ends, complete with text and signature (its text
     * usually streamed before as {@code reasoning_content}: then only what was not is sent now; otherwise
     * all of it), or as an echo of each {@code reasoning_content} fragment in the same delta, the signature
     * following in an entry of its own. Either way a signature, or a complete entry, ends the block: its
     * text is what was streamed since the previous block ended.
     */
    private void thinkingBlock(JsonNode entry, boolean echoOfReasoning) {
        if (!entry.isObject()) {
            return;
        }
        if (open != Kind.REASONING) {
            openReasoning();
        }
        if (!"thinking".equals(ResponsesJson.text(entry, "type"))) {
            thinkingBlocks.add(entry.deepCopy()); // redacted thinking: opaque, passed on as it came
            blockText.setLength(0);
            return;
        }
        String thinking = ResponsesJson.text(entry, "thinking");
        String signature = ResponsesJson.text(entry, "signature");
        String streamed = blockText.toString();
        if (streamed.startsWith(ResponsesReasoning.SEPARATOR)
                && (thinking == null || !thinking.startsWith(ResponsesReasoning.SEPARATOR))) {
            streamed = streamed.substring(ResponsesReasoning.SEPARATOR.length());
        }
        if (echoOfReasoning) {
            if (!ResponsesJson.isNonEmpty(signature)) {
                return; // a fragment of the block being streamed
            }
            thinking = streamed;
        } else if (ResponsesJson.isNonEmpty(thinking)) {
            String rest;
            if (streamed.isEmpty()) {
                rest = summary.isEmpty() ? thinking : ResponsesReasoning.SEPARATOR + thinking;
            } else {
                rest = thinking.startsWith(streamed) ? thinking.substring(streamed.length()) : "";
            }
            if (!rest.isEmpty()) {
                summaryDelta(rest);
            }
        } else {
            thinking = streamed;
        }
        ObjectNode block = ResponsesJson.object();
        block.put("type", "thinking");
        block.put("thinking", thinking);
        if (ResponsesJson.isNonEmpty(signature)) {
            block.put("signature", signature);
        }
        thinkingBlocks.add(block);
        blockText.setLength(0);
    }

    // --- message

    private void partDelta(String type, String text) {
        if (open != Kind.MESSAGE) {
            openItem(Kind.MESSAGE, "msg");
            parts = ResponsesJson.NODES.arrayNode();
            partType = null;
            ObjectNode event = event("response.output_item.added");
            event.put("output_index", outputIndex);
            event.set("item", ResponsesObjects.messageItem(itemId, "in_progress", ResponsesJson.NODES.arrayNode()));
            emit(event);
        }
        if (!type.equals(partType)) {
            closePart();
            partType = type;
            partText.setLength(0);
            ObjectNode event = itemEvent("response.content_part.added");
            event.put("content_index", parts.size());
            event.set("part", part(type, ""));
            emit(event);
        }
        partText.append(text);
        ObjectNode event = itemEvent(type.equals("refusal") ? "response.refusal.delta" : "response.output_text.delta");
        event.put("content_index", parts.size());
        event.put("delta", text);
        if (type.equals("output_text")) {
            event.putArray("logprobs");
        }
        emit(event);
    }

    private void closePart() {
        if (partType == null) {
            return;
        }
        String text = partText.toString();
        boolean refusal = partType.equals("refusal");
        ObjectNode done = itemEvent(refusal ? "response.refusal.done" : "response.output_text.done");
        done.put("content_index", parts.size());
        if (refusal) {
            done.put("refusal", text);
        } else {
            done.put("text", text);
            done.putArray("logprobs");
        }
        emit(done);
        ObjectNode part = part(partType, text);
        ObjectNode partDone = itemEvent("response.content_part.done");
        partDone.put("content_index", parts.size());
        partDone.set("part", part);
        emit(partDone);
        parts.add(part.deepCopy());
        partType = null;
    }

    private static ObjectNode part(String type, String text) {
        return type.equals("refusal") ? ResponsesObjects.refusal(text) : ResponsesObjects.outputText(text);
    }

    // --- function calls

    private void toolCallDelta(JsonNode call, int position) {
        JsonNode indexNode = call.get("index");
        int index = indexNode != null && indexNode.isNumber() ? indexNode.asInt() : position;
        JsonNode function = call.path("function");
        String name = ResponsesJson.text(function, "name");
        if (open != Kind.FUNCTION_CALL || toolIndex != index) {
            if (doneToolIndexes.contains(index)) {
                return;
            }
            openItem(Kind.FUNCTION_CALL, "fc");
            toolIndex = index;
            String id = ResponsesJson.text(call, "id");
            callId = ResponsesJson.isNonEmpty(id) ? id : ResponsesJson.callId();
            callName = name == null ? "" : name;
            arguments.setLength(0);
            ObjectNode event = event("response.output_item.added");
            event.put("output_index", outputIndex);
            event.set("item", ResponsesObjects.functionCall(itemId, "in_progress", "", callId, callName));
            emit(event);
        } else if (callName.isEmpty() && ResponsesJson.isNonEmpty(name)) {
            callName = name;
        }
        String fragment = ResponsesJson.text(function, "arguments");
        if (ResponsesJson.isNonEmpty(fragment)) {
            arguments.append(fragment);
            ObjectNode event = itemEvent("response.function_call_arguments.delta");
            event.put("delta", fragment);
            emit(event);
        }
    }

    // --- items

    private void openItem(Kind kind, String prefix) {
        closeItem();
        open = kind;
        outputIndex = output.size();
        itemId = ResponsesJson.itemId(prefix, responseId, outputIndex);
    }

    /**
     * Ends the open item with its {@code ….done} events and {@code response.output_item.done}; an item
     * that ends with a {@code length} or {@code content_filter} finish is incomplete.
     */
    private void closeItem() {
        if (open == null) {
            return;
        }
        switch (open) {
            case MESSAGE -> closePart();
            case REASONING -> {
                if (summaryPartOpen) {
                    String text = summary.toString();
                    ObjectNode done = itemEvent("response.reasoning_summary_text.done");
                    done.put("summary_index", 0);
                    done.put("text", text);
                    emit(done);
                    ObjectNode partDone = itemEvent("response.reasoning_summary_part.done");
                    partDone.put("summary_index", 0);
                    partDone.set("part", ResponsesReasoning.summaryPart(text));
                    emit(partDone);
                }
            }
            case FUNCTION_CALL -> {
                doneToolIndexes.add(toolIndex);
                ObjectNode done = itemEvent("response.function_call_arguments.done");
                done.put("name", callName);
                done.put("arguments", arguments.toString());
                emit(done);
            }
        }
        boolean cutShort = finishReason != null && ResponsesObjects.Outcome.of(finishReason).incomplete();
        ObjectNode item = openItem(cutShort ? "incomplete" : "completed");
        ObjectNode event = event("response.output_item.done");
        event.put("output_index", outputIndex);
        event.set("item", item);
        emit(event);
        output.add(item.deepCopy());
        open = null;
    }

    /** The open item as it stands (reasoning items carry no status). */
    private ObjectNode openItem(String status) {
        return switch (open) {
            case MESSAGE -> {
                ArrayNode content = parts.deepCopy();
                if (partType != null) {
                    content.add(part(partType, partText.toString()));
                }
                yield ResponsesObjects.messageItem(itemId, status, content);
            }
            case REASONING -> ResponsesReasoning.item(itemId, summary.toString(), thinkingBlocks);
            case FUNCTION_CALL -> ResponsesObjects.functionCall(itemId, status, arguments.toString(), callId, callName);
        };
    }

    // --- events

    private static ObjectNode event(String type) {
        ObjectNode event = ResponsesJson.object();
        event.put("type", type);
        return event;
    }

    /** An event about the open item: {@code item_id} and {@code output_index} set. */
    private ObjectNode itemEvent(String type) {
        ObjectNode event = event(type);
        event.put("item_id", itemId);
        event.put("output_index", outputIndex);
        return event;
    }

    private void emit(ObjectNode event) {
        event.put("sequence_number", sequence++);
        out.append("event: ").append(event.get("type").textValue()).append("\ndata: ")
                .append(ResponsesJson.write(event)).append("\n\n");
    }

    private Buffer flush() {
        Buffer buffer = Buffer.buffer(out.toString());
        out.setLength(0);
        return buffer;
    }
}
