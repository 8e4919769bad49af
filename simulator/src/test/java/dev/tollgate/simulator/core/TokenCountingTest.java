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
  void aSeparateSystemPromptCountsAsOneMoreMessage() {
    assertThat(TokenCounting.promptTokens("You are terse", List.of("Say hello"))).isEqualTo(14);
    assertThat(TokenCounting.promptTokens(null, List.of("Say hello"))).isEqualTo(2 + 3 + 3);
    assertThat(TokenCounting.promptTokens("", List.of("Say hello"))).isEqualTo(0 + 3 + 2 + 3 + 3);
  }

  @Test
  void thinkingComesFirstAndCountsAgainstMaxTokens() {
    assertThat(TokenCounting.replyTokens(16, TokenCounting.NO_LIMIT, false)).isEqualTo(16);
    assertThat(TokenCounting.replyTokens(16, TokenCounting.NO_LIMIT, true)).isEqualTo(16 + TokenCounting.THINKING_WORDS);
    assertThat(TokenCounting.replyTokens(16, 10, true)).isEqualTo(10);
    assertThat(TokenCounting.replyTokens(16, 5, true)).isEqualTo(5);

    Generation thinking = Generation.plan("m", 10, 1L, 10, Behaviour.defaults(), true, null);
    assertThat(thinking.thinkingWords()).isEqualTo(TokenCounting.THINKING_WORDS);
    assertThat(thinking.completionTokens()).isEqualTo(10 - TokenCounting.THINKING_WORDS);
    assertThat(thinking.truncated()).isTrue();
    assertThat(thinking.outputTokens()).isEqualTo(10);
    assertThat(TokenCounting.words(thinking.thinkingText())).isEqualTo(TokenCounting.THINKING_WORDS);
    assertThat(thinking.thinkingText()).isNotEqualTo(ReplyText.text(1L, TokenCounting.THINKING_WORDS));
    assertThat(thinking.thinkingSignature()).isEqualTo(Generation.plan("m", 1, 1L, 99, Behaviour.defaults(), true, null).thinkingSignature());
  }

  @Test
  void aToolCallReplacesTheTextAndIsNotCapped() {
    ToolCall call = ToolCall.synthesize("f", null, 1L);
    Generation gen = Generation.plan("m", 10, 1L, 1, Behaviour.defaults(), true, call);
    assertThat(gen.completionTokens()).isZero();
    assertThat(gen.truncated()).isFalse();
    assertThat(gen.outputTokens()).isEqualTo(1 + call.tokens());
    assertThat(gen.totalTokens()).isEqualTo(10 + 1 + call.tokens());
  }

  @Test
  void anthropicInputExcludesTheCachedParts() {
    assertThat(TokenCounting.anthropicInputTokens(14, 4, 3)).isEqualTo(7);
    assertThat(TokenCounting.anthropicInputTokens(14, 20, 0)).isZero();
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
