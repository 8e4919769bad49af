package dev.tollgate.core.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads a price's {@code effective_from}: an ISO date (that day's start, UTC) or an ISO instant with an offset. */
public final class EffectiveFrom {

    private EffectiveFrom() {
    }

    /** @throws IllegalArgumentException when the text is neither an ISO date nor an ISO date-time with an offset */
    public static Instant parse(String text) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO date (2026-01-31) or instant"
                    + " (2026-01-31T12:00:00Z)");
        }
    }
}
