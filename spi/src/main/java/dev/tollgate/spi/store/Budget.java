package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;

/**
 * A spending cap on one key, user, team or organisation, per period in a time zone.
 *
 * @param scopeKind       {@code key}, {@code user}, {@code team} or {@code org}
 * @param period          {@code daily}, {@code weekly} (ISO weeks, from Monday), {@code monthly} or {@code total}
 * @param timeZone        the zone whose midnight starts a period (an IANA name such as {@code Europe/Paris})
 * @param hard            true: calls that would cross it are refused; false (soft): it only alerts
 * @param alertThresholds percentages of {@code amountNanoUsd} at which an alert is sent, once per period each
 * @param webhookUrl      where its alerts go; null: the gateway's {@code ledger.webhook_url}, if any
 */
public record Budget(String id, String scopeKind, String scopeId, long amountNanoUsd, String period, String timeZone,
                     boolean hard, List<Integer> alertThresholds, String webhookUrl, Instant createdAt,
                     Instant updatedAt) {

    public static final List<String> SCOPE_KINDS = List.of("key", "user", "team", "org");
    public static final List<String> PERIODS = List.of("daily", "weekly", "monthly", "total");

    public Budget {
        alertThresholds = List.copyOf(alertThresholds);
    }
}
