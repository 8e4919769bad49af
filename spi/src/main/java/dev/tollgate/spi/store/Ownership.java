package dev.tollgate.spi.store;

/**
 * Restricts a list to one part of the tenancy tree; null fields do not restrict. Used both for filters a
 * caller asked for and for the scope an admin identity is confined to.
 */
public record Ownership(String orgId, String teamId, String userId) {

    public static final Ownership ANY = new Ownership(null, null, null);
}
