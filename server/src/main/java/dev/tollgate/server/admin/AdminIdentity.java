package dev.tollgate.server.admin;

import dev.tollgate.spi.store.AdminRole;

/**
 * The authenticated admin behind a call: its admin-key id, role and scope. Which scope fields are set
 * depends on the role: none for a platform admin, the org for an org admin (and optionally an auditor),
 * org and team for a team admin, org, team (if any) and user for a member.
 */
record AdminIdentity(String keyId, AdminRole role, String orgId, String teamId, String userId) {

    static final String BOOTSTRAP_ID = "bootstrap";

    static AdminIdentity bootstrap() {
        return new AdminIdentity(BOOTSTRAP_ID, AdminRole.PLATFORM_ADMIN, null, null, null);
    }
}
