package dev.tollgate.bench.run;

import dev.tollgate.bench.arms.ArmKind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one scenario step, per arm and per round (every round is kept). A figure is a named
 * number such as {@code p99_ms}; the headline is the median over rounds. Single-threaded.
 */
public final class Measurements {

    private final Map<ArmKind, List<Map<String, Double>>> byArm = new EnumMap<>(ArmKind.class);

    public void add(ArmKind arm, Map<String, Double> figures) {
        byArm.computeIfAbsent(arm, k -> new ArrayList<>()).add(new LinkedHashMap<>(figures));
    }

    public boolean has(ArmKind arm) {
        return byArm.containsKey(arm);
    }

    public List<ArmKind> arms() {
        return List.copyOf(byArm.keySet());
    }

    /** The rounds of an arm, in the order measured. */
    public List<Map<String, Double>> rounds(ArmKind arm) {
        return byArm.getOrDefault(arm, List.of());
    }

    /** Median over rounds of one figure; NaN if the arm was not measured. */
    public double median(ArmKind arm, String figure) {
        return median(rounds(arm).stream().map(r -> r.getOrDefault(figure, Double.NaN)).toList());
    }

    /**
     * Median over rounds of ({@code arm}'s figure − {@code base}'s figure in the same round): pairing by round
     * cancels what the two shared in that round.
     */
    public double medianDifference(ArmKind arm, ArmKind base, String figure) {
        List<Map<String, Double>> a = rounds(arm);
        List<Map<String, Double>> b = rounds(base);
        List<Double> diffs = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            diffs.add(a.get(i).getOrDefault(figure, Double.NaN) - b.get(i).getOrDefault(figure, Double.NaN));
        }
        return median(diffs);
    }

    public static double median(List<Double> values) {
        List<Double> v = values.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
