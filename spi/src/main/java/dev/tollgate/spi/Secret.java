package dev.tollgate.spi;

import java.util.Objects;

/**
 * A secret value (an upstream key). Its {@code toString} never shows the value, so a secret that ends up
 * in a log line, an exception message or a record's printed form stays hidden.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The plaintext, for the one place that needs it: the upstream request's auth header. */
    public String reveal() {
        return value;
    }

    /** A hint safe to show an operator: the last four characters at most. */
    public String hint() {
        return value.length() <= 8 ? "****" : "****" + value.substring(value.length() - 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
