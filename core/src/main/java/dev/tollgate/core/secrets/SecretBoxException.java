package dev.tollgate.core.secrets;

/**
 * A stored secret cannot be opened or the configured keys do not fit the database. Messages name key ids and
 * the problem, never key material or plaintext.
 */
public final class SecretBoxException extends RuntimeException {

    public SecretBoxException(String message) {
        super(message);
    }
}
