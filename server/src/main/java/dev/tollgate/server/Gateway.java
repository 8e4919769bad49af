package dev.tollgate.server;

import dev.tollgate.core.abuse.AbuseAlert;
import dev.tollgate.core.abuse.AbuseMonitor;
import dev.tollgate.core.abuse.AbuseSettings;
import dev.tollgate.core.queue.FairQueue;
import dev.tollgate.core.queue.QueueMetrics;
import dev.tollgate.server.admin.AbuseKeySuspension;
import dev.tollgate.server.admin.AlertsResource;
import dev.tollgate.core.auth.AuthFailureLimiter;
import dev.tollgate.core.auth.ClientAuthenticator;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.ledger.PricingGroups;
import dev.tollgate.server.admin.AdminRouteSummary;
import dev.tollgate.server.admin.AdminRouter;
import dev.tollgate.core.booking.UsageBooker;
import dev.tollgate.core.cache.CacheMetrics;
import dev.tollgate.core.cache.InMemoryResponseCache;
import dev.tollgate.core.cache.ResponseCache;
import dev.tollgate.core.config.ConfigLoader;
import dev.tollgate.core.config.ConfigWatcher;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.metering.TokenEstimator;
import dev.tollgate.core.observe.GatewayMetrics;
import dev.tollgate.core.observe.BodyLog;
import dev.tollgate.core.observe.tracing.OtelTracing;
import dev.tollgate.core.observe.tracing.Tracing;
import dev.tollgate.core.booking.UsageSink;
import dev.tollgate.server.export.UsageExporter;
import dev.tollgate.core.ledger.InProcessLedgerState;
import dev.tollgate.core.ledger.Ledger;
import dev.tollgate.core.ledger.LedgerDirectory;
import dev.tollgate.core.ledger.LedgerMetrics;
import dev.tollgate.core.ledger.LedgerState;
import dev.tollgate.core.pipeline.Settlement;
import dev.tollgate.server.ledger.WebhookAlerts;
import dev.tollgate.state.redis.RedisLedgerState;
import dev.tollgate.state.redis.RedisLimitState;
import dev.tollgate.core.limits.InProcessLimitState;
import dev.tollgate.core.limits.LimitMetrics;
import dev.tollgate.core.limits.RateLimiter;
import dev.tollgate.core.routing.Router;
import dev.tollgate.core.routing.RoutingState;
import dev.tollgate.core.secrets.SecretBox;
import dev.tollgate.server.config.ConfigSources;
import dev.tollgate.server.config.DatabaseConfigPoller;
import dev.tollgate.server.config.SecretKeyStartup;
import dev.tollgate.spi.Ticker;
import dev.tollgate.providers.ProviderCatalog;
import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.UsageRetention;
import dev.tollgate.state.redis.RedisBus;
import dev.tollgate.state.redis.RedisConnections;
import dev.tollgate.state.redis.RedisResponseCache;
import dev.tollgate.store.jdbc.JdbcStorage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One gateway process: wires configuration, storage, the key snapshot, usage booking, metrics and one
 * {@link GatewayVerticle} per core, and stops them in the right order. Used by {@code Main} and by tests.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final long KEY_POLL_MS = 250;
    private static final long KEY_FULL_REFRESH_MS = 60_000;
    /** Admin API changes reach every node within this plus one rebuild; well under the promised second. */
    private static final long CONFIG_POLL_MS = 250;

    private final Vertx vertx;
    private final List<GatewayVerticle> verticles;
    private final Storage storage;
    private final UsageBooker booker;
    private final ConfigWatcher watcher;
    private final DatabaseConfigPoller poller;
    private final ScheduledExecutorService background;
    private final UsageMaintenanceJob usageMaintenance;
    private final Simulator simulator;
    private final LiveConfig config;
    private final AdapterLifecycle adapterLifecycle;
    private final PrometheusMeterRegistry prometheus;
    private final int port;
    private final AdminRouter admin;
    private final ResponseCache responseCache;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Ledger ledger;
    private final WebhookAlerts alerts;
    private final RateLimiter limiter;
    private final RedisConnections redis;
    private final RedisBus bus;
    private final AtomicBoolean draining;

    private final Tracing tracing;
    private final BodyLog bodies;
    private final UsageExporter exporter;

    private Gateway(Vertx vertx, List<GatewayVerticle> verticles, Storage storage, UsageBooker booker,
                    ConfigWatcher watcher, DatabaseConfigPoller poller, ScheduledExecutorService background,
                    UsageMaintenanceJob usageMaintenance, Simulator simulator, LiveConfig config,
                    AdapterLifecycle adapterLifecycle, PrometheusMeterRegistry prometheus, int port,
                    AdminRouter admin, Ledger ledger, WebhookAlerts alerts, ResponseCache responseCache,
                    RedisConnections redis, RedisBus bus, AtomicBoolean draining, Tracing tracing,
                    UsageExporter exporter, BodyLog bodies, RateLimiter limiter) {
        this.limiter = limiter;
        this.redis = redis;
        this.bus = bus;
        this.draining = draining;
        this.bodies = bodies;
        this.tracing = tracing;
        this.exporter = exporter;
        this.ledger = ledger;
        this.alerts = alerts;
        this.vertx = vertx;
        this.verticles = verticles;
        this.storage = storage;
        this.booker = booker;
        this.watcher = watcher;
        this.poller = poller;
        this.background = background;
        this.usageMaintenance = usageMaintenance;
        this.simulator = simulator;
        this.config = config;
        this.adapterLifecycle = adapterLifecycle;
        this.prometheus = prometheus;
        this.port = port;
        this.admin = admin;
        this.responseCache = responseCache;
    }

    public static Gateway start(GatewayOptions options) {
        Clock clock = Clock.systemUTC();
        // per gateway, not per JVM: some adapters hold this gateway's access tokens
        Map<String, ProviderAdapter> adapters = ProviderCatalog.all();
        ConfigLoader loader = new ConfigLoader(options.env(), adapters);
        // the file alone names the database; the configuration served is the file merged with the database's entries
        GatewayConfig fileOnly = loader.load(options.configFile());
        SecretBox secrets = SecretBox.fromEnvironment(options.env());

        Simulator simulator = null;
        if (fileOnly.simulator().enabled()) {
            simulator = Simulator.start(SimulatorOptions.defaults().withPort(fileOnly.simulator().port()));
            log.info("provider simulator started in-process at {} (simulator.enabled in the config)",
                    simulator.baseUrl());
        }
        AdapterLifecycle adapterLifecycle = new AdapterLifecycle(adapters.values());
        LiveConfig live;
        Storage storage;
        Storage opened = null;
        ConfigSources sources;
        GatewayConfig initial;
        long configVersion;
        try {
            opened = JdbcStorage.open(fileOnly.storageUrl());
            storage = opened;
            SecretKeyStartup.verify(secrets, storage.configEntries());
            sources = new ConfigSources(options.configFile(), loader, storage.configEntries(), secrets);
            configVersion = storage.configEntries().version(); // before reading: a change in between is seen again
            initial = sources.current();
            live = new LiveConfig(initial, adapterLifecycle); // after the simulator: it may be the token endpoint
            sources.onChange(live::replace);
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            adapterLifecycle.close();
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }
        log.info("storage: {}", storage.describe());

        // before any call can settle: the spool recovers what a previous run left and starts draining it
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // export sinks get each batch right after it is booked, on the drainer's thread (they only queue it)
        UsageExporter exporter = UsageExporter.start(initial.export(), initial.tracing().serviceName(), clock,
                prometheus);
        UsageBooker booker;
        try {
            booker = openUsageBooker(fileOnly, options, storage, exporter);
        } catch (RuntimeException e) {
            exporter.close();
            storage.close();
            adapterLifecycle.close();
            if (simulator != null) {
                simulator.close();
            }
            throw e;
        }

        KeyDirectory keys = new KeyDirectory(storage.keys(), clock);
        ChangePoller keyChanges = new ChangePoller("key", storage.keys()::version, keys::refresh, KEY_FULL_REFRESH_MS);
        keyChanges.loadFirst();
        LedgerDirectory ledgerDefinitions = new LedgerDirectory(storage.ledger());
        PricingGroups pricing = new PricingGroups();
        ChangePoller ledgerChanges = new ChangePoller("ledger", storage.ledger()::version, () -> {
            ledgerDefinitions.refresh();
            pricing.refresh(storage.pricingGroups());
        }, KEY_FULL_REFRESH_MS);
        ledgerChanges.loadFirst();
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tollgate-key-refresh");
            t.setDaemon(true);
            return t;
        });
        // Keys changed on another node reach this one within a poll of the keys' change counter; a full rebuild
        // now and then as well, in case a change ever slipped past the counter (e.g. a row edited by hand).
        background.scheduleWithFixedDelay(keyChanges::poll, KEY_POLL_MS, KEY_POLL_MS, TimeUnit.MILLISECONDS);
        // budgets, billing, credits and pricing groups changed anywhere (the 'ledger' counter): same period, same thread
        background.scheduleWithFixedDelay(ledgerChanges::poll, KEY_POLL_MS, KEY_POLL_MS, TimeUnit.MILLISECONDS);

        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        Gauge.builder("tollgate_keys_loaded", keys, KeyDirectory::size)
                .description("Gateway keys in the in-memory snapshot").register(prometheus);
        Gauge.builder("tollgate_budgets_loaded", ledgerDefinitions, d -> d.get().budgetCount())
                .description("Budgets in this node's ledger definitions").register(prometheus);
        Gauge.builder("tollgate_prepaid_users_loaded", ledgerDefinitions, d -> d.get().prepaidCredits().size())
                .description("Prepaid users in this node's ledger definitions").register(prometheus);
        GatewayMetrics metrics = new GatewayMetrics(prometheus);
        metrics.usageBooking(booker);

        int cores = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores));
        // cluster mode: one Redis client for this node (ledger counters, response cache, bus); read at start
        RedisConnections redis = null;
        if (ConfigLoader.isRedisUrl(initial.stateUrl())) {
            try {
                redis = RedisConnections.open(vertx, initial.stateUrl());
            } catch (IllegalArgumentException e) {
                vertx.close();
                booker.close();
                storage.close();
                adapterLifecycle.close();
                if (simulator != null) {
                    simulator.close();
                }
                throw new dev.tollgate.core.config.ConfigException(String.valueOf(options.configFile()),
                        List.of("state.url: " + e.getMessage()));
            }
            log.info("cluster state: {}", redis.describe());
        }
        TokenEstimator estimator = new TokenEstimator();
        WebhookAlerts alerts = new WebhookAlerts(() -> live.active().config().ledger(), clock, 1_000);
        Ledger ledger = new Ledger(ledgerDefinitions, ledgerState(redis, initial, clock),
                (kind, id, from) -> vertx.executeBlocking(() -> storage.usage().chargedSince(kind, id, from), false),
                alerts, new LedgerMetrics(prometheus), clock);
        log.info("ledger state: {}", ledger.state().describe());
        RateLimiter limiter = new RateLimiter(redis != null ? new RedisLimitState(redis, initial.stateKeyPrefix()) : null,
                new InProcessLimitState(clock), new LimitMetrics(prometheus), clock);
        log.info("rate-limit state: {}", limiter.describe());
        Tracing tracing = tracing(initial.tracing());
        // request-log bodies (only for the keys and teams request_log.bodies names): redacted and written on their own thread
        BodyLog bodies = new BodyLog(storage.usage()::bookBodies, prometheus);
        AbuseMonitor abuse = new AbuseMonitor(() -> live.active().config().abuse(), clock::millis, keys,
                alert -> abuseWebhook(alerts, live.active().config(), alert),
                new AbuseKeySuspension(storage, keys, clock));
        Settlement settlement = new Settlement(booker, metrics, estimator, vertx, ledger, pricing, bodies, abuse,
                limiter);
        RoutingState routing = new RoutingState(Ticker.system());
        // calls waiting for a capped group's capacity: granted when a slot frees or a rate window rolls
        QueueMetrics queueMetrics = new QueueMetrics(prometheus);
        FairQueue queue = new FairQueue((delayNanos, task) ->
                vertx.setTimer(Math.max(1, (delayNanos + 999_999) / 1_000_000L), id -> task.run()));
        queue.onNewGroup((group, depth) -> queueMetrics.watch(queue, group));
        routing.onSlotFreed(queue::capacityFreed);
        routing.onNewDeployment(entry -> metrics.deployment(entry.model(), entry.deployment(),
                () -> routing.find(entry.model(), entry.deployment())));
        // one limiter for client and admin endpoints: a wrong key is a wrong key, whichever door it tried
        AuthFailureLimiter authFailures = new AuthFailureLimiter(
                () -> live.active().config().server().authFailuresPerMinute(), clock::millis);
        AdminRouter admin = new AdminRouter(storage, keys, options.adminKey(), clock, routing, authFailures, sources,
                ledgerDefinitions, ledger, pricing, abuse.alerts());
        ClientAuthenticator auth = new ClientAuthenticator(keys, authFailures, abuse::authFailed);
        AccountApi account = new AccountApi(auth, storage, clock,
                new AuthFailureLimiter(() -> AccountApi.WRONG_CODES_PER_MINUTE, clock::millis));
        CacheMetrics cacheMetrics = new CacheMetrics(prometheus);
        ResponseCache responseCache = openResponseCache(initial, redis, cacheMetrics);
        log.info("response cache: {} ({})", responseCache.describe(),
                initial.cache().anyEnabled() ? "in use" : "no model group caches");
        GatewayComponents components = new GatewayComponents(live, keys, auth, adapters,
                new Router(routing, ThreadLocalRandom::current), routing, settlement, metrics, prometheus, storage, admin, estimator,
                clock, ledger, pricing, account, responseCache, cacheMetrics, booker, new AtomicBoolean(), tracing,
                queue, queueMetrics, abuse, limiter,
                // cheap while unused; max_entries is read at each insertion, so a reload changes it
                new dev.tollgate.core.cache.SemanticIndex(() -> live.active().config().cache().semantic().maxEntries()));

        // the console's files are read here, not on an event loop when the first verticle starts
        log.info("web console: {}", ConsoleAssets.bundled().present() ? "/console" : "not built into this gateway");
        int port = options.portOverride() != null ? options.portOverride() : initial.server().port();
        boolean portOfOurChoosing = port == 0;
        if (portOfOurChoosing) {
            port = freePort();
        }
        List<GatewayVerticle> verticles = new ArrayList<>();
        try {
            // A port found free a moment ago can be taken before we bind it (an outgoing connection may get it
            // as its ephemeral port): when we chose it, choose again.
            for (int attempt = 1; ; attempt++) {
                try {
                    verticles = listen(vertx, components, initial.server().host(), port, cores);
                    break;
                } catch (Exception e) {
                    if (!portOfOurChoosing || attempt == 5 || !(rootCause(e) instanceof java.net.BindException)) {
                        throw e;
                    }
                    log.debug("port {} was taken before the gateway could bind it; choosing another", port);
                    port = freePort();
                }
            }
        } catch (Exception e) {
            ledger.state().close();
            limiter.close();
            alerts.close();
            responseCache.close();
            if (redis != null) {
                redis.close();
            }
            vertx.close();
            background.shutdownNow();
            booker.close();
            exporter.close();
            tracing.close();
            bodies.close();
            storage.close();
            adapterLifecycle.close();
            if (simulator != null) {
                simulator.close();
            }
            throw new IllegalStateException("the gateway could not listen on port " + port + ": " + e.getMessage(), e);
        }
        // the merge applies what it builds under its own lock, so the watcher has nothing left to hand on
        ConfigWatcher watcher = new ConfigWatcher(options.configFile(), sources::fileChanged, applied -> { })
                .start(options.reloadPeriodMs());
        DatabaseConfigPoller poller = new DatabaseConfigPoller(sources, configVersion).start(CONFIG_POLL_MS);
        RedisBus bus = redis == null ? null : clusterBus(redis, initial, admin, routing, () -> {
            // the database changed on another node: read the change counters now, not at the next poll
            poller.nudge();
            background.execute(keyChanges::poll);
            background.execute(ledgerChanges::poll);
        });
        if (bus != null) {
            Gauge.builder("tollgate_cluster_bus_subscribed", bus, b -> b.subscribed() ? 1 : 0)
                    .description("1 while this node's subscription to the cluster's Redis bus is up").register(prometheus);
        }
        log.info("Tollgate listening on http://{}:{} ({} event loops, {} models, {} providers)",
                initial.server().host(), port, cores, initial.models().size(), initial.providers().size());
        UsageMaintenanceJob usageMaintenance = new UsageMaintenanceJob(storage.usage(), () -> {
            GatewayConfig.Usage u = live.active().config().usage();
            return new UsageRetention(u.retentionDays(), u.rollupRetentionDays());
        }, clock).start();
        return new Gateway(vertx, verticles, storage, booker, watcher, poller, background, usageMaintenance, simulator,
                live, adapterLifecycle, prometheus, port, admin, ledger, alerts, responseCache, redis, bus,
                components.draining(), tracing, exporter, bodies, limiter);
    }

    /**
     * The cluster's bus (Redis pub/sub): an admin change made here is announced so that the other nodes read the
     * database at once (the 250 ms polls stay, for a lost message or a node whose subscription is down), and a
     * breaker that opens here on its own verdict opens, for its cooldown, on the nodes that route to the same
     * deployment. Publishing is fire-and-forget from the event loop: no call waits for Redis.
     */
    private static RedisBus clusterBus(RedisConnections redis, GatewayConfig config, AdminRouter admin,
                                       RoutingState routing, Runnable databaseChanged) {
        RedisBus bus = new RedisBus(redis, config.stateKeyPrefix());
        bus.on("changed", (node, body) -> databaseChanged.run());
        bus.on("breaker", (node, body) -> {
            String[] f = body.split("\t");
            if (f.length == 3) {
                routing.breakerOpenedElsewhere(f[0], f[1], Long.parseLong(f[2]) * 1_000_000L);
            }
        });
        bus.onResubscribed(databaseChanged);
        admin.onChange(() -> bus.publish("changed", ""));
        routing.onBreakerOpened((model, deployment, forNanos) ->
                bus.publish("breaker", model + "\t" + deployment + "\t" + forNanos / 1_000_000L));
        return bus.start();
    }

    /** Abuse alerts go out like budget alerts: signed, retried, to {@code abuse.webhook_url} or the ledger's. */
    private static void abuseWebhook(WebhookAlerts sender, GatewayConfig config, AbuseAlert alert) {
        AbuseSettings s = config.abuse();
        String url = s.webhookUrl() != null ? s.webhookUrl() : config.ledger().webhookUrl();
        if (url == null) {
            return;
        }
        String secret = s.webhookSecret() != null ? s.webhookSecret() : config.ledger().webhookSecret();
        sender.post(url, secret, alert.type(), delivery -> AlertsResource.describe(alert).put("delivery", delivery));
    }

    /**
     * The store chosen at start ({@code cache.store}; changing it needs a restart). The in-process store is made
     * even when no group caches yet (empty, it holds next to nothing), so that enabling a group by reload works.
     */
    private static ResponseCache openResponseCache(GatewayConfig config, RedisConnections redis, CacheMetrics metrics) {
        GatewayConfig.Cache cache = config.cache();
        if (cache.store() == GatewayConfig.Cache.Store.REDIS && redis != null) {
            return RedisResponseCache.over(redis, cache.redisKeyPrefix(), cache.maxEntryBytes());
        }
        return new InMemoryResponseCache(cache.maxBytes(), metrics);
    }

    /**
     * The usage spool's directory comes from the file alone (like the database): it must not move while the
     * process runs.
     */
    /**
     * The tracer of every call: OpenTelemetry when {@code tracing.enabled}, else {@link Tracing#OFF} (nothing is
     * created per call). Read at start.
     */
    private static Tracing tracing(GatewayConfig.Tracing t) {
        if (!t.enabled()) {
            return Tracing.OFF;
        }
        log.info("tracing: OTLP/HTTP to {} (sample ratio {})", t.otlpEndpoint(), t.sampleRatio());
        return new OtelTracing(t.otlpEndpoint(), t.sampleRatio(), t.headers(), t.serviceName(), t.exportDelayMs());
    }

    private static UsageBooker openUsageBooker(GatewayConfig fileOnly, GatewayOptions options, Storage storage,
                                               UsageExporter exporter) {
        GatewayConfig.Usage usage = fileOnly.usage();
        Path dir = usage.spoolDirectory(options.dataDir());
        UsageSink sink = !exporter.any() ? storage.usage()::book : batch -> {
            storage.usage().book(batch); // throws while the database is down: nothing is exported before it books
            exporter.booked(batch);
        };
        UsageBooker booker = UsageBooker.open(sink, dir, usage.spoolMaxBytes(), usage.spoolFsyncMs(),
                usage.onSpoolFull());
        log.info("usage spool: {} (fsync every {} ms, cap {} bytes, on full: {})", dir.toAbsolutePath(),
                usage.spoolFsyncMs(), usage.spoolMaxBytes(), usage.onSpoolFull().configName());
        return booker;
    }

    public int port() {
        return port;
    }

    /** The ledger (budgets, balances, reservations), for tests and the admin API. */
    public Ledger ledger() {
        return ledger;
    }

    /**
     * Where the ledger's counters live: Redis when {@code state.url} is a redis:// URL (shared by every node), else
     * this process. Read at start; a changed {@code state.url} takes a restart.
     */
    private static LedgerState ledgerState(RedisConnections redis, GatewayConfig config, Clock clock) {
        if (redis != null) {
            return new RedisLedgerState(redis, config.stateKeyPrefix());
        }
        return new InProcessLedgerState(clock);
    }

    /** The rate limiter, for tests. */
    public RateLimiter limiter() {
        return limiter;
    }

    public Storage storage() {
        return storage;
    }

    /** The admin API's route table, which the OpenAPI document is checked against. */
    public List<AdminRouteSummary> adminRoutes() {
        return admin.routes();
    }

    /** Usage events accepted but not yet written to the database (spooled or held in memory). */
    public long pendingUsage() {
        return booker.pending();
    }

    public String scrapeMetrics() {
        return prometheus.scrape();
    }

    /**
     * Graceful stop: stop accepting, let in-flight calls and streams finish (up to the configured grace),
     * then flush pending usage to the database and close it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long grace = config.active().config().server().shutdownGraceMs();
        long drainDelay = config.active().config().server().drainDelayMs();
        // readiness flips first; calls keep being served while the balancer notices, then new ones are refused
        draining.set(true);
        if (drainDelay > 0) {
            log.info("stopping: /health/ready answers 503 draining; still serving for {} ms", drainDelay);
            try {
                Thread.sleep(drainDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("stopping: draining in-flight calls (up to {} ms)", grace);
        watcher.close();
        poller.close();
        try {
            Future.all(verticles.stream().map(v -> v.drain(grace)).toList())
                    .await(grace + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("drain did not finish cleanly: {}", e.toString());
        }
        ledger.state().close(); // every call has settled: the drain above waited for them
        limiter.close();
        alerts.close();
        responseCache.close();
        if (bus != null) {
            bus.close();
        }
        if (redis != null) {
            redis.close();
        }
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("event loops did not stop cleanly: {}", e.toString());
        }
        background.shutdownNow();
        usageMaintenance.close();
        adapterLifecycle.close();
        tracing.close(); // every call has ended its spans: the event loops are stopped
        bodies.close();
        booker.close();
        log.info("usage flushed: {} events booked in this run", booker.booked());
        exporter.close(); // after the booker: its last batches are exported too
        storage.close();
        if (simulator != null) {
            simulator.close();
        }
        log.info("stopped");
    }

    /** One verticle per core on the port; if any fails, those that started are undeployed and the error thrown. */
    private static List<GatewayVerticle> listen(Vertx vertx, GatewayComponents components, String host, int port,
                                                int cores) throws Exception {
        List<GatewayVerticle> verticles = new ArrayList<>();
        List<Future<String>> deployed = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            GatewayVerticle v = new GatewayVerticle(components, host, port);
            verticles.add(v);
            deployed.add(vertx.deployVerticle(v, new DeploymentOptions()));
        }
        try {
            Future.join(deployed).await(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the first failure is thrown below, once every deployment has settled
        }
        for (Future<String> d : deployed) {
            if (d.failed()) {
                for (Future<String> ok : deployed) {
                    if (ok.succeeded()) {
                        vertx.undeploy(ok.result()).await(10, TimeUnit.SECONDS);
                    }
                }
                throw d.cause() instanceof Exception e ? e : new IllegalStateException(d.cause());
            }
        }
        return verticles;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
