package dev.tollgate.spi.store;

import java.time.LocalDate;

/** One UTC day of a user's calls: how many, tokens, and what they were charged. */
public record DailyUsage(LocalDate day, long calls, long promptTokens, long completionTokens, long chargedNanoUsd) {
}
