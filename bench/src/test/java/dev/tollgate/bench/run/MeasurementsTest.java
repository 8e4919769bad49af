package dev.tollgate.bench.run;

import dev.tollgate.bench.arms.ArmKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementsTest {

    @Test
    void headlineIsTheMedianOfRoundsAndDifferencesArePairedByRound() {
        Measurements m = new Measurements();
        m.add(ArmKind.DIRECT, Map.of("p50", 1.0));
        m.add(ArmKind.DIRECT, Map.of("p50", 5.0));
        m.add(ArmKind.DIRECT, Map.of("p50", 2.0));
        m.add(ArmKind.NGINX, Map.of("p50", 1.5));
        m.add(ArmKind.NGINX, Map.of("p50", 5.1));
        m.add(ArmKind.NGINX, Map.of("p50", 2.4));

        assertThat(m.median(ArmKind.DIRECT, "p50")).isEqualTo(2.0);
        // per-round differences 0.5, 0.1, 0.4: median 0.4 (the unpaired medians would give 0.4 too, by luck)
        assertThat(m.medianDifference(ArmKind.NGINX, ArmKind.DIRECT, "p50")).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.median(ArmKind.PORTKEY, "p50")).isNaN();
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndIgnoresNaN() {
        assertThat(Measurements.median(List.of(4.0, 1.0, Double.NaN, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Measurements.median(List.of())).isNaN();
    }
}
