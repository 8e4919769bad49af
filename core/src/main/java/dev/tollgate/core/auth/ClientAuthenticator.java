package dev.tollgate.core.auth;

/**
 * Authenticates a client call: first the address's failure allowance (so a locked-out address costs no hash),
 * then the key snapshot; a wrong key counts against the address. The one entry point for every client
 * endpoint. Thread-safe.
 */
public final class ClientAuthenticator {

    private final KeyDirectory keys;
    private final AuthFailureLimiter failures;

    public ClientAuthenticator(KeyDirectory keys, AuthFailureLimiter failures) {
        this.keys = keys;
        this.failures = failures;
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
        }
        return result;
    }
}
