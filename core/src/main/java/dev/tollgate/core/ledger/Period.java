package dev.tollgate.core.ledger;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/** A budget's period: calendar days, ISO weeks (from Monday), calendar months, or all time, in a time zone. */
public enum Period {
    DAILY, WEEKLY, MONTHLY, TOTAL;

    /**
     * The period that contains an instant.
     *
     * @param start inclusive, the zone's midnight that began it ({@link Instant#EPOCH} for {@code total})
     * @param end   exclusive, the midnight that ends it; null for {@code total}, which never ends
     */
    public record Window(Instant start, Instant end) {
        static final Window ALL_TIME = new Window(Instant.EPOCH, null);

        /** Names the period in counter keys: its start, in epoch seconds (unique across zone changes). */
        public String label() {
            return end == null ? "total" : Long.toString(start.getEpochSecond());
        }
    }

    public static Period of(String name) {
        return switch (name) {
            case "daily" -> DAILY;
            case "weekly" -> WEEKLY;
            case "monthly" -> MONTHLY;
            case "total" -> TOTAL;
            default -> throw new IllegalArgumentException("unknown period: " + name);
        };
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Window window(Instant now, ZoneId zone) {
        if (this == TOTAL) {
            return Window.ALL_TIME;
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate start = switch (this) {
            case DAILY -> today;
            case WEEKLY -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            default -> today.withDayOfMonth(1);
        };
        LocalDate end = switch (this) {
            case DAILY -> start.plusDays(1);
            case WEEKLY -> start.plusWeeks(1);
            default -> start.plusMonths(1);
        };
        // atStartOfDay(zone) is the first valid instant of the day, also where a DST change skips midnight
        return new Window(start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }
}
