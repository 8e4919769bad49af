package dev.tollgate.core.pipeline;

import dev.tollgate.core.guardrails.GuardrailDefinition;
import dev.tollgate.core.guardrails.GuardrailRunner;
import dev.tollgate.core.guardrails.Hook;
import dev.tollgate.core.guardrails.Placeholders;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guardrails of one call (only made when some apply): which run, the placeholders to put back into the
 * answer, and every verdict so far (the call's summary for the access log and, later, the request log).
 * Event-loop only.
 */
final class GuardedCall {

    final List<GuardrailDefinition> applicable;
    final boolean pre;
    final boolean post;
    /** The smallest {@code every_chars} of the post guardrails: how often a stream is checked (0: only at the end). */
    final int everyChars;
    final Map<String, String> restore = new LinkedHashMap<>();
    final List<GuardrailRunner.Ran> trail = new ArrayList<>(4);
    private Placeholders placeholders;

    GuardedCall(List<GuardrailDefinition> applicable) {
        this.applicable = applicable;
        this.pre = applicable.stream().anyMatch(d -> d.runs(Hook.PRE));
        this.post = applicable.stream().anyMatch(d -> d.runs(Hook.POST));
        this.everyChars = applicable.stream().filter(d -> d.runs(Hook.POST)).mapToInt(GuardrailDefinition::everyChars)
                .filter(n -> n > 0).min().orElse(0);
    }

    Placeholders placeholders() {
        if (placeholders == null) {
            placeholders = new Placeholders(restore);
        }
        return placeholders;
    }

    /** Whether the answer needs the gateway's attention: checked, or placeholders to put back. */
    boolean watchesAnswer() {
        return post || !restore.isEmpty();
    }

    /** {@code name:hook:decision:ms} per verdict, comma-separated: the access log's {@code guardrails} field. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        for (GuardrailRunner.Ran r : trail) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r.guardrail()).append(':').append(r.hook().label()).append(':').append(r.decision()).append(':')
                    .append(String.format(java.util.Locale.ROOT, "%.2f", r.nanos() / 1e6));
        }
        return sb.toString();
    }
}
