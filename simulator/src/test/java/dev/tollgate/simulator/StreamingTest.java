package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.CHAT_PROMPT_TOKENS;
import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.Event;
import dev.tollgate.simulator.SimHttp.StreamResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingTest {

  private static Simulator sim;
  private static SimHttp http;

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static StreamResult ok(StreamResult result) {
    assertThat(result.failure()).isNull();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).startsWith("text/event-stream");
    return result;
  }

  @Test
  void chatStreamHasRoleChunkOneChunkPerTokenFinishChunkAndDone() {
    List<Event> events = ok(http.stream("/v1/chat/completions", chat("gpt-4o-mini", true, null))).events();

    assertThat(events).hasSize(1 + 16 + 1 + 1);
    assertThat(events.getLast().done()).isTrue();
    JsonNode role = events.get(0).json();
    String id = role.get("id").asText();
    assertThat(id).startsWith("chatcmpl-");
    assertThat(role.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(role.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(role.get("system_fingerprint").asText()).isEqualTo("fp_sim");
    assertThat(role.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(role.at("/choices/0/delta/content").asText()).isEmpty();
    assertThat(role.at("/choices/0/finish_reason").isNull()).isTrue();

    StringBuilder text = new StringBuilder();
    for (Event e : events.subList(1, 17)) {
      JsonNode chunk = e.json();
      assertThat(chunk.get("id").asText()).isEqualTo(id);
      assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
      assertThat(chunk.at("/choices/0/logprobs").isNull()).isTrue();
      String delta = chunk.at("/choices/0/delta/content").asText();
      assertThat(delta).matches("[a-z]+ ");
      text.append(delta);
    }
    JsonNode finish = events.get(17).json();
    assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(finish.has("usage")).isFalse();

    String nonStream = SimHttp.json(http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null)).body())
        .at("/choices/0/message/content").asText();
    assertThat(text.toString()).isEqualTo(nonStream);
  }

  @Test
  void usageChunkComesOnlyWhenAskedAndNotSuppressed() {
    List<Event> events = ok(http.stream("/v1/chat/completions",
        chat("gpt-4o-mini+chunks=3", true, "\"stream_options\":{\"include_usage\":true}"))).events();
    assertThat(events).hasSize(1 + 3 + 1 + 1 + 1);
    JsonNode usageChunk = events.get(5).json();
    assertThat(usageChunk.get("choices")).isEmpty();
    assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(CHAT_PROMPT_TOKENS);
    assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(3);
    assertThat(usageChunk.at("/usage/total_tokens").asInt()).isEqualTo(CHAT_PROMPT_TOKENS + 3);
    assertThat(events.getLast().done()).isTrue();

    List<Event> notAsked = ok(http.stream("/v1/chat/completions",
        chat("gpt-4o-mini+chunks=3", true, "\"stream_options\":{\"include_usage\":false}"))).events();
    assertThat(notAsked).hasSize(1 + 3 + 1 + 1);
    assertThat(notAsked).noneMatch(e -> !e.done() && e.json().has("usage"));

    List<Event> suppressed = ok(http.stream("/v1/chat/completions",
        chat("gpt-4o-mini+chunks=3+no_usage", true, "\"stream_options\":{\"include_usage\":true}"))).events();
    assertThat(suppressed).hasSize(1 + 3 + 1 + 1);
  }

  @Test
  void maxTokensEndsTheStreamWithLength() {
    List<Event> events = ok(http.stream("/v1/chat/completions",
        chat("gpt-4o-mini", true, "\"max_tokens\":3,\"stream_options\":{\"include_usage\":true}"))).events();
    assertThat(events).hasSize(1 + 3 + 1 + 1 + 1);
    assertThat(events.get(4).json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(events.get(5).json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void firstChunkWaitsTtftAndChunksArriveGapApart() {
    long ttft = 150;
    long gap = 60;
    StreamResult result = ok(http.stream("/v1/chat/completions",
        chat("gpt-4o-mini+chunks=5+ttft_ms=" + ttft + "+gap_ms=" + gap, true, null)));
    List<Event> events = result.events();
    assertThat(events).hasSize(1 + 5 + 1 + 1);

    long firstToken = TimeUnit.NANOSECONDS.toMillis(events.get(1).arrivedNanos() - result.sentNanos());
    assertThat(firstToken).isGreaterThanOrEqualTo((long) (0.8 * ttft));
    // Each chunk is scheduled a gap after the previous one left, so chunk i can never arrive before
    // ttft + (i-1) gaps; a late chunk (a busy machine) only pushes the later ones further out.
    for (int i = 2; i <= 5; i++) {
      long sinceSent = TimeUnit.NANOSECONDS.toMillis(events.get(i).arrivedNanos() - result.sentNanos());
      assertThat(sinceSent).as("arrival of content chunk %d", i).isGreaterThanOrEqualTo((long) (0.8 * (ttft + (i - 1) * gap)));
    }
    long total = TimeUnit.NANOSECONDS.toMillis(events.getLast().arrivedNanos() - result.sentNanos());
    assertThat(total).isLessThan(ttft + 4 * gap + 1000);
  }

  @Test
  void legacyCompletionStreamHasTextChunksAndOptionalUsage() {
    String body = "{\"model\":\"gpt-4o-mini+chunks=4\",\"prompt\":\"Once upon a time\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}}";
    List<Event> events = ok(http.stream("/v1/completions", body)).events();
    assertThat(events).hasSize(4 + 1 + 1 + 1);
    for (Event e : events.subList(0, 4)) {
      JsonNode chunk = e.json();
      assertThat(chunk.get("object").asText()).isEqualTo("text_completion");
      assertThat(chunk.at("/choices/0/text").asText()).matches("[a-z]+ ");
      assertThat(chunk.at("/choices/0/index").asInt()).isZero();
      assertThat(chunk.at("/choices/0/logprobs").isNull()).isTrue();
      assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
    }
    assertThat(events.get(4).json().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = events.get(5).json();
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(events.getLast().done()).isTrue();
  }

  @Test
  void longStreamWithoutGapIsComplete() {
    List<Event> events = ok(http.stream("/v1/chat/completions", chat("gpt-4o-mini+chunks=5000", true, null))).events();
    assertThat(events).hasSize(1 + 5000 + 1 + 1);
    assertThat(events.getLast().done()).isTrue();
  }
}
