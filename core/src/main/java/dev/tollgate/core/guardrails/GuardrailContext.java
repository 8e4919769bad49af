package dev.tollgate.core.guardrails;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

import java.util.function.IntSupplier;

/**
 * What remote guardrails may use, per event loop: the loop's Vert.x, an HTTP client of its own, and the
 * gateway's own port (the moderation guardrail calls a model through the gateway itself).
 */
public record GuardrailContext(Vertx vertx, HttpClient http, IntSupplier gatewayPort) {
}
