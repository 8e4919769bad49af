package dev.tollgate.core.config;

import dev.tollgate.core.booking.SpoolFullPolicy;
import dev.tollgate.spi.provider.ProviderSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One validated, immutable configuration snapshot. A reload builds a new one and swaps it in whole;
 * each call keeps the snapshot it started with.
 */
public record GatewayConfig(
        Server server,
        String storageUrl,
        String stateUrl,
        Simulator simulator,
        Features features,
        Map<String, ProviderSettings> providers,
        Map<String, ModelGroup> models,
        List<PriceEntry> prices,
        Usage usage,
        Ledger ledger,
        String stateKeyPrefix,
        Cache cache,
        dev.tollgate.core.guardrails.Guardrails guardrails,
        Tracing tracing,
        List<Export> export,
        RequestLog requestLog,
        dev.tollgate.core.queue.QueueSettings queue,
        dev.tollgate.core.abuse.AbuseSettings abuse,
        Limits limits) {

    public GatewayConfig {
        export = List.copyOf(export);
        providers = Map.copyOf(providers);
        models = Map.copyOf(models);
        prices = List.copyOf(prices);
    }

    /**
     * How usage is booked (through a local spool, docs/operations.md#usage-spool; read at start, a change needs a
     * restart) and how long it is kept (applied by the hourly maintenance job, on reload).
     *
     * @param spoolDir     the spool's directory, or null for {@code spool} in the gateway's data directory (beside
     *                     the default SQLite file)
     * @param spoolFsyncMs how often written records are forced to disk: what a power cut may lose at most
     * @param spoolMaxBytes the spool's size cap; at it the spool counts as full
     * @param onSpoolFull  what happens while the spool is full
     * @param retentionDays       how long raw usage events (one row per call) are kept, dropped by whole days;
     *                            0 keeps them forever
     * @param rollupRetentionDays how long the hourly rollups that bills and reports read are kept; 0: forever
     */
    public record Usage(String spoolDir, long spoolFsyncMs, long spoolMaxBytes, SpoolFullPolicy onSpoolFull,
                        int retentionDays, int rollupRetentionDays) {
        public static final Usage DEFAULTS = new Usage(null, 20, 1024L * 1024 * 1024, SpoolFullPolicy.FAIL_OPEN, 0, 0);

        /**
         * The spool's directory for a gateway whose data directory is {@code dataDir} ({@code ./data} for
         * {@code tollgate run}, where the default SQLite file, the admin key and the secret key live too).
         */
        public Path spoolDirectory(Path dataDir) {
            return spoolDir != null ? Path.of(spoolDir) : dataDir.resolve("spool");
        }
    }

    /**
     * OpenTelemetry tracing (docs/observability.md). Read at start: a change needs a restart.
     *
     * @param otlpEndpoint  the collector's OTLP/HTTP URL ({@code http://host:4318}; {@code /v1/traces} is added)
     * @param sampleRatio   share of new traces kept, 0..1 (a client's sampled {@code traceparent} is always kept)
     * @param headers       sent with every export (e.g. an API key of the tracing backend)
     * @param exportDelayMs how long finished spans wait to be exported in one batch
     */
    public record Tracing(boolean enabled, String otlpEndpoint, double sampleRatio, Map<String, String> headers,
                          String serviceName, long exportDelayMs) {
        public static final Tracing OFF = new Tracing(false, null, 1.0, Map.of(), "tollgate", 5_000);

        public Tracing {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * What the request log keeps beyond each call's metadata (docs/observability.md#request-bodies): the bodies of
     * calls by the keys and teams named, a sampled share of them, redacted and cut. Off (no key, no team) by default.
     *
     * @param keys        key ids whose calls' bodies are kept
     * @param teams       team ids whose keys' calls' bodies are kept
     * @param sampleRatio share of those calls kept, 0..1
     * @param maxChars    each body is cut after this many characters (after redaction)
     * @param redact      what is replaced by {@code [EMAIL]}, {@code [CARD]}, … before anything is stored
     */
    public record RequestLog(java.util.Set<String> keys, java.util.Set<String> teams, double sampleRatio, int maxChars,
                             java.util.Set<dev.tollgate.core.guardrails.PiiDetector.Entity> redact) {
        public static final RequestLog OFF = new RequestLog(java.util.Set.of(), java.util.Set.of(), 1.0, 16_384,
                java.util.EnumSet.allOf(dev.tollgate.core.guardrails.PiiDetector.Entity.class));

        public RequestLog {
            keys = java.util.Set.copyOf(keys);
            teams = java.util.Set.copyOf(teams);
            redact = java.util.Set.copyOf(redact);
        }

        /** Whether this call's bodies are kept: its key or team is named, and it falls in the sample. */
        public boolean keepsBodies(String keyId, String teamId) {
            if (keys.isEmpty() && teams.isEmpty()) {
                return false;
            }
            boolean named = keyId != null && keys.contains(keyId) || teamId != null && teams.contains(teamId);
            return named && (sampleRatio >= 1.0
                    || java.util.concurrent.ThreadLocalRandom.current().nextDouble() < sampleRatio);
        }
    }

    /**
     * One usage-event export sink (docs/observability.md#event-export). Read at start.
     *
     * @param type     webhook, file or otlp
     * @param name     names the sink in logs and metrics (defaults to the type and its position)
     * @param url      webhook: where batches are POSTed; otlp: the collector's OTLP/HTTP URL
     * @param secret   webhook: HMAC-SHA256 signing secret (optional)
     * @param batch    most events per delivery
     * @param path     file: the NDJSON file written (rotated to path.1, path.2, …)
     * @param maxBytes file: size at which the file is rotated
     * @param maxFiles file: rotated files kept
     * @param queue    events held for this sink at most; beyond, new events are dropped and counted
     * @param flushMs  longest time an event waits for its batch to fill
     */
    public record Export(String type, String name, String url, String secret, int batch, String path, long maxBytes,
                         int maxFiles, int queue, long flushMs) {
    }

    /**
     * @param maxBodyBytes     largest request body accepted (413 above it)
     * @param shutdownGraceMs  how long a graceful stop waits for in-flight calls
     * @param authFailuresPerMinute wrong keys an address may present in any minute before it gets 429; 0: off
     * @param drainDelayMs     on a graceful stop, how long the gateway keeps serving after {@code /health/ready}
     *                         turned 503 ({@code draining}), so that a load balancer stops sending first
     */
    public record Server(String host, int port, long maxBodyBytes, int shutdownGraceMs, int authFailuresPerMinute,
                         int drainDelayMs) {
    }

    /**
     * Optional pipeline stages. All on by default; turning all off leaves a pure authenticated pass-through
     * (the benchmark's baseline arm).
     *
     * @param metering  read usage from answers (forcing {@code include_usage} on streams), price and book calls
     * @param metrics   Prometheus meters per call
     * @param accessLog one log line per call
     */
    public record Features(boolean metering, boolean metrics, boolean accessLog) {
        public static final Features ALL = new Features(true, true, true);
    }

    /**
     * How budgets and prepaid balances are enforced (docs/configuration.md, {@code ledger:}).
     *
     * @param failOpen             when the state (Redis) cannot be reached: true lets calls through unreserved,
     *                             false refuses them with 503
     * @param stateTimeoutMs       how long a reserve or settle may wait for the state before it counts as unreachable
     * @param defaultOutputTokens  the output a call is reserved for when it names no max_tokens
     * @param promptOverheadTokens added to the body's bytes (one token per byte at most) for the prompt's worst case
     * @param webhookUrl           where budget alerts go when a budget names no URL of its own; null: nowhere
     * @param webhookSecret        signs alerts (HMAC-SHA256); null: alerts are sent unsigned
     */
    public record Ledger(boolean failOpen, long stateTimeoutMs, long defaultOutputTokens, long promptOverheadTokens,
                         String webhookUrl, String webhookSecret) {
        public static final Ledger DEFAULTS = new Ledger(false, 2_000, 4_096, 64, null, null);
    }

    /**
     * Rate limits (docs/limits.md, {@code limits:}): named policies that keys, users, teams and organisations refer
     * to, and each model group's own limits ({@code models[].limits}, counted over all its callers).
     *
     * @param onStateUnavailable what happens while the shared state (Redis) cannot be reached
     * @param expectedNodes      the {@code local} fallback gives each node this share of every limit
     * @param stateTimeoutMs     how long a check may wait for the state before it counts as unreachable
     * @param leaseMs            how long a concurrency slot is held at most: a node that dies mid-call frees its
     *                           slots after this
     */
    public record Limits(Map<String, dev.tollgate.core.limits.LimitPolicy> policies,
                         Map<String, dev.tollgate.core.limits.LimitPolicy> groups, OnUnavailable onStateUnavailable,
                         int expectedNodes, long stateTimeoutMs, long leaseMs) {
        public static final Limits DEFAULTS = new Limits(Map.of(), Map.of(), OnUnavailable.LOCAL, 1, 500, 600_000);

        public Limits {
            policies = Map.copyOf(policies);
            groups = Map.copyOf(groups);
        }

        /** True when some group has limits or some policy exists (a caller might name it). */
        public boolean any() {
            return !policies.isEmpty() || !groups.isEmpty();
        }

        public enum OnUnavailable {
            LOCAL, FAIL_OPEN, FAIL_CLOSED;

            public String configName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    /** The built-in provider simulator, started in-process when enabled (demos, the starter config). */
    public record Simulator(boolean enabled, int port) {
    }

    /**
     * A client-facing model name and the upstream deployments that serve it.
     *
     * @param name                   what clients ask for; ending in {@code /*} it matches every name with that
     *                               prefix, and a deployment model {@code *} stands for the rest of the name
     * @param aliases                other names for the same group
     * @param strategy               how a deployment is chosen
     * @param fallbacks              groups tried in order once no deployment of this one can serve
     * @param contextWindowFallbacks groups tried when the upstream said the prompt is too long
     * @param contentPolicyFallbacks groups tried when the upstream refused on content policy
     */
    public record ModelGroup(String name, List<String> aliases, Strategy strategy, List<Deployment> deployments,
                             List<String> fallbacks, List<String> contextWindowFallbacks,
                             List<String> contentPolicyFallbacks, RoutingPolicy policy) {
        public ModelGroup {
            aliases = List.copyOf(aliases);
            deployments = List.copyOf(deployments);
            fallbacks = List.copyOf(fallbacks);
            contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
            contentPolicyFallbacks = List.copyOf(contentPolicyFallbacks);
        }

        /** A group of one deployment per entry, with default routing: for tests and benchmarks. */
        public static ModelGroup of(String name, Strategy strategy, List<Deployment> deployments) {
            return new ModelGroup(name, List.of(), strategy, deployments, List.of(), List.of(), List.of(),
                    RoutingPolicy.DEFAULTS);
        }

        public boolean isWildcard() {
            return name.endsWith("/*");
        }
    }

    /**
     * One upstream (provider account + its model name) serving a model group.
     *
     * @param name          unique within the group; shown to clients in {@code x-tollgate-deployment} and in
     *                      metrics (defaults to {@code provider/model})
     * @param priority      lower is preferred by the {@code priority} strategy
     * @param tags          a request asking for tags ({@code x-tollgate-tags}) only goes to deployments having all
     * @param rpm           requests per minute this gateway sends it at most (0 = no cap)
     * @param tpm           tokens per minute (prompt + completion, counted when calls settle) it is sent at most
     *                      (0 = no cap)
     * @param maxConcurrent calls in flight at most (0 = no cap)
     * @param contextWindow tokens of context, for information and context-window fallbacks (0 = unknown)
     */
    public record Deployment(String name, String provider, String model, int weight, int priority, List<String> tags,
                             int rpm, long tpm, int maxConcurrent, int contextWindow) {
        public Deployment {
            tags = List.copyOf(tags);
        }

        public Deployment(String provider, String model, int weight) {
            this(provider + "/" + model, provider, model, weight, 0, List.of(), 0, 0, 0, 0);
        }
    }

    /**
     * The exact response cache ({@code cache:}; docs/caching.md). Off unless enabled for all model groups or for
     * some in {@code models}.
     *
     * @param enabled         the default for model groups not named in {@code models}
     * @param store           where entries live; {@code REDIS} shares them across nodes (needs {@code state.url})
     * @param scope           who shares entries: never more than one organisation
     * @param ttlSeconds      how long an entry lives unless the group or the request says otherwise
     * @param maxTtlSeconds   the longest TTL a request may ask for with {@code x-tollgate-cache-ttl}
     * @param maxBytes        the in-process store's byte budget (Redis: its own {@code maxmemory})
     * @param maxEntryBytes   larger answers are relayed but not stored
     * @param lookupTimeoutMs a lookup slower than this counts as a miss (a slow Redis never holds a call up long)
     * @param redisKeyPrefix  prefix of the Redis keys
     * @param models          per model group: whether to cache and for how long
     * @param anyEnabled      derived: some group caches (false leaves the pipeline's hot path untouched)
     */
    public record Cache(boolean enabled, Store store, dev.tollgate.core.cache.CacheScope scope, long ttlSeconds,
                        long maxTtlSeconds, long maxBytes, long maxEntryBytes, long lookupTimeoutMs,
                        String redisKeyPrefix, Map<String, GroupCache> models, boolean anyEnabled, Semantic semantic) {

        public static final Cache OFF = of(false, Store.MEMORY, dev.tollgate.core.cache.CacheScope.OWNER, 300,
                86_400, 64L << 20, 1L << 20, 100, "tollgate:cache:", Map.of());

        public enum Store { MEMORY, REDIS }

        /**
         * A model group's policy: {@code enabled} and {@code ttlSeconds} as resolved from the defaults;
         * {@code semantic}: whether an exact miss also looks for a similar request (docs/caching.md#semantic-cache).
         */
        public record GroupCache(boolean enabled, long ttlSeconds, boolean semantic) {
            public GroupCache(boolean enabled, long ttlSeconds) {
                this(enabled, ttlSeconds, false);
            }
        }

        /**
         * The semantic cache's settings ({@code cache.semantic}): {@code enabled} is the default of groups that
         * do not say; {@code embeddingModel} is a model group of this gateway called through its own port with
         * {@code key}; {@code threshold} the least cosine similarity that is a hit.
         */
        public record Semantic(boolean enabled, String embeddingModel, String key, double threshold, long maxEntries,
                               boolean allowTools, long timeoutMs) {
            public static final Semantic OFF = new Semantic(false, null, null, 0.95, 10_000, false, 500);
        }

        public Cache {
            models = Map.copyOf(models);
        }

        public static Cache of(boolean enabled, Store store, dev.tollgate.core.cache.CacheScope scope,
                               long ttlSeconds, long maxTtlSeconds, long maxBytes, long maxEntryBytes,
                               long lookupTimeoutMs, String redisKeyPrefix, Map<String, GroupCache> models) {
            return of(enabled, store, scope, ttlSeconds, maxTtlSeconds, maxBytes, maxEntryBytes, lookupTimeoutMs,
                    redisKeyPrefix, models, Semantic.OFF);
        }

        public static Cache of(boolean enabled, Store store, dev.tollgate.core.cache.CacheScope scope,
                               long ttlSeconds, long maxTtlSeconds, long maxBytes, long maxEntryBytes,
                               long lookupTimeoutMs, String redisKeyPrefix, Map<String, GroupCache> models,
                               Semantic semantic) {
            boolean any = enabled || models.values().stream().anyMatch(GroupCache::enabled);
            return new Cache(enabled, store, scope, ttlSeconds, maxTtlSeconds, maxBytes, maxEntryBytes,
                    lookupTimeoutMs, redisKeyPrefix, models, any, semantic);
        }

        /** The policy of a model group: its own entry, or the defaults. */
        public GroupCache forGroup(String group) {
            GroupCache own = models.get(group);
            return own != null ? own : new GroupCache(enabled, ttlSeconds, semantic.enabled());
        }
    }

    /**
     * A price from the configuration (file or database), over the shipped defaults. Its scope is the most specific
     * of: a deployment (by name, any group; {@code model} then optional), a provider account with a model, or a
     * model everywhere. From {@code effectiveFrom} (null: always) until a later entry of the same scope and model
     * takes over; a change is never retroactive.
     */
    public record PriceEntry(String model, String provider, String deployment, java.time.Instant effectiveFrom,
                             dev.tollgate.core.metering.Price price) {

        /** A model's price everywhere, in force since always. */
        public static PriceEntry global(String model, dev.tollgate.core.metering.Price price) {
            return new PriceEntry(model, null, null, null, price);
        }

        /**
         * What identifies the entry: two entries with the same key cannot both exist (the file wins over the
         * database), and the admin API derives an entry's id from it.
         */
        public String key() {
            return "model=" + (model == null ? "" : model) + ";provider=" + (provider == null ? "" : provider)
                    + ";deployment=" + (deployment == null ? "" : deployment)
                    + ";effective_from=" + (effectiveFrom == null ? "" : effectiveFrom);
        }

        /** A short, URL-safe, stable id for the key: {@code price_} + 16 hex digits of its SHA-256. */
        public String id() {
            try {
                byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return "price_" + java.util.HexFormat.of().formatHex(hash, 0, 8);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
