package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.Organization;
import dev.tollgate.spi.store.User;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prepaid users and their credit totals. One test per database: credit entries are append-only, so the users they
 * name can never be emptied away between tests.
 */
abstract class PrepaidCreditsContract extends StorageTestBase {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private int sequence;

    private AuditEntry audit(String action, String targetId) {
        return new AuditEntry("aud_%s_%04d".formatted(run, sequence++), T0, "actor", "platform_admin", action, "user",
                targetId, null, null, null, null, "req", "127.0.0.1");
    }

    @Test
    void prepaidUsersComeWithTheirCreditTotals() throws SQLException {
        storage.tenancy().createOrg(new Organization("org-1", "Acme", Map.of(), T0), audit("org.create", "org-1"));
        storage.tenancy().createUser(new User("user-1", "org-1", null, "a@acme.test", null, Map.of(), T0), audit("u", "user-1"));
        storage.tenancy().createUser(new User("user-2", "org-1", null, "b@acme.test", null, Map.of(), T0), audit("u", "user-2"));
        storage.tenancy().createUser(new User("user-3", "org-1", null, "c@acme.test", null, Map.of(), T0), audit("u", "user-3"));
        try (Connection c = storage.dataSource().getConnection()) {
            c.createStatement().executeUpdate("UPDATE users SET billing = 'prepaid' WHERE id IN ('user-1', 'user-2')");
            credit(c, "c1", "user-1", 700);
            credit(c, "c2", "user-1", 300);
            credit(c, "c3", "user-3", 999); // invoiced: not a balance
        }
        assertThat(storage.ledger().prepaidCredits()).isEqualTo(Map.of("user-1", 1_000L, "user-2", 0L));
    }

    private static void credit(Connection c, String id, String user, long amount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO credit_entries (id, user_id, amount_nano_usd, kind, "
                + "created_at) VALUES (?, ?, ?, 'topup', 0)")) {
            ps.setString(1, id);
            ps.setString(2, user);
            ps.setLong(3, amount);
            ps.executeUpdate();
        }
    }
}
