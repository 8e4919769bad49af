package dev.tollgate.core.pipeline;

import dev.tollgate.core.config.ConfigLoader;
import dev.tollgate.core.dialect.openai.OpenAiDialect;
import dev.tollgate.spi.Endpoint;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Placeholders put back into a stream's deltas, including one split across two deltas. */
class StreamGuardTest {

    @Test
    void aPlaceholderSplitAcrossDeltasIsHeldBackAndRestoredWhole() throws Exception {
        StreamGuard guard = guard(Map.of("[EMAIL_1]", "a@b.io"));
        List<String> out = new ArrayList<>();
        for (String piece : List.of("write to [EMA", "IL_1] now", " and [", "x] too")) {
            Buffer b = guard.onEvent(delta(piece));
            if (b != null) {
                out.add(b.toString(StandardCharsets.UTF_8));
            }
        }
        Buffer end = guard.onEnd(null);
        assertThat(end).isNull();
        assertThat(String.join("", out)).isEqualTo(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"write to a@b.io now\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" and [x] too\"}}]}\n\n");
    }

    @Test
    void aHeldDeltaThatNeverCompletesGoesOutAsLiteralTextBeforeTheNextEvent() throws Exception {
        StreamGuard guard = guard(Map.of("[EMAIL_1]", "a@b.io"));
        assertThat(guard.onEvent(delta("see [EM"))).isNull();
        Buffer done = guard.onEvent(Buffer.buffer("data: [DONE]\n\n"));
        assertThat(done.toString(StandardCharsets.UTF_8)).isEqualTo(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"see [EM\"}}]}\n\ndata: [DONE]\n\n");
    }

    private static StreamGuard guard(Map<String, String> restore) {
        var config = new ConfigLoader(k -> null, Map.of()).parse("{}", "test");
        Exchange ex = new Exchange("req_1", Endpoint.CHAT_COMPLETIONS, System.nanoTime(), Instant.now(),
                ActiveConfig.of(config), OpenAiDialect.INSTANCE);
        ex.guard = new GuardedCall(List.of());
        ex.guard.restore.putAll(restore);
        StringBuilder generated = new StringBuilder();
        return new StreamGuard(ex, generated, e -> { }, new OpenAiPassThrough(true, generated), null);
    }

    private static Buffer delta(String text) {
        return Buffer.buffer("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + text + "\"}}]}\n\n");
    }
}
