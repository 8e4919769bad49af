package dev.tollgate.core.guardrails;

import dev.tollgate.spi.Endpoint;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner: order and mutation chaining, inline versus worker, timeouts under fail-open and fail-closed. */
class GuardrailRunnerTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void eachGuardrailSeesTheTextsAsThePreviousOneLeftThemAndTheFirstBlockEndsTheRun() throws Exception {
        List<String> seenBySecond = new CopyOnWriteArrayList<>();
        var upper = local("upper", c -> new Verdict.Mutate(c.texts().stream().map(String::toUpperCase).toList(),
                Map.of("[X]", "x")));
        var recorder = local("recorder", c -> {
            seenBySecond.addAll(c.texts());
            return Verdict.block("no");
        });
        var never = local("never", c -> {
            throw new AssertionError("runs after a block");
        });
        List<GuardrailRunner.Ran> verdicts = new CopyOnWriteArrayList<>();
        GuardrailRunner.Outcome outcome = run(List.of(upper, recorder, never), check("abc"), verdicts);
        assertThat(seenBySecond).containsExactly("ABC");
        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.blockedBy()).isEqualTo("recorder");
        assertThat(outcome.restore()).containsEntry("[X]", "x");
        assertThat(verdicts).extracting(GuardrailRunner.Ran::decision).containsExactly("mutate", "block");
    }

    @Test
    void largeInputsAreCheckedOnAWorkerSmallOnesInline() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        var where = local("where", c -> {
            threads.add(Thread.currentThread().getName());
            return Verdict.ALLOW;
        });
        run(List.of(where), check("x".repeat(100)), new CopyOnWriteArrayList<>());
        run(List.of(where), check("x".repeat((int) GuardrailRunner.INLINE_CHARS + 1)), new CopyOnWriteArrayList<>());
        assertThat(threads.get(0)).contains("eventloop");
        assertThat(threads.get(1)).contains("worker");
    }

    @Test
    void aGuardrailThatTimesOutIsPassedOverWhenFailOpenAndRefusesWhenFailClosed() throws Exception {
        Guardrail.Remote silent = (c, ctx) -> Promise.<Verdict>promise().future();
        var open = new GuardrailDefinition("open", "webhook", Set.of(Hook.PRE), 50, true, 0, silent);
        var closed = new GuardrailDefinition("closed", "webhook", Set.of(Hook.PRE), 50, false, 0, silent);
        List<GuardrailRunner.Ran> verdicts = new CopyOnWriteArrayList<>();
        assertThat(run(List.of(open), check("a"), verdicts).allowed()).isTrue();
        GuardrailRunner.Outcome refused = run(List.of(closed), check("a"), verdicts);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.failedClosed()).isTrue();
        assertThat(refused.reason()).isEqualTo("timed out after 50 ms");
        assertThat(verdicts).extracting(GuardrailRunner.Ran::decision).containsExactly("error_open", "error_closed");
        assertThat(verdicts).allSatisfy(r -> assertThat(r.nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50)));
    }

    @Test
    void aGuardrailRunsOnlyAtItsHooks() throws Exception {
        var postOnly = new GuardrailDefinition("post", "deny_list", Set.of(Hook.POST), 100, false, 0,
                (Guardrail.Local) c -> Verdict.block("post only"));
        assertThat(run(List.of(postOnly), check("a"), new CopyOnWriteArrayList<>()).allowed()).isTrue();
    }

    private static GuardrailDefinition local(String name, Guardrail.Local check) {
        return new GuardrailDefinition(name, "test", Set.of(Hook.PRE), 1000, false, 0, check);
    }

    private static Check check(String text) {
        return new Check(Hook.PRE, Endpoint.CHAT_COMPLETIONS, "m", "r", List.of(text), -1, true);
    }

    /** Runs on an event loop, as the pipeline does. */
    private static GuardrailRunner.Outcome run(List<GuardrailDefinition> definitions, Check check,
                                               List<GuardrailRunner.Ran> verdicts) throws Exception {
        GuardrailRunner runner = new GuardrailRunner(vertx);
        GuardrailContext context = new GuardrailContext(vertx, null, () -> 0);
        Promise<GuardrailRunner.Outcome> done = Promise.promise();
        vertx.runOnContext(v -> runner.run(definitions, check, context, verdicts::add).onComplete(done));
        return done.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
