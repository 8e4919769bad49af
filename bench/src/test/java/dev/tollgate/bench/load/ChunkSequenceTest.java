package dev.tollgate.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkSequenceTest {

    private static String content(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}";
    }

    private static final String OPENING = "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";
    private static final String FINISH = "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    private static final String USAGE = "{\"choices\":[],\"usage\":{\"total_tokens\":3}}";

    private static ChunkSequence of(String... events) {
        ChunkSequence s = new ChunkSequence();
        for (String e : events) {
            s.accept(e);
        }
        return s;
    }

    @Test
    void countsOnlyNonEmptyContentAndIgnoresUsageChunks() {
        ChunkSequence s = new ChunkSequence();
        assertThat(s.accept(OPENING)).isFalse();
        assertThat(s.accept(content("a "))).isTrue();
        assertThat(s.accept(FINISH)).isFalse();
        assertThat(s.accept(USAGE)).isFalse();
        assertThat(s.accept("[DONE]")).isFalse();
        assertThat(s.contentChunks()).isEqualTo(1);
    }

    @Test
    void aStreamWithTheSameChunksInOrderIsFaithfulWithOrWithoutAUsageChunk() {
        ChunkSequence reference = of(OPENING, content("a "), content("b "), FINISH, "[DONE]");

        assertThat(of(OPENING, content("a "), content("b "), FINISH, USAGE, "[DONE]").differenceFrom(reference)).isNull();
    }

    @Test
    void namesWhatDiffers() {
        ChunkSequence reference = of(content("a "), content("b "), FINISH, "[DONE]");

        assertThat(of(content("b "), content("a "), FINISH, "[DONE]").differenceFrom(reference))
                .startsWith("content chunk 1 is 'b '");
        assertThat(of(content("a "), content("a "), content("b "), FINISH, "[DONE]").differenceFrom(reference))
                .isEqualTo("3 content chunks instead of 2");
        assertThat(of(content("a "), content("b "), FINISH).differenceFrom(reference)).isEqualTo("[DONE] seen 0 times");
        assertThat(of(content("a "), content("b "), FINISH, "[DONE]", content("c ")).differenceFrom(reference))
                .isEqualTo("1 event(s) after [DONE]");
        assertThat(of(content("a "), "{\"choices\":[{\"delta\":", content("b "), FINISH, "[DONE]").differenceFrom(reference))
                .isEqualTo("1 malformed event(s)");
        assertThat(of(content("a "), FINISH, content("b "), "[DONE]").differenceFrom(reference))
                .isEqualTo("finish chunk seen 1 times, content after it");
    }
}
