package dev.tollgate.spi.store;

import java.util.Locale;

/** What a usage report can group by, besides the period. */
public enum ReportDimension {
    ORG, TEAM, USER, KEY, MODEL, PROVIDER, ENDPOINT;

    /** {@code org}, {@code team}, {@code user}, {@code key}, {@code model}, {@code provider}, {@code endpoint}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dimension named {@code name}, or null when there is none. */
    public static ReportDimension parse(String name) {
        for (ReportDimension d : values()) {
            if (d.wireName().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
