package dev.tollgate.core.config;

import java.util.List;
import java.util.Map;

/** The YAML document as written, before validation. Field names map 1:1 to snake_case keys. */
record RawConfig(
        RawServer server,
        RawStorage storage,
        RawState state,
        RawSimulator simulator,
        RawFeatures features,
        List<RawProvider> providers,
        List<RawModel> models,
        List<RawPrice> prices) {

    record RawServer(String host, Integer port, Long maxBodyBytes, Integer shutdownGraceMs) {
    }

    record RawStorage(String url) {
    }

    record RawState(String url) {
    }

    record RawSimulator(Boolean enabled, Integer port) {
    }

    record RawFeatures(Boolean metering, Boolean metrics, Boolean accessLog) {
    }

    record RawProvider(String name, String type, String baseUrl, List<String> keys, Map<String, String> headers,
                       Map<String, String> options, Integer connectTimeoutMs, Integer readTimeoutMs) {
    }

    record RawModel(String name, String strategy, List<RawDeployment> deployments) {
    }

    record RawDeployment(String provider, String model, Integer weight) {
    }

    record RawPrice(String model, Double input, Double cachedInput, Double cacheWrite, Double output) {
    }
}
