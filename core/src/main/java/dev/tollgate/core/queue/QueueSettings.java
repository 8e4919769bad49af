package dev.tollgate.core.queue;

import java.util.Map;

/**
 * The capacity queue's configuration ({@code queue:}, docs/queueing.md). A call of a model group whose
 * deployments are all at their {@code rpm}/{@code tpm}/{@code max_concurrent} caps waits up to
 * {@code maxWaitMs} for capacity instead of failing; off while {@code maxWaitMs} is 0.
 *
 * @param maxWaitMs  longest wait in the queue (0: no queue, a capped group answers at once as before)
 * @param maxDepth   waiting calls per model group; a call finding the queue full gets 429 at once
 * @param fairShare  whose share the queue balances: {@code org}, {@code team} or {@code key}
 * @param weights    tenant id (org, team or key id, as {@code fairShare} says) → weight (default 1): a tenant of
 *                   weight 2 gets twice the grants of a tenant of weight 1 while both wait
 * @param priorities key, team or org id → priority class (default 0; looked up in that order): a waiting call
 *                   of a higher class is always granted before one of a lower class
 * @param models     per model group overrides of {@code max_wait_ms} and {@code max_depth}
 */
public record QueueSettings(long maxWaitMs, int maxDepth, FairShare fairShare, Map<String, Integer> weights,
                            Map<String, Integer> priorities, Map<String, Limits> models) {

    public static final QueueSettings OFF = new QueueSettings(0, 1_000, FairShare.ORG, Map.of(), Map.of(), Map.of());

    public QueueSettings {
        weights = Map.copyOf(weights);
        priorities = Map.copyOf(priorities);
        models = Map.copyOf(models);
    }

    /** A group's own limits. */
    public record Limits(long maxWaitMs, int maxDepth) {
    }

    /** The limits in force for a model group (its own, else the global ones); {@code maxWaitMs} 0 = no queue. */
    public Limits limitsFor(String group) {
        Limits own = models.get(group);
        return own != null ? own : new Limits(maxWaitMs, maxDepth);
    }

    public boolean anyEnabled() {
        return maxWaitMs > 0 || models.values().stream().anyMatch(l -> l.maxWaitMs() > 0);
    }

    /** Whose fair share the queue keeps. */
    public enum FairShare {
        ORG, TEAM, KEY;

        public String tenantOf(String keyId, String teamId, String orgId) {
            String id = switch (this) {
                case ORG -> orgId;
                case TEAM -> teamId != null ? teamId : orgId;
                case KEY -> keyId;
            };
            return id != null ? id : "";
        }
    }

    public int weightOf(String tenant) {
        Integer w = weights.get(tenant);
        return w == null || w < 1 ? 1 : w;
    }

    public int priorityOf(String keyId, String teamId, String orgId) {
        Integer p = keyId != null ? priorities.get(keyId) : null;
        if (p == null && teamId != null) {
            p = priorities.get(teamId);
        }
        if (p == null && orgId != null) {
            p = priorities.get(orgId);
        }
        return p == null ? 0 : p;
    }
}
