package dev.tollgate.core.observe.tracing;

import io.vertx.core.http.RequestOptions;

/**
 * The trace of one upstream attempt (an OpenTelemetry CLIENT span when tracing is on); {@link #NONE} does nothing
 * and is what every attempt holds while tracing is off. Event-loop only.
 */
public class AttemptSpan {

    public static final AttemptSpan NONE = new AttemptSpan();

    protected AttemptSpan() {
    }

    /** Puts the W3C trace context ({@code traceparent}, {@code tracestate}) of this span into the upstream request. */
    public void inject(RequestOptions request) {
    }

    /** Where the attempt goes ({@code server.address}, {@code server.port}). */
    public void target(String url) {
    }

    /** The upstream answered with this HTTP status. */
    public void status(int status) {
    }

    /** The attempt failed before any byte reached the client; {@code errorType} says how (error.type). */
    public void failed(String errorType) {
    }

    /** The attempt is over (it served the call, lost a hedge race, or the call ended); ends the span once. */
    public void end() {
    }
}
