package dev.tollgate.core.dialect.responses;

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
 * Property: a canonical answer with thinking, text and tool calls, encoded as a Response — whole, or
 * streamed in random fragments — is the same Response either way; and its output items, handed back as
 * input the way stateless clients do (with the tools' outputs after them), decode to the same assistant
 * message: text, tool call ids, names and arguments, thinking blocks with their signatures.
 */
class ResponsesRoundTripTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ResponsesDialect dialect = new ResponsesDialect();

    @RepeatedTest(100)
    void keepsTheAssistantTurnThroughAResponseAndBack(RepetitionInfo repetition) throws Exception {
        Random random = new Random(104729L * repetition.getCurrentRepetition());
        ObjectNode message = F.objectNode().put("role", "assistant");
        ArrayNode blocks = F.arrayNode();
        if (random.nextBoolean()) {
            for (int b = 0, n = 1 + random.nextInt(2); b < n; b++) {
                blocks.addObject().put("type", "thinking").put("thinking", sentence(random)).put("signature", "sig" + word(random));
            }
            if (random.nextInt(3) == 0) {
                blocks.addObject().put("type", "redacted_thinking").put("data", "R" + word(random));
            }
            message.put("reasoning_content", ResponsesReasoning.text(blocks));
            message.set("thinking_blocks", blocks);
        }
        String text = random.nextInt(3) == 0 ? "" : sentence(random);
        message.put("content", text);
        ArrayNode calls = F.arrayNode();
        for (int c = 0, n = random.nextInt(4); c < n; c++) {
            ObjectNode call = calls.addObject().put("id", "call_" + word(random) + c).put("type", "function");
            ObjectNode args = F.objectNode().put("q", sentence(random)).put("n", random.nextInt(100));
            call.putObject("function").put("name", "tool_" + word(random)).put("arguments", args.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        ObjectNode completion = F.objectNode().put("id", "chatcmpl-" + word(random)).put("object", "chat.completion")
                .put("created", 1_700_000_000 + random.nextInt(1000)).put("model", "model-" + word(random));
        completion.putArray("choices").addObject().put("index", 0).put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls")
                .set("message", message);
        completion.putObject("usage").put("prompt_tokens", random.nextInt(5000)).put("completion_tokens", random.nextInt(900))
                .put("total_tokens", 6000);
        ObjectNode request = F.objectNode().put("model", "alias");

        ObjectNode whole = dialect.fromCanonical(completion, request);
        ResponsesSpec.assertValid("Response", whole);
        ObjectNode streamed = ResponsesEvents.accumulate(stream(completion, request, random));
        assertThat(ResponsesFixtures.normalized(streamed)).isEqualTo(ResponsesFixtures.normalized(whole));

        ObjectNode next = F.objectNode().put("model", "alias");
        ArrayNode input = next.putArray("input");
        input.addObject().put("role", "user").put("content", "Go.");
        whole.get("output").forEach(input::add);
        for (JsonNode call : calls) {
            input.addObject().put("type", "function_call_output").put("call_id", call.get("id").asText()).put("output", "ok");
        }
        input.addObject().put("role", "user").put("content", "And now?");
        ResponsesSpec.assertValid("CreateResponse", next);

        JsonNode messages = dialect.toCanonical(next).get("messages");

        int expected = 2 + calls.size() + (text.isEmpty() && calls.isEmpty() ? 0 : 1);
        assertThat(messages).as(ResponsesFixtures.pretty(messages)).hasSize(expected);
        if (text.isEmpty() && calls.isEmpty()) {
            return; // an answer of thinking only says nothing to the model: the turn is left out
        }
        JsonNode assistant = messages.get(1);
        if (text.isEmpty()) {
            assertThat(assistant.get("content").isNull()).isTrue();
        } else {
            assertThat(assistant.get("content").asText()).isEqualTo(text);
        }
        assertThat(assistant.get("tool_calls")).isEqualTo(calls.isEmpty() ? null : calls);
        assertThat(assistant.get("thinking_blocks")).isEqualTo(blocks.isEmpty() ? null : blocks);
        assertThat(assistant.path("reasoning_content").asText()).isEqualTo(message.path("reasoning_content").asText());
        for (int c = 0; c < calls.size(); c++) {
            assertThat(messages.get(2 + c).get("tool_call_id")).isEqualTo(calls.get(c).get("id"));
        }
    }

    /** The answer as a canonical stream, every text cut into random fragments, then encoded. */
    private List<ResponsesEvents.Event> stream(ObjectNode completion, ObjectNode request, Random random) {
        JsonNode message = completion.at("/choices/0/message");
        List<ObjectNode> deltas = new ArrayList<>();
        deltas.add(F.objectNode().put("role", "assistant").put("content", ""));
        for (JsonNode block : message.path("thinking_blocks")) {
            if (block.has("thinking")) {
                String sent = deltas.size() > 1 ? ResponsesReasoning.SEPARATOR + block.get("thinking").asText() : block.get("thinking").asText();
                for (String piece : pieces(sent, random)) {
                    deltas.add(F.objectNode().put("reasoning_content", piece));
                }
            }
            ObjectNode entry = F.objectNode();
            entry.putArray("thinking_blocks").add(block);
            deltas.add(entry);
        }
        for (String piece : pieces(message.path("content").asText(""), random)) {
            deltas.add(F.objectNode().put("content", piece));
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            boolean first = true;
            for (String piece : pieces(call.at("/function/arguments").asText(), random)) {
                ObjectNode fragment = F.objectNode().put("index", index);
                ObjectNode function = fragment.putObject("function").put("arguments", piece);
                if (first) {
                    fragment.put("id", call.get("id").asText()).put("type", "function");
                    function.put("name", call.at("/function/name").asText());
                    first = false;
                }
                ObjectNode delta = F.objectNode();
                delta.putArray("tool_calls").add(fragment);
                deltas.add(delta);
            }
            index++;
        }
        StreamEncoder encoder = dialect.newStreamEncoder(request);
        List<ResponsesEvents.Event> events = new ArrayList<>();
        for (ObjectNode delta : deltas) {
            events.addAll(ResponsesEvents.parse(encoder.encode(chunk(completion, delta, null))));
        }
        events.addAll(ResponsesEvents.parse(encoder.encode(chunk(completion, F.objectNode(),
                completion.at("/choices/0/finish_reason").asText()))));
        ObjectNode usage = completion.deepCopy();
        usage.putArray("choices");
        usage.remove("object");
        events.addAll(ResponsesEvents.parse(encoder.encode(usage)));
        events.addAll(ResponsesEvents.parse(encoder.end()));
        return events;
    }

    private static ObjectNode chunk(ObjectNode completion, ObjectNode delta, String finish) {
        ObjectNode chunk = F.objectNode().put("id", completion.get("id").asText()).put("object", "chat.completion.chunk")
                .put("created", completion.get("created").asLong()).put("model", completion.get("model").asText());
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return chunk;
    }

    private static List<String> pieces(String text, Random random) {
        List<String> pieces = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + 1 + random.nextInt(8));
            pieces.add(text.substring(at, end));
            at = end;
        }
        return pieces;
    }

    private static String sentence(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            s.append(i == 0 ? "" : " ").append(word(random));
        }
        return s.append(random.nextBoolean() ? "." : " \"é\" ✓").toString();
    }

    private static String word(Random random) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        StringBuilder w = new StringBuilder();
        for (int i = 0, n = 2 + random.nextInt(7); i < n; i++) {
            w.append(letters.charAt(random.nextInt(letters.length())));
        }
        return w.toString();
    }
}
