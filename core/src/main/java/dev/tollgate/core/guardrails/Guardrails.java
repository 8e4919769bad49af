package dev.tollgate.core.guardrails;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured guardrails and where they attach, part of a configuration snapshot (swapped whole on reload).
 * A call gets, in this order and each once: the guardrails attached to everyone, to its organisation, its team,
 * its key and its model group, each attachment's list in its own order.
 */
public record Guardrails(Map<String, GuardrailDefinition> definitions, List<Attachment> attachments) {

    public static final Guardrails NONE = new Guardrails(Map.of(), List.of());

    public Guardrails {
        definitions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
        attachments = List.copyOf(attachments);
    }

    /** Where an attachment applies: everyone, or one organisation, team, key (by id) or model group. */
    public enum Scope { ALL, ORG, TEAM, KEY, MODEL }

    /** @param target the org, team or key id, or the model group's name; null for {@link Scope#ALL} */
    public record Attachment(Scope scope, String target, List<String> guardrails) {
        public Attachment {
            guardrails = List.copyOf(guardrails);
        }
    }

    public boolean isEmpty() {
        return attachments.isEmpty();
    }

    /** The guardrails that apply to a call, in evaluation order; empty (no allocation) when none are attached. */
    public List<GuardrailDefinition> applicable(String orgId, String teamId, String keyId, String modelGroup) {
        if (attachments.isEmpty()) {
            return List.of();
        }
        List<GuardrailDefinition> out = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            String id = switch (scope) {
                case ALL -> null;
                case ORG -> orgId;
                case TEAM -> teamId;
                case KEY -> keyId;
                case MODEL -> modelGroup;
            };
            if (scope != Scope.ALL && id == null) {
                continue;
            }
            for (Attachment a : attachments) {
                if (a.scope() == scope && (scope == Scope.ALL || id.equals(a.target()))) {
                    for (String name : a.guardrails()) {
                        GuardrailDefinition d = definitions.get(name);
                        if (d != null && !out.contains(d)) {
                            out.add(d);
                        }
                    }
                }
            }
        }
        return out;
    }
}
