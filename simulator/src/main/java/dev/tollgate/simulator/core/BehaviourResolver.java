package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chooses the behaviour of one request: current defaults, overlaid by the model-name directives,
 * overlaid by {@code x-sim-<name>} headers (later sources win field by field).
 */
public final class BehaviourResolver {

  /** Header prefix of per-request directives, e.g. {@code x-sim-status: 503}. */
  public static final String HEADER_PREFIX = "x-sim-";

  /** The behaviour of a request and the model name to echo (without directives). */
  public record Resolved(String model, Behaviour behaviour) {}

  private final Supplier<Behaviour> defaults;
  private final ModelDirectives modelDirectives = new ModelDirectives();

  public BehaviourResolver(Supplier<Behaviour> defaults) {
    this.defaults = defaults;
  }

  /**
   * @param rawModel the model string as sent, or {@code null} for endpoints without a model
   * @throws DirectiveException for an unknown or invalid directive in either place
   */
  public Resolved resolve(String rawModel, MultiMap headers) {
    Behaviour behaviour = defaults.get();
    String model = rawModel;
    if (rawModel != null) {
      ModelDirectives.Parsed parsed = modelDirectives.parse(rawModel);
      model = parsed.model();
      behaviour = parsed.overlay().apply(behaviour);
    }
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (name.length() > HEADER_PREFIX.length() && name.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
        // Headers vary per request and are only used by tests, so they are compiled uncached.
        behaviour = Directives.compile(name.substring(HEADER_PREFIX.length()), header.getValue()).apply(behaviour);
      }
    }
    return new Resolved(model, behaviour);
  }
}
