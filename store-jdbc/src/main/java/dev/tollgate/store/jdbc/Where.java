package dev.tollgate.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause built from optional filters: a filter whose value is null is left out, so one statement
 * shape serves every combination of filters. Values are always bound, never spliced into the SQL.
 */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** {@code column = value}, unless value is null. */
    Where equal(String column, Object value) {
        return condition(column + " = ?", value);
    }

    /** A condition with exactly one {@code ?}, unless value is null. */
    Where condition(String sql, Object value) {
        if (value != null) {
            conditions.add(sql);
            values.add(value);
        }
        return this;
    }

    /** A condition with one {@code ?} per value, unless the first value is null. */
    Where conditions(String sql, Object... values) {
        if (values[0] != null) {
            conditions.add(sql);
            this.values.addAll(List.of(values));
        }
        return this;
    }

    /** {@code " WHERE a AND b"}, or empty without conditions. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Binds the values from parameter {@code first} on; returns the next free parameter index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Object value : values) {
            if (value instanceof Long l) {
                ps.setLong(i++, l);
            } else if (value instanceof Integer n) {
                ps.setInt(i++, n);
            } else {
                ps.setString(i++, value.toString());
            }
        }
        return i;
    }
}
