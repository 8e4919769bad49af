package dev.tollgate.core.guardrails;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Personal data and secrets ({@link PiiDetector}): blocked, or redacted to placeholders ({@code [EMAIL_1]}) that
 * are put back into the answer when {@code restore} is on, so the model never sees the values and the caller
 * still reads them. The same value gets the same placeholder within one check.
 */
final class PiiGuardrail implements Guardrail.Local {

    enum Action { REDACT, BLOCK }

    private final PiiDetector detector;
    private final Action action;
    private final boolean restore;

    PiiGuardrail(PiiDetector detector, Action action, boolean restore) {
        this.detector = detector;
        this.action = action;
        this.restore = restore;
    }

    @Override
    public Verdict evaluate(Check check) {
        Map<String, String> placeholders = new LinkedHashMap<>(); // value → placeholder
        Map<PiiDetector.Entity, Integer> counts = new HashMap<>();
        TreeSet<String> kinds = new TreeSet<>();
        List<String> out = new ArrayList<>(check.texts().size());
        for (String text : check.texts()) {
            List<PiiDetector.Finding> findings = detector.find(text);
            if (findings.isEmpty()) {
                out.add(text);
                continue;
            }
            StringBuilder sb = new StringBuilder(text.length());
            int at = 0;
            for (PiiDetector.Finding f : findings) {
                kinds.add(f.entity().name().toLowerCase(Locale.ROOT));
                String placeholder = placeholders.computeIfAbsent(f.value(),
                        v -> "[" + f.entity().stem() + "_" + counts.merge(f.entity(), 1, Integer::sum) + "]");
                sb.append(text, at, f.start()).append(placeholder);
                at = f.end();
            }
            out.add(sb.append(text, at, text.length()).toString());
        }
        if (placeholders.isEmpty()) {
            return Verdict.ALLOW;
        }
        if (action == Action.BLOCK) {
            return Verdict.block("The " + (check.hook() == Hook.PRE ? "request" : "answer") + " contains "
                    + String.join(", ", kinds).replace('_', ' ') + " data.");
        }
        Map<String, String> restoreMap = new LinkedHashMap<>();
        if (restore || check.hook() == Hook.POST) { // an answer's redaction is applied through the same map
            placeholders.forEach((value, placeholder) -> restoreMap.put(placeholder, value));
        }
        return new Verdict.Mutate(out, restoreMap);
    }
}
