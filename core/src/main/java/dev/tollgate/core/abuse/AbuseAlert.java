package dev.tollgate.core.abuse;

import java.time.Instant;

/**
 * One alert of a detector. Never carries a key itself: the key's id and display prefix at most.
 *
 * @param type    {@code abuse.request_spike}, {@code abuse.spend_spike}, {@code abuse.client_ips},
 *                {@code abuse.auth_failures} or {@code abuse.key_in_prompt}
 * @param subject what the detector counted: {@code key:<id>}, {@code team:<id>}, {@code ip:<address>} or
 *                {@code prefix:<display prefix>}
 * @param keyId   the key concerned (null for address bursts)
 * @param action  what was done besides alerting: {@code none}, {@code refuse}, {@code throttle}, {@code suspend}
 */
public record AbuseAlert(String id, String type, String subject, String keyId, String keyPrefix, String teamId,
                         String orgId, String detail, String action, Instant at) {
}
