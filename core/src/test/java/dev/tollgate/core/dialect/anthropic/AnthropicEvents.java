package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reads Anthropic SSE output strictly ({@code event: <type>\ndata: <one-line json>\n\n}, the event name
 * equal to the data's type), checks the stream's grammar and rebuilds the message the way Anthropic's
 * SDKs accumulate it.
 */
final class AnthropicEvents {

    private static final Pattern EVENT = Pattern.compile("event: ([a-z_]+)\ndata: ([^\n]+)\n\n");

    record Event(String name, ObjectNode data) {
    }

    private AnthropicEvents() {
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
            ObjectNode data = AnthropicFixtures.parse(m.group(2));
            assertThat(data.path("type").asText()).as("data.type of %s", m.group(2)).isEqualTo(m.group(1));
            events.add(new Event(m.group(1), data));
            at = m.end();
        }
        return events;
    }

    static List<JsonNode> data(List<Event> events) {
        return events.stream().map(e -> (JsonNode) e.data()).toList();
    }

    /**
     * Checks the grammar of a whole stream and returns the message it builds. Blocks are numbered from 0
     * without gaps, each opened once and closed once, one open at a time; deltas fit their block; the
     * stream ends with message_delta then message_stop, or with an error event.
     */
    static ObjectNode accumulate(List<Event> events) {
        assertThat(events).as("events").isNotEmpty();
        ObjectNode message = null;
        ArrayNode content = null;
        int open = -1;
        StringBuilder toolJson = new StringBuilder();
        boolean deltaSeen = false;
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            ObjectNode data = event.data();
            String where = "event " + i + " " + data;
            switch (event.name()) {
                case "message_start" -> {
                    assertThat(i).as("message_start comes first: " + where).isZero();
                    message = data.get("message").deepCopy();
                    assertThat(message.get("content")).as(where).isEmpty();
                    content = (ArrayNode) message.get("content");
                }
                case "content_block_start" -> {
                    assertThat(message).as("started: " + where).isNotNull();
                    assertThat(open).as("no block open: " + where).isEqualTo(-1);
                    assertThat(deltaSeen).as("before message_delta: " + where).isFalse();
                    assertThat(data.get("index").asInt()).as("next index: " + where).isEqualTo(content.size());
                    open = data.get("index").asInt();
                    content.add(data.get("content_block").deepCopy());
                    toolJson.setLength(0);
                }
                case "content_block_delta" -> {
                    assertThat(data.get("index").asInt()).as("delta for the open block: " + where).isEqualTo(open);
                    ObjectNode block = (ObjectNode) content.get(open);
                    JsonNode delta = data.get("delta");
                    String blockType = block.get("type").asText();
                    switch (delta.get("type").asText()) {
                        case "text_delta" -> {
                            assertThat(blockType).as(where).isEqualTo("text");
                            block.put("text", block.get("text").asText() + delta.get("text").asText());
                        }
                        case "thinking_delta" -> {
                            assertThat(blockType).as(where).isEqualTo("thinking");
                            block.put("thinking", block.get("thinking").asText() + delta.get("thinking").asText());
                        }
                        case "signature_delta" -> {
                            assertThat(blockType).as(where).isEqualTo("thinking");
                            block.put("signature", delta.get("signature").asText());
                        }
                        case "input_json_delta" -> {
                            assertThat(blockType).as(where).isEqualTo("tool_use");
                            toolJson.append(delta.get("partial_json").asText());
                        }
                        default -> fail("Unknown delta: " + where);
                    }
                }
                case "content_block_stop" -> {
                    assertThat(data.get("index").asInt()).as("stop of the open block: " + where).isEqualTo(open);
                    ObjectNode block = (ObjectNode) content.get(open);
                    if ("tool_use".equals(block.get("type").asText()) && !toolJson.isEmpty()) {
                        block.set("input", AnthropicFixtures.parse(toolJson.toString()));
                    }
                    open = -1;
                }
                case "message_delta" -> {
                    assertThat(message).as(where).isNotNull();
                    assertThat(open).as("blocks closed before message_delta: " + where).isEqualTo(-1);
                    assertThat(deltaSeen).as("one message_delta: " + where).isFalse();
                    deltaSeen = true;
                    message.set("stop_reason", data.get("delta").get("stop_reason"));
                    message.set("stop_sequence", data.get("delta").get("stop_sequence"));
                    ObjectNode usage = (ObjectNode) message.get("usage");
                    data.get("usage").properties().forEach(e -> usage.set(e.getKey(), e.getValue()));
                }
                case "message_stop" -> {
                    assertThat(deltaSeen).as("message_delta before message_stop: " + where).isTrue();
                    assertThat(i).as("message_stop is last: " + where).isEqualTo(events.size() - 1);
                }
                case "error" -> {
                    assertThat(i).as("error is last: " + where).isEqualTo(events.size() - 1);
                    return message;
                }
                default -> fail("Unknown event: " + where);
            }
        }
        assertThat(events.getLast().name()).as("stream ends with message_stop").isEqualTo("message_stop");
        return message;
    }
}
