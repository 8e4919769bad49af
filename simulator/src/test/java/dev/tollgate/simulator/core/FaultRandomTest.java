package dev.tollgate.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FaultRandomTest {

  private static List<Double> draws(FaultRandom random, Long seed, int n) {
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(random.next(seed));
    }
    return out;
  }

  private static List<Double> splittable(long seed, int n) {
    SplittableRandom reference = new SplittableRandom(seed);
    List<Double> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(reference.nextDouble());
    }
    return out;
  }

  @Test
  void aSeedGivesSplittableRandomsSequence() {
    assertThat(draws(new FaultRandom(), 42L, 100)).containsExactlyElementsOf(splittable(42, 100));
    assertThat(draws(new FaultRandom(), -7L, 100)).containsExactlyElementsOf(splittable(-7, 100));
  }

  @Test
  void eachSeedHasItsOwnSequenceAndRestartStartsThemOver() {
    FaultRandom random = new FaultRandom();
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      a.add(random.next(1L));
      b.add(random.next(2L));
    }
    assertThat(a).containsExactlyElementsOf(splittable(1, 50));
    assertThat(b).containsExactlyElementsOf(splittable(2, 50));
    random.restart();
    assertThat(draws(random, 1L, 50)).containsExactlyElementsOf(a);
  }

  @Test
  void concurrentDrawsOfASeedAreTheSameNumbersInSomeOrder() throws Exception {
    FaultRandom random = new FaultRandom();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<List<Double>>> tasks = Collections.nCopies(4, () -> draws(random, 9L, 2500));
      List<Double> all = new ArrayList<>();
      for (Future<List<Double>> f : pool.invokeAll(tasks)) {
        all.addAll(f.get());
      }
      Collections.sort(all);
      List<Double> expected = new ArrayList<>(splittable(9, 10_000));
      Collections.sort(expected);
      assertThat(all).containsExactlyElementsOf(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void withoutASeedTheNumbersAreUniformFractionsThatVary() {
    List<Double> unseeded = draws(new FaultRandom(), null, 1000);
    assertThat(unseeded).allMatch(d -> d >= 0 && d < 1);
    assertThat(new HashSet<>(unseeded)).hasSizeGreaterThan(990);
  }

  @Test
  void tooManySeedsRestartInsteadOfGrowingWithoutBound() {
    FaultRandom random = new FaultRandom();
    double first = random.next(0L);
    for (long seed = 1; seed < FaultRandom.MAX_SEEDS; seed++) {
      random.next(seed);
    }
    assertThat(random.next(0L)).as("seed 0 is still known, so it goes on").isNotEqualTo(first);
    random.next((long) FaultRandom.MAX_SEEDS); // the table is full: everything starts over
    assertThat(random.next(0L)).isEqualTo(first);
  }
}
