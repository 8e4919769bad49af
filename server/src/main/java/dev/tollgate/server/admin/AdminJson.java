package dev.tollgate.server.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading typed fields from admin request bodies. Each reader throws {@link AdminFailure} (400, naming the
 * field) on a wrong type, so resources validate a whole body in straight-line code.
 */
final class AdminJson {

    private AdminJson() {
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static String string(JsonObject in, String field) {
        Object value = in.getValue(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be a string.", field));
    }

    static String requiredString(JsonObject in, String field) {
        String value = string(in, field);
        if (value == null || value.isBlank()) {
            throw new AdminFailure(AdminErrors.invalid("'" + field + "' is required.", field));
        }
        return value;
    }

    static List<String> stringList(JsonObject in, String field) {
        Object value = in.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonArray array) {
            List<String> out = new ArrayList<>();
            for (Object o : array) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be a list of non-empty strings.", field));
                }
                out.add(s);
            }
            return out;
        }
        throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be a list of non-empty strings.", field));
    }

    /** A string map; non-string values are stored as their text. Null when the field is absent. */
    static Map<String, String> metadata(JsonObject in) {
        Object value = in.getValue("metadata");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject meta)) {
            throw new AdminFailure(AdminErrors.invalid("'metadata' must be an object.", "metadata"));
        }
        Map<String, String> out = new HashMap<>();
        for (String k : meta.fieldNames()) {
            out.put(k, String.valueOf(meta.getValue(k)));
        }
        return out;
    }

    static Instant instant(JsonObject in, String field) {
        String value = string(in, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new AdminFailure(AdminErrors.invalid(
                    "'" + field + "' must be an ISO-8601 instant such as 2027-01-01T00:00:00Z.", field));
        }
    }

    static Boolean bool(JsonObject in, String field) {
        Object value = in.getValue(field);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be true or false.", field));
    }

    static JsonObject map(Map<String, String> values) {
        return new JsonObject(new HashMap<>(values));
    }

    static JsonArray list(List<String> values) {
        return new JsonArray(new ArrayList<>(values));
    }
}
