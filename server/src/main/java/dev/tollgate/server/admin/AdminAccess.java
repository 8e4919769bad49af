package dev.tollgate.server.admin;

/** The access summaries several routes share, worded as in docs/admin-api.md's role table. */
final class AdminAccess {

    static final String SCOPED = "all (scoped)";
    static final String ANY = "any admin identity";
    static final String KEY_WRITERS = "writers in the key's scope (members: own keys)";

    private AdminAccess() {
    }
}
