package dev.tollgate.core.openai;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventSplitterTest {

    @Test
    void emitsEachEventAsSoonAsItIsCompleteWhateverTheChunking() {
        String stream = "data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n";
        for (int cut = 1; cut < stream.length(); cut++) {
            SseEventSplitter splitter = new SseEventSplitter();
            List<String> events = new ArrayList<>();
            splitter.feed(Buffer.buffer(stream.substring(0, cut)), e -> events.add(e.toString()));
            int afterFirst = events.size();
            splitter.feed(Buffer.buffer(stream.substring(cut)), e -> events.add(e.toString()));
            assertThat(String.join("", events)).isEqualTo(stream);
            assertThat(events).hasSize(4);
            // an event complete within the first piece was emitted by the first feed, not held back
            assertThat(afterFirst).isEqualTo(countCompleteEvents(stream.substring(0, cut)));
            assertThat(splitter.pendingBytes()).isZero();
        }
    }

    @Test
    void keepsAnUnfinishedTailForTheNextChunk() {
        SseEventSplitter splitter = new SseEventSplitter();
        List<String> events = new ArrayList<>();
        splitter.feed(Buffer.buffer("data: {\"a\":1}\n\ndata: {\"b\""), e -> events.add(e.toString()));
        assertThat(events).containsExactly("data: {\"a\":1}\n\n");
        assertThat(splitter.drainPending().toString()).isEqualTo("data: {\"b\"");
    }

    private static int countCompleteEvents(String s) {
        int n = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            if (s.charAt(i) == '\n' && (s.charAt(i + 1) == '\n'
                    || (s.charAt(i + 1) == '\r' && i + 2 < s.length() && s.charAt(i + 2) == '\n'))) {
                n++;
            }
        }
        return n;
    }
}
