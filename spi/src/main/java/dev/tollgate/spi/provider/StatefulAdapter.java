package dev.tollgate.spi.provider;

import java.util.List;
import java.util.function.Consumer;

/**
 * An adapter that keeps state per configured provider alive in the background: OAuth access tokens that are
 * fetched and refreshed off the event loops, so that {@link #target} only reads what is already there and never
 * blocks. The gateway tells it about every configuration before putting that configuration in force, and closes
 * it when it stops. Neither call is made on an event loop; both may block for a bounded time.
 */
public interface StatefulAdapter extends ProviderAdapter, AutoCloseable {

    /**
     * The providers of this adapter's type in the configuration about to take force (all of them, each time):
     * starts what new ones need, keeps what unchanged ones already have and stops what is no longer configured.
     * Returns once the first attempt for each new credential has succeeded or failed, or a bounded wait passed.
     *
     * @param secrets told every secret value the adapter comes to hold that is not a configured key (an access
     *                token, a private key taken out of a key file), so that logs can mask it; may be called from
     *                any thread, at any time until {@link #close}
     */
    void configure(List<ProviderSettings> providers, Consumer<String> secrets);

    /** Stops background work; {@link #target} fails with {@link CredentialsUnavailableException} afterwards. */
    @Override
    void close();
}
