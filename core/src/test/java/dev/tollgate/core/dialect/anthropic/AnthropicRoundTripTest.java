package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect.StreamEncoder;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: an Anthropic conversation with tool use, decoded to the canonical form, answered by a
 * pretend OpenAI upstream that calls tools again (re-using the ids it was given and adding its own), and
 * encoded back — whole or streamed in random fragments — keeps every tool id, name and input.
 */
class AnthropicRoundTripTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final AnthropicDialect dialect = new AnthropicDialect();

    record ToolUse(String id, String name, ObjectNode input) {
    }

    @RepeatedTest(200)
    void keepsToolIdsNamesAndInputs(RepetitionInfo repetition) throws Exception {
        Random random = new Random(7919L * repetition.getCurrentRepetition());
        List<String> toolNames = new ArrayList<>();
        ArrayNode tools = F.arrayNode();
        for (int t = 0, n = 1 + random.nextInt(4); t < n; t++) {
            String name = "tool_" + word(random) + "_" + t;
            toolNames.add(name);
            ObjectNode tool = tools.addObject();
            tool.put("name", name);
            tool.put("description", "Does " + word(random));
            tool.putObject("input_schema").put("type", "object");
        }
        List<ToolUse> history = new ArrayList<>();
        for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
            history.add(new ToolUse("toolu_" + word(random) + k, toolNames.get(random.nextInt(toolNames.size())),
                    randomObject(random, 2)));
        }

        ObjectNode request = F.objectNode();
        request.put("model", "claude-sonnet-4-5");
        request.put("max_tokens", 1024);
        request.set("tools", tools);
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Please " + word(random));
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        ArrayNode assistantContent = assistant.putArray("content");
        if (random.nextBoolean()) {
            assistantContent.addObject().put("type", "text").put("text", "Let me " + word(random) + ".");
        }
        for (ToolUse use : history) {
            ObjectNode block = assistantContent.addObject().put("type", "tool_use").put("id", use.id()).put("name", use.name());
            block.set("input", use.input());
        }
        ArrayNode results = messages.addObject().put("role", "user").putArray("content");
        for (ToolUse use : history) {
            ObjectNode result = results.addObject().put("type", "tool_result").put("tool_use_id", use.id());
            if (random.nextBoolean()) {
                result.put("content", "result " + word(random));
            } else {
                result.putArray("content").addObject().put("type", "text").put("text", "result " + word(random));
            }
            if (random.nextInt(4) == 0) {
                result.put("is_error", true);
            }
        }

        ObjectNode canonical = dialect.toCanonical(request);

        JsonNode assistantOut = canonical.get("messages").get(1);
        assertThat(assistantOut.get("tool_calls")).hasSize(history.size());
        for (int k = 0; k < history.size(); k++) {
            JsonNode call = assistantOut.get("tool_calls").get(k);
            assertThat(call.get("id").asText()).isEqualTo(history.get(k).id());
            assertThat(call.at("/function/name").asText()).isEqualTo(history.get(k).name());
            assertThat(AnthropicFixtures.parse(call.at("/function/arguments").asText())).isEqualTo(history.get(k).input());
            JsonNode toolMessage = canonical.get("messages").get(2 + k);
            assertThat(toolMessage.get("role").asText()).isEqualTo("tool");
            assertThat(toolMessage.get("tool_call_id").asText()).isEqualTo(history.get(k).id());
        }
        assertThat(canonical.get("tools")).extracting(t -> t.at("/function/name").asText()).containsExactlyElementsOf(toolNames);

        // The pretend upstream calls the history's tools again with their ids, then some of its own.
        List<ToolUse> answer = new ArrayList<>();
        for (JsonNode call : assistantOut.get("tool_calls")) {
            if (random.nextBoolean()) {
                answer.add(new ToolUse(call.get("id").asText(), call.at("/function/name").asText(),
                        AnthropicFixtures.parse(call.at("/function/arguments").asText())));
            }
        }
        for (int k = 0, n = random.nextInt(3); k < n; k++) {
            answer.add(new ToolUse("call_" + word(random), toolNames.get(random.nextInt(toolNames.size())), randomObject(random, 3)));
        }
        if (answer.isEmpty()) {
            answer.add(new ToolUse("call_only", toolNames.getFirst(), F.objectNode()));
        }
        String text = random.nextBoolean() ? "Calling " + answer.size() + " tools." : null;
        ObjectNode completion = completion(answer, text);

        ObjectNode message = (ObjectNode) AnthropicFixtures.normalized(AnthropicResponseEncoder.fromCanonical(completion));
        assertToolUses(message, answer, text);
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");

        StreamEncoder encoder = dialect.newStreamEncoder(canonical);
        List<AnthropicEvents.Event> events = new ArrayList<>();
        for (ObjectNode chunk : chunks(answer, text, random)) {
            events.addAll(AnthropicEvents.parse(encoder.encode(chunk)));
        }
        events.addAll(AnthropicEvents.parse(encoder.end()));
        ObjectNode streamed = AnthropicEvents.accumulate(events);
        assertThat(streamed.get("content")).as("streamed content equals the whole answer's").isEqualTo(message.get("content"));
        assertThat(streamed.get("stop_reason")).isEqualTo(message.get("stop_reason"));
        assertThat(streamed.get("usage")).isEqualTo(message.get("usage"));
        assertThat(streamed.get("id")).isEqualTo(message.get("id"));
    }

    private static void assertToolUses(ObjectNode message, List<ToolUse> expected, String text) {
        JsonNode content = message.get("content");
        int offset = text == null ? 0 : 1;
        assertThat(content).hasSize(expected.size() + offset);
        if (text != null) {
            assertThat(content.get(0).get("text").asText()).isEqualTo(text);
        }
        for (int k = 0; k < expected.size(); k++) {
            JsonNode block = content.get(offset + k);
            assertThat(block.get("type").asText()).isEqualTo("tool_use");
            assertThat(block.get("id").asText()).isEqualTo(expected.get(k).id());
            assertThat(block.get("name").asText()).isEqualTo(expected.get(k).name());
            assertThat(block.get("input")).isEqualTo(expected.get(k).input());
        }
    }

    private static ObjectNode completion(List<ToolUse> calls, String text) {
        ObjectNode completion = F.objectNode().put("id", "chatcmpl-rt").put("object", "chat.completion").put("model", "gpt-4o");
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (text == null) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (ToolUse call : calls) {
            ObjectNode tc = toolCalls.addObject().put("id", call.id()).put("type", "function");
            tc.putObject("function").put("name", call.name()).put("arguments", AnthropicJson.write(call.input()));
        }
        choice.put("finish_reason", "tool_calls");
        usage(completion);
        return completion;
    }

    private static void usage(ObjectNode node) {
        node.putObject("usage").put("prompt_tokens", 321).put("completion_tokens", 45).put("total_tokens", 366);
    }

    /** The same answer as OpenAI streams it: role, text, then each call's id/name and argument fragments. */
    private static List<ObjectNode> chunks(List<ToolUse> calls, String text, Random random) {
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add(chunk(F.objectNode().put("role", "assistant").put("content", ""), null));
        if (text != null) {
            for (String piece : split(text, random)) {
                chunks.add(chunk(F.objectNode().put("content", piece), null));
            }
        }
        for (int k = 0; k < calls.size(); k++) {
            ToolUse call = calls.get(k);
            ObjectNode first = F.objectNode();
            ObjectNode tc = first.putArray("tool_calls").addObject().put("index", k).put("id", call.id()).put("type", "function");
            tc.putObject("function").put("name", call.name()).put("arguments", "");
            chunks.add(chunk(first, null));
            for (String piece : split(AnthropicJson.write(call.input()), random)) {
                ObjectNode delta = F.objectNode();
                delta.putArray("tool_calls").addObject().put("index", k).putObject("function").put("arguments", piece);
                chunks.add(chunk(delta, null));
            }
        }
        chunks.add(chunk(F.objectNode(), "tool_calls"));
        ObjectNode usageChunk = F.objectNode().put("id", "chatcmpl-rt").put("object", "chat.completion.chunk").put("model", "gpt-4o");
        usageChunk.putArray("choices");
        usage(usageChunk);
        chunks.add(usageChunk);
        return chunks;
    }

    private static ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = F.objectNode().put("id", "chatcmpl-rt").put("object", "chat.completion.chunk").put("model", "gpt-4o");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        chunk.putNull("usage");
        return chunk;
    }

    private static List<String> split(String s, Random random) {
        List<String> pieces = new ArrayList<>();
        int at = 0;
        while (at < s.length()) {
            int end = Math.min(s.length(), at + 1 + random.nextInt(8));
            if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
                end++;
            }
            pieces.add(s.substring(at, end));
            at = end;
        }
        return pieces;
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode object = F.objectNode();
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            String key = word(random) + i;
            switch (random.nextInt(depth > 0 ? 7 : 5)) {
                case 0 -> object.put(key, word(random) + " \"quoted\" \\ é 🦀");
                case 1 -> object.put(key, random.nextInt(1000) - 500);
                case 2 -> object.put(key, random.nextDouble());
                case 3 -> object.put(key, random.nextBoolean());
                case 4 -> object.putNull(key);
                case 5 -> object.set(key, randomObject(random, depth - 1));
                default -> {
                    ArrayNode array = object.putArray(key);
                    for (int j = 0, m = random.nextInt(3); j < m; j++) {
                        array.add(random.nextBoolean() ? F.textNode(word(random)) : randomObject(random, depth - 1));
                    }
                }
            }
        }
        return object;
    }

    private static String word(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 3 + random.nextInt(6); i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
