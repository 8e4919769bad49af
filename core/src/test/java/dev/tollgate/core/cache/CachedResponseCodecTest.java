package dev.tollgate.core.cache;

import dev.tollgate.spi.TokenUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CachedResponseCodecTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamRoundTripsWithItsChunksAndUsage() {
        TokenUsage usage = new TokenUsage(10, 5, 2, 1, 3, false);
        CachedResponse entry = CachedResponse.streamed(200, "text/event-stream; charset=utf-8",
                List.of(b("data: 1\n\n"), b("data: 2\n\ndata: 3\n\n"), b("")), usage);
        CachedResponse back = CachedResponseCodec.decode(CachedResponseCodec.encode(entry));
        assertThat(back.streamed()).isTrue();
        assertThat(back.chunks()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.chunks().get(i)).isEqualTo(entry.chunks().get(i));
        }
        assertThat(back.usage()).isEqualTo(usage);
        assertThat(back.contentType()).isEqualTo(entry.contentType());
        assertThat(back.status()).isEqualTo(200);
    }

    @Test
    void aBufferedAnswerRoundTripsWithoutUsage() {
        CachedResponse entry = CachedResponse.buffered(200, "application/json", b("{\"id\":\"x\"}"), null);
        CachedResponse back = CachedResponseCodec.decode(CachedResponseCodec.encode(entry));
        assertThat(back.streamed()).isFalse();
        assertThat(back.body()).isEqualTo(entry.body());
        assertThat(back.usage()).isNull();
    }

    @Test
    void foreignOrTruncatedValuesReadAsNoEntry() {
        byte[] encoded = CachedResponseCodec.encode(CachedResponse.buffered(200, "application/json", b("{}"), null));
        assertThat(CachedResponseCodec.decode(Arrays.copyOf(encoded, encoded.length - 1))).isNull();
        assertThat(CachedResponseCodec.decode(b("hello"))).isNull();
        assertThat(CachedResponseCodec.decode(new byte[0])).isNull();
    }
}
