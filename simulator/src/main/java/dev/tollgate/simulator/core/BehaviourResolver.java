package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chooses the behaviour of one request: current defaults, overlaid by the model-name directives,
 * overlaid by {@code x-sim-<name>} headers (later sources win field by field); then, when a fault
 * rate is set, draws the request's fault ({@link FaultDraw}). Every endpoint of every wire format
 * resolves its behaviour here, before the {@code ttft_ms} wait, so they all get the same faults.
 */
public final class BehaviourResolver {

  /** Header prefix of per-request directives, e.g. {@code x-sim-status: 503}. */
  public static final String HEADER_PREFIX = "x-sim-";

  /** The behaviour of a request and the model name to echo (without directives). */
  public record Resolved(String model, Behaviour behaviour) {}

  private final Supplier<Behaviour> defaults;
  private final FaultRandom random;
  private final ModelDirectives modelDirectives = new ModelDirectives();

  public BehaviourResolver(Supplier<Behaviour> defaults, FaultRandom random) {
    this.defaults = defaults;
    this.random = random;
  }

  /**
   * @param rawModel the model string as sent, or {@code null} for endpoints without a model
   * @param exchange the request: its {@code x-sim-*} headers are read, and it is told the drawn fault
   *                 so that it can label and count it
   * @throws DirectiveException for an unknown or invalid directive in either place
   */
  public Resolved resolve(String rawModel, Exchange exchange) {
    Behaviour behaviour = defaults.get();
    String model = rawModel;
    if (rawModel != null) {
      ModelDirectives.Parsed parsed = modelDirectives.parse(rawModel);
      model = parsed.model();
      behaviour = parsed.overlay().apply(behaviour);
    }
    for (Map.Entry<String, String> header : exchange.request().headers()) {
      String name = header.getKey();
      if (name.length() > HEADER_PREFIX.length() && name.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
        // Headers vary per request and are only used by tests, so they are compiled uncached.
        behaviour = Directives.compile(name.substring(HEADER_PREFIX.length()), header.getValue()).apply(behaviour);
      }
    }
    if (behaviour.hasFaultRates()) { // without rates, no draw: a seeded sequence advances only for requests that use it
      FaultDraw draw = FaultDraw.of(behaviour, random.next(behaviour.seed()));
      exchange.inject(draw.fault());
      behaviour = draw.behaviour();
    }
    return new Resolved(model, behaviour);
  }
}
