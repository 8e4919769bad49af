package dev.tollgate.bench.report;

/**
 * One target from the issue and how this run did against it; {@code met} is null when the run could not
 * measure it (an arm or scenario was skipped).
 */
public record TargetCheck(String target, String measured, Boolean met) {

    public String mark() {
        return met == null ? "–" : met ? "✅" : "❌";
    }
}
