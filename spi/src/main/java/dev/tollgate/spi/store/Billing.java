package dev.tollgate.spi.store;

import java.util.Locale;

/** How a user pays: on invoice (spending is only recorded), or from a prepaid balance that must cover each call. */
public enum Billing {
    INVOICED, PREPAID;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code invoiced} or {@code prepaid} */
    public static Billing fromWire(String name) {
        for (Billing b : values()) {
            if (b.wireName().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("billing must be 'invoiced' or 'prepaid': " + name);
    }
}
