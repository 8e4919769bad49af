package dev.tollgate.server.admin;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;

/**
 * Amounts in admin request bodies: {@code <name>_nano_usd} (an integer) or {@code <name>_usd} (a decimal, as a
 * JSON number or string, at most 9 decimal places), converted exactly, never through a double's arithmetic.
 */
final class AdminMoney {

    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    private AdminMoney() {
    }

    /** The amount in nano-USD, or null when neither field is present. */
    static Long nanoUsd(JsonObject in, String name) {
        String nanoField = name + "_nano_usd";
        String usdField = name + "_usd";
        Object nano = in.getValue(nanoField);
        Object usd = in.getValue(usdField);
        if (nano != null && usd != null) {
            throw new AdminFailure(AdminErrors.invalid("Give '" + nanoField + "' or '" + usdField + "', not both.",
                    usdField));
        }
        if (nano != null) {
            if (nano instanceof Integer || nano instanceof Long) {
                return ((Number) nano).longValue();
            }
            throw new AdminFailure(AdminErrors.invalid("'" + nanoField + "' must be an integer.", nanoField));
        }
        if (usd == null) {
            return null;
        }
        BigDecimal dollars;
        try {
            // a JSON number arrives as Integer, Long or Double: its shortest decimal text is what was written
            dollars = new BigDecimal(usd instanceof Number || usd instanceof String ? usd.toString() : "x");
        } catch (NumberFormatException e) {
            throw new AdminFailure(AdminErrors.invalid("'" + usdField + "' must be a decimal number.", usdField));
        }
        try {
            return dollars.multiply(NANOS_PER_USD).longValueExact();
        } catch (ArithmeticException e) {
            throw new AdminFailure(AdminErrors.invalid("'" + usdField + "' must have at most 9 decimal places.",
                    usdField));
        }
    }

    /** A decimal field (a JSON number or string), exactly; null when absent. */
    static BigDecimal decimal(JsonObject in, String field) {
        Object value = in.getValue(field);
        if (value == null) {
            return null;
        }
        try {
            if (value instanceof Number || value instanceof String) {
                return new BigDecimal(value.toString());
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be a decimal number.", field));
    }
}
