package dev.tollgate.server.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Typed query parameters; each reader throws {@link AdminFailure} (400, naming the parameter) on a bad value. */
final class AdminParams {

    private AdminParams() {
    }

    static Instant instant(AdminCall call, String name) {
        String value = call.param(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new AdminFailure(AdminErrors.invalid(
                    "'" + name + "' must be an ISO-8601 instant such as 2027-01-01T00:00:00Z.", name));
        }
    }

    static Integer integer(AdminCall call, String name) {
        String value = call.param(name);
        try {
            return value == null ? null : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new AdminFailure(AdminErrors.invalid("'" + name + "' must be a number.", name));
        }
    }
}
