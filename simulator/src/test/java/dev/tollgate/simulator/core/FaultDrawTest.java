package dev.tollgate.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.simulator.Behaviour;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FaultDrawTest {

  private static final double ALMOST_ONE = Math.nextDown(1.0);

  private static Behaviour rates(double fail, double throttle, double reset) {
    return Behaviour.defaults().withFailRate(fail).withThrottleRate(throttle).withResetRate(reset);
  }

  @Test
  void theRatesSplitOneNumberIntoFailThenThrottleThenReset() {
    Behaviour b = rates(0.125, 0.25, 0.375); // binary fractions, so the band edges are exact
    assertThat(FaultDraw.of(b, 0.0).fault()).isEqualTo(Fault.FAIL);
    assertThat(FaultDraw.of(b, Math.nextDown(0.125)).fault()).isEqualTo(Fault.FAIL);
    assertThat(FaultDraw.of(b, 0.125).fault()).isEqualTo(Fault.THROTTLE);
    assertThat(FaultDraw.of(b, Math.nextDown(0.375)).fault()).isEqualTo(Fault.THROTTLE);
    assertThat(FaultDraw.of(b, 0.375).fault()).isEqualTo(Fault.RESET);
    assertThat(FaultDraw.of(b, Math.nextDown(0.75)).fault()).isEqualTo(Fault.RESET);
    assertThat(FaultDraw.of(b, 0.75).fault()).isNull();
    assertThat(FaultDraw.of(b, 0.75).behaviour()).isEqualTo(b);
  }

  @Test
  void aRateOfOneAlwaysHitsAndZeroNever() {
    for (double roll : new double[] {0.0, 0.5, ALMOST_ONE}) {
      assertThat(FaultDraw.of(rates(1, 0, 0), roll).fault()).isEqualTo(Fault.FAIL);
      assertThat(FaultDraw.of(rates(0, 1, 0), roll).fault()).isEqualTo(Fault.THROTTLE);
      assertThat(FaultDraw.of(rates(0, 0, 1), roll).fault()).isEqualTo(Fault.RESET);
      assertThat(FaultDraw.of(rates(0, 0, 0), roll).fault()).isNull();
    }
  }

  @Test
  void failIsA500AndReplacesAForcedStatus() {
    Behaviour drawn = FaultDraw.of(rates(1, 0, 0).withStatus(503), 0.5).behaviour();
    assertThat(drawn.status()).isEqualTo(500);
  }

  @Test
  void throttleIsA429WithRetryAfterOneSecondUnlessConfigured() {
    assertThat(FaultDraw.of(rates(0, 1, 0), 0.5).behaviour()).extracting(Behaviour::status, Behaviour::retryAfter)
        .containsExactly(429, 1);
    assertThat(FaultDraw.of(rates(0, 1, 0).withRetryAfter(7), 0.5).behaviour().retryAfter()).isEqualTo(7);
  }

  @Test
  void resetIsAResetAfterThatClearsAForcedStatus() {
    Behaviour drawn = FaultDraw.of(rates(0, 0, 1).withStatus(503).withChunks(10), 0.5).behaviour();
    assertThat(drawn.status()).isZero();
    assertThat(drawn.resetAfter()).isBetween(1, 9);
  }

  @Test
  void resetPointsCoverOneToChunksMinusOne() {
    Behaviour b = rates(0.25, 0, 0.5).withChunks(5);
    Set<Integer> points = new TreeSet<>();
    for (int i = 0; i < 1000; i++) {
      double roll = 0.25 + 0.5 * i / 1000.0;
      points.add(FaultDraw.of(b, roll).behaviour().resetAfter());
    }
    assertThat(points).containsExactly(1, 2, 3, 4);
  }

  @Test
  void shortStreamsResetAfterTheirFirstChunk() {
    assertThat(FaultDraw.resetPoint(2, ALMOST_ONE)).isEqualTo(1);
    assertThat(FaultDraw.resetPoint(1, 0.0)).isEqualTo(1);
    assertThat(FaultDraw.resetPoint(0, 0.5)).isEqualTo(1);
    assertThat(FaultDraw.resetPoint(100, ALMOST_ONE)).isEqualTo(99);
  }

  @Test
  void ratesSummingAboveOneLeaveTheLaterOnesWhatIsLeft() {
    Behaviour b = rates(0.5, 0, 1).withChunks(11);
    assertThat(FaultDraw.of(b, 0.49).fault()).isEqualTo(Fault.FAIL);
    assertThat(FaultDraw.of(b, 0.5).behaviour().resetAfter()).isEqualTo(1);
    assertThat(FaultDraw.of(b, ALMOST_ONE).behaviour().resetAfter()).as("the band is cut at 1, the points are not").isEqualTo(10);
  }
}
