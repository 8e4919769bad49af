package dev.tollgate.simulator.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeminiPathTest {

  @Test
  void splitsModelAndMethodAtTheLastColon() {
    assertThat(GeminiPath.parse("/v1beta/models/gemini-2.5-flash:generateContent"))
        .isEqualTo(new GeminiPath("gemini-2.5-flash", "generateContent"));
    assertThat(GeminiPath.parse("/v1/models/gemini-2.5-flash+status=429:streamGenerateContent"))
        .isEqualTo(new GeminiPath("gemini-2.5-flash+status=429", "streamGenerateContent"));
    assertThat(GeminiPath.parse("/v1beta/models/m+error_message=a:b:countTokens"))
        .isEqualTo(new GeminiPath("m+error_message=a:b", "countTokens"));
    assertThat(GeminiPath.parse("/v1beta/tunedModels/my-tuned+chunks=1:generateContent"))
        .isEqualTo(new GeminiPath("my-tuned+chunks=1", "generateContent"));
  }

  @Test
  void decodesPercentEscapesButKeepsPlus() {
    assertThat(GeminiPath.parse("/v1beta/models/gemini%2Bchunks%3D3%3AgenerateContent"))
        .isEqualTo(new GeminiPath("gemini+chunks=3", "generateContent"));
    assertThat(GeminiPath.decode("a+b%20c%zz%4")).isEqualTo("a+b c%zz%4");
    assertThat(GeminiPath.decode("caf%C3%A9")).isEqualTo("café");
  }

  @Test
  void rejectsWhatIsNotAModelMethod() {
    assertThat(GeminiPath.parse("/v1beta/models")).isNull();
    assertThat(GeminiPath.parse("/v1beta/models/gemini-2.5-flash")).isNull();
    assertThat(GeminiPath.parse("/v1beta/models/:generateContent")).isNull();
    assertThat(GeminiPath.parse("/v1beta/models/gemini:")).isNull();
    assertThat(GeminiPath.parse("/v1beta/models/a/b:generateContent")).isNull();
    assertThat(GeminiPath.parse("/v1/chat/completions")).isNull();
    assertThat(GeminiPath.parse("/v1/messages:generateContent")).isNull();
  }
}
