package dev.tollgate.core.pipeline;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.provider.ProviderAdapter;

/**
 * What one attempt asks of its upstream. Every call has two endpoints, and this is where they part:
 * <ul>
 *   <li>the client's endpoint ({@link Exchange#endpoint}) is what the client called. It is booked, labelled in
 *       metrics and logged as it is, whichever upstream serves the call: {@code /v1/messages} and
 *       {@code /v1/responses} are their own endpoints even when they end up as chat;</li>
 *   <li>the upstream operation is what the adapter is asked for ({@link ProviderAdapter#supports},
 *       {@link ProviderAdapter#target}, {@code TranslatingAdapter.newTranslation}): the client's endpoint itself
 *       when the upstream speaks the client's API, so the client's bytes pass through with the model rewritten;
 *       otherwise the endpoint's canonical form ({@link Endpoint#canonical()}: chat for Messages and Responses),
 *       into which the call is translated.</li>
 * </ul>
 * A pure function of the call and the adapter rather than state on the attempt, so every stage that asks about
 * one attempt gets the same answer. Stateless.
 */
final class UpstreamOperation {

    private UpstreamOperation() {
    }

    /** Whether the client's bytes go to this upstream as they are (the fast path) rather than translated. */
    static boolean passesThrough(Exchange ex, ProviderAdapter adapter) {
        Endpoint called = ex.endpoint;
        // A surface in another API (Messages, Responses) passes through where the adapter declares that API; OpenAI's
        // own endpoints, the canonical form, wherever the upstream speaks the client's format.
        return called != called.canonical() ? adapter.supports(called) : adapter.wireFormat() == ex.dialect.wireFormat();
    }

    /** The operation the upstream is asked for. */
    static Endpoint of(Exchange ex, ProviderAdapter adapter) {
        return passesThrough(ex, adapter) ? ex.endpoint : ex.endpoint.canonical();
    }
}
