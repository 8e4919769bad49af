package dev.tollgate.server;

import dev.tollgate.core.auth.ClientAuthenticator;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.booking.UsageBooker;
import dev.tollgate.core.cache.CacheMetrics;
import dev.tollgate.core.cache.ResponseCache;
import dev.tollgate.server.admin.AdminRouter;
import dev.tollgate.core.ledger.ChargeRule;
import dev.tollgate.core.ledger.Ledger;
import dev.tollgate.core.metering.TokenEstimator;
import dev.tollgate.core.observe.GatewayMetrics;
import dev.tollgate.core.pipeline.Settlement;
import dev.tollgate.core.routing.Router;
import dev.tollgate.core.routing.RoutingState;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.store.Storage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.util.Map;

/** The process-wide parts every event loop shares. All thread-safe. */
record GatewayComponents(
        LiveConfig config,
        KeyDirectory keys,
        ClientAuthenticator auth,
        Map<String, ProviderAdapter> adapters,
        Router router,
        RoutingState routing,
        Settlement settlement,
        GatewayMetrics metrics,
        PrometheusMeterRegistry prometheus,
        Storage storage,
        AdminRouter admin,
        TokenEstimator estimator,
        Clock clock,
        Ledger ledger,
        ChargeRule chargeRule,
        AccountApi account,
        ResponseCache responseCache,
        CacheMetrics cacheMetrics,
        UsageBooker booker,
        /* set once a graceful stop began: /health/ready answers 503 draining while calls are still served */
        java.util.concurrent.atomic.AtomicBoolean draining,
        dev.tollgate.core.observe.tracing.Tracing tracing,
        dev.tollgate.core.queue.CapacityQueue queue,
        dev.tollgate.core.queue.QueueMetrics queueMetrics,
        dev.tollgate.core.abuse.AbuseMonitor abuse,
        dev.tollgate.core.limits.RateLimiter limiter,
        /* the semantic cache's vectors, per node (docs/caching.md#semantic-cache) */
        dev.tollgate.core.cache.SemanticIndex semanticIndex) {
}
