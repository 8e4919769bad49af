package dev.tollgate.core.openai;

import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageScannerTest {

    @Test
    void readsEveryKindOfTokenFromAUsageChunk() {
        Buffer chunk = Buffer.buffer("{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,"
                + "\"total_tokens\":150,\"prompt_tokens_details\":{\"cached_tokens\":100,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":12}}}");
        assertThat(UsageScanner.mayCarryUsage(chunk)).isTrue();
        assertThat(UsageScanner.isUsageOnlyChunk(chunk)).isTrue();
        assertThat(UsageScanner.usage(chunk)).isEqualTo(new TokenUsage(120, 30, 100, 12, false));
    }

    @Test
    void contentChunksAreNotMistakenForUsage() {
        Buffer chunk = Buffer.buffer("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"the usage of words\"}}],\"usage\":null}");
        assertThat(UsageScanner.mayCarryUsage(chunk)).isFalse();
        StringBuilder text = new StringBuilder();
        UsageScanner.appendGeneratedText(chunk, text);
        assertThat(text).hasToString("the usage of words");
    }

    @Test
    void findsUsageOnlyWhereItIsAKeyWithAnObject() {
        assertThat(UsageScanner.mayCarryUsage(Buffer.buffer("{\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\":{\"}}],\"usage\":null}"))).isFalse();
        assertThat(UsageScanner.mayCarryUsage(Buffer.buffer("{\"usage\" : {\"prompt_tokens\":1}, \"choices\": [ ]}"))).isTrue();
        assertThat(UsageScanner.isUsageOnlyChunk(Buffer.buffer("{\"usage\" : {\"prompt_tokens\":1}, \"choices\": [ ]}"))).isTrue();
        assertThat(UsageScanner.isUsageOnlyChunk(Buffer.buffer("{\"choices\":[{\"delta\":{}}],\"usage\":{\"prompt_tokens\":1}}"))).isFalse();
        Buffer slice = Buffer.buffer("xxxx{\"usage\":{\"prompt_tokens\":5}}yyyy").slice(4, 33);
        assertThat(UsageScanner.usage(slice).promptTokens()).isEqualTo(5);
    }

    @Test
    void readsTheGeneratedTextOfEveryEndpointShape() {
        StringBuilder text = new StringBuilder();
        UsageScanner.appendGeneratedText(Buffer.buffer("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"a\"}}]}"), text);
        UsageScanner.appendGeneratedText(Buffer.buffer("{\"choices\":[{\"text\":\"b\",\"index\":0}]}"), text);
        UsageScanner.appendGeneratedText(Buffer.buffer("not json"), text);
        assertThat(text).hasToString("ab");
    }

    @Test
    void extractsDataFromAnSseEvent() {
        assertThat(SseEvents.data(Buffer.buffer("data: {\"a\":1}\n\n")).toString()).isEqualTo("{\"a\":1}");
        assertThat(SseEvents.data(Buffer.buffer("event: x\r\ndata:{\"a\":1}\r\n\r\n")).toString()).isEqualTo("{\"a\":1}");
        assertThat(SseEvents.data(Buffer.buffer(": comment\n\n"))).isNull();
        assertThat(SseEvents.isDone(SseEvents.data(Buffer.buffer("data: [DONE]\n\n")))).isTrue();
    }
}
