package dev.tollgate.server.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * {@code limit} and {@code after} of a list call. Stores are asked for one row more than the page so
 * {@code has_more} is known without a count query.
 */
record PageRequest(int limit, String after) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** Parses the query parameters; null (after answering 400) when {@code limit} is not a number. */
    static PageRequest from(AdminCall call) {
        String raw = call.param("limit");
        int limit;
        try {
            limit = raw == null ? DEFAULT_LIMIT : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            call.fail(AdminErrors.invalid("'limit' must be a number.", "limit"));
            return null;
        }
        return new PageRequest(Math.max(1, Math.min(limit, MAX_LIMIT)), call.param("after"));
    }

    int fetchSize() {
        return limit + 1;
    }

    /** The list envelope: {@code object, data, has_more, next_after}. */
    <T> JsonObject envelope(List<T> fetched, Function<T, JsonObject> describe, Function<T, String> cursor) {
        JsonArray data = new JsonArray();
        fetched.stream().limit(limit).forEach(item -> data.add(describe.apply(item)));
        boolean more = fetched.size() > limit;
        return new JsonObject().put("object", "list").put("data", data).put("has_more", more)
                .put("next_after", more ? cursor.apply(fetched.get(limit - 1)) : null);
    }
}
