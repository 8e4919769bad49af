package dev.tollgate.core.abuse;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Abuse and anomaly detection (docs/abuse.md): fed by settlement (every authenticated call: key, team, client
 * address, charge), by authentication (wrong keys) and, when {@code abuse.key_in_prompt} is on, by the request
 * body. Raises {@link AbuseAlert}s into the {@link AlertLog} and the alert sink (signed webhook) and applies the
 * configured automatic action. Each detector is a plain class driven by the injected clock; this class serialises
 * access to each. With {@code abuse.enabled} off every entry point returns after one volatile read. Thread-safe.
 */
public final class AbuseMonitor {

    private final Supplier<AbuseSettings> settings;
    private final LongSupplier millis;
    private final KeyDirectory keys;
    private final Consumer<AbuseAlert> sink;
    private final KeyActions actions;
    private final AlertLog log = new AlertLog();
    private final SpikeDetector spikes = new SpikeDetector();
    private final ClientIpDetector addresses = new ClientIpDetector();
    private final AuthFailureBurstDetector authFailures = new AuthFailureBurstDetector();
    private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();

    /**
     * @param sink    where alerts go besides the log (the signed webhook); called on the detecting thread, must not block
     * @param actions suspends keys; must not block
     */
    public AbuseMonitor(Supplier<AbuseSettings> settings, LongSupplier millis, KeyDirectory keys,
                        Consumer<AbuseAlert> sink, KeyActions actions) {
        this.settings = settings;
        this.millis = millis;
        this.keys = keys;
        this.sink = sink;
        this.actions = actions;
    }

    public AlertLog alerts() {
        return log;
    }

    /** A settled call of an authenticated key: rate, spend and address detectors. */
    public void called(Caller caller, String clientIp, long chargeNanoUsd) {
        AbuseSettings s = settings.get();
        if (!s.enabled() || caller == null || caller.keyId() == null) {
            return;
        }
        long now = millis.getAsLong();
        SpikeDetector.Spike keySpike;
        SpikeDetector.Spike teamSpike = null;
        int distinct;
        synchronized (spikes) {
            keySpike = spikes.observe("key:" + caller.keyId(), chargeNanoUsd, now, s.spikeFactor(),
                    s.spikeMinRequests(), s.spikeMinSpendNanoUsd());
            if (caller.teamId() != null) {
                teamSpike = spikes.observe("team:" + caller.teamId(), chargeNanoUsd, now, s.spikeFactor(),
                        s.spikeMinRequests(), s.spikeMinSpendNanoUsd());
            }
        }
        synchronized (addresses) {
            distinct = addresses.observe(caller.keyId(), clientIp, now, s.maxClientIps(), s.ipWindowMinutes() * 60_000L);
        }
        if (keySpike != null) {
            raise(caller, "key:" + caller.keyId(), keySpike, s.spikeAction(), s, now);
        }
        if (teamSpike != null) {
            raise(caller, "team:" + caller.teamId(), teamSpike, AbuseSettings.Action.NONE, s, now); // a team is not suspended
        }
        if (distinct > 0) {
            act(caller, "abuse.client_ips", "key:" + caller.keyId(), "used from " + distinct
                    + " distinct client addresses within " + s.ipWindowMinutes() + " minutes (at most "
                    + s.maxClientIps() + ")", s.ipsAction(), s, now);
        }
    }

    /**
     * A wrong key was presented (unknown, not merely disabled or expired): bursts per address and per the
     * presented key's display prefix.
     */
    public void authFailed(String clientIp, String presentedKey) {
        AbuseSettings s = settings.get();
        if (!s.enabled()) {
            return;
        }
        long now = millis.getAsLong();
        String prefix = presentedKey != null && presentedKey.startsWith(GatewayKeys.PREFIX)
                ? GatewayKeys.displayPrefix(presentedKey) : null;
        int byAddress;
        int byPrefix = 0;
        synchronized (authFailures) {
            byAddress = clientIp == null ? 0 : authFailures.observe("ip:" + clientIp, now, s.authFailuresPerMinute());
            if (prefix != null) {
                byPrefix = authFailures.observe("prefix:" + prefix, now, s.authFailuresPerMinute());
            }
        }
        if (byAddress > 0) {
            record(new AbuseAlert(newId(), "abuse.auth_failures", "ip:" + clientIp, null, null, null, null,
                    byAddress + " wrong keys from " + clientIp + " within a minute", "none", Instant.ofEpochMilli(now)));
        }
        if (byPrefix > 0) {
            record(new AbuseAlert(newId(), "abuse.auth_failures", "prefix:" + prefix, null, prefix, null, null,
                    byPrefix + " wrong keys starting " + prefix + " within a minute", "none", Instant.ofEpochMilli(now)));
        }
    }

    /** Whether the body is worth scanning: the feature is on. */
    public boolean scansContent() {
        AbuseSettings s = settings.get();
        return s.enabled() && s.keyInPrompt();
    }

    /**
     * Looks for gateway keys of ours in a request body; raises one alert per real key found (the key's id and
     * display prefix only) and applies {@code abuse.key_in_prompt.action}.
     *
     * @return the action taken ({@code REFUSE} or {@code SUSPEND}: refuse the call), or null when no key of ours was
     *         in it
     */
    public AbuseSettings.Action scanContent(Caller caller, byte[] body, int offset, int length) {
        AbuseSettings s = settings.get();
        List<String> candidates = KeyInContentScanner.candidates(body, offset, length);
        AbuseSettings.Action taken = null;
        for (String candidate : candidates) {
            Caller owner = keys.ownerOf(candidate);
            if (owner == null) {
                continue; // shaped like a key, but not one of ours: nothing leaked
            }
            long now = millis.getAsLong();
            AbuseSettings.Action action = s.keyInPromptAction();
            String detail = "a gateway key (" + owner.keyPrefix() + "…) was sent inside a request's content by key "
                    + (caller != null ? caller.keyPrefix() + "…" : "?");
            record(new AbuseAlert(newId(), "abuse.key_in_prompt", "key:" + owner.keyId(), owner.keyId(),
                    owner.keyPrefix(), owner.teamId(), owner.orgId(), detail, action.name().toLowerCase(),
                    Instant.ofEpochMilli(now)));
            applyToKey(owner.keyId(), action, detail, s, now);
            taken = action;
        }
        return taken;
    }

    /**
     * For a throttled key: 0 while it is under its temporary rpm cap (the call counts), else the seconds until the
     * next minute. Keys without a throttle cost one map lookup on an empty map.
     */
    public long throttledRetryAfterSeconds(String keyId) {
        if (throttles.isEmpty() || keyId == null) {
            return 0;
        }
        Throttle t = throttles.get(keyId);
        if (t == null) {
            return 0;
        }
        long now = millis.getAsLong();
        if (now >= t.untilMillis) {
            throttles.remove(keyId, t);
            return 0;
        }
        return t.admit(now);
    }

    private void raise(Caller caller, String subject, SpikeDetector.Spike spike, AbuseSettings.Action action,
                       AbuseSettings s, long now) {
        String what = spike.kind() == SpikeDetector.Kind.REQUESTS
                ? spike.value() + " requests this minute against a baseline of " + Math.round(spike.baseline())
                : spike.value() + " nano-USD spent this minute against a baseline of " + Math.round(spike.baseline());
        act(caller, spike.kind() == SpikeDetector.Kind.REQUESTS ? "abuse.request_spike" : "abuse.spend_spike",
                subject, what + " (factor " + s.spikeFactor() + ")", action, s, now);
    }

    private void act(Caller caller, String type, String subject, String detail, AbuseSettings.Action action,
                     AbuseSettings s, long now) {
        record(new AbuseAlert(newId(), type, subject, caller.keyId(), caller.keyPrefix(), caller.teamId(),
                caller.orgId(), detail, action.name().toLowerCase(), Instant.ofEpochMilli(now)));
        applyToKey(caller.keyId(), action, type + ": " + detail, s, now);
    }

    private void applyToKey(String keyId, AbuseSettings.Action action, String reason, AbuseSettings s, long now) {
        switch (action) {
            case THROTTLE -> throttles.put(keyId, new Throttle(s.throttleRpm(), now + s.throttleMinutes() * 60_000L));
            case SUSPEND -> actions.suspend(keyId, reason);
            default -> { }
        }
    }

    private void record(AbuseAlert alert) {
        log.add(alert);
        sink.accept(alert);
    }

    private static String newId() {
        return "alr_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A temporary per-key cap: at most {@code rpm} calls per calendar minute until {@code untilMillis}. */
    private static final class Throttle {
        final int rpm;
        final long untilMillis;
        long minute = Long.MIN_VALUE;
        int count;

        Throttle(int rpm, long untilMillis) {
            this.rpm = rpm;
            this.untilMillis = untilMillis;
        }

        synchronized long admit(long now) {
            long m = Math.floorDiv(now, 60_000L);
            if (m != minute) {
                minute = m;
                count = 0;
            }
            if (count >= rpm) {
                return Math.max(1, ((m + 1) * 60_000L - now + 999) / 1000);
            }
            count++;
            return 0;
        }
    }
}
