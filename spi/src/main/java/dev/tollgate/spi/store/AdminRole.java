package dev.tollgate.spi.store;

import java.util.Locale;

/** What an admin identity may do; its scope (org, team, user) says where. */
public enum AdminRole {
    /** Everything, everywhere. The bootstrap admin key is one. */
    PLATFORM_ADMIN,
    /** Everything inside one organisation. */
    ORG_ADMIN,
    /** Keys, users and usage of one team. */
    TEAM_ADMIN,
    /** Its own keys and usage. */
    MEMBER,
    /** Reads everything (or one organisation's everything), never writes. */
    AUDITOR;

    /** The wire name, e.g. {@code org_admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static AdminRole fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
