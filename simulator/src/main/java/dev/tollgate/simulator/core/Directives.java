package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The single table mapping directive names to {@link Behaviour} fields, shared by the three ways
 * of choosing a behaviour (control endpoint, model-name suffix, {@code x-sim-*} headers) so that
 * they accept exactly the same names and values.
 *
 * <p>Names are snake_case; kebab-case is accepted too because header names conventionally use
 * dashes ({@code x-sim-retry-after}). Integer fields take decimal values, rates decimal fractions
 * ({@code 0.25}); boolean fields take {@code true/false/1/0/yes/no/on/off} or no value at all, which
 * means {@code true} ({@code gpt-4o-mini+hang}).
 */
public final class Directives {

  private enum Type { INT, LONG, OPTIONAL_LONG, FRACTION, BOOLEAN, STRING }

  private enum Field {
    TTFT_MS("ttft_ms", Type.LONG, Behaviour::ttftMs, (b, v) -> b.withTtftMs((Long) v)),
    GAP_MS("gap_ms", Type.LONG, Behaviour::gapMs, (b, v) -> b.withGapMs((Long) v)),
    CHUNKS("chunks", Type.INT, Behaviour::chunks, (b, v) -> b.withChunks((Integer) v)),
    STATUS("status", Type.INT, Behaviour::status, (b, v) -> b.withStatus((Integer) v)),
    RETRY_AFTER("retry_after", Type.INT, Behaviour::retryAfter, (b, v) -> b.withRetryAfter((Integer) v)),
    HANG("hang", Type.BOOLEAN, Behaviour::hang, (b, v) -> b.withHang((Boolean) v)),
    RESET_AFTER("reset_after", Type.INT, Behaviour::resetAfter, (b, v) -> b.withResetAfter((Integer) v)),
    MALFORMED_AT("malformed_at", Type.INT, Behaviour::malformedAt, (b, v) -> b.withMalformedAt((Integer) v)),
    NO_USAGE("no_usage", Type.BOOLEAN, Behaviour::noUsage, (b, v) -> b.withNoUsage((Boolean) v)),
    CACHED_TOKENS("cached_tokens", Type.INT, Behaviour::cachedTokens, (b, v) -> b.withCachedTokens((Integer) v)),
    CACHE_WRITE_TOKENS("cache_write_tokens", Type.INT, Behaviour::cacheWriteTokens, (b, v) -> b.withCacheWriteTokens((Integer) v)),
    REASONING_TOKENS("reasoning_tokens", Type.INT, Behaviour::reasoningTokens, (b, v) -> b.withReasoningTokens((Integer) v)),
    TOOL_CALL("tool_call", Type.STRING, Behaviour::toolCall, (b, v) -> b.withToolCall((String) v)),
    ERROR_MESSAGE("error_message", Type.STRING, Behaviour::errorMessage, (b, v) -> b.withErrorMessage((String) v)),
    FAIL_RATE("fail_rate", Type.FRACTION, Behaviour::failRate, (b, v) -> b.withFailRate((Double) v)),
    THROTTLE_RATE("throttle_rate", Type.FRACTION, Behaviour::throttleRate, (b, v) -> b.withThrottleRate((Double) v)),
    RESET_RATE("reset_rate", Type.FRACTION, Behaviour::resetRate, (b, v) -> b.withResetRate((Double) v)),
    SEED("seed", Type.OPTIONAL_LONG, Behaviour::seed, (b, v) -> b.withSeed((Long) v)),
    REPLY("reply", Type.STRING, Behaviour::reply, (b, v) -> b.withReply((String) v)),
    ECHO("echo", Type.BOOLEAN, Behaviour::echo, (b, v) -> b.withEcho((Boolean) v));

    final String key;
    final Type type;
    final Function<Behaviour, Object> getter;
    final BiFunction<Behaviour, Object, Behaviour> setter;

    Field(String key, Type type, Function<Behaviour, Object> getter, BiFunction<Behaviour, Object, Behaviour> setter) {
      this.key = key;
      this.type = type;
      this.getter = getter;
      this.setter = setter;
    }
  }

  private static final Pattern FRACTION = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private static final Map<String, Field> BY_NAME;
  private static final List<String> NAMES;

  static {
    Map<String, Field> byName = new LinkedHashMap<>();
    for (Field f : Field.values()) {
      byName.put(f.key, f);
    }
    BY_NAME = Collections.unmodifiableMap(byName);
    NAMES = List.copyOf(byName.keySet());
  }

  private Directives() {}

  /** All directive names, in declaration order. */
  public static List<String> names() {
    return NAMES;
  }

  /** Lower case, dashes to underscores: {@code Retry-After} and {@code retry_after} are the same. */
  public static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * Parses and validates one directive once, returning a cheap function that applies it. Callers
   * cache the result where the same directive recurs (model strings).
   *
   * @param value textual value; {@code null} clears a string directive ({@code error_message},
   *              {@code tool_call}) or {@code seed}, and is otherwise invalid
   * @throws DirectiveException for an unknown name or an invalid value
   */
  public static UnaryOperator<Behaviour> compile(String name, String value) {
    Field field = BY_NAME.get(normalize(name));
    if (field == null) {
      throw new DirectiveException(name, "Unknown simulator directive '" + name + "'; known directives: " + String.join(", ", NAMES));
    }
    Object parsed = parse(name, field.type, value);
    try {
      field.setter.apply(Behaviour.defaults(), parsed); // range checks do not depend on other fields
    } catch (IllegalArgumentException e) {
      throw new DirectiveException(name, "Invalid value '" + value + "' for simulator directive '" + name + "': " + e.getMessage());
    }
    return b -> field.setter.apply(b, parsed);
  }

  /** The behaviour as a JSON-friendly map keyed by directive name (what {@code GET /_sim/config} returns). */
  public static Map<String, Object> describe(Behaviour behaviour) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : Field.values()) {
      out.put(f.key, f.getter.apply(behaviour));
    }
    return out;
  }

  private static Object parse(String name, Type type, String value) {
    if (type == Type.STRING || (type == Type.OPTIONAL_LONG && value == null)) {
      return value;
    }
    String v = value == null ? null : value.trim();
    try {
      switch (type) {
        case INT:
          return Integer.parseInt(requireValue(name, v));
        case LONG, OPTIONAL_LONG:
          return Long.parseLong(requireValue(name, v));
        case FRACTION:
          return parseFraction(name, requireValue(name, v));
        case BOOLEAN:
          return parseBoolean(name, v);
        default:
          throw new IllegalStateException(type.name());
      }
    } catch (NumberFormatException e) {
      throw new DirectiveException(name, "Simulator directive '" + name + "' needs an integer, got '" + value + "'");
    }
  }

  /**
   * Plain decimals only: {@link Double#parseDouble} would also take {@code NaN}, {@code 0x1p-2} or
   * {@code 0.5d}, which no caller means.
   */
  private static double parseFraction(String name, String v) {
    if (!FRACTION.matcher(v).matches()) {
      throw new DirectiveException(name, "Simulator directive '" + name + "' needs a number between 0 and 1, e.g. "
          + name + "=0.2, got '" + v + "'");
    }
    return Double.parseDouble(v);
  }

  private static String requireValue(String name, String v) {
    if (v == null || v.isEmpty()) {
      throw new DirectiveException(name, "Simulator directive '" + name + "' needs a value, e.g. " + name + "=1");
    }
    return v;
  }

  private static boolean parseBoolean(String name, String v) {
    if (v == null) {
      throw new DirectiveException(name, "Simulator directive '" + name + "' needs true or false");
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "", "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new DirectiveException(name, "Simulator directive '" + name + "' needs true or false, got '" + v + "'");
    };
  }
}
