package dev.tollgate.core.guardrails;

import java.util.Locale;

/** When a guardrail looks at a call: at the request before it goes upstream, or at the answer. */
public enum Hook {
    PRE, POST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
