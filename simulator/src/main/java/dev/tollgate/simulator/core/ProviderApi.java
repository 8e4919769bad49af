package dev.tollgate.simulator.core;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;

/**
 * One provider's wire format, serving that provider's real paths so that an adapter pointed at the
 * simulator keeps its production URL shape.
 */
public interface ProviderApi {

  /** The handler for a request, or {@code null} when the path is not this provider's. */
  Handler<Exchange> route(HttpMethod method, String path);
}
