package dev.tollgate.core.ledger;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void aDayStartsAtTheZonesMidnight() {
        Instant t = Instant.parse("2026-11-25T23:30:00Z"); // already the 26th in Paris and Tokyo
        assertThat(Period.DAILY.window(t, UTC)).isEqualTo(new Period.Window(
                Instant.parse("2026-11-25T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z")));
        assertThat(Period.DAILY.window(t, PARIS)).isEqualTo(new Period.Window(
                Instant.parse("2026-11-25T23:00:00Z"), Instant.parse("2026-11-26T23:00:00Z")));
        assertThat(Period.DAILY.window(t, TOKYO).start()).isEqualTo(Instant.parse("2026-11-25T15:00:00Z"));
    }

    @Test
    void aWeekIsAnIsoWeekFromMonday() {
        // Wednesday 25 November 2026 → Monday 23rd to Monday 30th
        Period.Window w = Period.WEEKLY.window(Instant.parse("2026-11-25T12:00:00Z"), UTC);
        assertThat(w.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(w.end()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        // a Sunday belongs to the week that began six days before
        assertThat(Period.WEEKLY.window(Instant.parse("2026-11-29T23:59:59Z"), UTC).start())
                .isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        // Monday 00:00 starts the next
        assertThat(Period.WEEKLY.window(Instant.parse("2026-11-30T00:00:00Z"), UTC).start())
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void aMonthIsACalendarMonthInTheZone() {
        Period.Window w = Period.MONTHLY.window(Instant.parse("2026-02-28T23:30:00Z"), TOKYO); // 1 March in Tokyo
        assertThat(w.start()).isEqualTo(Instant.parse("2026-02-28T15:00:00Z"));
        assertThat(w.end()).isEqualTo(Instant.parse("2026-03-31T15:00:00Z"));
    }

    @Test
    void daylightSavingChangesMakeDaysOf23And25Hours() {
        // Paris went to summer time on 29 March 2026 at 02:00
        Period.Window spring = Period.DAILY.window(Instant.parse("2026-03-29T12:00:00Z"), PARIS);
        assertThat(spring.end().getEpochSecond() - spring.start().getEpochSecond()).isEqualTo(23 * 3600);
        Period.Window autumn = Period.DAILY.window(Instant.parse("2026-10-25T12:00:00Z"), PARIS);
        assertThat(autumn.end().getEpochSecond() - autumn.start().getEpochSecond()).isEqualTo(25 * 3600);
    }

    @Test
    void totalNeverEnds() {
        Period.Window w = Period.TOTAL.window(Instant.parse("2026-11-25T12:00:00Z"), PARIS);
        assertThat(w.start()).isEqualTo(Instant.EPOCH);
        assertThat(w.end()).isNull();
        assertThat(w.label()).isEqualTo("total");
    }

    @Test
    void labelsDifferPerPeriodAndZone() {
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        assertThat(Period.DAILY.window(t, UTC).label()).isNotEqualTo(Period.DAILY.window(t, PARIS).label());
        assertThat(Period.DAILY.window(t, UTC).label())
                .isNotEqualTo(Period.DAILY.window(t.plusSeconds(86_400), UTC).label());
    }
}
