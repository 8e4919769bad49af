package dev.tollgate.simulator;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running provider simulator: a fake LLM provider on one port, serving each provider's real
 * paths (OpenAI under {@code /v1}, Anthropic at {@code /v1/messages}, Gemini under {@code /v1beta}, Vertex AI
 * under {@code /v1/projects}, Azure OpenAI under {@code /openai/deployments}, and the token endpoints of Google
 * and Microsoft Entra ID).
 * See the package documentation for what it simulates and how to script faults.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
 *   String openAiBase = sim.baseUrl() + "/v1";
 *   ...
 * }
 * }</pre>
 *
 * <p>Each simulator owns its Vert.x instance with one event loop and one server verticle per
 * core, so it is never the bottleneck of a benchmark and several can run in one JVM.
 */
public final class Simulator implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 30;
  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private final Vertx vertx;
  private final SimulatorState state;
  private final String host;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Simulator(Vertx vertx, SimulatorState state, String host, int port) {
    this.vertx = vertx;
    this.state = state;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts a simulator and returns once it is listening.
   *
   * @throws IllegalStateException when it cannot listen (e.g. the port is taken)
   */
  public static Simulator start(SimulatorOptions options) {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(instances)
        .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    SimulatorState state = new SimulatorState(options.behaviour());
    Set<Integer> ports = ConcurrentHashMap.newKeySet();
    int bindPort = options.port() == 0 ? -1 : options.port();
    try {
      await(vertx.deployVerticle(
          () -> new SimulatorVerticle(state, options.host(), bindPort, ports::add),
          new DeploymentOptions().setInstances(instances)), START_TIMEOUT_SECONDS);
      if (ports.size() != 1) {
        throw new IllegalStateException("server instances bound different ports: " + ports);
      }
    } catch (RuntimeException e) {
      closeQuietly(vertx);
      throw new IllegalStateException("Cannot start the provider simulator on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    return new Simulator(vertx, state, options.host(), ports.iterator().next());
  }

  public int port() {
    return port;
  }

  /**
   * {@code http://host:port} (loopback when bound to a wildcard address). OpenAI's base URL is this +
   * {@code /v1}; Anthropic's and Gemini's are this URL itself.
   */
  public String baseUrl() {
    String h = switch (host) {
      case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
      default -> host;
    };
    if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return "http://" + h + ":" + port;
  }

  /** The current defaults, with the actual port. */
  public SimulatorOptions defaults() {
    return new SimulatorOptions(host, port, state.defaults());
  }

  /** Atomically replaces the default behaviour (host and port of {@code options} are ignored). */
  public void setDefaults(SimulatorOptions options) {
    state.setDefaults(options.behaviour());
  }

  /** The last 256 provider API requests (control endpoints excluded), newest last. */
  public List<RecordedRequest> recentRequests() {
    return state.recorder().snapshot();
  }

  /**
   * Answers the client abandoned before they were complete (the client closed the connection or
   * stream), since the start or the last {@code POST /_sim/reset}.
   */
  public long abandonedResponses() {
    return state.counters().abandoned();
  }

  /** Requests, injected faults by kind and abandoned answers since the start or the last {@code POST /_sim/reset}. */
  public SimulatorStats stats() {
    return state.counters().snapshot();
  }

  /**
   * Makes {@code POST /token} verify the RS256 signature of this service account's assertions with {@code key},
   * and refuse accounts not registered this way ({@code invalid_grant}). Until a first registration, assertions
   * are checked for their form and claims only.
   */
  public void trustServiceAccount(String clientEmail, PublicKey key) {
    state.trusted().trustServiceAccount(clientEmail, key);
  }

  /**
   * Makes the Entra token endpoint require this secret from this client ({@code invalid_client} otherwise), and
   * refuse clients not registered this way. Until a first registration, any non-blank secret is accepted.
   */
  public void trustEntraClient(String clientId, String clientSecret) {
    state.trusted().trustClient(clientId, clientSecret);
  }

  /** Whether {@code accessToken} was issued by one of this simulator's token endpoints and has not expired. */
  public boolean issued(String accessToken) {
    return state.tokens().valid(accessToken);
  }

  /** How many access tokens the token endpoints issued since the start. */
  public int issuedTokens() {
    return state.tokens().count();
  }

  public void clearRecorded() {
    state.recorder().clear();
  }

  /** Stops listening, drops open connections (hanging requests included) and stops the Vert.x instance. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(vertx);
    }
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      await(vertx.close(), CLOSE_TIMEOUT_SECONDS);
    } catch (RuntimeException ignored) {
      // best effort: nothing useful to do if Vert.x cannot shut down cleanly
    }
  }

  private static <T> T await(Future<T> future, long seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + seconds + " s", e);
    }
  }
}
