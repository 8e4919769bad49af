package dev.tollgate.providers.auth;

import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.CredentialsUnavailableException;
import dev.tollgate.spi.provider.ProviderSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The access tokens of one adapter's providers, one per (provider, key), each refreshed on a small pool of
 * daemon threads of its own. {@link #configure} follows the configuration: new credentials get a token, unchanged
 * ones keep theirs, dropped ones stop. {@link #token} is what the adapter's {@code target} calls on an event loop:
 * a map look-up and a volatile read.
 */
public final class ProviderTokens implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProviderTokens.class);
    /** How long {@link #configure} waits for the first fetches: as long as one fetch may take, and a little. */
    static final Duration FIRST_FETCH_WAIT = TokenEndpoint.TIMEOUT.plusSeconds(5);

    /** Makes the fetcher for one key of a provider, or returns null when that provider needs no token. */
    @FunctionalInterface
    public interface FetcherFactory {
        /**
         * @param secrets told secret values met while building the fetcher (a private key from the key file)
         * @throws IllegalArgumentException when the key cannot be used (the configuration was checked already)
         */
        TokenFetcher create(ProviderSettings provider, Secret key, Consumer<String> secrets);
    }

    /** A token's identity: what its provider is called and everything that may change how it is obtained. */
    private record Credential(String provider, Map<String, String> options, Secret key) {
    }

    private static final class Entry {
        final RefreshingToken token;
        final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
        volatile ScheduledFuture<?> next;
        volatile boolean stopped;

        Entry(RefreshingToken token) {
            this.token = token;
        }
    }

    private final String name;
    private final FetcherFactory factory;
    private final Clock clock;
    private volatile Map<Credential, Entry> entries = Map.of();
    private ScheduledThreadPoolExecutor executor; // guarded by this
    private boolean closed; // guarded by this

    /** @param name names the refresher threads, e.g. {@code vertex} */
    public ProviderTokens(String name, FetcherFactory factory, Clock clock) {
        this.name = name;
        this.factory = factory;
        this.clock = clock;
    }

    /**
     * Follows a new configuration (the providers of this adapter's type). Blocks until each new credential's first
     * fetch has finished, or {@link #FIRST_FETCH_WAIT} passed; never call it on an event loop.
     */
    public void configure(List<ProviderSettings> providers, Consumer<String> secrets) {
        List<Entry> started = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Map<Credential, Entry> previous = entries;
            Map<Credential, Entry> next = new HashMap<>();
            for (ProviderSettings provider : providers) {
                for (int i = 0; i < provider.keys().size(); i++) {
                    Secret key = provider.keys().get(i);
                    Credential credential = new Credential(provider.name(), provider.options(), key);
                    Entry kept = previous.get(credential);
                    if (kept != null) {
                        next.put(credential, kept);
                        continue;
                    }
                    TokenFetcher fetcher = factory.create(provider, key, secrets);
                    if (fetcher == null) {
                        continue;
                    }
                    String label = "provider '" + provider.name() + "', key " + (i + 1);
                    Entry entry = new Entry(new RefreshingToken(label, fetcher, clock, secrets));
                    next.put(credential, entry);
                    started.add(entry);
                }
            }
            previous.forEach((credential, entry) -> {
                if (!next.containsKey(credential)) {
                    stop(entry);
                }
            });
            entries = Map.copyOf(next);
            started.forEach(entry -> schedule(entry, Duration.ZERO));
        }
        awaitFirstAttempts(started);
    }

    /**
     * The access token to send for this key of this provider now. Never blocks.
     *
     * @throws CredentialsUnavailableException when there is none to send (never fetched, or expired while the
     *                                         token endpoint keeps failing), saying why
     */
    public String token(ProviderSettings provider, Secret key) {
        Entry entry = entries.get(new Credential(provider.name(), provider.options(), key));
        if (entry == null) {
            throw new CredentialsUnavailableException("provider '" + provider.name()
                    + "': no access token is kept for this key (its configuration is not in force)");
        }
        return entry.token.current();
    }

    /** Stops every refresh; later {@link #token} calls fail. */
    @Override
    public synchronized void close() {
        closed = true;
        entries.values().forEach(ProviderTokens::stop);
        entries = Map.of();
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void schedule(Entry entry, Duration delay) {
        ScheduledThreadPoolExecutor pool = executor();
        if (pool == null || entry.stopped) {
            return;
        }
        entry.next = pool.schedule(() -> refresh(entry), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh(Entry entry) {
        if (entry.stopped) {
            return;
        }
        Duration next = entry.token.refresh();
        String failure = entry.token.lastFailure();
        if (failure != null) {
            log.warn("could not obtain an access token for {}: {}; trying again in {} s", entry.token.label(), failure,
                    next.toSeconds());
        } else {
            log.debug("new access token for {}; next refresh in {} s", entry.token.label(), next.toSeconds());
        }
        entry.firstAttempt.complete(null);
        synchronized (this) {
            if (!closed) {
                schedule(entry, next);
            }
        }
    }

    private synchronized ScheduledThreadPoolExecutor executor() {
        if (closed) {
            return null;
        }
        if (executor == null) {
            AtomicInteger n = new AtomicInteger();
            // Two threads: one token endpoint hanging until its timeout does not hold up every other credential.
            executor = new ScheduledThreadPoolExecutor(2, r -> {
                Thread t = new Thread(r, "tollgate-" + name + "-tokens-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
        }
        return executor;
    }

    private static void stop(Entry entry) {
        entry.stopped = true;
        ScheduledFuture<?> next = entry.next;
        if (next != null) {
            next.cancel(false);
        }
        entry.firstAttempt.complete(null);
    }

    private static void awaitFirstAttempts(List<Entry> started) {
        if (started.isEmpty()) {
            return;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(
                started.stream().map(e -> e.firstAttempt).toArray(CompletableFuture[]::new));
        try {
            all.get(FIRST_FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("access tokens still on their way after {} s; calls needing them fail until they arrive",
                    FIRST_FETCH_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // firstAttempt only ever completes normally
        }
    }
}
