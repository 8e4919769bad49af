package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.InUseException;
import dev.tollgate.spi.store.PricingGroup;
import dev.tollgate.spi.store.PricingGroupStore;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link PricingGroupStore} on table {@code pricing_groups}. Decimals are kept as their exact text
 * ({@link BigDecimal#toPlainString()}), the ratios as a JSON object of such texts, so nothing passes through a
 * double. Thread-safe, blocking.
 */
final class JdbcPricingGroupStore implements PricingGroupStore {

    private static final String COLUMNS = "name, multiplier, model_ratios, created_at, updated_at";

    private final Database db;

    JdbcPricingGroupStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(PricingGroup group, AuditEntry audit) {
        db.transaction("creating pricing group " + group.name(), c -> {
            Rows.update(c, "INSERT INTO pricing_groups (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, group.name());
                ps.setString(2, group.multiplier().toPlainString());
                ps.setString(3, ratiosText(group.modelRatios()));
                ps.setLong(4, group.createdAt().toEpochMilli());
                ps.setLong(5, group.updatedAt().toEpochMilli());
            });
            ChangeCounters.bump(c, ChangeCounters.LEDGER);
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    @Override
    public Optional<PricingGroup> find(String name) {
        return db.call("finding pricing group " + name, c -> Rows.query(c,
                "SELECT " + COLUMNS + " FROM pricing_groups WHERE name = ?", ps -> ps.setString(1, name),
                JdbcPricingGroupStore::read).stream().findFirst());
    }

    @Override
    public List<PricingGroup> all() {
        return db.call("listing pricing groups", c -> Rows.query(c,
                "SELECT " + COLUMNS + " FROM pricing_groups ORDER BY name", ps -> { }, JdbcPricingGroupStore::read));
    }

    @Override
    public boolean update(PricingGroup group, AuditEntry audit) {
        return db.transaction("updating pricing group " + group.name(), c -> {
            int changed = Rows.update(c, "UPDATE pricing_groups SET multiplier = ?, model_ratios = ?, updated_at = ? "
                    + "WHERE name = ?", ps -> {
                        ps.setString(1, group.multiplier().toPlainString());
                        ps.setString(2, ratiosText(group.modelRatios()));
                        ps.setLong(3, group.updatedAt().toEpochMilli());
                        ps.setString(4, group.name());
                    });
            if (changed == 0) {
                return false;
            }
            ChangeCounters.bump(c, ChangeCounters.LEDGER);
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    @Override
    public boolean delete(String name, AuditEntry audit) {
        return db.transaction("deleting pricing group " + name, c -> {
            if (Rows.exists(c, "SELECT 1 FROM users WHERE pricing_group = ?", name)) {
                throw new InUseException("pricing group " + name + " still has users");
            }
            if (Rows.update(c, "DELETE FROM pricing_groups WHERE name = ?", ps -> ps.setString(1, name)) == 0) {
                return false;
            }
            ChangeCounters.bump(c, ChangeCounters.LEDGER);
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    @Override
    public long ledgerVersion() {
        return ChangeCounters.read(db, ChangeCounters.LEDGER);
    }

    private static String ratiosText(Map<String, BigDecimal> ratios) {
        Map<String, String> text = new TreeMap<>();
        ratios.forEach((model, ratio) -> text.put(model, ratio.toPlainString()));
        return JsonText.write(text);
    }

    private static PricingGroup read(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        Map<String, BigDecimal> ratios = new LinkedHashMap<>();
        JsonText.map(rs.getString("model_ratios"), "pricing group " + name)
                .forEach((model, ratio) -> ratios.put(model, new BigDecimal(ratio)));
        return new PricingGroup(name, new BigDecimal(rs.getString("multiplier")), ratios,
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
