package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stream behaviour beyond the golden cases: order, unknown events, finish() edge cases. */
class StreamTranslationTest {

    private static final String START = """
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],\
            "model":"m","stop_reason":null,"usage":{"input_tokens":3,"output_tokens":1}}}""";

    private final AnthropicTranslation translation = new AnthropicTranslation(42);
    private final List<ObjectNode> out = new ArrayList<>();

    @Test
    void eachEventIsTranslatedAsItArrives() throws Exception {
        translation.onStreamEvent("message_start", START, out::add);
        assertThat(out).hasSize(1);
        translation.onStreamEvent("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", out::add);
        assertThat(out).hasSize(1);
        translation.onStreamEvent("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}", out::add);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Hi");
        assertThat(out.get(1).get("created").asLong()).isEqualTo(42);
    }

    @Test
    void unknownEventsAndDeltasAreIgnoredAndEventNamesAreOptional() throws Exception {
        translation.onStreamEvent(null, START, out::add);
        translation.onStreamEvent("future_event", "{\"type\":\"future_event\",\"x\":1}", out::add);
        translation.onStreamEvent(null, "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}", out::add);
        translation.onStreamEvent(null, "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\":1}\"}}", out::add);
        translation.onStreamEvent(null, "{\"type\":\"content_block_stop\",\"index\":0}", out::add);
        translation.onStreamEvent("ping", "{\"type\":\"ping\"}", out::add);
        assertThat(out).hasSize(1);
    }

    @Test
    void contentBeforeMessageStartIsAnError() {
        assertThatThrownBy(() -> translation.onStreamEvent("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}", out::add))
                .isInstanceOf(TranslationException.class)
                .hasMessage("the upstream stream sent content before message_start");
    }

    @Test
    void anErrorEventWithoutDetailsStillFails() {
        assertThatThrownBy(() -> translation.onStreamEvent("error", "{\"type\":\"error\"}", out::add))
                .isInstanceOf(TranslationException.class).hasMessage("the upstream stream failed: unknown error");
    }

    @Test
    void trailingGarbageAfterAnEventIsMalformed() {
        assertThatThrownBy(() -> translation.onStreamEvent("message_start", START + " }", out::add))
                .isInstanceOf(TranslationException.class)
                .hasMessage("a stream event from the upstream (message_start) is not valid JSON");
    }

    @Test
    void finishWithoutAStreamEmitsNothing() {
        assertThat(translation.finish(out::add)).isNull();
        assertThat(out).isEmpty();
    }

    @Test
    void finishIsIdempotentAndUsesMessageStartUsageWhenNoDeltaCame() throws Exception {
        translation.onStreamEvent("message_start", START, out::add);
        TokenUsage usage = translation.finish(out::add);
        assertThat(usage).isEqualTo(new TokenUsage(3, 1, 0, 0, 0, false));
        assertThat(out).hasSize(3);
        assertThat(out.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(out.get(2).get("choices")).isEmpty();
        assertThat(translation.finish(out::add)).isEqualTo(usage);
        assertThat(out).hasSize(3);
    }

    @Test
    void thinkingBlocksAreSeparatedInReasoningContent() throws Exception {
        translation.onStreamEvent(null, START, out::add);
        for (int i = 0; i < 2; i++) {
            translation.onStreamEvent(null, "{\"type\":\"content_block_start\",\"index\":" + i
                    + ",\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}", out::add);
            translation.onStreamEvent(null, "{\"type\":\"content_block_delta\",\"index\":" + i
                    + ",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"t" + i + "\"}}", out::add);
            translation.onStreamEvent(null, "{\"type\":\"content_block_stop\",\"index\":" + i + "}", out::add);
        }
        List<String> reasoning = out.stream().map(c -> c.at("/choices/0/delta/reasoning_content"))
                .filter(n -> !n.isMissingNode()).map(n -> n.asText()).toList();
        assertThat(reasoning).containsExactly("t0", "\n\nt1");
        assertThat(out.get(out.size() - 1).at("/choices/0/delta/thinking_blocks/0/thinking").asText()).isEqualTo("t1");
    }
}
