package dev.tollgate.server;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.pipeline.ActiveConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in force. Swapped whole on reload; a call reads it once and keeps that snapshot.
 * Settings that need a restart (storage, listen address) are reported, not applied. Thread-safe.
 */
final class LiveConfig {

    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

    private final AdapterLifecycle adapters;
    private volatile ActiveConfig active;

    LiveConfig(GatewayConfig initial, AdapterLifecycle adapters) {
        this.adapters = adapters;
        SecretRedaction.register(initial);
        adapters.prepare(initial);
        this.active = ActiveConfig.of(initial);
    }

    ActiveConfig active() {
        return active;
    }

    void replace(GatewayConfig next) {
        GatewayConfig current = active.config();
        if (!next.storageUrl().equals(current.storageUrl()) || !next.server().host().equals(current.server().host())
                || next.server().port() != current.server().port() || !next.simulator().equals(current.simulator())) {
            log.warn("storage.url, server.host, server.port and simulator change only on restart; "
                    + "the rest of the new configuration is applied now");
        }
        GatewayConfig.Cache was = current.cache();
        GatewayConfig.Cache now = next.cache();
        if (was.store() != now.store() || was.maxBytes() != now.maxBytes()
                || !was.redisKeyPrefix().equals(now.redisKeyPrefix()) || !next.stateUrl().equals(current.stateUrl())) {
            log.warn("cache.store, cache.max_bytes, cache.redis_key_prefix and state.url change only on restart; "
                    + "the cache's other settings are applied now");
        }
        SecretRedaction.register(next);
        adapters.prepare(next); // tokens for new providers first, so that their first calls find one
        active = ActiveConfig.of(next);
    }
}
