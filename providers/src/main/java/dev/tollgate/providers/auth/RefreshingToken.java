package dev.tollgate.providers.auth;

import dev.tollgate.spi.provider.CredentialsUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The access token of one credential and the policy that keeps it fresh: fetched again once 80% of its lifetime
 * has passed, so that a slow or failing token endpoint has the remaining fifth of the lifetime to recover in;
 * a failed fetch is tried again after 1, 2, 4 … 60 seconds. {@link #current} is read on event loops and never
 * blocks; {@link #refresh} runs on a refresher thread, one at a time per token.
 */
public final class RefreshingToken {

    static final double REFRESH_AT = 0.8;
    static final Duration MIN_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);
    /** A token this close to its expiry is not sent: it could expire while the upstream checks it. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    private final String label;
    private final TokenFetcher fetcher;
    private final Clock clock;
    private final Consumer<String> secrets;
    private volatile AccessToken token;
    private volatile String lastFailure;
    private int failures; // refresher thread only

    /**
     * @param label   names the credential in messages, e.g. {@code provider 'vertex', key 1}; never a secret
     * @param secrets told each new token before it can be used, so that logs mask it
     */
    public RefreshingToken(String label, TokenFetcher fetcher, Clock clock, Consumer<String> secrets) {
        this.label = label;
        this.fetcher = fetcher;
        this.clock = clock;
        this.secrets = secrets;
    }

    public String label() {
        return label;
    }

    /**
     * The token to send now.
     *
     * @throws CredentialsUnavailableException when there is none yet, or it expired while fetches kept failing
     */
    public String current() {
        AccessToken t = token;
        if (t != null && clock.instant().isBefore(t.expiresAt().minus(EXPIRY_MARGIN))) {
            return t.value();
        }
        String failure = lastFailure;
        throw new CredentialsUnavailableException(label + ": " + (t == null ? "no access token yet" : "the access token expired")
                + (failure == null ? "" : " (last attempt: " + failure + ")"));
    }

    /** Why the last fetch failed, or null when it succeeded (or none finished yet). */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Fetches a new token (blocking) and says how long to wait before the next fetch: 80% of the new token's
     * lifetime, or the backoff after a failure (a token still held stays in use until its expiry).
     */
    public Duration refresh() {
        Instant started = clock.instant();
        try {
            AccessToken fresh = fetcher.fetch();
            secrets.accept(fresh.value());
            token = fresh;
            lastFailure = null;
            failures = 0;
            Duration lifetime = Duration.between(started, fresh.expiresAt());
            return atLeastMin(Duration.ofMillis((long) (lifetime.toMillis() * REFRESH_AT)));
        } catch (TokenFetchException | RuntimeException e) {
            // a bug's message might quote what it choked on, so only its type is kept
            lastFailure = e instanceof TokenFetchException ? e.getMessage() : "unexpected " + e.getClass().getSimpleName();
            failures++;
            Duration backoff = MIN_DELAY.multipliedBy(1L << Math.min(failures - 1, 6));
            return backoff.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff;
        }
    }

    private static Duration atLeastMin(Duration d) {
        return d.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : d;
    }
}
