package dev.tollgate.core.secrets;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static final String K1 = randomKey();
    private static final String K2 = randomKey();

    private static SecretBox box(String current, String... previous) {
        return new SecretBox(MasterKey.parse(current, "test"),
                java.util.Arrays.stream(previous).map(p -> MasterKey.parse(p, "test")).toList());
    }

    @Test
    void anEnvelopeRoundTripsAndNamesItsKey() {
        SecretBox box = box(K1);
        String sealed = box.seal("sk-live-secret-1234");
        assertThat(sealed).startsWith("v1:" + box.currentKeyId() + ":").doesNotContain("sk-live");
        assertThat(SecretBox.keyIdOf(sealed)).isEqualTo(box.currentKeyId());
        assertThat(box.open(sealed)).isEqualTo("sk-live-secret-1234");
        // a fresh nonce each time: equal plaintexts do not give equal envelopes
        assertThat(box.seal("sk-live-secret-1234")).isNotEqualTo(sealed);
    }

    @Test
    void anAlteredEnvelopeIsRefused() {
        SecretBox box = box(K1);
        String sealed = box.seal("value");
        byte[] data = Base64.getDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1));
        data[data.length - 20] ^= 1;
        String tampered = sealed.substring(0, sealed.lastIndexOf(':') + 1) + Base64.getEncoder().encodeToString(data);
        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> box.open(sealed.substring(0, sealed.length() - 8)))
                .isInstanceOf(SecretBoxException.class);
    }

    @Test
    void anotherKeyCannotOpenAndTheMessageShowsNoKeyMaterial() {
        String sealed = box(K1).seal("value");
        assertThatThrownBy(() -> box(K2).open(sealed)).isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("key id " + SecretBox.keyIdOf(sealed))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(K1).doesNotContain(K2));
        // relabelling the envelope to the other key's id fails authentication, not decryption into garbage
        SecretBox other = box(K2, K1);
        String relabelled = sealed.replace(SecretBox.keyIdOf(sealed), other.currentKeyId());
        assertThatThrownBy(() -> other.open(relabelled)).hasMessageContaining("failed authentication");
    }

    @Test
    void rotationOpensWithThePreviousKeyAndSealsWithTheNewOne() {
        String old = box(K1).seal("value");
        SecretBox rotated = box(K2, K1);
        assertThat(rotated.open(old)).isEqualTo("value");
        assertThat(rotated.isStale(old)).isTrue();
        String fresh = rotated.seal(rotated.open(old));
        assertThat(rotated.isStale(fresh)).isFalse();
        assertThat(box(K2).open(fresh)).isEqualTo("value");
    }

    @Test
    void badKeysAreRefusedByName() {
        assertThatThrownBy(() -> MasterKey.parse("not base64 !!", "TOLLGATE_SECRET_KEY"))
                .hasMessageStartingWith("TOLLGATE_SECRET_KEY is not valid base64");
        assertThatThrownBy(() -> MasterKey.parse(Base64.getEncoder().encodeToString(new byte[16]), "TOLLGATE_SECRET_KEY"))
                .hasMessageContaining("exactly 32 bytes");
        assertThat(SecretBox.fromEnvironment(Map.<String, String>of()::get)).isNull();
        SecretBox fromEnv = SecretBox.fromEnvironment(Map.of("TOLLGATE_SECRET_KEY", K2,
                "TOLLGATE_SECRET_KEY_PREVIOUS", K1 + ", " + randomKey())::get);
        assertThat(fromEnv.keyIds()).hasSize(3).contains(fromEnv.currentKeyId());
    }

    @Test
    void theKeyCheckRefusesADatabaseWrittenWithAnotherKey() {
        SecretBox first = box(K1);
        Map<String, String> stored = Map.of(first.currentKeyId(), KeyCheck.valueFor(first));
        assertThat(KeyCheck.verify(first, Map.of(), Set.of())).isTrue();
        assertThat(KeyCheck.verify(first, stored, Set.of(first.currentKeyId()))).isFalse();
        assertThatThrownBy(() -> KeyCheck.verify(box(K2), stored, Set.of()))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("does not match this database").hasMessageContaining(first.currentKeyId())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(K1).doesNotContain(K2));
        // with the old key as previous, the new key starts and asks for its own check
        assertThat(KeyCheck.verify(box(K2, K1), stored, Set.of(first.currentKeyId()))).isTrue();
        // a check value that does not open under its key id is refused
        Map<String, String> forged = Map.of(first.currentKeyId(), first.seal("something else"));
        assertThatThrownBy(() -> KeyCheck.verify(first, forged, Set.of())).hasMessageContaining("key check");
    }
}
