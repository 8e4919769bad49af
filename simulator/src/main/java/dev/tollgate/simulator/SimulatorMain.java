package dev.tollgate.simulator;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the provider simulator standalone until the process is killed. */
@Command(
    name = "tollgate-simulator",
    mixinStandardHelpOptions = true,
    description = "Fake LLM provider for tests, demos and benchmarks (OpenAI and Anthropic under /v1, Gemini under /v1beta).")
public final class SimulatorMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

  @Option(names = "--port", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port = SimulatorOptions.DEFAULT_CLI_PORT;

  @Option(names = "--host", description = "Interface to bind. Default: ${DEFAULT-VALUE}.")
  String host = SimulatorOptions.DEFAULT_HOST;

  @Option(names = "--ttft-ms", description = "Default delay before the first byte, in ms. Default: ${DEFAULT-VALUE}.")
  long ttftMs = Behaviour.defaults().ttftMs();

  @Option(names = "--gap-ms", description = "Default delay between stream chunks, in ms. Default: ${DEFAULT-VALUE}.")
  long gapMs = Behaviour.defaults().gapMs();

  @Option(names = "--chunks", description = "Default chunks per stream (= completion tokens). Default: ${DEFAULT-VALUE}.")
  int chunks = Behaviour.defaults().chunks();

  public static void main(String[] args) {
    int exitCode = new CommandLine(new SimulatorMain()).execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** The options these arguments describe. */
  SimulatorOptions options() {
    Behaviour behaviour = Behaviour.defaults().withTtftMs(ttftMs).withGapMs(gapMs).withChunks(chunks);
    return new SimulatorOptions(host, port, behaviour);
  }

  @Override
  public Integer call() throws InterruptedException {
    Simulator simulator = Simulator.start(options());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stopped.countDown();
    }, "simulator-shutdown"));
    LOG.info("Tollgate provider simulator listening on http://{}:{} (OpenAI: /v1, Anthropic: /v1/messages, Gemini: /v1beta)",
        host, simulator.port());
    stopped.await();
    return 0;
  }
}
