package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reads Responses SSE output strictly ({@code event: <type>\ndata: <one-line json>\n\n}, the event name
 * equal to the data's type), checks the stream's grammar and rebuilds the Response the way the OpenAI SDKs
 * accumulate it. Independent of the encoder: it follows the protocol, not the implementation. Every event
 * is validated against its schema in the OpenAI document (and against the {@code ResponseStreamEvent}
 * union).
 */
final class ResponsesEvents {

    private static final Pattern EVENT = Pattern.compile("event: ([a-z_.]+)\ndata: ([^\n]+)\n\n");

    /** The schema of each event type in the OpenAI document. */
    static final Map<String, String> SCHEMAS = Map.ofEntries(
            Map.entry("response.created", "ResponseCreatedEvent"),
            Map.entry("response.in_progress", "ResponseInProgressEvent"),
            Map.entry("response.completed", "ResponseCompletedEvent"),
            Map.entry("response.incomplete", "ResponseIncompleteEvent"),
            Map.entry("response.failed", "ResponseFailedEvent"),
            Map.entry("response.output_item.added", "ResponseOutputItemAddedEvent"),
            Map.entry("response.output_item.done", "ResponseOutputItemDoneEvent"),
            Map.entry("response.content_part.added", "ResponseContentPartAddedEvent"),
            Map.entry("response.content_part.done", "ResponseContentPartDoneEvent"),
            Map.entry("response.output_text.delta", "ResponseTextDeltaEvent"),
            Map.entry("response.output_text.done", "ResponseTextDoneEvent"),
            Map.entry("response.refusal.delta", "ResponseRefusalDeltaEvent"),
            Map.entry("response.refusal.done", "ResponseRefusalDoneEvent"),
            Map.entry("response.function_call_arguments.delta", "ResponseFunctionCallArgumentsDeltaEvent"),
            Map.entry("response.function_call_arguments.done", "ResponseFunctionCallArgumentsDoneEvent"),
            Map.entry("response.reasoning_summary_part.added", "ResponseReasoningSummaryPartAddedEvent"),
            Map.entry("response.reasoning_summary_part.done", "ResponseReasoningSummaryPartDoneEvent"),
            Map.entry("response.reasoning_summary_text.delta", "ResponseReasoningSummaryTextDeltaEvent"),
            Map.entry("response.reasoning_summary_text.done", "ResponseReasoningSummaryTextDoneEvent"),
            Map.entry("error", "ResponseErrorEvent"));

    record Event(String name, ObjectNode data) {
    }

    private ResponsesEvents() {
    }

    static List<Event> parse(Buffer buffer) {
        List<Event> events = new ArrayList<>();
        if (buffer == null) {
            return events;
        }
        String text = buffer.toString();
        Matcher m = EVENT.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                fail("Not an SSE event at offset " + at + ": " + text.substring(at));
            }
            ObjectNode data = ResponsesFixtures.parse(m.group(2));
            assertThat(data.path("type").asText()).as("data.type of %s", m.group(2)).isEqualTo(m.group(1));
            String schema = SCHEMAS.get(m.group(1));
            assertThat(schema).as("a known event type: %s", m.group(1)).isNotNull();
            ResponsesSpec.assertValid(schema, data);
            ResponsesSpec.assertValid("ResponseStreamEvent", data);
            events.add(new Event(m.group(1), data));
            at = m.end();
        }
        return events;
    }

    static List<JsonNode> data(List<Event> events) {
        return events.stream().map(e -> (JsonNode) e.data()).toList();
    }

    /**
     * Checks the grammar of a whole stream and returns the final Response (completed, incomplete or failed;
     * null when the stream ended with a bare error). Sequence numbers count from 0 without gaps; created and
     * in_progress come first; items are added at the next output index and finished once; every delta
     * belongs to an added, unfinished item and part; done events repeat exactly what the deltas built; the
     * final Response's output is the finished items.
     */
    static ObjectNode accumulate(List<Event> events) {
        assertThat(events).as("events").isNotEmpty();
        ArrayNode items = ResponsesJson.NODES.arrayNode();
        Set<Integer> finished = new HashSet<>();
        Map<String, StringBuilder> texts = new HashMap<>();
        ObjectNode result = null;
        boolean errored = false;
        for (int i = 0; i < events.size(); i++) {
            ObjectNode data = events.get(i).data();
            String type = events.get(i).name();
            String where = "event " + i + " " + data;
            assertThat(data.path("sequence_number").isIntegralNumber()).as(where).isTrue();
            assertThat(data.get("sequence_number").asInt()).as("sequence number of " + where).isEqualTo(i);
            assertThat(result).as("nothing after the final response: " + where).isNull();
            if (errored) {
                assertThat(type).as("only response.failed after an error: " + where).isEqualTo("response.failed");
            }
            if (i == 0 && !type.equals("error")) {
                assertThat(type).as(where).isEqualTo("response.created");
            }
            if (i == 1 && !errored) {
                assertThat(type).as(where).isEqualTo("response.in_progress");
            }
            switch (type) {
                case "response.created", "response.in_progress" -> {
                    assertThat(i).as(where).isLessThan(2);
                    assertThat(data.at("/response/status").asText()).as(where).isEqualTo("in_progress");
                    assertThat(data.at("/response/output")).as(where).isEmpty();
                }
                case "response.output_item.added" -> {
                    assertThat(data.get("output_index").asInt()).as("next output index: " + where).isEqualTo(items.size());
                    ObjectNode item = data.get("item").deepCopy();
                    if (item.has("status")) {
                        assertThat(item.get("status").asText()).as(where).isEqualTo("in_progress");
                    }
                    switch (item.get("type").asText()) {
                        case "message" -> assertThat(item.get("content")).as(where).isEmpty();
                        case "reasoning" -> assertThat(item.get("summary")).as(where).isEmpty();
                        case "function_call" -> assertThat(item.get("arguments").asText()).as(where).isEmpty();
                        default -> fail("Unknown item: " + where);
                    }
                    items.add(item);
                }
                case "response.content_part.added" -> {
                    ObjectNode item = openItem(data, items, finished, where);
                    ArrayNode content = (ArrayNode) item.get("content");
                    assertThat(data.get("content_index").asInt()).as("next content index: " + where).isEqualTo(content.size());
                    JsonNode part = data.get("part");
                    assertThat(part.path(part.get("type").asText().equals("refusal") ? "refusal" : "text").asText())
                            .as(where).isEmpty();
                    content.add(part.deepCopy());
                }
                case "response.output_text.delta", "response.refusal.delta" -> {
                    ObjectNode part = openPart(data, items, finished, where);
                    String field = type.startsWith("response.refusal") ? "refusal" : "text";
                    assertThat(part.get("type").asText()).as(where).isEqualTo(field.equals("text") ? "output_text" : "refusal");
                    part.put(field, part.get(field).asText() + data.get("delta").asText());
                }
                case "response.output_text.done", "response.refusal.done" -> {
                    ObjectNode part = openPart(data, items, finished, where);
                    String field = type.startsWith("response.refusal") ? "refusal" : "text";
                    assertThat(data.get(field).asText()).as("done repeats the deltas: " + where).isEqualTo(part.get(field).asText());
                }
                case "response.content_part.done" -> {
                    ObjectNode part = openPart(data, items, finished, where);
                    assertThat(data.get("part")).as("part done repeats the part: " + where).isEqualTo(part);
                }
                case "response.function_call_arguments.delta" -> {
                    ObjectNode item = openItem(data, items, finished, where);
                    assertThat(item.get("type").asText()).as(where).isEqualTo("function_call");
                    item.put("arguments", item.get("arguments").asText() + data.get("delta").asText());
                }
                case "response.function_call_arguments.done" -> {
                    ObjectNode item = openItem(data, items, finished, where);
                    assertThat(data.get("arguments").asText()).as(where).isEqualTo(item.get("arguments").asText());
                    assertThat(data.get("name").asText()).as(where).isEqualTo(item.get("name").asText());
                }
                case "response.reasoning_summary_part.added" -> {
                    ObjectNode item = openItem(data, items, finished, where);
                    ArrayNode summary = (ArrayNode) item.get("summary");
                    assertThat(data.get("summary_index").asInt()).as(where).isEqualTo(summary.size());
                    summary.add(data.get("part").deepCopy());
                }
                case "response.reasoning_summary_text.delta" -> {
                    ObjectNode part = summaryPart(data, items, finished, where);
                    part.put("text", part.get("text").asText() + data.get("delta").asText());
                }
                case "response.reasoning_summary_text.done" -> {
                    ObjectNode part = summaryPart(data, items, finished, where);
                    assertThat(data.get("text").asText()).as(where).isEqualTo(part.get("text").asText());
                }
                case "response.reasoning_summary_part.done" -> {
                    ObjectNode part = summaryPart(data, items, finished, where);
                    assertThat(data.get("part")).as(where).isEqualTo(part);
                }
                case "response.output_item.done" -> {
                    int index = data.get("output_index").asInt();
                    ObjectNode built = openItem(index, data.at("/item/id").asText(), items, finished, where);
                    ObjectNode done = data.get("item").deepCopy();
                    if (done.has("status")) {
                        assertThat(done.get("status").asText()).as(where).isIn("completed", "incomplete");
                        built.set("status", done.get("status"));
                    }
                    if (done.has("encrypted_content")) {
                        built.set("encrypted_content", done.get("encrypted_content"));
                    }
                    assertThat(done).as("item done is the item the events built: " + where).isEqualTo(built);
                    finished.add(index);
                }
                case "response.completed", "response.incomplete" -> {
                    assertThat(finished).as("all items done before " + where).hasSize(items.size());
                    ObjectNode response = (ObjectNode) data.get("response");
                    assertThat(response.get("status").asText()).as(where)
                            .isEqualTo(type.equals("response.completed") ? "completed" : "incomplete");
                    assertThat(response.get("output")).as("the final output is the items streamed: " + where).isEqualTo(items);
                    result = response;
                }
                case "error" -> {
                    assertThat(errored).as(where).isFalse();
                    errored = true;
                }
                case "response.failed" -> {
                    assertThat(errored).as("an error event came first: " + where).isTrue();
                    result = (ObjectNode) data.get("response");
                    assertThat(result.get("status").asText()).isEqualTo("failed");
                }
                default -> fail("Unknown event: " + where);
            }
        }
        if (!errored) {
            assertThat(result).as("the stream ends with the final response").isNotNull();
        }
        return result;
    }

    private static ObjectNode openItem(ObjectNode data, ArrayNode items, Set<Integer> finished, String where) {
        return openItem(data.get("output_index").asInt(), data.get("item_id").asText(), items, finished, where);
    }

    private static ObjectNode openItem(int index, String id, ArrayNode items, Set<Integer> finished, String where) {
        assertThat(index).as("an added item: " + where).isBetween(0, items.size() - 1);
        assertThat(finished).as("an unfinished item: " + where).doesNotContain(index);
        ObjectNode item = (ObjectNode) items.get(index);
        assertThat(id).as("item id: " + where).isEqualTo(item.get("id").asText());
        return item;
    }

    private static ObjectNode openPart(ObjectNode data, ArrayNode items, Set<Integer> finished, String where) {
        ObjectNode item = openItem(data, items, finished, where);
        JsonNode content = item.get("content");
        int index = data.get("content_index").asInt();
        assertThat(index).as("an added part: " + where).isBetween(0, content.size() - 1);
        return (ObjectNode) content.get(index);
    }

    private static ObjectNode summaryPart(ObjectNode data, ArrayNode items, Set<Integer> finished, String where) {
        ObjectNode item = openItem(data, items, finished, where);
        JsonNode summary = item.get("summary");
        int index = data.get("summary_index").asInt();
        assertThat(index).as("an added summary part: " + where).isBetween(0, summary.size() - 1);
        return (ObjectNode) summary.get(index);
    }
}
