package dev.tollgate.spi.store;

import java.util.List;
import java.util.Optional;

/**
 * Organisations, teams and users at rest. Every change takes the {@link AuditEntry} describing it and
 * writes both in one transaction, so the log never misses a change nor records one that did not happen.
 * Deletes refuse ({@link InUseException}) while anything still belongs to the entity. Blocking.
 */
public interface TenancyStore {

    void createOrg(Organization org, AuditEntry audit);

    Optional<Organization> findOrg(String id);

    List<Organization> pageOrgs(String afterId, int limit);

    /** @return false when there is no such organisation */
    boolean updateOrg(Organization org, AuditEntry audit);

    /** @return false when there is no such organisation; @throws InUseException while it has teams, users or keys */
    boolean deleteOrg(String id, AuditEntry audit);

    void createTeam(Team team, AuditEntry audit);

    Optional<Team> findTeam(String id);

    /** Teams ordered by id; {@code scope} may restrict by org and team. */
    List<Team> pageTeams(Ownership scope, String afterId, int limit);

    boolean updateTeam(Team team, AuditEntry audit);

    /** @throws InUseException while the team has users or unrevoked keys */
    boolean deleteTeam(String id, AuditEntry audit);

    void createUser(User user, AuditEntry audit);

    Optional<User> findUser(String id);

    List<User> pageUsers(Ownership scope, String afterId, int limit);

    boolean updateUser(User user, AuditEntry audit);

    /** @throws InUseException while the user has unrevoked keys */
    boolean deleteUser(String id, AuditEntry audit);
}
