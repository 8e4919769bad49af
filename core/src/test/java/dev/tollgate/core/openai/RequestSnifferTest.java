package dev.tollgate.core.openai;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSnifferTest {

    private static RequestFacts sniff(String json) throws MalformedRequestException {
        return new RequestSniffer().sniff(ByteView.of(Buffer.buffer(json)));
    }

    @Test
    void readsTheOutputLimitUnderEachOfItsNames() throws Exception {
        assertThat(sniff("{\"model\":\"m\",\"max_tokens\":300}").maxOutputTokens()).isEqualTo(300);
        assertThat(sniff("{\"max_completion_tokens\":42,\"model\":\"m\"}").maxOutputTokens()).isEqualTo(42);
        assertThat(sniff("{\"model\":\"m\",\"max_output_tokens\":7}").maxOutputTokens()).isEqualTo(7);
        // several: the largest bounds the reservation
        assertThat(sniff("{\"model\":\"m\",\"max_tokens\":5,\"max_completion_tokens\":9}").maxOutputTokens()).isEqualTo(9);
    }

    @Test
    void anAbsentOrOddLimitIsNoLimit() throws Exception {
        assertThat(sniff("{\"model\":\"m\"}").maxOutputTokens()).isEqualTo(-1);
        assertThat(sniff("{\"model\":\"m\",\"max_tokens\":null}").maxOutputTokens()).isEqualTo(-1);
        assertThat(sniff("{\"model\":\"m\",\"max_tokens\":1.5}").maxOutputTokens()).isEqualTo(-1);
        assertThat(sniff("{\"model\":\"m\",\"max_tokens\":99999999999999999999999}").maxOutputTokens()).isEqualTo(-1);
        // a nested max_tokens (e.g. in a tool's schema) is not the call's
        assertThat(sniff("{\"model\":\"m\",\"tools\":[{\"max_tokens\":3}]}").maxOutputTokens()).isEqualTo(-1);
    }
}
