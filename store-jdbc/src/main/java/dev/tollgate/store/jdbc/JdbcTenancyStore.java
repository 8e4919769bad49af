package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.Billing;
import dev.tollgate.spi.store.InUseException;
import dev.tollgate.spi.store.Organization;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.Team;
import dev.tollgate.spi.store.TenancyStore;
import dev.tollgate.spi.store.User;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link TenancyStore} on tables {@code organizations}, {@code teams} and {@code users}. Each change and its
 * audit entry share one transaction. Deletes are hard deletes, refused while anything belongs to the entity:
 * usage and audit history keep the ids, so nothing is lost, and there is no half-deleted state to filter
 * everywhere. Thread-safe, blocking.
 */
final class JdbcTenancyStore implements TenancyStore {

    private static final String ORG_COLUMNS = "id, name, metadata, created_at, rate_limit_policy";
    private static final String TEAM_COLUMNS = "id, org_id, name, metadata, created_at, rate_limit_policy";
    private static final String USER_COLUMNS = "id, org_id, team_id, email, name, metadata, created_at, billing, "
            + "pricing_group, rate_limit_policy";

    private final Database db;

    JdbcTenancyStore(Database db) {
        this.db = db;
    }

    @Override
    public void createOrg(Organization org, AuditEntry audit) {
        db.transaction("creating organisation " + org.id(), c -> {
            Rows.update(c, "INSERT INTO organizations (" + ORG_COLUMNS + ") VALUES (?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, org.id());
                ps.setString(2, org.name());
                ps.setString(3, JsonText.write(org.metadata()));
                ps.setLong(4, org.createdAt().toEpochMilli());
                ps.setString(5, org.rateLimitPolicy());
            });
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    @Override
    public Optional<Organization> findOrg(String id) {
        return db.call("finding organisation " + id, c -> Rows.query(c,
                "SELECT " + ORG_COLUMNS + " FROM organizations WHERE id = ?", ps -> ps.setString(1, id),
                JdbcTenancyStore::org).stream().findFirst());
    }

    @Override
    public List<Organization> pageOrgs(String afterId, int limit) {
        Where where = new Where().condition("id > ?", afterId);
        return db.call("listing organisations", c -> Rows.query(c,
                "SELECT " + ORG_COLUMNS + " FROM organizations" + where.sql() + " ORDER BY id LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), limit), JdbcTenancyStore::org));
    }

    @Override
    public boolean updateOrg(Organization org, AuditEntry audit) {
        return changed("updating organisation " + org.id(), audit, c -> keysChanged(c, Rows.update(c,
                "UPDATE organizations SET name = ?, metadata = ?, rate_limit_policy = ? WHERE id = ?", ps -> {
                    ps.setString(1, org.name());
                    ps.setString(2, JsonText.write(org.metadata()));
                    ps.setString(3, org.rateLimitPolicy());
                    ps.setString(4, org.id());
                })));
    }

    @Override
    public boolean deleteOrg(String id, AuditEntry audit) {
        return changed("deleting organisation " + id, audit, c -> {
            refuseIfAny(c, "SELECT 1 FROM teams WHERE org_id = ?", id, "organisation " + id + " still has teams");
            refuseIfAny(c, "SELECT 1 FROM users WHERE org_id = ?", id, "organisation " + id + " still has users");
            refuseIfAny(c, "SELECT 1 FROM api_keys WHERE org_id = ? AND revoked_at IS NULL", id,
                    "organisation " + id + " still has unrevoked keys");
            return Rows.update(c, "DELETE FROM organizations WHERE id = ?", ps -> ps.setString(1, id));
        });
    }

    @Override
    public void createTeam(Team team, AuditEntry audit) {
        db.transaction("creating team " + team.id(), c -> {
            Rows.update(c, "INSERT INTO teams (" + TEAM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, team.id());
                ps.setString(2, team.orgId());
                ps.setString(3, team.name());
                ps.setString(4, JsonText.write(team.metadata()));
                ps.setLong(5, team.createdAt().toEpochMilli());
                ps.setString(6, team.rateLimitPolicy());
            });
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    @Override
    public Optional<Team> findTeam(String id) {
        return db.call("finding team " + id, c -> Rows.query(c,
                "SELECT " + TEAM_COLUMNS + " FROM teams WHERE id = ?", ps -> ps.setString(1, id),
                JdbcTenancyStore::team).stream().findFirst());
    }

    @Override
    public List<Team> pageTeams(Ownership scope, String afterId, int limit) {
        Where where = new Where().equal("org_id", scope.orgId()).equal("id", scope.teamId())
                .condition("id > ?", afterId);
        return db.call("listing teams", c -> Rows.query(c,
                "SELECT " + TEAM_COLUMNS + " FROM teams" + where.sql() + " ORDER BY id LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), limit), JdbcTenancyStore::team));
    }

    @Override
    public boolean updateTeam(Team team, AuditEntry audit) {
        return changed("updating team " + team.id(), audit, c -> keysChanged(c, Rows.update(c,
                "UPDATE teams SET name = ?, metadata = ?, rate_limit_policy = ? WHERE id = ?", ps -> {
                    ps.setString(1, team.name());
                    ps.setString(2, JsonText.write(team.metadata()));
                    ps.setString(3, team.rateLimitPolicy());
                    ps.setString(4, team.id());
                })));
    }

    @Override
    public boolean deleteTeam(String id, AuditEntry audit) {
        return changed("deleting team " + id, audit, c -> {
            refuseIfAny(c, "SELECT 1 FROM users WHERE team_id = ?", id, "team " + id + " still has users");
            refuseIfAny(c, "SELECT 1 FROM api_keys WHERE team_id = ? AND revoked_at IS NULL", id,
                    "team " + id + " still has unrevoked keys");
            return Rows.update(c, "DELETE FROM teams WHERE id = ?", ps -> ps.setString(1, id));
        });
    }

    @Override
    public void createUser(User user, AuditEntry audit) {
        db.transaction("creating user " + user.id(), c -> {
            Rows.update(c, "INSERT INTO users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, user.id());
                ps.setString(2, user.orgId());
                ps.setString(3, user.teamId());
                ps.setString(4, user.email());
                ps.setString(5, user.name());
                ps.setString(6, JsonText.write(user.metadata()));
                ps.setLong(7, user.createdAt().toEpochMilli());
                ps.setString(8, user.billing().wireName());
                ps.setString(9, user.pricingGroup());
                ps.setString(10, user.rateLimitPolicy());
            });
            if (user.billing() != Billing.INVOICED || user.pricingGroup() != null) {
                ChangeCounters.bump(c, ChangeCounters.LEDGER);
            }
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    @Override
    public Optional<User> findUser(String id) {
        return db.call("finding user " + id, c -> Rows.query(c,
                "SELECT " + USER_COLUMNS + " FROM users WHERE id = ?", ps -> ps.setString(1, id),
                JdbcTenancyStore::user).stream().findFirst());
    }

    @Override
    public List<User> pageUsers(Ownership scope, String afterId, int limit) {
        Where where = new Where().equal("org_id", scope.orgId()).equal("team_id", scope.teamId())
                .equal("id", scope.userId()).condition("id > ?", afterId);
        return db.call("listing users", c -> Rows.query(c,
                "SELECT " + USER_COLUMNS + " FROM users" + where.sql() + " ORDER BY id LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), limit), JdbcTenancyStore::user));
    }

    @Override
    public boolean updateUser(User user, AuditEntry audit) {
        return changed("updating user " + user.id(), audit, c -> {
            List<String> before = Rows.query(c, "SELECT billing, pricing_group FROM users WHERE id = ?",
                    ps -> ps.setString(1, user.id()), rs -> rs.getString(1) + "/" + rs.getString(2));
            List<String> policyBefore = Rows.query(c, "SELECT rate_limit_policy FROM users WHERE id = ?",
                    ps -> ps.setString(1, user.id()), rs -> String.valueOf(rs.getString(1)));
            int changed = Rows.update(c, "UPDATE users SET name = ?, email = ?, team_id = ?, metadata = ?, billing = ?, "
                    + "pricing_group = ?, rate_limit_policy = ? WHERE id = ?", ps -> {
                        ps.setString(1, user.name());
                        ps.setString(2, user.email());
                        ps.setString(3, user.teamId());
                        ps.setString(4, JsonText.write(user.metadata()));
                        ps.setString(5, user.billing().wireName());
                        ps.setString(6, user.pricingGroup());
                        ps.setString(7, user.rateLimitPolicy());
                        ps.setString(8, user.id());
                    });
            if (changed > 0 && !policyBefore.equals(List.of(String.valueOf(user.rateLimitPolicy())))) {
                ChangeCounters.bump(c, ChangeCounters.KEYS); // the policy travels with the user's keys
            }
            if (changed > 0 && !before.equals(List.of(user.billing().wireName() + "/" + user.pricingGroup()))) {
                // billing and pricing group travel with the user's keys in every node's key snapshot
                ChangeCounters.bump(c, ChangeCounters.KEYS);
                ChangeCounters.bump(c, ChangeCounters.LEDGER);
            }
            return changed;
        });
    }

    @Override
    public boolean deleteUser(String id, AuditEntry audit) {
        return changed("deleting user " + id, audit, c -> {
            refuseIfAny(c, "SELECT 1 FROM api_keys WHERE user_id = ? AND revoked_at IS NULL", id,
                    "user " + id + " still has unrevoked keys");
            return Rows.update(c, "DELETE FROM users WHERE id = ?", ps -> ps.setString(1, id));
        });
    }

    /** Runs a one-row change and, if it touched a row, appends {@code audit} in the same transaction. */
    private boolean changed(String what, AuditEntry audit, Database.Work<Integer> change) {
        return db.transaction(what, c -> {
            if (change.run(c) == 0) {
                return false;
            }
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    /**
     * An organisation's or team's rate-limit policy travels with its keys in every node's key snapshot: any change to
     * one has the snapshots rebuilt (admin changes are rare; a rebuild is one query per node).
     */
    private static int keysChanged(Connection c, int changed) throws SQLException {
        if (changed > 0) {
            ChangeCounters.bump(c, ChangeCounters.KEYS);
        }
        return changed;
    }

    private static void refuseIfAny(Connection c, String sql, String id, String message) throws SQLException {
        if (Rows.exists(c, sql, id)) {
            throw new InUseException(message);
        }
    }

    private static Organization org(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new Organization(id, rs.getString("name"), JsonText.map(rs.getString("metadata"), "organisation " + id),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("rate_limit_policy"));
    }

    private static Team team(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new Team(id, rs.getString("org_id"), rs.getString("name"),
                JsonText.map(rs.getString("metadata"), "team " + id), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("rate_limit_policy"));
    }

    private static User user(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new User(id, rs.getString("org_id"), rs.getString("team_id"), rs.getString("email"),
                rs.getString("name"), JsonText.map(rs.getString("metadata"), "user " + id),
                Instant.ofEpochMilli(rs.getLong("created_at")), Billing.fromWire(rs.getString("billing")),
                rs.getString("pricing_group"), rs.getString("rate_limit_policy"));
    }
}
