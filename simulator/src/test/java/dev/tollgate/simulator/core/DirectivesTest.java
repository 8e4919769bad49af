package dev.tollgate.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.simulator.Behaviour;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectivesTest {

  private final ModelDirectives models = new ModelDirectives();

  @Test
  void modelStringSplitsIntoEchoedModelAndOverlay() {
    ModelDirectives.Parsed parsed = models.parse("gpt-4o-mini+status=429+retry_after=2+hang+no_usage=false");
    assertThat(parsed.model()).isEqualTo("gpt-4o-mini");
    Behaviour b = parsed.overlay().apply(Behaviour.defaults().withNoUsage(true));
    assertThat(b.status()).isEqualTo(429);
    assertThat(b.retryAfter()).isEqualTo(2);
    assertThat(b.hang()).isTrue();
    assertThat(b.noUsage()).isFalse();
    assertThat(b.chunks()).isEqualTo(16);
  }

  @Test
  void plainModelsAreUntouchedAndLaterDirectivesWin() {
    assertThat(models.parse("gpt-4o").model()).isEqualTo("gpt-4o");
    assertThat(models.parse("m+chunks=3+chunks=7").overlay().apply(Behaviour.defaults()).chunks()).isEqualTo(7);
    assertThat(models.parse("m++ttft_ms=5+").overlay().apply(Behaviour.defaults()).ttftMs()).isEqualTo(5);
  }

  @Test
  void valuesMayBePercentEncoded() {
    assertThat(models.parse("m+error_message=quota%20exceeded%21").overlay().apply(Behaviour.defaults()).errorMessage())
        .isEqualTo("quota exceeded!");
  }

  @Test
  void parsedStringsAreCachedFailuresIncludedAndTheCacheIsBounded() {
    ModelDirectives.Parsed first = models.parse("m+chunks=2");
    assertThat(models.parse("m+chunks=2")).isSameAs(first);
    assertThatThrownBy(() -> models.parse("m+nope")).isInstanceOf(DirectiveException.class);
    assertThatThrownBy(() -> models.parse("m+nope")).isInstanceOf(DirectiveException.class)
        .extracting(e -> ((DirectiveException) e).directive()).isEqualTo("nope");
    for (int i = 0; i < ModelDirectives.MAX_ENTRIES * 2; i++) {
      models.parse("m+chunks=" + i);
    }
    assertThat(models.cachedEntries()).isLessThanOrEqualTo(ModelDirectives.MAX_ENTRIES);
  }

  @Test
  void invalidNamesAndValuesAreRejected() {
    assertThatThrownBy(() -> Directives.compile("explode", "1")).isInstanceOf(DirectiveException.class).hasMessageContaining("'explode'");
    assertThatThrownBy(() -> Directives.compile("chunks", "many")).hasMessageContaining("integer");
    assertThatThrownBy(() -> Directives.compile("chunks", "")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Directives.compile("chunks", "-1")).hasMessageContaining("chunks must be >= 0");
    assertThatThrownBy(() -> Directives.compile("status", "200")).hasMessageContaining("400..599");
    assertThatThrownBy(() -> Directives.compile("hang", "maybe")).hasMessageContaining("true or false");
    assertThatThrownBy(() -> Directives.compile("malformed_at", "0")).isInstanceOf(DirectiveException.class);
  }

  @Test
  void namesAreCaseAndDashInsensitive() {
    assertThat(Directives.compile("Retry-After", "4").apply(Behaviour.defaults()).retryAfter()).isEqualTo(4);
    assertThat(Directives.compile("NO-USAGE", "").apply(Behaviour.defaults()).noUsage()).isTrue();
  }

  @Test
  void describeListsEveryDirectiveAndOverlayRoundTrips() {
    Behaviour b = Behaviour.defaults().withGapMs(9).withErrorMessage("x").withResetAfter(2);
    Map<String, Object> described = Directives.describe(b);
    assertThat(described.keySet()).containsExactlyElementsOf(Directives.names());
    Map<String, String> asText = new LinkedHashMap<>();
    described.forEach((k, v) -> asText.put(k, v == null ? null : String.valueOf(v))); // null clears a string
    assertThat(Behaviour.defaults().overlay(asText)).isEqualTo(b);
  }

  @Test
  void toolCallIsAStringWhoseEmptyValueMeansTheFirstToolAndCacheWriteTokensAnInt() {
    assertThat(new ModelDirectives().parse("m+tool_call").overlay().apply(Behaviour.defaults()).toolCall()).isEmpty();
    assertThat(Directives.compile("tool-call", "get_weather").apply(Behaviour.defaults()).toolCall()).isEqualTo("get_weather");
    assertThat(Behaviour.defaults().withToolCall("x").with("tool_call", null).toolCall()).isNull();
    assertThat(Directives.compile("cache_write_tokens", "7").apply(Behaviour.defaults()).cacheWriteTokens()).isEqualTo(7);
    assertThatThrownBy(() -> Directives.compile("cache_write_tokens", "-1")).hasMessageContaining("cache_write_tokens must be >= 0");
  }

  @Test
  void errorMessageCanBeCleared() {
    assertThat(Behaviour.defaults().withErrorMessage("x").with("error_message", null).errorMessage()).isNull();
    assertThatThrownBy(() -> Behaviour.defaults().with("chunks", null)).isInstanceOf(DirectiveException.class);
  }

  @Test
  void ratesAreFractionsFromZeroToOne() {
    Behaviour b = models.parse("m+fail_rate=0.2+throttle-rate=1+reset_rate=0").overlay().apply(Behaviour.defaults());
    assertThat(b.failRate()).isEqualTo(0.2);
    assertThat(b.throttleRate()).isEqualTo(1.0);
    assertThat(b.resetRate()).isZero();
    assertThat(Directives.compile("fail_rate", ".5").apply(Behaviour.defaults()).failRate()).isEqualTo(0.5);
    assertThatThrownBy(() -> Directives.compile("fail_rate", "1.5")).isInstanceOf(DirectiveException.class)
        .hasMessageContaining("'fail_rate'").hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> Directives.compile("throttle_rate", "-0.1")).hasMessageContaining("throttle_rate must be a fraction between 0 and 1");
    assertThatThrownBy(() -> Directives.compile("reset_rate", "abc")).isInstanceOf(DirectiveException.class)
        .hasMessageContaining("needs a number between 0 and 1").hasMessageContaining("'abc'");
    for (String notPlain : new String[] {"NaN", "Infinity", "0x1p-2", "0.5d", ""}) {
      assertThatThrownBy(() -> Directives.compile("fail_rate", notPlain)).as(notPlain).isInstanceOf(DirectiveException.class);
    }
  }

  @Test
  void seedIsAnOptionalLongThatNullClears() {
    assertThat(Behaviour.defaults().seed()).isNull();
    assertThat(Directives.compile("seed", "-42").apply(Behaviour.defaults()).seed()).isEqualTo(-42L);
    assertThat(Behaviour.defaults().withSeed(7L).with("seed", null).seed()).isNull();
    assertThatThrownBy(() -> Directives.compile("seed", "abc")).hasMessageContaining("integer");
    assertThatThrownBy(() -> Directives.compile("seed", "")).hasMessageContaining("needs a value");
  }

  @Test
  void ratesAndSeedRoundTripThroughDescribe() {
    Behaviour b = Behaviour.defaults().withFailRate(0.25).withThrottleRate(0.125).withResetRate(1).withSeed(99L);
    Map<String, String> asText = new LinkedHashMap<>();
    Directives.describe(b).forEach((k, v) -> asText.put(k, v == null ? null : String.valueOf(v)));
    assertThat(Behaviour.defaults().overlay(asText)).isEqualTo(b);
  }
}
