package dev.tollgate.providers.auth;

/** A token could not be obtained. The message says why and is safe to log: it never quotes a secret. */
public final class TokenFetchException extends Exception {

    public TokenFetchException(String message) {
        super(message, null, false, false);
    }
}
