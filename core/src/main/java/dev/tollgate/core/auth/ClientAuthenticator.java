package dev.tollgate.core.auth;

/**
 * Authenticates a client call: first the address's failure allowance (so a locked-out address costs no hash),
 * then the key snapshot; a wrong key counts against the address. The one entry point for every client
 * endpoint. Thread-safe.
 */
public final class ClientAuthenticator {

    private final KeyDirectory keys;
    private final AuthFailureLimiter failures;
    private final java.util.function.BiConsumer<String, String> onWrongKey;

    public ClientAuthenticator(KeyDirectory keys, AuthFailureLimiter failures) {
        this(keys, failures, (ip, key) -> { });
    }

    /** @param onWrongKey told (client address, presented key) of every wrong key: abuse detection's burst alerts */
    public ClientAuthenticator(KeyDirectory keys, AuthFailureLimiter failures,
                               java.util.function.BiConsumer<String, String> onWrongKey) {
        this.keys = keys;
        this.failures = failures;
        this.onWrongKey = onWrongKey;
    }

    public KeyDirectory.Result authenticate(String presentedKey, String clientIp) {
        long retryAfter = failures.retryAfterSeconds(clientIp);
        if (retryAfter > 0) {
            return KeyDirectory.Result.throttled(retryAfter);
        }
        KeyDirectory.Result result = keys.authenticate(presentedKey, clientIp);
        // only guesses count: a missing key guesses nothing, and an expired or disabled key is genuine
        if (result.failure() == KeyDirectory.Failure.INVALID) {
            failures.recordFailure(clientIp);
            onWrongKey.accept(clientIp, presentedKey);
        }
        return result;
    }
}
