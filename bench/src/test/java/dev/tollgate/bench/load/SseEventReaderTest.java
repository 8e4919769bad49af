package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventReaderTest {

    @Test
    void joinsEventsSplitAcrossReadsAndSplitsReadsHoldingSeveral() {
        SseEventReader reader = new SseEventReader();
        List<String> events = new ArrayList<>();

        events.addAll(reader.feed(Buffer.buffer("data: {\"a\"")));
        events.addAll(reader.feed(Buffer.buffer(":1}\n\ndata: two\n\n: a comment\n\ndata: [DO")));
        events.addAll(reader.feed(Buffer.buffer("NE]\r\n\r\n")));

        assertThat(events).containsExactly("{\"a\":1}", "two", "[DONE]");
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        assertThat(new SseEventReader().feed(Buffer.buffer("event: x\ndata: a\ndata:b\n\n"))).containsExactly("a\nb");
    }
}
