package dev.tollgate.providers.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An OAuth 2.0 access token and when it stops being accepted. Its printed form leaves the value out.
 *
 * @param value     what goes after {@code Bearer }
 * @param expiresAt computed from the token endpoint's {@code expires_in} when the answer arrived
 */
public record AccessToken(String value, Instant expiresAt) {

    public AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AccessToken[****, expiresAt=" + expiresAt + "]";
    }
}
