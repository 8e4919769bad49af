package dev.tollgate.core.pipeline;

import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesPassThroughTest {

    private static Buffer event(String type, String fields, int sequence) {
        return Buffer.buffer("event: " + type + "\ndata: {\"type\":\"" + type + "\"" + fields + ",\"sequence_number\":"
                + sequence + "}\n\n");
    }

    @Test
    void everyEventLeavesAsItCameAndTheFinalOneGivesTheUsage() {
        StringBuilder text = new StringBuilder();
        ResponsesPassThrough transform = new ResponsesPassThrough(text);
        Buffer created = event("response.created", ",\"response\":{\"id\":\"resp_1\",\"usage\":null}", 0);
        Buffer delta = event("response.output_text.delta", ",\"item_id\":\"msg_1\",\"delta\":\"hi \"", 1);
        Buffer completed = event("response.completed", ",\"response\":{\"id\":\"resp_1\",\"usage\":{\"input_tokens\":9,"
                + "\"input_tokens_details\":{\"cached_tokens\":4,\"cache_write_tokens\":0},\"output_tokens\":3,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":2},\"total_tokens\":12}}", 2);
        for (Buffer event : new Buffer[]{created, delta, completed}) {
            assertThat(transform.onEvent(event)).isSameAs(event);
        }
        assertThat(transform.onEnd(null)).isNull();
        assertThat(transform.usage()).isEqualTo(new TokenUsage(9, 3, 4, 0, 2, false));
        assertThat(text).hasToString("hi ");
    }

    @Test
    void aStreamCutShortHasNoUsageAndItsErrorEventKeepsCounting() {
        ResponsesPassThrough transform = new ResponsesPassThrough(new StringBuilder());
        transform.onEvent(event("response.created", ",\"response\":{\"id\":\"resp_1\"}", 0));
        transform.onEvent(event("response.output_text.delta", ",\"delta\":\"hi \"", 1));
        assertThat(transform.usage()).isNull();
        String error = transform.onError(GatewayError.timeout("too slow")).toString();
        assertThat(error).startsWith("event: error\ndata: {\"type\":\"error\"").endsWith("\"sequence_number\":2}\n\n")
                .contains("\"message\":\"too slow\"");
        Buffer partial = Buffer.buffer("data: {\"type\":\"resp");
        assertThat(transform.onEnd(partial)).as("same format: a dangling event goes as it came").isSameAs(partial);
    }
}
