package dev.tollgate.server.admin;

import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.Ownership;

import java.util.Objects;

/**
 * Where an admin identity may look and act. Every check answers 403 in the error format when a scope is
 * crossed: entity ids are random, so confirming that one exists elsewhere tells a caller nothing it could use
 * (see docs/admin-api.md, "Roles").
 */
final class Scope {

    private Scope() {
    }

    /** The part of the tenancy tree {@code who} can see; lists are confined to it. */
    static Ownership visible(AdminIdentity who) {
        return switch (who.role()) {
            case PLATFORM_ADMIN -> Ownership.ANY;
            case AUDITOR, ORG_ADMIN -> new Ownership(who.orgId(), null, null);
            case TEAM_ADMIN -> new Ownership(who.orgId(), who.teamId(), null);
            case MEMBER -> new Ownership(who.orgId(), null, who.userId());
        };
    }

    static boolean canSee(AdminIdentity who, String orgId, String teamId, String userId) {
        Ownership v = visible(who);
        return within(v.orgId(), orgId) && within(v.teamId(), teamId) && within(v.userId(), userId);
    }

    private static boolean within(String limit, String value) {
        return limit == null || limit.equals(value);
    }

    static void requireSee(AdminIdentity who, String orgId, String teamId, String userId) {
        if (!canSee(who, orgId, teamId, userId)) {
            throw new AdminFailure(AdminErrors.forbidden("This admin key may not access resources outside its scope."));
        }
    }

    /** Write access: inside the scope and not a read-only auditor. */
    static void requireWrite(AdminIdentity who, String orgId, String teamId, String userId) {
        requireWriter(who);
        requireSee(who, orgId, teamId, userId);
    }

    static void requireWriter(AdminIdentity who) {
        if (who.role() == AdminRole.AUDITOR) {
            throw new AdminFailure(AdminErrors.forbidden("Auditor admin keys are read-only."));
        }
    }

    static void requireRole(AdminIdentity who, AdminRole... allowed) {
        for (AdminRole r : allowed) {
            if (who.role() == r) {
                return;
            }
        }
        throw new AdminFailure(AdminErrors.forbidden("The " + who.role().wireName() + " role may not do this."));
    }

    /**
     * Filters a caller asked for, narrowed to its scope: a filter outside the scope is refused rather than
     * silently replaced, so a caller never mistakes an empty answer for "nothing there".
     */
    static Ownership filter(AdminIdentity who, String orgId, String teamId, String userId) {
        Ownership v = visible(who);
        return new Ownership(narrow(v.orgId(), orgId), narrow(v.teamId(), teamId), narrow(v.userId(), userId));
    }

    private static String narrow(String limit, String asked) {
        if (limit != null && asked != null && !Objects.equals(limit, asked)) {
            throw new AdminFailure(AdminErrors.forbidden("This admin key may not list resources outside its scope."));
        }
        return asked != null ? asked : limit;
    }
}
