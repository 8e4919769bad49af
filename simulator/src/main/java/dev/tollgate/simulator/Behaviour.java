package dev.tollgate.simulator;

import dev.tollgate.simulator.core.Directives;
import java.util.Map;

/**
 * Every tunable of the simulator: latency, stream shape, faults and usage details.
 *
 * <p>A value is chosen per request by overlaying, field by field, the current defaults, then the
 * directives carried by the model name, then {@code x-sim-*} headers. The snake_case directive
 * name of each field is given in brackets; see {@link Directives} and the package documentation.
 *
 * @param ttftMs          [ttft_ms] delay before the first byte of the response (also before errors)
 * @param gapMs           [gap_ms] delay between consecutive content chunks of a stream
 * @param chunks          [chunks] content chunks of a stream = completion tokens = words of the reply
 * @param status          [status] force this HTTP error status (0 = answer normally)
 * @param retryAfter      [retry_after] seconds sent as {@code Retry-After} with a forced 429/503 (0 = no header)
 * @param hang            [hang] accept the request and never answer
 * @param resetAfter      [reset_after] abort the TCP connection after this many content chunks (-1 = never)
 * @param malformedAt     [malformed_at] content chunk number (1-based) sent as invalid JSON (-1 = never)
 * @param noUsage         [no_usage] never report usage, even when asked
 * @param cachedTokens    [cached_tokens] prompt tokens read from a cache: OpenAI
 *                        {@code prompt_tokens_details.cached_tokens}, Anthropic
 *                        {@code cache_read_input_tokens}, Gemini {@code cachedContentTokenCount}
 * @param cacheWriteTokens [cache_write_tokens] prompt tokens written to a cache: Anthropic
 *                        {@code cache_creation_input_tokens} (other formats have no such count)
 * @param reasoningTokens [reasoning_tokens] reported as OpenAI's {@code completion_tokens_details.reasoning_tokens}
 * @param toolCall        [tool_call] answer with a call of this declared tool ({@code ""}: the forced or
 *                        first declared one) when the request declares tools; {@code null} = only when
 *                        the request forces a tool (every format)
 * @param errorMessage    [error_message] message of a forced error, or {@code null} for a stock one
 * @param failRate        [fail_rate] fraction of requests answered with a 500 (0..1)
 * @param throttleRate    [throttle_rate] fraction of requests answered with a 429 whose {@code Retry-After}
 *                        is {@code retry_after}, or 1 second when that is 0 (0..1)
 * @param resetRate       [reset_rate] fraction of requests whose connection is reset: a stream after a
 *                        random number of content chunks, any other request before its answer (0..1)
 * @param seed            [seed] makes the draws behind the three rates a reproducible sequence;
 *                        {@code null} = unpredictable
 * @param reply           [reply] the reply text instead of words drawn from the vocabulary, one content chunk
 *                        per space-separated word ({@code null} = drawn words)
 * @param echo            [echo] reply with the text of the request's last message (chat, Responses)
 */
public record Behaviour(
    long ttftMs,
    long gapMs,
    int chunks,
    int status,
    int retryAfter,
    boolean hang,
    int resetAfter,
    int malformedAt,
    boolean noUsage,
    int cachedTokens,
    int cacheWriteTokens,
    int reasoningTokens,
    String toolCall,
    String errorMessage,
    double failRate,
    double throttleRate,
    double resetRate,
    Long seed,
    String reply,
    boolean echo) {

  private static final Behaviour DEFAULTS =
      new Behaviour(0, 0, 16, 0, 0, false, -1, -1, false, 0, 0, 0, null, null, 0, 0, 0, null, null, false);

  /** Validates eagerly so that a bad directive is reported once, as a 400, not mid-stream. */
  public Behaviour {
    require(ttftMs >= 0, "ttft_ms must be >= 0");
    require(gapMs >= 0, "gap_ms must be >= 0");
    require(chunks >= 0, "chunks must be >= 0");
    require(status == 0 || (status >= 400 && status <= 599), "status must be 0 or 400..599");
    require(retryAfter >= 0, "retry_after must be >= 0");
    require(resetAfter >= -1, "reset_after must be -1 (never) or >= 0");
    require(malformedAt == -1 || malformedAt >= 1, "malformed_at must be -1 (never) or >= 1");
    require(cachedTokens >= 0, "cached_tokens must be >= 0");
    require(cacheWriteTokens >= 0, "cache_write_tokens must be >= 0");
    require(reasoningTokens >= 0, "reasoning_tokens must be >= 0");
    requireRate(failRate, "fail_rate");
    requireRate(throttleRate, "throttle_rate");
    requireRate(resetRate, "reset_rate");
  }

  /** A healthy, instant provider that streams 16 chunks. */
  public static Behaviour defaults() {
    return DEFAULTS;
  }

  /** Whether any request could be drawn for a fault, i.e. whether a random draw is needed at all. */
  public boolean hasFaultRates() {
    return failRate > 0 || throttleRate > 0 || resetRate > 0;
  }

  /**
   * Overlays one directive given by its snake_case (or kebab-case) name and textual value, as it
   * would appear in a model name, a header or the control endpoint.
   *
   * @throws dev.tollgate.simulator.core.DirectiveException for an unknown name or a bad value
   */
  public Behaviour with(String name, String value) {
    return Directives.compile(name, value).apply(this);
  }

  /** Overlays several directives in iteration order; see {@link #with(String, String)}. */
  public Behaviour overlay(Map<String, String> directives) {
    Behaviour result = this;
    for (Map.Entry<String, String> e : directives.entrySet()) {
      result = result.with(e.getKey(), e.getValue());
    }
    return result;
  }

  public Behaviour withTtftMs(long v) {
    return new Behaviour(v, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withGapMs(long v) {
    return new Behaviour(ttftMs, v, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withChunks(int v) {
    return new Behaviour(ttftMs, gapMs, v, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withStatus(int v) {
    return new Behaviour(ttftMs, gapMs, chunks, v, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withRetryAfter(int v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, v, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withHang(boolean v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, v, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withResetAfter(int v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, v, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withMalformedAt(int v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, v, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withNoUsage(boolean v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, v, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withCachedTokens(int v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, v, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withCacheWriteTokens(int v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, v, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withReasoningTokens(int v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, v, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withToolCall(String v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, v, errorMessage, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withErrorMessage(String v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, v, failRate, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withFailRate(double v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, v, throttleRate, resetRate, seed, reply, echo);
  }

  public Behaviour withThrottleRate(double v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, v, resetRate, seed, reply, echo);
  }

  public Behaviour withResetRate(double v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, v, seed, reply, echo);
  }

  public Behaviour withSeed(Long v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, v, reply, echo);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requireRate(double rate, String name) {
    // Written so that NaN fails too.
    require(rate >= 0 && rate <= 1, name + " must be a fraction between 0 and 1, e.g. 0.2");
  }

  public Behaviour withReply(String v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, v, echo);
  }

  public Behaviour withEcho(boolean v) {
    return new Behaviour(ttftMs, gapMs, chunks, status, retryAfter, hang, resetAfter, malformedAt, noUsage, cachedTokens, cacheWriteTokens, reasoningTokens, toolCall, errorMessage, failRate, throttleRate, resetRate, seed, reply, v);
  }

  /** With {@code echo}, the behaviour whose reply is the last of the request's message texts; else this one. */
  public Behaviour echoing(java.util.List<String> messageTexts) {
    return echo && !messageTexts.isEmpty() ? withReply(messageTexts.get(messageTexts.size() - 1)) : this;
  }
}
