package dev.tollgate.core.guardrails;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the guardrails of one hook in order: each sees the texts as the ones before it left them (a redaction
 * is what a webhook after it is shown); the first block ends the run. A guardrail that fails or runs out of time
 * is passed over (fail open) or ends the run as a refusal (fail closed). Local checks run inline when their input
 * is small, on a worker thread otherwise, so that a regex over a megabyte prompt never holds an event loop; with
 * only inline checks the whole run completes before {@link #run} returns. Event-loop only; stateless.
 */
public final class GuardrailRunner {

    /**
     * Inputs up to this many chars are checked inline. Measured (docs/guardrails.md, on the shared 2-core build
     * machine, prose with digits and no e-mail address): the PII detector, a ten-word deny list and the injection
     * heuristic take about 0.11–0.17 ms per KB of text each, linearly (32 KB: 3.5, 4.0 and 3.6 ms). 2 KB keeps a
     * typical chat prompt and a stream checkpoint inline at well under 1 ms for all three; anything larger goes to
     * a worker, whose hop costs far less than the scan would hold the event loop.
     */
    public static final long INLINE_CHARS = 2 * 1024;

    /** One verdict as it happened: for metrics, the access log and the call's summary. */
    public record Ran(String guardrail, Hook hook, String decision, long nanos, String reason) {
    }

    /**
     * How a run ended.
     *
     * @param texts        the texts after every mutation
     * @param restore      placeholder → original, from the mutations that asked for it
     * @param blockedBy    the guardrail that refused the call, or null
     * @param reason       why (a block's reason, or the error of a guardrail failing closed)
     * @param failedClosed the refusal came from a guardrail that failed, not from a verdict
     */
    public record Outcome(List<String> texts, Map<String, String> restore, String blockedBy, String reason,
                          boolean failedClosed) {
        public boolean allowed() {
            return blockedBy == null;
        }

        public boolean mutated(List<String> original) {
            return !texts.equals(original);
        }
    }

    private final Vertx vertx;

    public GuardrailRunner(Vertx vertx) {
        this.vertx = vertx;
    }

    public Future<Outcome> run(List<GuardrailDefinition> definitions, Check check, GuardrailContext context,
                               Consumer<Ran> onVerdict) {
        Promise<Outcome> done = Promise.promise();
        step(definitions, 0, check, new LinkedHashMap<>(), context, onVerdict, done);
        return done.future();
    }

    private void step(List<GuardrailDefinition> definitions, int from, Check check, Map<String, String> restore,
                      GuardrailContext context, Consumer<Ran> onVerdict, Promise<Outcome> done) {
        Check current = check;
        for (int i = from; i < definitions.size(); i++) {
            GuardrailDefinition d = definitions.get(i);
            if (!d.runs(current.hook())) {
                continue;
            }
            long start = System.nanoTime();
            Future<Verdict> verdict = evaluate(d, current, context);
            if (!verdict.isComplete()) {
                int next = i + 1;
                Check shown = current;
                verdict.onComplete(r -> {
                    Check after = apply(d, shown, r.succeeded() ? r.result() : null, r.cause(), start, restore,
                            onVerdict, done);
                    if (after != null) {
                        step(definitions, next, after, restore, context, onVerdict, done);
                    }
                });
                return;
            }
            current = apply(d, current, verdict.succeeded() ? verdict.result() : null, verdict.cause(), start, restore,
                    onVerdict, done);
            if (current == null) {
                return;
            }
        }
        done.complete(new Outcome(current.texts(), restore, null, null, false));
    }

    /** Records the verdict; returns the check the next guardrail sees, or null when the run ended here. */
    private static Check apply(GuardrailDefinition d, Check shown, Verdict verdict, Throwable error, long start,
                               Map<String, String> restore, Consumer<Ran> onVerdict, Promise<Outcome> done) {
        long nanos = System.nanoTime() - start;
        if (verdict == null) {
            String why = error instanceof TimeoutException ? "timed out after " + d.timeoutMs() + " ms"
                    : String.valueOf(error != null ? error.getMessage() : "no verdict");
            onVerdict.accept(new Ran(d.name(), shown.hook(), d.failOpen() ? "error_open" : "error_closed", nanos, why));
            if (d.failOpen()) {
                return shown;
            }
            done.complete(new Outcome(shown.texts(), restore, d.name(), why, true));
            return null;
        }
        switch (verdict) {
            case Verdict.Block b -> {
                onVerdict.accept(new Ran(d.name(), shown.hook(), b.label(), nanos, b.reason()));
                done.complete(new Outcome(shown.texts(), restore, d.name(), b.reason(), false));
                return null;
            }
            case Verdict.Mutate m -> {
                onVerdict.accept(new Ran(d.name(), shown.hook(), m.label(), nanos, null));
                restore.putAll(m.restore());
                return new Check(shown.hook(), shown.endpoint(), shown.model(), shown.requestId(), m.texts(),
                        shown.maxTokens(), shown.complete());
            }
            case Verdict.Allow a -> {
                onVerdict.accept(new Ran(d.name(), shown.hook(), a.label(), nanos, null));
                return shown;
            }
        }
    }

    private Future<Verdict> evaluate(GuardrailDefinition d, Check check, GuardrailContext context) {
        try {
            return switch (d.guardrail()) {
                case Guardrail.Local local -> check.chars() <= INLINE_CHARS
                        ? Future.succeededFuture(local.evaluate(check))
                        : withTimeout(vertx.executeBlocking(() -> local.evaluate(check), false), d.timeoutMs());
                case Guardrail.Remote remote -> withTimeout(remote.evaluate(check, context), d.timeoutMs());
            };
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Verdict> withTimeout(Future<Verdict> verdict, long timeoutMs) {
        if (verdict.isComplete()) {
            return verdict;
        }
        Promise<Verdict> first = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, id -> first.tryFail(new TimeoutException()));
        verdict.onComplete(r -> {
            vertx.cancelTimer(timer);
            if (r.succeeded()) {
                first.tryComplete(r.result());
            } else {
                first.tryFail(r.cause());
            }
        });
        return first.future();
    }
}
