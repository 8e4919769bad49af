package dev.tollgate.core.abuse;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.ModelAccess;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.KeyStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each detector on a fake clock, true positives and negatives, and the automatic actions. */
class AbuseMonitorTest {

    private static final long MINUTE = 60_000L;

    private long now = 1_700_000_000_000L - 1_700_000_000_000L % MINUTE;
    private final String pastedKey = GatewayKeys.generate();
    private final KeyDirectory keys = directory(pastedKey);
    private final List<AbuseAlert> sent = new ArrayList<>();
    private final List<String> suspended = new ArrayList<>();
    private AbuseSettings settings = new AbuseSettings(true, null, null, 5.0, 30, 1_000_000_000L,
            AbuseSettings.Action.NONE, 5, 60, AbuseSettings.Action.NONE, 20, true, AbuseSettings.Action.NONE, 3, 15);
    private final AbuseMonitor monitor = new AbuseMonitor(() -> settings, () -> now, keys, sent::add,
            (keyId, reason) -> suspended.add(keyId));
    private final Caller caller = new Caller("key_1", "tg-abcdefg", "org_1", "team_1", null, ModelAccess.of(List.of()),
            List.of());

    @Test
    void aRequestSpikeBeyondTheFactorOfTheBaselineAlerts() {
        steadyMinutes(5, 10, 0);
        for (int i = 0; i < 60; i++) {
            monitor.called(caller, "10.0.0.1", 0);
        }
        assertThat(types()).containsExactly("abuse.request_spike", "abuse.request_spike"); // the key and its team
        assertThat(sent.get(0).subject()).isEqualTo("key:key_1");
        assertThat(sent.get(1).subject()).isEqualTo("team:team_1");
        assertThat(sent.get(0).detail()).contains("51 requests this minute");
    }

    @Test
    void steadyTrafficAndQuietKeysDoNotAlert() {
        steadyMinutes(10, 40, 0);
        for (int i = 0; i < 25; i++) { // five times a baseline of 1, but under the floor of 30 a minute
            monitor.called(new Caller("key_quiet", "tg-quiet00", "org_1", null, null, ModelAccess.of(List.of()),
                    List.of()), "10.0.0.1", 0);
        }
        assertThat(sent).isEmpty();
    }

    @Test
    void aSpendSpikeAlertsEvenAtAnOrdinaryRequestRate() {
        steadyMinutes(5, 10, 10_000_000L); // 10 calls of a cent a minute
        for (int i = 0; i < 10; i++) {
            monitor.called(caller, "10.0.0.1", 200_000_000L); // the same rate at 20 cents each
        }
        assertThat(types()).contains("abuse.spend_spike");
        assertThat(types()).doesNotContain("abuse.request_spike");
    }

    @Test
    void aKeyUsedFromTooManyAddressesAlertsOncePerWindow() {
        for (int i = 1; i <= 5; i++) {
            monitor.called(caller, "10.0.0." + i, 0);
            monitor.called(caller, "10.0.0." + i, 0);
        }
        assertThat(sent).isEmpty(); // five addresses are allowed, however often each is used
        monitor.called(caller, "10.0.0.6", 0);
        assertThat(types()).containsExactly("abuse.client_ips");
        assertThat(sent.get(0).detail()).contains("6 distinct client addresses");
        monitor.called(caller, "10.0.0.7", 0);
        assertThat(sent).hasSize(1);
    }

    @Test
    void addressesOutsideTheWindowNoLongerCount() {
        for (int i = 1; i <= 5; i++) {
            monitor.called(caller, "10.0.0." + i, 0);
        }
        now += 61 * MINUTE;
        for (int i = 6; i <= 10; i++) {
            monitor.called(caller, "10.0.0." + i, 0);
        }
        assertThat(sent).isEmpty();
    }

    @Test
    void aBurstOfWrongKeysFromOneAddressAlerts() {
        for (int i = 0; i < 19; i++) {
            monitor.authFailed("203.0.113.9", GatewayKeys.generate());
            now += 1_000;
        }
        assertThat(sent).isEmpty();
        monitor.authFailed("203.0.113.9", GatewayKeys.generate());
        assertThat(types()).containsExactly("abuse.auth_failures");
        assertThat(sent.get(0).subject()).isEqualTo("ip:203.0.113.9");
    }

    @Test
    void wrongKeysSpreadOverMinutesDoNotAlert() {
        for (int i = 0; i < 40; i++) {
            monitor.authFailed("203.0.113.9", "nonsense");
            now += 4_000; // 15 a minute
        }
        assertThat(sent).isEmpty();
    }

    @Test
    void variationsOfOneKeyPrefixFromManyAddressesAlert() {
        String base = GatewayKeys.generate();
        for (int i = 0; i < 20; i++) {
            monitor.authFailed("198.51.100." + i, base.substring(0, 40) + "xyz" + i);
        }
        assertThat(sent).extracting(AbuseAlert::subject).containsExactly("prefix:" + GatewayKeys.displayPrefix(base));
    }

    @Test
    void aKeyOfOursInContentIsFoundAndTheAlertHoldsNoKey() {
        byte[] body = ("{\"messages\":[{\"role\":\"user\",\"content\":\"my key is " + pastedKey + ", why?\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        AbuseSettings.Action action = monitor.scanContent(caller, body, 0, body.length);
        assertThat(action).isEqualTo(AbuseSettings.Action.NONE);
        assertThat(types()).containsExactly("abuse.key_in_prompt");
        AbuseAlert alert = sent.get(0);
        assertThat(alert.keyId()).isEqualTo("key_pasted");
        assertThat(alert.keyPrefix()).isEqualTo(GatewayKeys.displayPrefix(pastedKey));
        assertThat(alert.toString()).doesNotContain(pastedKey).doesNotContain(pastedKey.substring(10));
    }

    @Test
    void keyShapedStringsThatAreNotOurKeysAreIgnored() {
        String stranger = GatewayKeys.generate(); // right shape, not in the snapshot
        String longer = "x" + pastedKey; // ours, but inside a longer token
        byte[] body = ("{\"content\":\"" + stranger + " and " + longer + "abc and tg-short\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(monitor.scanContent(caller, body, 0, body.length)).isNull();
        assertThat(sent).isEmpty();
    }

    @Test
    void suspendActionDisablesThePastedKey() {
        settings = withKeyInPromptAction(AbuseSettings.Action.SUSPEND);
        byte[] body = ("\"" + pastedKey + "\"").getBytes(StandardCharsets.UTF_8);
        assertThat(monitor.scanContent(caller, body, 0, body.length)).isEqualTo(AbuseSettings.Action.SUSPEND);
        assertThat(suspended).containsExactly("key_pasted");
        assertThat(sent.get(0).action()).isEqualTo("suspend");
    }

    @Test
    void aSpikeWithTheThrottleActionCapsTheKeyForAWhile() {
        settings = new AbuseSettings(true, null, null, 5.0, 30, 1_000_000_000L, AbuseSettings.Action.THROTTLE, 5, 60,
                AbuseSettings.Action.NONE, 20, false, AbuseSettings.Action.NONE, 3, 15);
        steadyMinutes(5, 10, 0);
        for (int i = 0; i < 60; i++) {
            monitor.called(caller, "10.0.0.1", 0);
        }
        now += MINUTE; // a fresh minute: three calls pass, the fourth is refused until the next one
        assertThat(monitor.throttledRetryAfterSeconds("key_1")).isZero();
        assertThat(monitor.throttledRetryAfterSeconds("key_1")).isZero();
        assertThat(monitor.throttledRetryAfterSeconds("key_1")).isZero();
        assertThat(monitor.throttledRetryAfterSeconds("key_1")).isEqualTo(60);
        assertThat(monitor.throttledRetryAfterSeconds("key_other")).isZero();
        now += 15 * MINUTE;
        for (int i = 0; i < 10; i++) {
            assertThat(monitor.throttledRetryAfterSeconds("key_1")).isZero();
        }
    }

    @Test
    void theClientAddressesSuspendActionSuspendsTheKey() {
        settings = new AbuseSettings(true, null, null, 5.0, 30, 1_000_000_000L, AbuseSettings.Action.NONE, 2, 60,
                AbuseSettings.Action.SUSPEND, 20, false, AbuseSettings.Action.NONE, 3, 15);
        monitor.called(caller, "10.0.0.1", 0);
        monitor.called(caller, "10.0.0.2", 0);
        assertThat(suspended).isEmpty();
        monitor.called(caller, "10.0.0.3", 0);
        assertThat(suspended).containsExactly("key_1");
    }

    @Test
    void nothingIsObservedWhileDisabled() {
        settings = AbuseSettings.OFF;
        for (int i = 0; i < 100; i++) {
            monitor.authFailed("203.0.113.9", "nonsense");
            monitor.called(caller, "10.0.0." + i, 0);
        }
        assertThat(monitor.scansContent()).isFalse();
        assertThat(sent).isEmpty();
        assertThat(monitor.alerts().list(a -> true, 10)).isEmpty();
    }

    private AbuseSettings withKeyInPromptAction(AbuseSettings.Action action) {
        AbuseSettings s = settings;
        return new AbuseSettings(true, null, null, s.spikeFactor(), s.spikeMinRequests(), s.spikeMinSpendNanoUsd(),
                s.spikeAction(), s.maxClientIps(), s.ipWindowMinutes(), s.ipsAction(), s.authFailuresPerMinute(), true,
                action, s.throttleRpm(), s.throttleMinutes());
    }

    /** {@code minutes} whole minutes of {@code perMinute} calls, each charging {@code charge}; ends at a new minute. */
    private void steadyMinutes(int minutes, int perMinute, long charge) {
        for (int m = 0; m < minutes; m++) {
            for (int i = 0; i < perMinute; i++) {
                monitor.called(caller, "10.0.0.1", charge);
            }
            now += MINUTE;
        }
    }

    private List<String> types() {
        return sent.stream().map(AbuseAlert::type).toList();
    }

    private static KeyDirectory directory(String plaintext) {
        GatewayKey key = new GatewayKey("key_pasted", "pasted", GatewayKeys.hash(plaintext),
                GatewayKeys.displayPrefix(plaintext), List.of(), "org_1", "team_1", null, Map.of(), Instant.EPOCH, null,
                null, true, List.of(), List.of());
        KeyStore store = (KeyStore) Proxy.newProxyInstance(KeyStore.class.getClassLoader(), new Class<?>[]{KeyStore.class},
                (proxy, method, args) -> method.getName().equals("loadUnrevoked") ? List.of(key) : null);
        KeyDirectory directory = new KeyDirectory(store, Clock.systemUTC());
        directory.refresh();
        return directory;
    }
}
