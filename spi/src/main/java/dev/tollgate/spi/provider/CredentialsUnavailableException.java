package dev.tollgate.spi.provider;

/**
 * Thrown by {@link ProviderAdapter#target} when the credentials for the key cannot be had right now (an access
 * token not obtained yet, or past its expiry because the token endpoint keeps failing). The gateway answers the
 * attempt with a 502 without calling the upstream. The message says why and is safe to log: it never holds a
 * secret.
 */
public final class CredentialsUnavailableException extends RuntimeException {

    public CredentialsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
