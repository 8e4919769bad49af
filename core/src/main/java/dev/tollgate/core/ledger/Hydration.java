package dev.tollgate.core.ledger;

import io.vertx.core.Future;

import java.time.Instant;

/** The database's view of a counter that the state lost: what a scope was charged since a time. Off the event loop. */
@FunctionalInterface
public interface Hydration {

    Future<Long> chargedSince(String scopeKind, String scopeId, Instant from);
}
