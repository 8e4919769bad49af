package dev.tollgate.server;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.StatefulAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;

/**
 * Keeps the {@link StatefulAdapter}s (Vertex AI, Azure with Entra ID) in step with the configuration: each is
 * shown its providers before a configuration takes force, so that their access tokens are there when the first
 * call needs them, and closed when the gateway stops. Every secret they come to hold goes to the log redaction.
 */
final class AdapterLifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdapterLifecycle.class);

    private final List<StatefulAdapter> adapters;

    AdapterLifecycle(Collection<ProviderAdapter> all) {
        this.adapters = all.stream().filter(StatefulAdapter.class::isInstance).map(StatefulAdapter.class::cast)
                .toList();
    }

    /** Blocks until the new credentials' first tokens are in or failed (bounded); never on an event loop. */
    void prepare(GatewayConfig config) {
        for (StatefulAdapter adapter : adapters) {
            List<ProviderSettings> providers = config.providers().values().stream()
                    .filter(p -> p.type().equals(adapter.type())).toList();
            adapter.configure(providers, SecretRedaction::registerIssued);
        }
    }

    @Override
    public void close() {
        for (StatefulAdapter adapter : adapters) {
            try {
                adapter.close();
            } catch (RuntimeException e) {
                log.warn("adapter {} did not stop cleanly: {}", adapter.type(), e.toString());
            }
        }
    }
}
