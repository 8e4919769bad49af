package dev.tollgate.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.simulator.Behaviour;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCountingTest {

  @Test
  void wordsAreRunsOfNonWhitespace() {
    assertThat(TokenCounting.words(null)).isZero();
    assertThat(TokenCounting.words("")).isZero();
    assertThat(TokenCounting.words("   \n\t ")).isZero();
    assertThat(TokenCounting.words("hello")).isEqualTo(1);
    assertThat(TokenCounting.words("  hello,   world!\n new\tline ")).isEqualTo(4);
  }

  @Test
  void chatPromptAddsThreePerMessageAndThreeForTheReply() {
    assertThat(TokenCounting.chatPromptTokens("You are terse", "Say hello")).isEqualTo(14);
    assertThat(TokenCounting.chatPromptTokens(Arrays.asList("one", null))).isEqualTo((1 + 3) + (0 + 3) + 3);
    assertThat(TokenCounting.chatPromptTokens(List.of())).isEqualTo(3);
  }

  @Test
  void completionIsChunksCappedByMaxTokens() {
    assertThat(TokenCounting.completionTokens(16, TokenCounting.NO_LIMIT)).isEqualTo(16);
    assertThat(TokenCounting.completionTokens(16, 5)).isEqualTo(5);
    Generation capped = Generation.plan("m", 10, 1L, 5, Behaviour.defaults());
    assertThat(capped.truncated()).isTrue();
    assertThat(capped.totalTokens()).isEqualTo(15);
    Generation exact = Generation.plan("m", 10, 1L, 16, Behaviour.defaults());
    assertThat(exact.truncated()).isFalse();
  }

  @Test
  void replyTextIsDeterministicAndMatchesItsDeltas() {
    long seed = ReplyText.seed(List.of("a prompt"));
    assertThat(ReplyText.seed(List.of("a prompt"))).isEqualTo(seed);
    assertThat(ReplyText.seed(List.of("a", " prompt"))).isNotEqualTo(seed);
    String text = ReplyText.text(seed, 10);
    assertThat(TokenCounting.words(text)).isEqualTo(10);
    StringBuilder deltas = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      deltas.append(new String(ReplyText.deltaBytes(seed, i), java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(ReplyText.vocabulary()).contains(ReplyText.word(seed, i));
    }
    assertThat(deltas.toString()).isEqualTo(text);
    assertThat(ReplyText.vocabulary()).hasSize(64).doesNotHaveDuplicates();
  }

  @Test
  void embeddingVectorsAreUnitLengthAndRoundTripThroughBase64() {
    float[] v = EmbeddingVectors.unit("hello", 1536);
    double sum = 0;
    for (float f : v) {
      sum += (double) f * f;
    }
    assertThat(Math.sqrt(sum)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(EmbeddingVectors.unit("hello", 1536)).isEqualTo(v);
    assertThat(EmbeddingVectors.decodeBase64(EmbeddingVectors.base64(v))).isEqualTo(v);
  }
}
