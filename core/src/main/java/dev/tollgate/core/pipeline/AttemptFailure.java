package dev.tollgate.core.pipeline;

import dev.tollgate.core.routing.Route;

/**
 * Why one upstream attempt failed before any byte reached the client, and what the client would see if no
 * further attempt is made.
 *
 * @param verdict         what it says about the deployment and key; null when the upstream was never asked
 * @param retryable       another attempt (another deployment or key, or later) may succeed
 * @param retryAfterNanos how long the upstream asked us to wait, 0 if it did not say
 * @param fallback        which special fallback list applies, if any
 */
record AttemptFailure(GatewayError clientError, Route.Verdict verdict, boolean retryable, long retryAfterNanos,
                      Fallback fallback) {

    enum Fallback { NONE, CONTEXT_WINDOW, CONTENT_POLICY }

    static AttemptFailure retryable(GatewayError error, Route.Verdict verdict, long retryAfterNanos) {
        return new AttemptFailure(error, verdict, true, retryAfterNanos, Fallback.NONE);
    }

    static AttemptFailure terminal(GatewayError error, Route.Verdict verdict) {
        return new AttemptFailure(error, verdict, false, 0, Fallback.NONE);
    }
}
