package dev.tollgate.core.routing;

import dev.tollgate.core.config.Strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/** The selection rule of each {@link Strategy}, over deployments already known to be able to serve. */
final class Strategies {

    private Strategies() {
    }

    static Candidate select(Strategy strategy, List<Candidate> candidates, RandomGenerator random, boolean stream) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return switch (strategy) {
            case WEIGHTED -> weighted(candidates, random);
            case P2C -> {
                Candidate a = weighted(candidates, random);
                Candidate b = weighted(candidates, random);
                yield b.health().inFlight() < a.health().inFlight() ? b : a;
            }
            case PRIORITY -> {
                int best = candidates.stream().mapToInt(c -> c.deployment().priority()).min().orElseThrow();
                yield weighted(candidates.stream().filter(c -> c.deployment().priority() == best).toList(), random);
            }
            case LEAST_LATENCY -> lowest(candidates, random, c -> {
                // A deployment never measured goes first, so that it gets measured.
                double latency = stream ? c.health().ttftNanos() : c.health().totalNanos();
                return Double.isNaN(latency) ? -1 : latency;
            });
            case LEAST_BUSY -> lowest(candidates, random, c -> c.health().inFlight());
            case CHEAPEST -> lowest(candidates, random, c -> c.listNanoUsdPerMillion());
        };
    }

    /** Random in proportion to the weights; all-zero weights (every weighted one excluded) count as equal. */
    static Candidate weighted(List<Candidate> candidates, RandomGenerator random) {
        long total = 0;
        for (Candidate c : candidates) {
            total += c.deployment().weight();
        }
        if (total == 0) {
            return candidates.get(random.nextInt(candidates.size()));
        }
        long ticket = random.nextLong(total);
        for (Candidate c : candidates) {
            ticket -= c.deployment().weight();
            if (ticket < 0) {
                return c;
            }
        }
        throw new IllegalStateException("unreachable: the ticket is below the total weight");
    }

    /** The candidates with the lowest score; weighted among ties. */
    private static Candidate lowest(List<Candidate> candidates, RandomGenerator random, ToDoubleFunction<Candidate> score) {
        double best = Double.MAX_VALUE;
        List<Candidate> ties = new ArrayList<>(2);
        for (Candidate c : candidates) {
            double s = score.applyAsDouble(c);
            if (s < best) {
                best = s;
                ties.clear();
                ties.add(c);
            } else if (s == best) {
                ties.add(c);
            }
        }
        return ties.size() == 1 ? ties.get(0) : weighted(ties, random);
    }
}
