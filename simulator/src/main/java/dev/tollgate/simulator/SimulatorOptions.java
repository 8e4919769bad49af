package dev.tollgate.simulator;

import java.util.Objects;

/**
 * How to start a {@link Simulator}.
 *
 * @param host      interface to bind, e.g. {@code 127.0.0.1}
 * @param port      TCP port; {@code 0} picks a free one (see {@link Simulator#port()})
 * @param behaviour the start-up defaults, restored by {@code POST /_sim/reset}
 */
public record SimulatorOptions(String host, int port, Behaviour behaviour) {

  /** The port of the standalone {@link SimulatorMain}. */
  public static final int DEFAULT_CLI_PORT = 8089;

  public static final String DEFAULT_HOST = "127.0.0.1";

  public SimulatorOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(behaviour, "behaviour");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
  }

  /**
   * Loopback, a free port (tests run in parallel, so a fixed port would collide) and
   * {@link Behaviour#defaults()}.
   */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(DEFAULT_HOST, 0, Behaviour.defaults());
  }

  public SimulatorOptions withPort(int port) {
    return new SimulatorOptions(host, port, behaviour);
  }

  public SimulatorOptions withHost(String host) {
    return new SimulatorOptions(host, port, behaviour);
  }

  public SimulatorOptions withBehaviour(Behaviour behaviour) {
    return new SimulatorOptions(host, port, behaviour);
  }
}
