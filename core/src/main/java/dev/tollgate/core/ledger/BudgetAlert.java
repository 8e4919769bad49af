package dev.tollgate.core.ledger;

import dev.tollgate.spi.store.Budget;

import java.time.Instant;

/**
 * A budget's spend reached one of its alert thresholds in the current period. Announced once per threshold
 * and period across the cluster (the state records the highest threshold announced, atomically with the spend).
 */
public record BudgetAlert(Budget budget, int thresholdPercent, long spentNanoUsd, Period.Window window, Instant at) {
}
