package dev.tollgate.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario contributes to the report: an introduction saying what was measured and how, the
 * headline tables, every round's raw figures, targets checked and notes on anything odd.
 */
public final class Section {

    private final String scenario;
    private final String heading;
    private final String intro;
    private final List<Table> tables = new ArrayList<>();
    private final List<Table> rounds = new ArrayList<>();
    private final List<TargetCheck> targets = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, List<String>> groupedNotes = new LinkedHashMap<>();

    public Section(String scenario, String heading, String intro) {
        this.scenario = scenario;
        this.heading = heading;
        this.intro = intro;
    }

    public Section table(Table t) {
        tables.add(t);
        return this;
    }

    public Section rounds(Table t) {
        rounds.add(t);
        return this;
    }

    public Section target(TargetCheck t) {
        targets.add(t);
        return this;
    }

    public Section note(String n) {
        if (!notes.contains(n)) {
            notes.add(n);
        }
        return this;
    }

    /** Adds {@code item} to a note that lists every item under one heading (e.g. all late measurements). */
    public Section noteItem(String heading, String item) {
        groupedNotes.computeIfAbsent(heading, k -> new ArrayList<>()).add(item);
        return this;
    }

    public String scenario() {
        return scenario;
    }

    public String heading() {
        return heading;
    }

    public String intro() {
        return intro;
    }

    public List<Table> tables() {
        return List.copyOf(tables);
    }

    public List<Table> roundTables() {
        return List.copyOf(rounds);
    }

    public List<TargetCheck> targets() {
        return List.copyOf(targets);
    }

    public List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        groupedNotes.forEach((heading, items) -> all.add(heading + ": " + String.join("; ", items) + "."));
        return List.copyOf(all);
    }
}
