package dev.tollgate.core.dialect.anthropic;

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

class AnthropicStreamEncoderTest {

    private final AnthropicDialect dialect = new AnthropicDialect();

    /** Each step's call (chunk, end or error) must give exactly its events, in order. */
    @ParameterizedTest
    @ValueSource(strings = {"plain_text", "parallel_tool_calls", "thinking_signature", "thinking_complete_blocks", "usage_at_end", "error_mid_stream"})
    void encodesTheFixtureEventByEvent(String name) {
        ObjectNode fixture = AnthropicFixtures.load("stream/" + name + ".json");
        StreamEncoder encoder = dialect.newStreamEncoder((ObjectNode) fixture.get("request"));
        List<AnthropicEvents.Event> all = new ArrayList<>();
        int step = 0;
        for (JsonNode s : fixture.get("steps")) {
            Buffer bytes;
            if (s.has("chunk")) {
                bytes = encoder.encode((ObjectNode) s.get("chunk"));
            } else if (s.has("error")) {
                JsonNode e = s.get("error");
                bytes = encoder.error(new GatewayError(e.get("status").asInt(), e.get("type").asText(),
                        e.get("code").asText(), null, e.get("message").asText(), 0));
            } else {
                bytes = encoder.end();
            }
            List<AnthropicEvents.Event> events = AnthropicEvents.parse(bytes);
            assertThat(AnthropicEvents.data(events)).as("step %d of %s", step, name)
                    .containsExactlyElementsOf(s.get("events"));
            all.addAll(events);
            step++;
        }
        AnthropicEvents.accumulate(all);
    }

    @Test
    void theAccumulatedStreamIsTheMessageTheFixtureDescribes() {
        ObjectNode fixture = AnthropicFixtures.load("stream/parallel_tool_calls.json");
        StreamEncoder encoder = dialect.newStreamEncoder((ObjectNode) fixture.get("request"));
        List<AnthropicEvents.Event> events = new ArrayList<>();
        for (JsonNode s : fixture.get("steps")) {
            events.addAll(AnthropicEvents.parse(s.has("chunk") ? encoder.encode((ObjectNode) s.get("chunk")) : encoder.end()));
        }

        ObjectNode message = AnthropicEvents.accumulate(events);

        assertThat(message.get("content")).isEqualTo(AnthropicFixtures.parse("""
                {"c":[{"type":"text","text":"Checking both."},
                      {"type":"tool_use","id":"call_weather","name":"get_weather","input":{"location":"Paris, France"}},
                      {"type":"tool_use","id":"call_time","name":"get_time","input":{"timezone":"Europe/Paris"}}]}""").get("c"));
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(120);
        assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(41);
    }

    @Test
    void anEmptyStreamStillIsAWholeMessage() {
        StreamEncoder encoder = dialect.newStreamEncoder(AnthropicFixtures.parse("{\"model\":\"claude-haiku-4-5\"}"));

        List<AnthropicEvents.Event> events = AnthropicEvents.parse(encoder.end());

        assertThat(events).extracting(AnthropicEvents.Event::name).containsExactly("message_start", "message_delta", "message_stop");
        ObjectNode message = AnthropicEvents.accumulate(events);
        assertThat(message.get("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(encoder.end().length()).as("ended once").isZero();
    }

    @Test
    void onlyTheFirstChoiceIsTranslatedAndLateToolArgumentsAreDropped() {
        StreamEncoder encoder = dialect.newStreamEncoder(AnthropicFixtures.parse("{\"model\":\"m\"}"));
        List<AnthropicEvents.Event> events = new ArrayList<>();
        for (String chunk : List.of(
                "{\"id\":\"c\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":\"}}]}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}]}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")) {
            events.addAll(AnthropicEvents.parse(encoder.encode(AnthropicFixtures.parse(chunk))));
        }
        events.addAll(AnthropicEvents.parse(encoder.end()));

        List<String> names = events.stream().map(AnthropicEvents.Event::name).toList();
        assertThat(names).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(events.get(1).data().at("/content_block/id").asText()).as("a generated tool id").startsWith("toolu_");
        assertThat(events.get(1).data().at("/content_block/name").asText()).isEqualTo("a");
        ObjectNode message = AnthropicEvents.accumulate(withoutBrokenInput(events));
        assertThat(message.at("/content/1/id").asText()).isEqualTo("call_b");
        assertThat(message.get("stop_reason").asText()).as("finish stop after tool calls").isEqualTo("tool_use");
    }

    /** The first tool's input is cut short on purpose; drop its fragment before accumulating. */
    private static List<AnthropicEvents.Event> withoutBrokenInput(List<AnthropicEvents.Event> events) {
        List<AnthropicEvents.Event> kept = new ArrayList<>(events);
        kept.remove(2);
        return kept;
    }

    @Test
    void aSignatureAfterTextAndThinkingAfterASignatureOpenNewThinkingBlocks() {
        StreamEncoder encoder = dialect.newStreamEncoder(AnthropicFixtures.parse("{\"model\":\"m\"}"));
        List<AnthropicEvents.Event> events = new ArrayList<>();
        for (String chunk : List.of(
                "{\"id\":\"msg_1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"first\"}}]}",
                "{\"id\":\"msg_1\",\"choices\":[{\"index\":0,\"delta\":{\"thinking_blocks\":[{\"type\":\"thinking\",\"signature\":\"sig1\"}]}}]}",
                "{\"id\":\"msg_1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"second\"}}]}",
                "{\"id\":\"msg_1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"answer\"}}]}",
                "{\"id\":\"msg_1\",\"choices\":[{\"index\":0,\"delta\":{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"third\",\"signature\":\"sig3\"}]}}]}",
                "{\"id\":\"msg_1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{\"id\":\"msg_1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7}}")) {
            events.addAll(AnthropicEvents.parse(encoder.encode(AnthropicFixtures.parse(chunk))));
        }
        events.addAll(AnthropicEvents.parse(encoder.end()));

        ObjectNode message = AnthropicEvents.accumulate(events);

        assertThat(message.get("id").asText()).isEqualTo("msg_1");
        assertThat(message.get("content")).isEqualTo(AnthropicFixtures.parse("""
                {"c":[{"type":"thinking","thinking":"first","signature":"sig1"},
                      {"type":"thinking","thinking":"second","signature":""},
                      {"type":"text","text":"answer"},
                      {"type":"thinking","thinking":"third","signature":"sig3"}]}""").get("c"));
        assertThat(message.get("usage")).isEqualTo(AnthropicFixtures.parse(
                "{\"input_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":7}"));
    }

    @Test
    void chunksAfterTheMessageDeltaAndAfterAnErrorAreIgnored() {
        StreamEncoder encoder = dialect.newStreamEncoder(AnthropicFixtures.parse("{\"model\":\"m\"}"));
        encoder.encode(AnthropicFixtures.parse("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}"));
        assertThat(AnthropicEvents.parse(encoder.encode(AnthropicFixtures.parse("{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}"))))
                .extracting(AnthropicEvents.Event::name).containsExactly("message_delta");
        assertThat(encoder.encode(AnthropicFixtures.parse("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}")).length()).isZero();
        assertThat(AnthropicEvents.parse(encoder.end())).extracting(AnthropicEvents.Event::name).containsExactly("message_stop");
        assertThat(encoder.error(GatewayError.internal()).length()).as("nothing after the stream ended").isZero();
    }
}
