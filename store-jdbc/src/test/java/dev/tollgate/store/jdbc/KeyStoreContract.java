package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.KeyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour every {@link KeyStore} backend must show. */
abstract class KeyStoreContract extends StorageTestBase {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123Z");

    private KeyStore keys;

    @BeforeEach
    void setUpKeys() {
        keys = storage.keys();
    }

    static GatewayKey key(String id) {
        return new GatewayKey(id, "key " + id, "hash-" + id, "tg-" + id, List.of(), null, null, Map.of(),
                CREATED, null, null);
    }

    @Test
    void createdKeyRoundTripsAllFields() {
        GatewayKey key = new GatewayKey("k-full", "CI pipeline", "sha256:abcdef0123456789", "tg-abc1",
                List.of("gpt-*", "claude-3-5-sonnet", "*"), "team-7", "user-42",
                Map.of("env", "prod", "owner", "Zoë <zoe@example.com>", "quote", "\"{[]}\""),
                CREATED, Instant.parse("2027-01-01T00:00:00.999Z"), Instant.parse("2026-06-01T08:30:00.001Z"));

        keys.create(key);

        assertThat(keys.find("k-full")).contains(key);
    }

    @Test
    void nullsAndEmptyCollectionsRoundTrip() {
        GatewayKey key = new GatewayKey("k-min", null, "h-min", "tg-min", List.of(), null, null, Map.of(),
                CREATED, null, null);

        keys.create(key);

        GatewayKey found = keys.find("k-min").orElseThrow();
        assertThat(found).isEqualTo(key);
        assertThat(found.name()).isNull();
        assertThat(found.expiresAt()).isNull();
        assertThat(found.revokedAt()).isNull();
        assertThat(found.allowedModels()).isEmpty();
        assertThat(found.metadata()).isEmpty();
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        Instant precise = Instant.parse("2026-03-01T12:00:00.123456789Z");
        keys.create(new GatewayKey("k-precise", "p", "h-p", "tg-p", List.of(), null, null, Map.of(),
                precise, precise, null));

        GatewayKey found = keys.find("k-precise").orElseThrow();
        assertThat(found.createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
        assertThat(found.expiresAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    }

    @Test
    void findUnknownIsEmpty() {
        assertThat(keys.find("nope")).isEmpty();
    }

    @Test
    void duplicateIdOrHashIsAConflict() {
        keys.create(key("k1"));
        GatewayKey sameId = new GatewayKey("k1", "other", "other-hash", "tg-x", List.of(), null, null, Map.of(),
                CREATED, null, null);
        GatewayKey sameHash = new GatewayKey("k2", "other", "hash-k1", "tg-x", List.of(), null, null, Map.of(),
                CREATED, null, null);

        assertThatThrownBy(() -> keys.create(sameId))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isConflict()).isTrue());
        assertThatThrownBy(() -> keys.create(sameHash))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.isConflict()).isTrue());
        assertThat(keys.find("k1")).contains(key("k1"));
        assertThat(keys.find("k2")).isEmpty();
    }

    @Test
    void revokeUnknownKeyReturnsFalse() {
        assertThat(keys.revoke("missing", Instant.parse("2026-04-01T00:00:00Z"))).isFalse();
        assertThat(keys.find("missing")).isEmpty();
    }

    @Test
    void revokeSetsTimeOnceAndKeepsTheFirst() {
        keys.create(key("k1"));
        keys.create(key("k2"));
        Instant first = Instant.parse("2026-04-01T10:00:00.500Z");
        Instant second = Instant.parse("2026-04-02T10:00:00Z");

        assertThat(keys.revoke("k1", first)).isTrue();
        assertThat(keys.revoke("k1", second)).isTrue();

        GatewayKey revoked = keys.find("k1").orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(first);
        assertThat(revoked.isActiveAt(first.minusSeconds(1))).isFalse();
        GatewayKey original = key("k1");
        assertThat(revoked).isEqualTo(new GatewayKey(original.id(), original.name(), original.hash(),
                original.prefix(), original.allowedModels(), original.teamId(), original.userId(),
                original.metadata(), original.createdAt(), original.expiresAt(), first));
        assertThat(keys.find("k2").orElseThrow().revokedAt()).isNull();
    }

    @Test
    void keyCreatedRevokedStaysRevokedAtItsTime() {
        Instant at = Instant.parse("2026-02-01T00:00:00Z");
        GatewayKey key = new GatewayKey("k-r", "r", "h-r", "tg-r", List.of(), null, null, Map.of(), CREATED, null, at);
        keys.create(key);

        assertThat(keys.revoke("k-r", Instant.parse("2026-05-01T00:00:00Z"))).isTrue();
        assertThat(keys.find("k-r").orElseThrow().revokedAt()).isEqualTo(at);
    }

    @Test
    void pagesAreOrderedByIdAndContinueAfterTheGivenId() {
        List<String> ids = List.of("k-05", "k-01", "k-07", "K-00", "k-03", "k-02", "k-06", "k-04", "a", "k-10");
        ids.forEach(id -> keys.create(key(id)));
        List<String> expected = ids.stream().sorted().toList(); // bytewise: "K-00" < "a" < "k-01"

        List<String> seen = new ArrayList<>();
        String after = null;
        List<Integer> pageSizes = new ArrayList<>();
        while (true) {
            List<GatewayKey> page = keys.page(after, 3);
            if (page.isEmpty()) {
                break;
            }
            pageSizes.add(page.size());
            page.forEach(k -> seen.add(k.id()));
            after = page.getLast().id();
        }

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pageSizes).containsExactly(3, 3, 3, 1);
        assertThat(keys.page("k-05", 100)).extracting(GatewayKey::id).containsExactly("k-06", "k-07", "k-10");
        assertThat(keys.page("k-055", 2)).extracting(GatewayKey::id).containsExactly("k-06", "k-07");
        assertThat(keys.page("zzz", 5)).isEmpty();
        assertThat(keys.page(null, 0)).isEmpty();
        assertThat(keys.page(null, 1)).containsExactly(key("K-00"));
    }

    @Test
    void negativePageLimitIsRejected() {
        assertThatThrownBy(() -> keys.page(null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadUnrevokedExcludesRevokedButKeepsExpired() {
        keys.create(key("k1"));
        keys.create(key("k2"));
        keys.create(key("k3"));
        GatewayKey expired = new GatewayKey("k4", "old", "hash-k4", "tg-k4", List.of("gpt-4o"), "t", "u",
                Map.of("a", "b"), CREATED, Instant.parse("2026-03-02T00:00:00Z"), null);
        keys.create(expired);
        keys.revoke("k2", Instant.parse("2026-04-01T00:00:00Z"));

        assertThat(keys.loadUnrevoked()).containsExactly(key("k1"), key("k3"), expired);
    }

    @Test
    void emptyStoreLoadsNothing() {
        assertThat(keys.loadUnrevoked()).isEmpty();
        assertThat(keys.page(null, 10)).isEmpty();
    }
}
