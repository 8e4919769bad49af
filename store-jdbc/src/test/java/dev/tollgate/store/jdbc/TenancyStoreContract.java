package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AdminKey;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.AuditQuery;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.IdempotencyStore;
import dev.tollgate.spi.store.InUseException;
import dev.tollgate.spi.store.Organization;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.Team;
import dev.tollgate.spi.store.TenancyStore;
import dev.tollgate.spi.store.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tenancy, admin keys, audit log and idempotency records: behaviour every backend must show. */
abstract class TenancyStoreContract extends StorageTestBase {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00.000Z");

    /** Per test, because the append-only audit log keeps earlier tests' entries. */
    private String run;
    private int sequence;

    @BeforeEach
    void newRun() {
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    private AuditEntry audit(String action, String targetId) {
        // ids sort like time, as the real ones do
        return new AuditEntry("aud_%s_%04d".formatted(run, sequence++), T0, "actor-" + run, "platform_admin", action,
                action.substring(0, action.indexOf('.')), targetId, "org-1", null, null, "{\"id\":\"" + targetId + "\"}",
                "req-1", "127.0.0.1");
    }

    private List<AuditEntry> auditOf(String targetId) {
        return storage.audit().page(new AuditQuery(null, null, "actor-" + run, null, null, targetId, null, null, null, 100));
    }

    private TenancyStore tenancy() {
        return storage.tenancy();
    }

    private void orgTeamUser() {
        tenancy().createOrg(new Organization("org-1", "Acme", Map.of("tier", "gold"), T0), audit("org.create", "org-1"));
        tenancy().createTeam(new Team("team-1", "org-1", "Search", Map.of(), T0), audit("team.create", "team-1"));
        tenancy().createUser(new User("user-1", "org-1", "team-1", "zoe@acme.test", "Zoë", Map.of(), T0),
                audit("user.create", "user-1"));
    }

    @Test
    void entitiesRoundTripAndEachChangeIsAuditedWithIt() {
        orgTeamUser();

        assertThat(tenancy().findOrg("org-1")).contains(new Organization("org-1", "Acme", Map.of("tier", "gold"), T0));
        assertThat(tenancy().findTeam("team-1")).contains(new Team("team-1", "org-1", "Search", Map.of(), T0));
        assertThat(tenancy().findUser("user-1"))
                .contains(new User("user-1", "org-1", "team-1", "zoe@acme.test", "Zoë", Map.of(), T0));
        assertThat(auditOf("org-1")).extracting(AuditEntry::action).containsExactly("org.create");
        assertThat(auditOf("user-1").get(0).after()).isEqualTo("{\"id\":\"user-1\"}");

        assertThat(tenancy().updateTeam(new Team("team-1", "org-1", "Retrieval", Map.of("k", "v"), T0),
                audit("team.update", "team-1"))).isTrue();
        assertThat(tenancy().findTeam("team-1").orElseThrow().name()).isEqualTo("Retrieval");
        assertThat(auditOf("team-1")).extracting(AuditEntry::action).containsExactly("team.update", "team.create");
    }

    @Test
    void aChangeToNothingIsNeitherMadeNorAudited() {
        assertThat(tenancy().updateOrg(new Organization("org-missing", "x", Map.of(), T0), audit("org.update", "org-missing")))
                .isFalse();
        assertThat(tenancy().deleteUser("user-missing", audit("user.delete", "user-missing"))).isFalse();
        assertThat(auditOf("org-missing")).isEmpty();
        assertThat(auditOf("user-missing")).isEmpty();
    }

    @Test
    void aFailedChangeLeavesNoAuditEntry() {
        orgTeamUser();
        AuditEntry duplicate = audit("team.create", "team-dup");
        assertThatThrownBy(() -> tenancy().createTeam(new Team("team-dup", "org-1", "Search", Map.of(), T0), duplicate))
                .isInstanceOf(StorageException.class);
        assertThat(auditOf("team-dup")).isEmpty();
    }

    @Test
    void deletesAreRefusedWhileAnythingBelongsToTheEntity() {
        orgTeamUser();
        storage.keys().create(new GatewayKey("key-u", "k", "h-u", "tg-u", List.of(), "org-1", "team-1", "user-1",
                Map.of(), T0, null, null, true, List.of(), List.of()));

        assertThatThrownBy(() -> tenancy().deleteOrg("org-1", audit("org.delete", "org-1"))).isInstanceOf(InUseException.class);
        assertThatThrownBy(() -> tenancy().deleteTeam("team-1", audit("team.delete", "team-1"))).isInstanceOf(InUseException.class);
        assertThatThrownBy(() -> tenancy().deleteUser("user-1", audit("user.delete", "user-1"))).isInstanceOf(InUseException.class);

        storage.keys().revoke("key-u", T0);
        assertThat(tenancy().deleteUser("user-1", audit("user.delete", "user-1"))).isTrue();
        assertThat(tenancy().deleteTeam("team-1", audit("team.delete", "team-1"))).isTrue();
        assertThat(tenancy().findTeam("team-1")).isEmpty();
        assertThat(auditOf("team-1")).extracting(AuditEntry::action).containsExactly("team.delete", "team.create");
    }

    @Test
    void listsFollowTheScopeAndPageById() {
        orgTeamUser();
        tenancy().createOrg(new Organization("org-2", "Other", Map.of(), T0), audit("org.create", "org-2"));
        tenancy().createTeam(new Team("team-2", "org-2", "Ops", Map.of(), T0), audit("team.create", "team-2"));
        tenancy().createTeam(new Team("team-3", "org-1", "Ads", Map.of(), T0), audit("team.create", "team-3"));

        assertThat(tenancy().pageTeams(new Ownership("org-1", null, null), null, 10)).extracting(Team::id)
                .containsExactly("team-1", "team-3");
        assertThat(tenancy().pageTeams(Ownership.ANY, "team-1", 1)).extracting(Team::id).containsExactly("team-2");
        assertThat(tenancy().pageUsers(new Ownership(null, "team-1", null), null, 10)).extracting(User::id)
                .containsExactly("user-1");
        assertThat(tenancy().pageUsers(new Ownership("org-2", null, null), null, 10)).isEmpty();
    }

    @Test
    void keysCarryTheirOwnerAndListByScope() {
        GatewayKey mine = new GatewayKey("key-a", "a", "h-a", "tg-a", List.of("gpt-*"), "org-1", "team-1", "user-1",
                Map.of(), T0, null, null, false, List.of("10.0.0.0/8", "2001:db8::/32"), List.of("eu"));
        storage.keys().create(mine, audit("key.create", "key-a"));
        storage.keys().create(new GatewayKey("key-b", "b", "h-b", "tg-b", List.of(), "org-2", "team-2", null,
                Map.of(), T0, null, null, true, List.of(), List.of()), audit("key.create", "key-b"));

        assertThat(storage.keys().find("key-a")).contains(mine);
        assertThat(storage.keys().page(new Ownership(null, "team-1", null), null, 10)).containsExactly(mine);
        assertThat(storage.keys().page(new Ownership("org-2", null, null), null, 10)).extracting(GatewayKey::id)
                .containsExactly("key-b");
        assertThat(auditOf("key-a")).hasSize(1);
    }

    @Test
    void rotationStoresTheSuccessorAndShortensTheOldKeyOnce() {
        storage.keys().create(new GatewayKey("key-old", "o", "h-old", "tg-o", List.of(), null, null, Map.of(), T0, null, null));
        GatewayKey successor = new GatewayKey("key-new", "o", "h-new", "tg-n", List.of(), null, null, Map.of(), T0, null, null);

        assertThat(storage.keys().rotate("key-old", T0.plusSeconds(60), successor, List.of(audit("key.rotate", "key-old")))).isTrue();

        assertThat(storage.keys().find("key-old").orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(storage.keys().find("key-new")).contains(successor);
        storage.keys().revoke("key-old", T0);
        assertThat(storage.keys().rotate("key-old", T0.plusSeconds(60), successor, List.of(audit("key.rotate", "key-old")))).isFalse();
    }

    @Test
    void adminKeysAuthenticateByHashUntilRevoked() {
        AdminKey key = new AdminKey("adm-1", "ops", "hash-adm-1", "tga-abc", AdminRole.TEAM_ADMIN, "org-1", "team-1",
                null, T0, null);
        storage.adminKeys().create(key, audit("admin_key.create", "adm-1"));

        assertThat(storage.adminKeys().findActiveByHash("hash-adm-1")).contains(key);
        assertThat(storage.adminKeys().page(new Ownership("org-1", null, null), null, 10)).containsExactly(key);
        assertThat(storage.adminKeys().revoke("adm-1", T0.plusSeconds(1), audit("admin_key.revoke", "adm-1"))).isTrue();
        assertThat(storage.adminKeys().findActiveByHash("hash-adm-1")).isEmpty();
        assertThat(storage.adminKeys().find("adm-1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void theAuditLogRefusesUpdateAndDelete() throws SQLException {
        orgTeamUser();
        String id = auditOf("org-1").get(0).id();
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET action = 'forged' WHERE id = '" + id + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log WHERE id = '" + id + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(auditOf("org-1")).extracting(AuditEntry::action).containsExactly("org.create");
    }

    @Test
    void auditFiltersCombine() {
        orgTeamUser();
        AuditQuery byAction = new AuditQuery(null, null, "actor-" + run, "team.create", null, null, null, null, null, 10);
        assertThat(storage.audit().page(byAction)).extracting(AuditEntry::targetId).containsExactly("team-1");
        AuditQuery later = new AuditQuery(T0.plusSeconds(1), null, "actor-" + run, null, null, null, null, null, null, 10);
        assertThat(storage.audit().page(later)).isEmpty();
        List<AuditEntry> all = storage.audit().page(new AuditQuery(T0, T0.plusSeconds(1), "actor-" + run, null, null,
                null, "org-1", null, null, 2));
        assertThat(all).hasSize(2);
        AuditQuery rest = new AuditQuery(null, null, "actor-" + run, null, null, null, null, null, all.get(1).id(), 10);
        assertThat(storage.audit().page(rest)).hasSize(1).doesNotContainAnyElementsOf(all);
    }

    @Test
    void theFirstClaimOfAnIdempotencyKeyWinsAndOthersSeeItInProgressThenItsAnswer() {
        IdempotencyStore store = storage.idempotency();
        Instant day = T0.minusSeconds(86_400);
        Instant minute = T0.minusSeconds(60);

        assertThat(store.claim("adm-1", "idem-1", "h1", T0, day, minute)).isEmpty();
        assertThat(store.claim("adm-1", "idem-1", "h1", T0, day, minute)).get()
                .satisfies(r -> assertThat(r.inProgress()).isTrue());
        assertThat(store.claim("adm-2", "idem-1", "h1", T0, day, minute)).as("another actor's key").isEmpty();

        store.complete("adm-1", "idem-1", new IdempotencyStore.Recorded("h1", 201, "{\"a\":1}", T0));
        IdempotencyStore.Recorded replay = store.claim("adm-1", "idem-1", "h1", T0.plusSeconds(5), day, minute).orElseThrow();
        assertThat(replay.inProgress()).isFalse();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo("{\"a\":1}");
        store.release("adm-1", "idem-1");
        assertThat(store.claim("adm-1", "idem-1", "h1", T0, day, minute)).as("a recorded answer is not released")
                .isPresent();

        Instant dayLater = T0.plusSeconds(86_401);
        assertThat(store.claim("adm-1", "idem-1", "h3", dayLater, dayLater.minusSeconds(86_400),
                dayLater.minusSeconds(60))).as("an answer older than a day no longer counts").isEmpty();
    }

    @Test
    void aReleasedOrAbandonedClaimLetsTheNextRequestRun() {
        IdempotencyStore store = storage.idempotency();
        Instant day = T0.minusSeconds(86_400);

        assertThat(store.claim("adm-1", "idem-2", "h1", T0, day, T0.minusSeconds(60))).isEmpty();
        store.release("adm-1", "idem-2");
        assertThat(store.claim("adm-1", "idem-2", "h1", T0, day, T0.minusSeconds(60))).isEmpty();

        Instant twoMinutesLater = T0.plusSeconds(120);
        assertThat(store.claim("adm-1", "idem-2", "h1", twoMinutesLater, day, twoMinutesLater.minusSeconds(60)))
                .as("a claim whose request died lapses").isEmpty();
    }
}
