package dev.tollgate.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import java.util.function.IntConsumer;

/**
 * One HTTP server per event loop. Vert.x shares the listening socket between the instances of a
 * deployment and balances connections across them; a negative port asks for one random port
 * shared by all instances (port 0 would give each instance its own).
 */
final class SimulatorVerticle extends VerticleBase {

  private final SimulatorState state;
  private final String host;
  private final int port;
  private final IntConsumer boundPort;

  SimulatorVerticle(SimulatorState state, String host, int port, IntConsumer boundPort) {
    this.state = state;
    this.host = host;
    this.port = port;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setTcpNoDelay(true) // every stream chunk must leave at once, not wait for Nagle
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        .setHandle100ContinueAutomatically(true);
    return vertx.createHttpServer(options)
        .requestHandler(new RequestRouter(vertx, state))
        .listen(port, host)
        .onSuccess(server -> boundPort.accept(server.actualPort()));
  }
}
