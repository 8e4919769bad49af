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
        RawRouting routing,
        List<RawModel> models,
        List<RawPrice> prices,
        RawUsage usage,
        RawLedger ledger,
        RawCache cache,
        RawGuardrails guardrails,
        RawTracing tracing,
        List<RawExport> export,
        RawRequestLog requestLog,
        RawQueue queue,
        RawAbuse abuse,
        RawLimits limits) {

    record RawLimits(Map<String, RawLimitPolicy> policies, String onStateUnavailable, Integer expectedNodes,
                     Long stateTimeoutMs, Long leaseMs) {
    }

    record RawLimitPolicy(Long rpm, Long rps, Long tpm, Long concurrency) {
    }

    record RawQueue(Long maxWaitMs, Integer maxDepth, String fairShare, Map<String, Integer> weights,
                    Map<String, Integer> priorities, Map<String, RawQueueLimits> models) {
    }

    record RawQueueLimits(Long maxWaitMs, Integer maxDepth) {
    }

    record RawAbuse(Boolean enabled, String webhookUrl, String webhookSecret, RawSpike spike, RawClientIps clientIps,
                    RawAuthFailures authFailures, RawKeyInPrompt keyInPrompt, RawThrottle throttle) {
    }

    record RawSpike(Double factor, Long minRequestsPerMinute, String minSpendUsdPerMinute, String action) {
    }

    record RawClientIps(Integer maxPerKey, Integer windowMinutes, String action) {
    }

    record RawAuthFailures(Integer maxPerMinute) {
    }

    record RawKeyInPrompt(Boolean enabled, String action) {
    }

    record RawThrottle(Integer rpm, Integer minutes) {
    }

    record RawRequestLog(RawBodies bodies) {
    }

    record RawBodies(List<String> keys, List<String> teams, Double sampleRatio, Integer maxChars, List<String> redact) {
    }

    record RawTracing(Boolean enabled, String otlpEndpoint, Double sampleRatio, Map<String, String> headers,
                      String serviceName, Long exportDelayMs) {
    }

    record RawExport(String type, String name, String url, String secret, Integer batch, String path,
                     Long maxBytes, Integer maxFiles, Integer queue, Long flushMs) {
    }

    record RawServer(String host, Integer port, Long maxBodyBytes, Integer shutdownGraceMs, Integer authFailuresPerMinute,
                     Integer drainDelayMs) {
    }

    record RawStorage(String url) {
    }

    record RawState(String url, String keyPrefix) {
    }

    record RawLedger(String onStateUnavailable, Long stateTimeoutMs, Long defaultOutputTokens,
                     Long promptOverheadTokens, String webhookUrl, String webhookSecret) {
    }

    record RawUsage(String spoolDir, Long spoolFsyncMs, Long spoolMaxBytes, String onSpoolFull, Integer retentionDays,
                    Integer rollupRetentionDays) {
    }

    record RawSimulator(Boolean enabled, Integer port) {
    }

    record RawFeatures(Boolean metering, Boolean metrics, Boolean accessLog) {
    }

    record RawProvider(String name, String type, String baseUrl, List<String> keys, Map<String, String> headers,
                       Map<String, String> options, Integer connectTimeoutMs, Integer readTimeoutMs) {
    }

    record RawModel(String name, List<String> aliases, String strategy, List<RawDeployment> deployments,
                    List<String> fallbacks, List<String> contextWindowFallbacks, List<String> contentPolicyFallbacks,
                    RawRetry retry, RawTimeouts timeouts, RawBreaker breaker, RawHedge hedge,
                    RawLimitPolicy limits) {
    }

    record RawDeployment(String name, String provider, String model, Integer weight, Integer priority,
                         List<String> tags, Integer rpm, Long tpm, Integer maxConcurrent, Integer contextWindow) {
    }

    /** Defaults for every model group's routing policy. */
    record RawRouting(RawRetry retry, RawTimeouts timeouts, RawBreaker breaker, RawHedge hedge) {
    }

    record RawRetry(Integer maxAttempts, Long backoffMs, Long maxBackoffMs, Long maxRetryAfterMs, Long budgetMs) {
    }

    record RawTimeouts(Long connectMs, Long firstTokenMs, Long idleMs, Long totalMs) {
    }

    record RawBreaker(Double failureRate, Integer minCalls, Integer windowSeconds, Integer consecutiveFailures,
                      Long cooldownMs, Integer halfOpenProbes) {
    }

    record RawHedge(Boolean enabled, Long afterMs, Integer maxPercent) {
    }

    record RawGuardrails(List<RawGuardrail> definitions, List<RawAttach> attach) {
    }

    record RawGuardrail(String name, String type, List<String> hooks, com.fasterxml.jackson.databind.JsonNode settings,
                        Long timeoutMs, String onError, Integer everyChars) {
    }

    /** One of all / org / team / key / model, and the guardrails (by name, in order) attached there. */
    record RawAttach(Boolean all, String org, String team, String key, String model, List<String> guardrails) {
    }

    record RawCache(Boolean enabled, String store, String scope, Long ttlSeconds, Long maxTtlSeconds, Long maxBytes,
                    Long maxEntryBytes, Long lookupTimeoutMs, String redisKeyPrefix,
                    Map<String, RawGroupCache> models, RawSemantic semantic) {
    }

    record RawGroupCache(Boolean enabled, Long ttlSeconds, Boolean semantic) {
    }

    record RawSemantic(Boolean enabled, String embeddingModel, String key, Double threshold, Long maxEntries,
                       Boolean allowTools, Long timeoutMs) {
    }

    /** Prices are exact decimals (from the number's text, or from a string such as "2.50"). */
    record RawPrice(String model, String provider, String deployment, String effectiveFrom,
                    java.math.BigDecimal input, java.math.BigDecimal cachedInput, java.math.BigDecimal cacheWrite,
                    java.math.BigDecimal output, java.math.BigDecimal reasoning, java.math.BigDecimal perRequest) {
    }
}
