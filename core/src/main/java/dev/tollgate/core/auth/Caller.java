package dev.tollgate.core.auth;

/** The authenticated identity behind a call, as the rest of the pipeline sees it. Immutable. */
public record Caller(String keyId, String keyPrefix, String teamId, String userId, ModelAccess models) {
}
