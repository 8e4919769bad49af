package dev.tollgate.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the model group serving a requested name: an exact name or alias first, then the wildcard group with
 * the longest matching prefix ({@code openai/*} serves {@code openai/gpt-4.1}). Immutable, built per config.
 */
public final class ModelCatalog {

    /**
     * @param wildcardPart what a wildcard group's {@code *} matched (empty for exact names)
     */
    public record Resolved(GatewayConfig.ModelGroup group, String wildcardPart) {
    }

    /** The model name to send a deployment: its own, with {@code *} standing for what the wildcard matched. */
    public static String upstreamModel(GatewayConfig.Deployment deployment, String wildcardPart) {
        String model = deployment.model();
        return model.indexOf('*') < 0 ? model : model.replace("*", wildcardPart);
    }

    private final Map<String, GatewayConfig.ModelGroup> byName = new HashMap<>();
    private final List<GatewayConfig.ModelGroup> wildcards = new ArrayList<>();
    private final List<String> listed;

    public ModelCatalog(Map<String, GatewayConfig.ModelGroup> groups) {
        for (GatewayConfig.ModelGroup group : groups.values()) {
            if (group.isWildcard()) {
                wildcards.add(group);
            } else {
                byName.put(group.name(), group);
            }
            for (String alias : group.aliases()) {
                byName.put(alias, group);
            }
        }
        wildcards.sort(Comparator.comparingInt((GatewayConfig.ModelGroup g) -> g.name().length()).reversed());
        listed = byName.keySet().stream().sorted().toList();
    }

    /** @return the group serving the name, or null */
    public Resolved resolve(String requested) {
        if (requested == null) {
            return null;
        }
        GatewayConfig.ModelGroup exact = byName.get(requested);
        if (exact != null) {
            return new Resolved(exact, "");
        }
        for (GatewayConfig.ModelGroup group : wildcards) {
            String prefix = group.name().substring(0, group.name().length() - 1);
            if (requested.length() > prefix.length() && requested.startsWith(prefix)) {
                return new Resolved(group, requested.substring(prefix.length()));
            }
        }
        return null;
    }

    /** Every concrete name and alias, sorted; wildcard groups are not listable. */
    public List<String> listedNames() {
        return listed;
    }
}
