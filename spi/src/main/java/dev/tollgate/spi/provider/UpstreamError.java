package dev.tollgate.spi.provider;

/**
 * What an upstream error means for the gateway, independent of the provider's wire format.
 *
 * @param message a human-readable reason, already free of anything secret
 */
public record UpstreamError(Kind kind, int upstreamStatus, String message) {

    public enum Kind {
        /** The caller's request is wrong (400, 404, 422): pass it back, retrying will not help. */
        INVALID_REQUEST,
        /** The upstream rejected our credentials (401, 403): a gateway configuration problem. */
        AUTHENTICATION,
        /** The upstream is rate limiting us (429). */
        RATE_LIMITED,
        /** The upstream is overloaded or down (5xx). */
        UNAVAILABLE
    }
}
