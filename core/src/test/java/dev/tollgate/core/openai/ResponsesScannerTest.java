package dev.tollgate.core.openai;

import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesScannerTest {

    private static final String USAGE = "{\"input_tokens\":120,\"input_tokens_details\":{\"cached_tokens\":100,"
            + "\"cache_write_tokens\":7},\"output_tokens\":30,\"output_tokens_details\":{\"reasoning_tokens\":12},"
            + "\"total_tokens\":150}";

    @Test
    void readsEveryKindOfTokenFromAResponse() {
        Buffer response = Buffer.buffer("{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[{\"type\":\"message\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"\\\"usage\\\":{}\"}]}],\"usage\":" + USAGE
                + ",\"metadata\":{\"usage\":\"a tag\"}}");
        assertThat(ResponsesScanner.usage(response)).isEqualTo(new TokenUsage(120, 30, 100, 7, 12, false));
        assertThat(ResponsesScanner.usage(Buffer.buffer("{\"id\":\"resp_1\",\"usage\":null}"))).isNull();
        assertThat(ResponsesScanner.usage(Buffer.buffer("{\"id\":\"resp_1\",\"us"))).isNull();
    }

    @Test
    void aStreamsUsageIsTheOneItsFinalEventsResponseCarries() {
        ResponsesScanner.Event created = ResponsesScanner.event(Buffer.buffer(
                "{\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"usage\":null},\"sequence_number\":0}"));
        assertThat(created.usage()).isNull();
        assertThat(created.sequenceNumber()).isZero();
        ResponsesScanner.Event completed = ResponsesScanner.event(Buffer.buffer(
                "{\"response\":{\"id\":\"r\",\"tools\":[{\"parameters\":{\"properties\":{\"usage\":{}}}}],\"usage\":"
                        + USAGE + "},\"sequence_number\":41,\"type\":\"response.completed\"}"));
        assertThat(completed.type()).isEqualTo("response.completed");
        assertThat(completed.sequenceNumber()).isEqualTo(41);
        assertThat(completed.usage()).isEqualTo(new TokenUsage(120, 30, 100, 7, 12, false));
        assertThat(completed.textDelta()).isNull();
    }

    @Test
    void textDeltasAreKeptForAnEstimateAndOtherDeltasAreNot() {
        ResponsesScanner.Event text = ResponsesScanner.event(Buffer.buffer(
                "{\"delta\":\"hello \",\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"sequence_number\":4}"));
        assertThat(text.textDelta()).isEqualTo("hello ");
        assertThat(text.sequenceNumber()).isEqualTo(4);
        assertThat(ResponsesScanner.event(Buffer.buffer(
                "{\"type\":\"response.function_call_arguments.delta\",\"delta\":\"{\\\"city\\\"\"}")).textDelta())
                .isEqualTo("{\"city\"");
        assertThat(ResponsesScanner.event(Buffer.buffer(
                "{\"type\":\"response.audio.delta\",\"delta\":\"UklGRg==\"}")).textDelta()).isNull();
        assertThat(ResponsesScanner.event(Buffer.buffer("{\"type\":\"x\",\"delta\":{\"type\":\"y\"},\"sequence_number\":2}"))
                .sequenceNumber()).as("an object value is skipped whole").isEqualTo(2);
        assertThat(ResponsesScanner.event(Buffer.buffer("{\"type\":\"response.output_text.delta\",\"delta\":"))).isNull();
    }

    @Test
    void readsTheGeneratedTextOfAResponse() {
        StringBuilder text = new StringBuilder();
        ResponsesScanner.appendOutputText(Buffer.buffer("{\"output\":[{\"type\":\"reasoning\",\"summary\":[{\"type\":"
                + "\"summary_text\",\"text\":\"a\"}]},{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"b\"},{\"type\":\"refusal\",\"refusal\":\"c\"}]},{\"type\":\"function_call\","
                + "\"arguments\":\"{}\"}]}"), text);
        ResponsesScanner.appendOutputText(Buffer.buffer("{\"output\":[{\"type\":\"message\",\"content\":[{\"te"), text);
        assertThat(text).hasToString("abc{}");
    }
}
