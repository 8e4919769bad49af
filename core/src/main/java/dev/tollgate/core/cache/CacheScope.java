package dev.tollgate.core.cache;

import dev.tollgate.core.auth.Caller;

import java.util.Locale;

/**
 * Who shares cached answers ({@code cache.scope}). Never wider than one organisation: every scope is a tenant's
 * id, and a key without the wider owner falls back to the narrower one it has (down to the key itself), so a
 * key that belongs to nobody shares with nobody.
 */
public enum CacheScope {
    /** Each gateway key has its own entries. */
    KEY,
    /** The key's owner: the user for a user's key (a relay's customers are users of one org), the team for a service key. */
    OWNER,
    /** The key's team (a user's key: the user's team). */
    TEAM,
    /** The key's organisation. */
    ORG;

    /** The scope's id for this caller; distinct kinds carry distinct prefixes, so ids of different kinds never collide. */
    public String of(Caller c) {
        return switch (this) {
            case KEY -> "key:" + c.keyId();
            case OWNER -> c.userId() != null ? "user:" + c.userId() : c.teamId() != null ? "team:" + c.teamId()
                    : "key:" + c.keyId();
            case TEAM -> c.teamId() != null ? "team:" + c.teamId() : OWNER.of(c);
            case ORG -> c.orgId() != null ? "org:" + c.orgId() : TEAM.of(c);
        };
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named in the configuration, or null for an unknown name. */
    public static CacheScope byConfigName(String name) {
        for (CacheScope s : values()) {
            if (s.configName().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
