package dev.tollgate.core.abuse;

/**
 * Abuse and anomaly detection ({@code abuse:}, docs/abuse.md). Off unless {@code enabled}; each detector has an
 * automatic {@link Action}.
 *
 * @param enabled          run the detectors at all
 * @param webhookUrl       where alerts are posted (signed like budget alerts); null: {@code ledger.webhook_url}
 * @param webhookSecret    signs them; null: {@code ledger.webhook_secret}
 * @param spikeFactor      a key's or team's requests or spend in a minute beyond this many times its EWMA baseline
 *                         is a spike
 * @param spikeMinRequests ... but only at this many requests a minute or more (quiet keys do not alert)
 * @param spikeMinSpendNanoUsd ... and, for spend, at this much a minute or more
 * @param spikeAction      what a spike does besides alerting
 * @param maxClientIps     distinct client addresses one key may be used from within {@code ipWindowMinutes}
 * @param ipWindowMinutes  the window for {@code maxClientIps}
 * @param ipsAction        what too many addresses do
 * @param authFailuresPerMinute wrong keys from one address, or naming one key prefix, within a minute that alert
 * @param keyInPrompt      scan request bodies for gateway keys ({@code tg-…}) of ours
 * @param keyInPromptAction {@code none} flags (alert only), {@code refuse} also refuses the call, {@code suspend}
 *                         also disables the pasted key
 * @param throttleRpm      the per-key rpm cap {@code throttle} applies
 * @param throttleMinutes  for how long
 */
public record AbuseSettings(boolean enabled, String webhookUrl, String webhookSecret,
                            double spikeFactor, long spikeMinRequests, long spikeMinSpendNanoUsd, Action spikeAction,
                            int maxClientIps, int ipWindowMinutes, Action ipsAction,
                            int authFailuresPerMinute,
                            boolean keyInPrompt, Action keyInPromptAction,
                            int throttleRpm, int throttleMinutes) {

    public static final AbuseSettings OFF = new AbuseSettings(false, null, null, 5.0, 30, 1_000_000_000L, Action.NONE,
            20, 60, Action.NONE, 20, false, Action.NONE, 10, 15);

    /** What a detector does besides alerting. */
    public enum Action {
        /** alert only */
        NONE,
        /** refuse the call that showed it (key in prompt only) */
        REFUSE,
        /** cap the key at {@code throttle_rpm} for {@code throttle_minutes} */
        THROTTLE,
        /** disable the key (as {@code PATCH /admin/v1/keys/{id}} with {@code enabled=false}), audited */
        SUSPEND;

        public static Action byConfigName(String name) {
            return switch (name) {
                case "none" -> NONE;
                case "refuse" -> REFUSE;
                case "throttle" -> THROTTLE;
                case "suspend" -> SUSPEND;
                default -> null;
            };
        }
    }
}
