package dev.tollgate.simulator;

import dev.tollgate.simulator.anthropic.AnthropicApi;
import dev.tollgate.simulator.auth.AuthApi;
import dev.tollgate.simulator.auth.IssuedTokens;
import dev.tollgate.simulator.auth.TrustedCredentials;
import dev.tollgate.simulator.azure.AzureApi;
import dev.tollgate.simulator.bedrock.BedrockApi;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.FaultRandom;
import dev.tollgate.simulator.core.ProviderApi;
import dev.tollgate.simulator.gemini.GeminiApi;
import dev.tollgate.simulator.openai.OpenAiApi;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * What all verticle instances of one simulator share: the current defaults, the recorded
 * requests, the counters, the fault rates' random numbers and the wire formats. Every member is
 * thread-safe; defaults are replaced atomically and read once per request, so a request never sees
 * half of an update.
 *
 * <p>Changing the defaults or resetting starts every seeded fault sequence over, so that a test which
 * configures a seed and then sends its requests gets the same faults on every run.
 */
final class SimulatorState {

  private final Behaviour startup;
  private final AtomicReference<Behaviour> defaults;
  private final RequestRecorder recorder = new RequestRecorder();
  private final List<ProviderApi> apis;
  private final StatsCounters counters = new StatsCounters();
  private final FaultRandom random = new FaultRandom();
  private final IssuedTokens tokens = new IssuedTokens(Clock.systemUTC());
  private final TrustedCredentials trusted = new TrustedCredentials();

  SimulatorState(Behaviour startup) {
    this.startup = startup;
    this.defaults = new AtomicReference<>(startup);
    BehaviourResolver resolver = new BehaviourResolver(defaults::get, random);
    // Their paths do not overlap; the first that owns a path answers it (Bedrock owns /model/...).
    // OpenAI is also the dialect of 404s for paths that no format owns.
    OpenAiApi openAi = new OpenAiApi(resolver);
    this.apis = List.of(openAi, new AnthropicApi(resolver), new GeminiApi(resolver, tokens),
        new BedrockApi(resolver), new AzureApi(openAi, tokens), new AuthApi(tokens, trusted, Clock.systemUTC()));
  }

  Behaviour defaults() {
    return defaults.get();
  }

  void setDefaults(Behaviour behaviour) {
    defaults.set(behaviour);
    random.restart();
  }

  Behaviour updateDefaults(UnaryOperator<Behaviour> update) {
    Behaviour updated = defaults.updateAndGet(update);
    random.restart();
    return updated;
  }

  /** Back to the start-up defaults, with no recorded requests and zeroed counters. */
  void reset() {
    defaults.set(startup);
    random.restart();
    recorder.clear();
    counters.reset();
  }

  StatsCounters counters() {
    return counters;
  }

  RequestRecorder recorder() {
    return recorder;
  }

  IssuedTokens tokens() {
    return tokens;
  }

  TrustedCredentials trusted() {
    return trusted;
  }

  List<ProviderApi> apis() {
    return apis;
  }
}
