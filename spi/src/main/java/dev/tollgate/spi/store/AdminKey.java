package dev.tollgate.spi.store;

import java.time.Instant;

/**
 * An admin identity: a role plus the scope it applies to, authenticated by an admin key ({@code tga-…})
 * of which only the hash and a display prefix are stored.
 *
 * @param orgId  set for org admins, team admins, members and org-scoped auditors
 * @param teamId set for team admins, and for members who are in a team
 * @param userId set for members
 */
public record AdminKey(String id, String name, String hash, String prefix, AdminRole role, String orgId,
                       String teamId, String userId, Instant createdAt, Instant revokedAt) {

    public AdminKey withRevokedAt(Instant at) {
        return new AdminKey(id, name, hash, prefix, role, orgId, teamId, userId, createdAt, at);
    }
}
