package dev.tollgate.core.guardrails;

/**
 * A policy check on calls. Two kinds: {@link Local} ones compute their verdict in-process (CPU only, bounded by
 * the text they are shown), {@link Remote} ones ask another service and answer later. Instances are built once
 * per configuration snapshot and shared by every event loop, so they must be thread-safe.
 */
public sealed interface Guardrail permits Guardrail.Local, Guardrail.Remote {

    /** A CPU-only check; the runner calls it inline for small inputs and on a worker thread for large ones. */
    non-sealed interface Local extends Guardrail {
        Verdict evaluate(Check check);
    }

    /** A check that waits on I/O: must not block, completes its future on the caller's event loop or any thread. */
    non-sealed interface Remote extends Guardrail {
        io.vertx.core.Future<Verdict> evaluate(Check check, GuardrailContext context);
    }
}
