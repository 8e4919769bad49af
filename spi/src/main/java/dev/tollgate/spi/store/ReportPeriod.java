package dev.tollgate.spi.store;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * How a usage report buckets time. Periods are UTC: days start at 00:00Z, weeks on Monday (ISO), months on the
 * first. The rollups are hourly, so a report can be no finer than an hour.
 */
public enum ReportPeriod {
    HOUR, DAY, WEEK, MONTH;

    /** The start of the period holding {@code t}. */
    public Instant start(Instant t) {
        return switch (this) {
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case DAY -> t.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> date(t).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> date(t).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    private static LocalDate date(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** {@code hour}, {@code day}, {@code week} or {@code month}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period named {@code name}, or null when there is none. */
    public static ReportPeriod parse(String name) {
        for (ReportPeriod p : values()) {
            if (p.wireName().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
