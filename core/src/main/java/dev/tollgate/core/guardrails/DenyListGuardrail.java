package dev.tollgate.core.guardrails;

import java.util.regex.Pattern;

/**
 * Keywords (whole words, case-insensitive) and regular expressions a text may not contain. All entries are
 * compiled into one alternation, so a check is one scan. The client is told that a denied term matched, not which.
 */
final class DenyListGuardrail implements Guardrail.Local {

    private final Pattern pattern;

    DenyListGuardrail(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public Verdict evaluate(Check check) {
        for (String text : check.texts()) {
            if (pattern.matcher(text).find()) {
                return Verdict.block("The " + (check.hook() == Hook.PRE ? "request" : "answer")
                        + " contains a term this gateway does not allow.");
            }
        }
        return Verdict.ALLOW;
    }
}
