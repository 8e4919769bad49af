package dev.tollgate.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void rendersMarkdownWithFiguresRightAligned() {
        Table t = new Table("t", List.of("Arm", "RPS")).row("`a|b`", "1,000").row("`c`", "–");

        assertThat(t.toMarkdown()).isEqualTo("| Arm | RPS |\n|---|---:|\n| `a\\|b` | 1,000 |\n| `c` | – |\n");
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("t", List.of("a", "b")).row("1")).isInstanceOf(IllegalArgumentException.class);
    }
}
