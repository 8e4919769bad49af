package dev.tollgate.core.guardrails;

import java.util.Set;

/**
 * One configured guardrail.
 *
 * @param name       the configured name: metrics label, log field, what attachments refer to
 * @param type       the built-in or external kind ({@code pii}, {@code deny_list}, …)
 * @param hooks      when it runs
 * @param timeoutMs  how long its verdict may take before it counts as an error
 * @param failOpen   on an error or timeout: let the call through (true) or refuse it (false)
 * @param everyChars on streams, check the answer each time this many more chars were generated (0: only at the end)
 * @param guardrail  the check itself
 */
public record GuardrailDefinition(String name, String type, Set<Hook> hooks, long timeoutMs, boolean failOpen,
                                  int everyChars, Guardrail guardrail) {

    public GuardrailDefinition {
        hooks = Set.copyOf(hooks);
    }

    public boolean runs(Hook hook) {
        return hooks.contains(hook);
    }
}
