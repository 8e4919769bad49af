package dev.tollgate.bench.run;

import dev.tollgate.bench.arms.Arm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Interleaves the arms of a scenario step: in every round each arm is measured once, in an order shuffled
 * per round, so slow drift of the machine (heat, page cache, another process) spreads over all arms instead
 * of favouring whichever runs first. The shuffle is seeded, and each order is printed. Single-threaded.
 */
public final class Rounds {

    private final Random random;

    public Rounds(long seed) {
        this.random = new Random(seed);
    }

    /** Calls {@code measure(round, arm)} for {@code rounds} rounds (numbered from 1) over every arm. */
    public void run(String step, int rounds, List<Arm> arms, BiConsumer<Integer, Arm> measure) {
        run(step, rounds, arms, a -> a.kind().id(), measure);
    }

    /** The same over anything that names an arm (e.g. arm kinds, when each round starts a fresh process). */
    public <T> void run(String step, int rounds, List<T> arms, Function<T, String> id, BiConsumer<Integer, T> measure) {
        for (int round = 1; round <= rounds; round++) {
            List<T> order = new ArrayList<>(arms);
            Collections.shuffle(order, random);
            Console.log(step + ": round " + round + "/" + rounds + ", order "
                    + order.stream().map(id).collect(Collectors.joining(", ")));
            for (T arm : order) {
                measure.accept(round, arm);
            }
        }
    }
}
