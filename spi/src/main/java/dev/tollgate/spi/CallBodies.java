package dev.tollgate.spi;

import java.time.Instant;

/**
 * The bodies of one call as the request log keeps them (only for keys and teams that have body logging on): the
 * request and the answer (for a stream, the text generated), both already redacted and cut to the configured size.
 *
 * @param response  null when no answer came
 * @param truncated true when either body was cut at the configured size
 */
public record CallBodies(String requestId, Instant startedAt, String request, String response, boolean truncated) {
}
