package dev.tollgate.server.admin;

import dev.tollgate.core.auth.CidrBlock;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.RatePolicies;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the settings a PATCH may change on a gateway key. Absent fields keep their value; {@code null} clears
 * the fields where "none" means something ({@code expires_at}: never; lists and metadata: empty).
 */
final class KeySettings {

    private KeySettings() {
    }

    static GatewayKey apply(GatewayKey k, JsonObject in) {
        String name = in.containsKey("name") ? orEmpty(AdminJson.string(in, "name")) : k.name();
        List<String> models = in.containsKey("models") ? orNone(AdminJson.stringList(in, "models")) : k.allowedModels();
        List<String> ips = in.containsKey("allowed_ips") ? orNone(allowedIps(in)) : k.allowedIps();
        List<String> tags = in.containsKey("routing_tags") ? orNone(routingTags(in)) : k.routingTags();
        Map<String, String> metadata = k.metadata();
        if (in.containsKey("metadata")) {
            metadata = Objects.requireNonNullElse(AdminJson.metadata(in), Map.of());
        }
        Instant expires = in.containsKey("expires_at") ? AdminJson.instant(in, "expires_at") : k.expiresAt();
        boolean enabled = k.enabled();
        if (in.containsKey("enabled")) {
            Boolean value = AdminJson.bool(in, "enabled");
            if (value == null) {
                throw new AdminFailure(AdminErrors.invalid("'enabled' must be true or false.", "enabled"));
            }
            enabled = value;
        }
        String policy = in.containsKey("rate_limit_policy") ? ratePolicy(in) : k.ratePolicies().key();
        return new GatewayKey(k.id(), name, k.hash(), k.prefix(), models, k.orgId(), k.teamId(), k.userId(), metadata,
                k.createdAt(), expires, k.revokedAt(), enabled, ips, tags, false, null,
                new RatePolicies(policy, null, null, null));
    }

    /**
     * The name of a rate-limit policy ({@code limits.policies} in the configuration), or null (none). Not checked
     * against the configuration: a policy may be added by a reload later, and a name no policy has limits nothing.
     */
    static String ratePolicy(JsonObject in) {
        String name = AdminJson.string(in, "rate_limit_policy");
        if (name != null && name.isBlank()) {
            throw new AdminFailure(AdminErrors.invalid("'rate_limit_policy' must be a policy name or null.",
                    "rate_limit_policy"));
        }
        return name == null ? null : name.trim();
    }

    /**
     * The allow-list as given, each entry checked to parse (IPv4 or IPv6 literal, optional prefix length) so a
     * typo is a 400 now rather than a key that refuses every address later. Null when absent.
     */
    static List<String> allowedIps(JsonObject in) {
        List<String> ips = AdminJson.stringList(in, "allowed_ips");
        if (ips == null) {
            return null;
        }
        for (String ip : ips) {
            try {
                CidrBlock.parse(ip);
            } catch (IllegalArgumentException e) {
                throw new AdminFailure(AdminErrors.invalid("'allowed_ips': " + e.getMessage()
                        + ". Use addresses or CIDR blocks such as 10.0.0.0/8 or 2001:db8::/32.", "allowed_ips"));
            }
        }
        return ips.stream().map(String::trim).toList();
    }

    /** Deployment tags the key is bound to, trimmed; blank entries are an error. Null when absent. */
    static List<String> routingTags(JsonObject in) {
        List<String> tags = AdminJson.stringList(in, "routing_tags");
        if (tags == null) {
            return null;
        }
        if (tags.stream().anyMatch(t -> t == null || t.isBlank() || t.contains(","))) {
            throw new AdminFailure(AdminErrors.invalid(
                    "'routing_tags' must be a list of non-empty tags without commas, such as [\"eu\"].", "routing_tags"));
        }
        return tags.stream().map(String::trim).toList();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> orNone(List<String> list) {
        return list == null ? List.of() : list;
    }
}
