package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect.StreamEncoder;
import dev.tollgate.core.pipeline.GatewayError;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesStreamEncoderTest {

    private final ResponsesDialect dialect = new ResponsesDialect();

    /** Each step's call (chunk, end or error) must give exactly its events, in order, sequence numbers included. */
    @ParameterizedTest
    @ValueSource(strings = {"text", "parallel_tool_calls", "reasoning_then_text", "length_incomplete", "error_mid_stream"})
    void encodesTheFixtureEventByEvent(String name) {
        ObjectNode fixture = ResponsesFixtures.load("stream/" + name + ".json");
        StreamEncoder encoder = dialect.newStreamEncoder((ObjectNode) fixture.get("request"));
        List<ResponsesEvents.Event> all = new ArrayList<>();
        int step = 0;
        for (JsonNode s : fixture.get("steps")) {
            List<ResponsesEvents.Event> events = ResponsesEvents.parse(run(encoder, s));
            assertThat(ResponsesEvents.data(events)).as("step %d of %s", step, name).containsExactlyElementsOf(s.get("events"));
            all.addAll(events);
            step++;
        }
        ResponsesEvents.accumulate(all);
    }

    /** The streamed Response is the one {@code fromCanonical} builds from the same answer whole. */
    @ParameterizedTest
    @ValueSource(strings = {"text", "parallel_tool_calls", "reasoning_then_text", "length_incomplete"})
    void theFinalResponseIsTheWholeAnswersResponse(String name) {
        ObjectNode fixture = ResponsesFixtures.load("stream/" + name + ".json");
        ObjectNode request = (ObjectNode) fixture.get("request");
        StreamEncoder encoder = dialect.newStreamEncoder(request);
        List<ResponsesEvents.Event> events = new ArrayList<>();
        List<ObjectNode> chunks = new ArrayList<>();
        for (JsonNode s : fixture.get("steps")) {
            if (s.has("chunk")) {
                chunks.add((ObjectNode) s.get("chunk"));
            }
            events.addAll(ResponsesEvents.parse(run(encoder, s)));
        }

        ObjectNode streamed = ResponsesEvents.accumulate(events);

        ObjectNode whole = dialect.fromCanonical(CanonicalChunks.completion(chunks), request);
        assertThat(ResponsesFixtures.normalized(streamed)).isEqualTo(ResponsesFixtures.normalized(whole));
    }

    @Test
    void theFixturesFinalResponsesSayWhatTheyShould() {
        ObjectNode tools = finalResponse("parallel_tool_calls");
        assertThat(tools.get("output")).extracting(i -> i.get("type").asText()).containsExactly("message", "function_call", "function_call");
        assertThat(tools.at("/output/1/call_id").asText()).isEqualTo("call_weather");
        assertThat(tools.at("/output/2/arguments").asText()).isEqualTo("{\"timezone\": \"Europe/Paris\"}");
        assertThat(tools.get("tool_choice").asText()).as("echoed").isEqualTo("required");
        assertThat(tools.at("/usage/total_tokens").asInt()).isEqualTo(161);

        ObjectNode reasoning = finalResponse("reasoning_then_text");
        assertThat(reasoning.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(1920);
        assertThat(reasoning.at("/usage/output_tokens_details/reasoning_tokens").asInt()).isEqualTo(320);
        assertThat(ResponsesReasoning.decode(reasoning.at("/output/0/encrypted_content").asText()))
                .as("the thinking block rides along, signature included")
                .isEqualTo(ResponsesFixtures.parse("""
                        {"b":[{"type":"thinking","thinking":"The user wants a haiku. Five, seven, five.","signature":"EqQBCkgIARABGAIiQL2MzTjI"}]}""").get("b"));

        ObjectNode cut = finalResponse("length_incomplete");
        assertThat(cut.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(cut.get("max_output_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void anEmptyStreamStillIsAWholeResponse() {
        StreamEncoder encoder = dialect.newStreamEncoder(ResponsesFixtures.parse("{\"model\":\"gpt-4o\",\"messages\":[]}"));

        List<ResponsesEvents.Event> events = ResponsesEvents.parse(encoder.end());

        assertThat(events).extracting(ResponsesEvents.Event::name)
                .containsExactly("response.created", "response.in_progress", "response.completed");
        ObjectNode response = ResponsesEvents.accumulate(events);
        assertThat(response.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(response.get("output")).isEmpty();
        assertThat(response.has("usage")).isFalse();
        assertThat(encoder.end().length()).as("ended once").isZero();
        assertThat(encoder.error(GatewayError.internal()).length()).as("nothing after the end").isZero();
    }

    @Test
    void anErrorBeforeAnyChunkIsABareErrorEvent() {
        StreamEncoder encoder = dialect.newStreamEncoder(ResponsesFixtures.parse("{\"model\":\"m\"}"));

        List<ResponsesEvents.Event> events = ResponsesEvents.parse(encoder.error(GatewayError.rateLimited("Slow down.", 2)));

        assertThat(ResponsesEvents.data(events)).containsExactly(ResponsesFixtures.parse("""
                {"type":"error","code":"rate_limit_exceeded","message":"Slow down.","param":null,"sequence_number":0}"""));
        assertThat(encoder.encode(chunk("{\"content\":\"late\"}", null)).length()).isZero();
        assertThat(encoder.end().length()).isZero();
    }

    @Test
    void aRateLimitMidStreamFailsTheResponseWithItsCode() {
        StreamEncoder encoder = dialect.newStreamEncoder(ResponsesFixtures.parse("{\"model\":\"m\"}"));
        List<ResponsesEvents.Event> events = new ArrayList<>(ResponsesEvents.parse(encoder.encode(chunk("{\"reasoning_content\":\"Hmm\"}", null))));

        events.addAll(ResponsesEvents.parse(encoder.error(GatewayError.rateLimited("Rate limit reached. Please try again in 2s.", 2))));

        ObjectNode failed = ResponsesEvents.accumulate(events);
        assertThat(failed.get("error")).isEqualTo(ResponsesFixtures.parse(
                "{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached. Please try again in 2s.\"}"));
        assertThat(failed.at("/output/0/summary/0/text").asText()).as("the reasoning streamed so far").isEqualTo("Hmm");
    }

    @Test
    void onlyTheFirstChoiceIsTranslatedAndLateToolArgumentsAreDropped() {
        StreamEncoder encoder = dialect.newStreamEncoder(ResponsesFixtures.parse("{\"model\":\"m\"}"));
        List<ResponsesEvents.Event> events = new ArrayList<>();
        for (String chunk : List.of(
                "{\"id\":\"c\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":\"}}]}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}]}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")) {
            events.addAll(ResponsesEvents.parse(encoder.encode(ResponsesFixtures.parse(chunk))));
        }
        events.addAll(ResponsesEvents.parse(encoder.end()));

        ObjectNode response = ResponsesEvents.accumulate(events);

        assertThat(events).extracting(ResponsesEvents.Event::name).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        assertThat(response.at("/output/0/call_id").asText()).as("a generated call id").startsWith("call_");
        assertThat(response.at("/output/0/arguments").asText()).as("the late fragment is dropped").isEqualTo("{\"x\":");
        assertThat(response.at("/output/1/call_id").asText()).isEqualTo("call_b");
    }

    @Test
    void aRefusalIsAPartOfItsOwnAndTextAfterItAnother() {
        List<ResponsesEvents.Event> events = stream(
                chunk("{\"role\":\"assistant\",\"refusal\":\"I can't\"}", null),
                chunk("{\"refusal\":\" do that.\"}", null),
                chunk("{\"content\":\"But here is a poem.\"}", null),
                chunk("{}", "stop"));

        ObjectNode response = ResponsesEvents.accumulate(events);

        assertThat(events).extracting(ResponsesEvents.Event::name).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.refusal.delta", "response.refusal.delta",
                "response.refusal.done", "response.content_part.done", "response.content_part.added",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed");
        assertThat(response.at("/output/0/content")).isEqualTo(ResponsesFixtures.parse("""
                {"c":[{"type":"refusal","refusal":"I can't do that."},
                      {"type":"output_text","annotations":[],"logprobs":[],"text":"But here is a poem."}]}""").get("c"));
    }

    @Test
    void completeThinkingBlocksWithoutReasoningContentAreStreamedAsSummary() {
        List<ResponsesEvents.Event> events = stream(
                chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"First.\",\"signature\":\"s1\"}]}", null),
                chunk("{\"thinking_blocks\":[{\"type\":\"redacted_thinking\",\"data\":\"R\"}]}", null),
                chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"Second.\",\"signature\":\"s2\"}]}", null),
                chunk("{\"content\":\"42\"}", null),
                chunk("{}", "stop"));

        ObjectNode response = ResponsesEvents.accumulate(events);

        assertThat(response.get("output")).hasSize(2);
        assertThat(response.at("/output/0/summary/0/text").asText()).isEqualTo("First.\n\nSecond.");
        assertThat(ResponsesReasoning.decode(response.at("/output/0/encrypted_content").asText())).hasSize(3);
    }

    @Test
    void reasoningFragmentsThatEchoTheirBlockAreNotSentTwice() {
        List<ResponsesEvents.Event> events = stream(
                chunk("{\"reasoning_content\":\"Let me\"}", null),
                chunk("{\"reasoning_content\":\" think.\",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\" think.\"}]}", null),
                chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"Let me think. Done.\",\"signature\":\"s\"}]}", null),
                chunk("{\"reasoning_content\":\"\\n\\nAgain.\"}", null),
                chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"Again.\",\"signature\":\"t\"}]}", null),
                chunk("{}", "stop"));

        ObjectNode response = ResponsesEvents.accumulate(events);

        assertThat(response.at("/output/0/summary/0/text").asText()).isEqualTo("Let me think. Done.\n\nAgain.");
        assertThat(ResponsesReasoning.decode(response.at("/output/0/encrypted_content").asText())).isEqualTo(ResponsesFixtures.parse("""
                {"b":[{"type":"thinking","thinking":"Let me think. Done.","signature":"s"},
                      {"type":"thinking","thinking":"Again.","signature":"t"}]}""").get("b"));
    }

    @Test
    void echoedFragmentsAndALoneSignatureMakeOneSignedBlock() {
        List<ResponsesEvents.Event> events = stream(
                chunk("{\"reasoning_content\":\"Two\",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"Two\"}]}", null),
                chunk("{\"reasoning_content\":\" cities.\",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\" cities.\"}]}", null),
                chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"sig\"}]}", null),
                chunk("{\"content\":\"Paris and Rome.\"}", null),
                chunk("{}", "stop"));

        ObjectNode response = ResponsesEvents.accumulate(events);

        assertThat(response.at("/output/0/summary/0/text").asText()).isEqualTo("Two cities.");
        assertThat(ResponsesReasoning.decode(response.at("/output/0/encrypted_content").asText())).isEqualTo(ResponsesFixtures.parse(
                "{\"b\":[{\"type\":\"thinking\",\"thinking\":\"Two cities.\",\"signature\":\"sig\"}]}").get("b"));
    }

    @Test
    void aNameArrivingAfterTheFirstToolDeltaIsKept() {
        List<ResponsesEvents.Event> events = stream(
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":{\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]}", null),
                chunk("{}", "tool_calls"));

        List<JsonNode> data = ResponsesEvents.data(events);
        assertThat(data.get(2).at("/item/name").asText()).isEmpty();
        ObjectNode response = ResponsesEvents.accumulate(withNameFromDone(events));
        assertThat(response.at("/output/0/name").asText()).isEqualTo("lookup");
    }

    @Test
    void chunksWithoutIdModelOrCreatedStillMakeAResponse() {
        long before = System.currentTimeMillis() / 1000;
        StreamEncoder encoder = dialect.newStreamEncoder(ResponsesFixtures.parse("{\"model\":\"alias\"}"));
        List<ResponsesEvents.Event> events = new ArrayList<>(ResponsesEvents.parse(
                encoder.encode(ResponsesFixtures.parse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"))));
        events.addAll(ResponsesEvents.parse(encoder.end()));

        ObjectNode response = ResponsesEvents.accumulate(events);

        assertThat(response.get("id").asText()).startsWith("resp_");
        assertThat(response.get("model").asText()).isEqualTo("alias");
        assertThat(response.get("created_at").asLong()).isBetween(before, before + 60);
        assertThat(response.at("/output/0/id").asText()).isEqualTo("msg_" + response.get("id").asText().substring(5) + "_0");
    }

    private ObjectNode finalResponse(String name) {
        ObjectNode fixture = ResponsesFixtures.load("stream/" + name + ".json");
        StreamEncoder encoder = dialect.newStreamEncoder((ObjectNode) fixture.get("request"));
        List<ResponsesEvents.Event> events = new ArrayList<>();
        for (JsonNode s : fixture.get("steps")) {
            events.addAll(ResponsesEvents.parse(run(encoder, s)));
        }
        return ResponsesEvents.accumulate(events);
    }

    private List<ResponsesEvents.Event> stream(ObjectNode... chunks) {
        StreamEncoder encoder = dialect.newStreamEncoder(ResponsesFixtures.parse("{\"model\":\"m\"}"));
        List<ResponsesEvents.Event> events = new ArrayList<>();
        for (ObjectNode chunk : chunks) {
            events.addAll(ResponsesEvents.parse(encoder.encode(chunk)));
        }
        events.addAll(ResponsesEvents.parse(encoder.end()));
        return events;
    }

    private static ObjectNode chunk(String delta, String finishReason) {
        ObjectNode chunk = ResponsesFixtures.parse("""
                {"id":"chatcmpl-t","object":"chat.completion.chunk","created":1700000000,"model":"m",
                 "choices":[{"index":0,"delta":%s,"finish_reason":null}]}""".formatted(delta));
        if (finishReason != null) {
            ((ObjectNode) chunk.at("/choices/0")).put("finish_reason", finishReason);
        }
        return chunk;
    }

    /** A name that arrived late is in the item's done events only; the accumulator takes it from there. */
    private static List<ResponsesEvents.Event> withNameFromDone(List<ResponsesEvents.Event> events) {
        List<ResponsesEvents.Event> out = new ArrayList<>();
        for (ResponsesEvents.Event e : events) {
            if (e.name().equals("response.output_item.added")) {
                ObjectNode data = e.data().deepCopy();
                ((ObjectNode) data.get("item")).put("name", "lookup");
                out.add(new ResponsesEvents.Event(e.name(), data));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    static Buffer run(StreamEncoder encoder, JsonNode step) {
        if (step.has("chunk")) {
            return encoder.encode((ObjectNode) step.get("chunk"));
        }
        if (step.has("error")) {
            JsonNode e = step.get("error");
            return encoder.error(new GatewayError(e.get("status").asInt(), e.get("type").asText(), e.get("code").asText(),
                    null, e.get("message").asText(), 0));
        }
        return encoder.end();
    }
}
