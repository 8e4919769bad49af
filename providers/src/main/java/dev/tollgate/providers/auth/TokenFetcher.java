package dev.tollgate.providers.auth;

/** Obtains a fresh access token for one credential. Blocks; only ever called on a refresher thread. */
@FunctionalInterface
public interface TokenFetcher {

    AccessToken fetch() throws TokenFetchException;
}
