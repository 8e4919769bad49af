package dev.tollgate.bench.arms;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the gateway's YAML for an arm: every benchmark model routed to the one simulator provider.
 * Pass-through turns metering, metrics and the access log off (auth stays on); the full pipeline leaves
 * them on, books usage into SQLite and prices every benchmark model, so costing runs as in production.
 */
final class TollgateConfig {

    private TollgateConfig() {
    }

    static String yaml(boolean fullPipeline, int port, Path database, String upstreamUrl, String upstreamKey,
                       List<String> models) {
        StringBuilder y = new StringBuilder();
        y.append("# written by ./tollgate bench for the ").append(fullPipeline ? "full-pipeline" : "pass-through")
                .append(" arm\n");
        // a short shutdown grace: held benchmark streams should not delay stopping the arm by 30 s
        y.append("server: { host: 127.0.0.1, port: ").append(port)
                .append(", max_body_bytes: 16777216, shutdown_grace_ms: 1000 }\n");
        y.append("storage: { url: ").append(quoted("sqlite:" + database)).append(" }\n");
        y.append("features: { metering: ").append(fullPipeline).append(", metrics: ").append(fullPipeline)
                .append(", access_log: ").append(fullPipeline).append(" }\n");
        y.append("providers:\n  - { name: simulator, type: openai, base_url: ").append(quoted(upstreamUrl))
                .append(", keys: [").append(quoted(upstreamKey)).append("], read_timeout_ms: 600000 }\n");
        y.append("models:\n");
        for (String model : models) {
            y.append("  - { name: ").append(quoted(model)).append(", deployments: [ { provider: simulator } ] }\n");
        }
        if (fullPipeline) {
            y.append("prices:\n");
            for (String model : models) {
                y.append("  - { model: ").append(quoted(model))
                        .append(", input: 0.15, cached_input: 0.075, output: 0.60 }\n");
            }
        }
        return y.toString();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
