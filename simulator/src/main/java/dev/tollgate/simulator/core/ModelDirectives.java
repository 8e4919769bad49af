package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Splits a model string such as {@code gpt-4o-mini+status=429+retry_after=2} into the model name
 * to echo ({@code gpt-4o-mini}) and a compiled overlay of its directives.
 *
 * <p>A gateway forwards the same few model strings over and over, so results (failures included)
 * are cached per distinct string. The cache is bounded crudely: when it is full it is emptied,
 * which costs a re-parse, never a wrong answer, and needs no locking or eviction bookkeeping.
 *
 * <p>Values may be percent-encoded ({@code error_message=quota%20exceeded}); a literal {@code +}
 * is impossible because it separates directives.
 */
public final class ModelDirectives {

  /** A model name without directives, plus the overlay to apply to the current defaults. */
  public record Parsed(String model, UnaryOperator<Behaviour> overlay) {}

  static final int MAX_ENTRIES = 1024;

  private final ConcurrentHashMap<String, Object> cache = new ConcurrentHashMap<>();

  /** @throws DirectiveException when a directive is unknown or has a bad value */
  public Parsed parse(String raw) {
    if (raw.indexOf('+') < 0) {
      return new Parsed(raw, UnaryOperator.identity()); // the common case needs no lookup
    }
    Object hit = cache.get(raw);
    if (hit == null) {
      hit = parseUncached(raw);
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      cache.put(raw, hit);
    }
    if (hit instanceof DirectiveException e) {
      throw e;
    }
    return (Parsed) hit;
  }

  int cachedEntries() {
    return cache.size();
  }

  private static Object parseUncached(String raw) {
    String[] parts = raw.split("\\+", -1);
    UnaryOperator<Behaviour> overlay = UnaryOperator.identity();
    try {
      for (int i = 1; i < parts.length; i++) {
        String part = parts[i];
        if (part.isEmpty()) {
          continue; // tolerate "model++hang" and a trailing '+'
        }
        int eq = part.indexOf('=');
        String name = eq < 0 ? part : part.substring(0, eq);
        String value = eq < 0 ? "" : decode(name, part.substring(eq + 1));
        UnaryOperator<Behaviour> step = Directives.compile(name, value);
        UnaryOperator<Behaviour> before = overlay;
        overlay = b -> step.apply(before.apply(b));
      }
    } catch (DirectiveException e) {
      return e;
    }
    return new Parsed(parts[0], overlay);
  }

  private static String decode(String name, String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new DirectiveException(name, "Bad percent-encoding in simulator directive '" + name + "'");
    }
  }
}
