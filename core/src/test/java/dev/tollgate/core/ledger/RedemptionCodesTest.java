package dev.tollgate.core.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedemptionCodesTest {

    @Test
    void codesHaveTheirShapeAndNormalizeToThemselves() {
        String code = RedemptionCodes.generate();
        assertThat(code).startsWith("tgr-").hasSize(36);
        assertThat(RedemptionCodes.normalize(code)).isEqualTo(code);
        assertThat(RedemptionCodes.normalize("  " + code.toLowerCase() + "\n")).isEqualTo(code);
        assertThat(RedemptionCodes.displayPrefix(code)).isEqualTo(code.substring(0, 10));
        assertThat(RedemptionCodes.generate()).isNotEqualTo(code);
    }

    @Test
    void garbageIsNoCode() {
        assertThat(RedemptionCodes.normalize(null)).isNull();
        assertThat(RedemptionCodes.normalize("tgr-short")).isNull();
        assertThat(RedemptionCodes.normalize("tg-" + "A".repeat(33))).isNull();
        assertThat(RedemptionCodes.normalize("tgr-" + "U".repeat(32))).as("U is not in the alphabet").isNull();
    }
}
