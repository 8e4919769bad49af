package dev.tollgate.core.guardrails;

import java.util.List;
import java.util.Map;

/** What one guardrail decided about one check. */
public sealed interface Verdict {

    Allow ALLOW = new Allow();

    String label();

    /** The call goes on unchanged. */
    record Allow() implements Verdict {
        public String label() {
            return "allow";
        }
    }

    /** The call stops; the reason is told to the client. */
    record Block(String reason) implements Verdict {
        public String label() {
            return "block";
        }
    }

    /**
     * The texts are replaced (same number, same order as the check's).
     *
     * @param restore placeholder → original value, put back into the answer (empty: nothing to put back)
     */
    record Mutate(List<String> texts, Map<String, String> restore) implements Verdict {
        public Mutate {
            texts = List.copyOf(texts);
            restore = Map.copyOf(restore);
        }

        public String label() {
            return "mutate";
        }
    }

    static Block block(String reason) {
        return new Block(reason);
    }
}
