package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.guardrails.AnswerTexts;
import dev.tollgate.core.guardrails.Check;
import dev.tollgate.core.guardrails.GuardrailContext;
import dev.tollgate.core.guardrails.GuardrailDefinition;
import dev.tollgate.core.guardrails.GuardrailRunner;
import dev.tollgate.core.guardrails.Hook;
import dev.tollgate.core.guardrails.Placeholders;
import dev.tollgate.core.guardrails.RequestTexts;
import dev.tollgate.core.observe.GatewayMetrics;
import dev.tollgate.core.openai.ByteView;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.openai.RequestSniffer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The guardrails stage: pre-call checks after authorize (the request is bound to JSON only here, and rewritten
 * only when a guardrail mutated it), post-call checks on buffered answers before they are sent, and the stream
 * wrapper ({@link StreamGuard}) that checks a stream at checkpoints. A call with no guardrail attached never
 * gets here. Per event loop.
 */
public final class GuardStage {

    private static final Logger log = LoggerFactory.getLogger(GuardStage.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GuardrailRunner runner;
    private final GuardrailContext context;
    private final GatewayMetrics metrics;
    private final RequestSniffer sniffer = new RequestSniffer();

    /** This event loop's client and the gateway's own port (the semantic cache embeds through it too). */
    GuardrailContext context() {
        return context;
    }

    public GuardStage(Vertx vertx, GuardrailContext context, GatewayMetrics metrics) {
        this.runner = new GuardrailRunner(vertx);
        this.context = context;
        this.metrics = metrics;
    }

    /** The pre-call checks; {@code proceed} runs when the call may go on (possibly with a rewritten body). */
    void pre(Exchange ex, HttpServerRequest req, List<GuardrailDefinition> applicable, Settlement settlement,
             Runnable proceed) {
        ex.guard = new GuardedCall(applicable);
        if (!ex.guard.pre) {
            proceed.run();
            return;
        }
        ObjectNode tree;
        try {
            JsonNode parsed = JSON.readTree(ex.body.array(), ex.body.offset(), ex.body.length());
            if (!(parsed instanceof ObjectNode object)) {
                throw new IOException("not an object");
            }
            tree = object;
        } catch (IOException e) {
            settlement.reject(ex, req, GatewayError.invalidRequest("The request body is not a JSON object.", null));
            return;
        }
        RequestTexts texts = RequestTexts.of(tree);
        List<String> original = texts.values();
        Check check = new Check(Hook.PRE, ex.endpoint, ex.primaryGroup.name(), ex.requestId, original,
                RequestTexts.maxTokens(tree), true);
        runner.run(applicable, check, context, ran -> record(ex, ran)).onComplete(done -> {
            if (ex.finished) {
                return;
            }
            GuardrailRunner.Outcome outcome = done.result();
            if (!outcome.allowed()) {
                settlement.reject(ex, req, refusal(outcome));
                return;
            }
            if (outcome.mutated(original)) {
                texts.replace(outcome.texts());
                try {
                    ex.body = ByteView.of(Buffer.buffer(JSON.writeValueAsBytes(tree)));
                    ex.facts = sniffer.sniff(ex.body);
                } catch (IOException | MalformedRequestException e) {
                    log.warn("request {}: the rewritten body could not be read back: {}", ex.requestId, e.toString());
                    settlement.reject(ex, req, GatewayError.internal());
                    return;
                }
            }
            ex.guard.restore.putAll(outcome.restore());
            proceed.run();
        });
    }

    /** What happens to a buffered answer: sent as these bytes, or refused with this error. */
    record AnswerOutcome(Buffer answer, GatewayError refusal) {
    }

    /** Post-call checks on a buffered answer, then the placeholders put back. */
    Future<AnswerOutcome> answer(Exchange ex, Buffer answer) {
        GuardedCall guard = ex.guard;
        String text = guard.post ? AnswerTexts.of(ex.endpoint, answer.getBytes()) : null;
        if (text == null) {
            return Future.succeededFuture(new AnswerOutcome(restored(guard, answer), null));
        }
        Check check = new Check(Hook.POST, ex.endpoint, ex.primaryGroup.name(), ex.requestId, List.of(text), -1, true);
        return runner.run(guard.applicable, check, context, ran -> record(ex, ran)).map(outcome -> {
            if (!outcome.allowed()) {
                return new AnswerOutcome(null, refusal(outcome));
            }
            Buffer out = answer;
            if (!outcome.restore().isEmpty()) { // the answer's own redaction: values → placeholders
                out = Buffer.buffer(new Placeholders(outcome.restore()).redactJson(out.toString(StandardCharsets.UTF_8)));
            }
            return new AnswerOutcome(restored(guard, out), null);
        });
    }

    private static Buffer restored(GuardedCall guard, Buffer answer) {
        if (guard.restore.isEmpty()) {
            return answer;
        }
        return Buffer.buffer(guard.placeholders().restoreJson(answer.toString(StandardCharsets.UTF_8)));
    }

    /** Checks generated text of a stream: at a checkpoint ({@code complete} false) or at its end. */
    Future<GatewayError> streamText(Exchange ex, String text, boolean complete) {
        Check check = new Check(Hook.POST, ex.endpoint, ex.primaryGroup.name(), ex.requestId, List.of(text), -1, complete);
        return runner.run(ex.guard.applicable, check, context, ran -> record(ex, ran))
                .map(outcome -> outcome.allowed() ? null : refusal(outcome));
    }

    /** Wraps a stream's transform when the answer is checked or has placeholders to put back. */
    StreamTransform wrap(Exchange ex, Attempt attempt, StreamTransform inner) {
        if (inner == null || ex.guard == null || !ex.guard.watchesAnswer()) {
            return inner;
        }
        return new StreamGuard(ex, attempt.generatedText, error -> {
            if (!attempt.over() && attempt.relay != null) {
                attempt.relay.blocked(error);
            }
        }, inner, this);
    }

    private void record(Exchange ex, GuardrailRunner.Ran ran) {
        ex.guard.trail.add(ran);
        if (ex.active.config().features().metrics()) {
            metrics.guardrail(ran.guardrail(), ran.hook().label(), ran.decision(), ran.nanos());
        }
    }

    static GatewayError refusal(GuardrailRunner.Outcome outcome) {
        if (outcome.failedClosed()) {
            return new GatewayError(503, "guardrail_error", "guardrail_unavailable", null, "The guardrail '"
                    + outcome.blockedBy() + "' could not decide (" + outcome.reason()
                    + ") and refuses calls until it can.", 0);
        }
        return new GatewayError(400, "invalid_request_error", "guardrail_blocked", null,
                "Blocked by the guardrail '" + outcome.blockedBy() + "': " + outcome.reason(), 0);
    }
}
