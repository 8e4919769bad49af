package dev.tollgate.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.core.booking.SpoolFullPolicy;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.ProviderSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML configuration into a validated {@link GatewayConfig}: {@code ${VAR}} and
 * {@code ${VAR:-default}} are replaced from the environment, unknown fields are errors, and every
 * problem found is reported at once, each naming its field (e.g. {@code models[0].deployments[1].provider}).
 * Thread-safe.
 */
public final class ConfigLoader {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final ObjectMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // prices are money: numbers are read as exact decimals from their text, never through a double
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private final Function<String, String> env;
    private final Map<String, ProviderAdapter> adapters;

    /**
     * @param env      environment lookup (System::getenv in production)
     * @param adapters the adapters this build knows, by type (their default base URLs fill in a missing one)
     */
    public ConfigLoader(Function<String, String> env, Map<String, ProviderAdapter> adapters) {
        this.env = env;
        this.adapters = Map.copyOf(adapters);
    }

    public GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public GatewayConfig parse(String yamlText, String source) {
        return parse(yamlText, source, List.of(), List.of());
    }

    /**
     * The file merged with entries from the database: each extra provider or model group (a JSON tree in the
     * file's shape, taken literally: no {@code ${VAR}} substitution) is appended after the file's, unless the
     * file defines that name, which wins. The merged document then goes through the same validation as a file,
     * so every rule and message is the same; problems in an extra entry name it as {@code providers/<name>} or
     * {@code models/<name>} instead of by its position in the merged list.
     */
    public GatewayConfig parse(String yamlText, String source, List<JsonNode> extraProviders, List<JsonNode> extraModels) {
        return parse(yamlText, source, extraProviders, extraModels, Map.of());
    }

    /**
     * As {@link #parse(String, String, List, List)}, with price entries from the database too (by id, see
     * {@link GatewayConfig.PriceEntry#id()}): each is appended unless the file has an entry with the same key
     * (scope, model, effective date), which wins; problems in one name it as {@code prices/<id>}.
     */
    public GatewayConfig parse(String yamlText, String source, List<JsonNode> extraProviders, List<JsonNode> extraModels,
                               Map<String, JsonNode> extraPrices) {
        List<String> problems = new ArrayList<>();
        ObjectNode tree = readTree(yamlText, source);
        interpolate(tree, "", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        append(tree, "providers", extraProviders, labels);
        append(tree, "models", extraModels, labels);
        appendPrices(tree, extraPrices, labels);
        RawConfig raw;
        try {
            raw = yaml.treeToValue(tree, RawConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(source, List.of(relabel(describe(e), labels)));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(e.getOriginalMessage()));
        }
        GatewayConfig config = new Validation(raw, adapters, problems).build();
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.stream().map(p -> relabel(p, labels)).toList());
        }
        return config;
    }

    /**
     * The provider and model group names, and the price ids, the file itself defines (what the database may not
     * redefine).
     */
    public record FileNames(Set<String> providers, Set<String> models, Set<String> prices) {
    }

    public FileNames names(String yamlText, String source) {
        ObjectNode tree = readTree(yamlText, source);
        Set<String> prices = new java.util.LinkedHashSet<>();
        tree.path("prices").forEach(n -> prices.add(priceId(n)));
        return new FileNames(namesIn(tree.path("providers")), namesIn(tree.path("models")), prices);
    }

    /**
     * The id of a price entry as written (a JSON tree in the file's shape), from its scope, model and effective date
     * (an unreadable date counts as none here; validation reports it).
     */
    public static String priceId(JsonNode entry) {
        String from = text(entry, "effective_from");
        java.time.Instant at = null;
        if (from != null) {
            try {
                at = EffectiveFrom.parse(from);
            } catch (IllegalArgumentException e) {
                at = null;
            }
        }
        GatewayConfig.PriceEntry e = new GatewayConfig.PriceEntry(text(entry, "model"), text(entry, "provider"),
                text(entry, "deployment"), at, dev.tollgate.core.metering.Price.FREE);
        return e.id();
    }

    private static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private ObjectNode readTree(String yamlText, String source) {
        JsonNode tree;
        try {
            tree = yaml.readTree(yamlText);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of("not valid YAML: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (tree == null || tree instanceof MissingNode || tree.isNull()) {
            tree = yaml.createObjectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ConfigException(source, List.of("the document must be a mapping of sections"));
        }
        return object;
    }

    private static Set<String> namesIn(JsonNode list) {
        Set<String> out = new java.util.LinkedHashSet<>();
        list.forEach(n -> {
            if (n.path("name").isTextual()) {
                out.add(n.path("name").asText());
            }
        });
        return out;
    }

    private void append(ObjectNode tree, String section, List<JsonNode> extras, Map<String, String> labels) {
        if (extras.isEmpty()) {
            return;
        }
        JsonNode existing = tree.get(section);
        ArrayNode list = existing instanceof ArrayNode a ? a : tree.putArray(section);
        Set<String> fromFile = namesIn(list);
        for (JsonNode extra : extras) {
            String name = extra.path("name").asText();
            if (!fromFile.contains(name)) {
                labels.put(section + "[" + list.size() + "]", section + "/" + name);
                list.add(extra.deepCopy());
            }
        }
    }

    private void appendPrices(ObjectNode tree, Map<String, JsonNode> extras, Map<String, String> labels) {
        if (extras.isEmpty()) {
            return;
        }
        JsonNode existing = tree.get("prices");
        ArrayNode list = existing instanceof ArrayNode a ? a : tree.putArray("prices");
        Set<String> fromFile = new java.util.HashSet<>();
        list.forEach(n -> fromFile.add(priceId(n)));
        for (Map.Entry<String, JsonNode> extra : extras.entrySet()) {
            if (!fromFile.contains(extra.getKey())) {
                labels.put("prices[" + list.size() + "]", "prices/" + extra.getKey());
                list.add(extra.getValue().deepCopy());
            }
        }
    }

    private static final Pattern POSITION = Pattern.compile("(providers|models|prices)\\[\\d+]");

    private static String relabel(String problem, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return problem;
        }
        return POSITION.matcher(problem).replaceAll(m -> Matcher.quoteReplacement(labels.getOrDefault(m.group(), m.group())));
    }

    private void interpolate(JsonNode node, String path, List<String> problems) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    replaced.add(Map.entry(field.getKey(), substitute(field.getValue().asText(), child, problems)));
                } else {
                    interpolate(field.getValue(), child, problems);
                }
            }
            replaced.forEach(e -> object.set(e.getKey(), e.getValue()));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String child = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, substitute(array.get(i).asText(), child, problems));
                } else {
                    interpolate(array.get(i), child, problems);
                }
            }
        }
    }

    private JsonNode substitute(String value, String path, List<String> problems) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = env.apply(m.group(1));
            if (resolved == null || resolved.isEmpty()) {
                resolved = m.group(2);
            }
            if (resolved == null) {
                problems.add(path + ": environment variable " + m.group(1) + " is not set");
                resolved = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Unrecognized field")) {
            message = "unknown field";
        } else if (message.contains("Cannot deserialize") || message.contains("Cannot coerce")) {
            message = "wrong type of value";
        }
        return (path.isEmpty() ? "(document)" : path) + ": " + message;
    }

    /**
     * Whether {@code state.url} names Redis: one server ({@code redis://}, {@code rediss://}), Sentinel
     * ({@code redis-sentinel://}) or Cluster ({@code redis-cluster://}); the {@code rediss-} forms use TLS.
     * state-redis's {@code RedisEndpoint} parses the rest.
     */
    public static boolean isRedisUrl(String url) {
        return url != null && url.matches("rediss?(-sentinel|-cluster)?://.+");
    }

    /** Checks a raw document and builds the snapshot, collecting every problem. */
    private static final class Validation {
        private final RawConfig raw;
        private final Map<String, ProviderAdapter> adapters;
        private final Set<String> providerTypes;
        private final List<String> problems;

        Validation(RawConfig raw, Map<String, ProviderAdapter> adapters, List<String> problems) {
            this.raw = raw;
            this.adapters = adapters;
            this.providerTypes = adapters.keySet();
            this.problems = problems;
        }

        GatewayConfig build() {
            GatewayConfig.Server server = server();
            String storage = raw.storage() != null && raw.storage().url() != null
                    ? raw.storage().url() : "sqlite:data/tollgate.db";
            if (!storage.startsWith("sqlite:") && !storage.startsWith("postgresql://")
                    && !storage.startsWith("postgres://") && !storage.startsWith("jdbc:sqlite:")
                    && !storage.startsWith("jdbc:postgresql://")) {
                problems.add("storage.url: expected sqlite:<file> or postgresql://host:port/db");
            }
            String state = raw.state() != null && raw.state().url() != null ? raw.state().url() : "local";
            if (!state.equals("local") && !isRedisUrl(state)) {
                problems.add("state.url: expected 'local', redis://host:port (rediss:// for TLS), "
                        + "redis-sentinel://host:26379,host:26379/master-name or redis-cluster://host:7000,host:7001");
            } else if (state.contains("-sentinel://") && state.substring(state.indexOf("://") + 3).indexOf('/') < 0) {
                problems.add("state.url: redis-sentinel:// needs the master's name after the hosts "
                        + "(redis-sentinel://host:26379,host:26379/mymaster)");
            }
            String keyPrefix = raw.state() != null && raw.state().keyPrefix() != null ? raw.state().keyPrefix()
                    : "tollgate:";
            GatewayConfig.Simulator simulator = new GatewayConfig.Simulator(
                    raw.simulator() != null && Boolean.TRUE.equals(raw.simulator().enabled()),
                    raw.simulator() != null && raw.simulator().port() != null ? raw.simulator().port() : 8089);
            RawConfig.RawFeatures f = raw.features();
            GatewayConfig.Features features = f == null ? GatewayConfig.Features.ALL : new GatewayConfig.Features(
                    !Boolean.FALSE.equals(f.metering()), !Boolean.FALSE.equals(f.metrics()),
                    !Boolean.FALSE.equals(f.accessLog()));
            Map<String, ProviderSettings> providers = providers();
            Map<String, GatewayConfig.ModelGroup> models = models(providers);
            return new GatewayConfig(server, storage, state, simulator, features, providers, models,
                    prices(providers, models), usage(), ledger(), keyPrefix, cache(state, models), guardrails(models),
                    tracing(), export(), requestLog(), queue(models), abuse(), limits(models));
        }

        private GatewayConfig.RequestLog requestLog() {
            RawConfig.RawRequestLog r = raw.requestLog();
            GatewayConfig.RequestLog d = GatewayConfig.RequestLog.OFF;
            if (r == null || r.bodies() == null) {
                return d;
            }
            RawConfig.RawBodies b = r.bodies();
            double ratio = b.sampleRatio() != null ? b.sampleRatio() : d.sampleRatio();
            if (ratio < 0 || ratio > 1) {
                problems.add("request_log.bodies.sample_ratio: must be between 0 and 1");
            }
            int maxChars = b.maxChars() != null ? b.maxChars() : d.maxChars();
            if (maxChars < 1 || maxChars > 1_048_576) {
                problems.add("request_log.bodies.max_chars: must be between 1 and 1048576");
            }
            java.util.Set<dev.tollgate.core.guardrails.PiiDetector.Entity> redact = d.redact();
            if (b.redact() != null) {
                redact = java.util.EnumSet.noneOf(dev.tollgate.core.guardrails.PiiDetector.Entity.class);
                for (String name : b.redact()) {
                    try {
                        redact.add(dev.tollgate.core.guardrails.PiiDetector.Entity.parse(name));
                    } catch (IllegalArgumentException e) {
                        problems.add("request_log.bodies.redact: unknown entity '" + name
                                + "' (secret, email, iban, card, national_id, phone)");
                    }
                }
            }
            return new GatewayConfig.RequestLog(b.keys() != null ? java.util.Set.copyOf(b.keys()) : java.util.Set.of(),
                    b.teams() != null ? java.util.Set.copyOf(b.teams()) : java.util.Set.of(), ratio, maxChars, redact);
        }

        private GatewayConfig.Tracing tracing() {
            RawConfig.RawTracing t = raw.tracing();
            GatewayConfig.Tracing d = GatewayConfig.Tracing.OFF;
            if (t == null) {
                return d;
            }
            boolean enabled = Boolean.TRUE.equals(t.enabled());
            String endpoint = t.otlpEndpoint();
            if (enabled && (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://")))) {
                problems.add("tracing.otlp_endpoint: expected an http:// or https:// URL of an OTLP/HTTP collector");
            }
            double ratio = t.sampleRatio() != null ? t.sampleRatio() : d.sampleRatio();
            if (ratio < 0 || ratio > 1) {
                problems.add("tracing.sample_ratio: must be between 0 and 1");
            }
            long delay = t.exportDelayMs() != null ? t.exportDelayMs() : d.exportDelayMs();
            if (delay < 1 || delay > 60_000) {
                problems.add("tracing.export_delay_ms: must be between 1 and 60000");
            }
            return new GatewayConfig.Tracing(enabled, endpoint, ratio, t.headers() != null ? t.headers() : Map.of(),
                    t.serviceName() != null && !t.serviceName().isBlank() ? t.serviceName() : d.serviceName(), delay);
        }

        private List<GatewayConfig.Export> export() {
            List<RawConfig.RawExport> raws = raw.export();
            if (raws == null) {
                return List.of();
            }
            List<GatewayConfig.Export> out = new ArrayList<>();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < raws.size(); i++) {
                RawConfig.RawExport e = raws.get(i);
                String at = "export[" + i + "]";
                String type = e.type() == null ? "" : e.type();
                switch (type) {
                    case "webhook", "otlp" -> {
                        if (e.url() == null || !(e.url().startsWith("http://") || e.url().startsWith("https://"))) {
                            problems.add(at + ".url: expected an http:// or https:// URL");
                        }
                    }
                    case "file" -> {
                        if (e.path() == null || e.path().isBlank()) {
                            problems.add(at + ".path: the NDJSON file to write is required");
                        }
                    }
                    default -> problems.add(at + ".type: expected webhook, file or otlp, not '" + type + "'");
                }
                String name = e.name() != null ? e.name() : type + "-" + i;
                if (!names.add(name)) {
                    problems.add(at + ".name: '" + name + "' names another sink too");
                }
                int batch = e.batch() != null ? e.batch() : 100;
                if (batch < 1 || batch > 10_000) {
                    problems.add(at + ".batch: must be between 1 and 10000");
                }
                int queue = e.queue() != null ? e.queue() : 10_000;
                if (queue < batch) {
                    problems.add(at + ".queue: must hold at least one batch");
                }
                long maxBytes = e.maxBytes() != null ? e.maxBytes() : 100L * 1024 * 1024;
                if (maxBytes < 1024) {
                    problems.add(at + ".max_bytes: must be at least 1024");
                }
                int maxFiles = e.maxFiles() != null ? e.maxFiles() : 5;
                if (maxFiles < 1) {
                    problems.add(at + ".max_files: must be at least 1");
                }
                long flushMs = e.flushMs() != null ? e.flushMs() : 1_000;
                if (flushMs < 1) {
                    problems.add(at + ".flush_ms: must be positive");
                }
                out.add(new GatewayConfig.Export(type, name, e.url(), e.secret(), batch, e.path(), maxBytes, maxFiles,
                        queue, flushMs));
            }
            return out;
        }

        private GatewayConfig.Usage usage() {
            RawConfig.RawUsage u = raw.usage();
            GatewayConfig.Usage d = GatewayConfig.Usage.DEFAULTS;
            if (u == null) {
                return d;
            }
            if (u.spoolDir() != null && u.spoolDir().isBlank()) {
                problems.add("usage.spool_dir: must not be empty (leave it out for the default)");
            }
            long fsyncMs = u.spoolFsyncMs() != null ? u.spoolFsyncMs() : d.spoolFsyncMs();
            if (fsyncMs < 1 || fsyncMs > 10_000) {
                problems.add("usage.spool_fsync_ms: must be between 1 and 10000");
            }
            long maxBytes = u.spoolMaxBytes() != null ? u.spoolMaxBytes() : d.spoolMaxBytes();
            if (maxBytes < 64 * 1024) {
                problems.add("usage.spool_max_bytes: must be at least 65536 (64 KiB)");
            }
            SpoolFullPolicy policy = d.onSpoolFull();
            if (u.onSpoolFull() != null) {
                switch (u.onSpoolFull()) {
                    case "fail_open" -> policy = SpoolFullPolicy.FAIL_OPEN;
                    case "fail_closed" -> policy = SpoolFullPolicy.FAIL_CLOSED;
                    default -> problems.add("usage.on_spool_full: expected fail_open or fail_closed, not '"
                            + u.onSpoolFull() + "'");
                }
            }
            int events = u.retentionDays() != null ? u.retentionDays() : 0;
            int rollups = u.rollupRetentionDays() != null ? u.rollupRetentionDays() : 0;
            if (events < 0) {
                problems.add("usage.retention_days: must not be negative (0 keeps events forever)");
            }
            if (rollups < 0) {
                problems.add("usage.rollup_retention_days: must not be negative (0 keeps rollups forever)");
            } else if (rollups > 0 && events > 0 && rollups < events) {
                problems.add("usage.rollup_retention_days: must not be shorter than usage.retention_days");
            } else if (rollups > 0 && events == 0) {
                problems.add("usage.rollup_retention_days: set usage.retention_days as well (raw events outliving "
                        + "their rollups would make reports disagree with the events)");
            }
            return new GatewayConfig.Usage(u.spoolDir() == null || u.spoolDir().isBlank() ? null : u.spoolDir(),
                    fsyncMs, maxBytes, policy, Math.max(0, events), Math.max(0, rollups));
        }

        private GatewayConfig.Limits limits(Map<String, GatewayConfig.ModelGroup> models) {
            GatewayConfig.Limits d = GatewayConfig.Limits.DEFAULTS;
            Map<String, dev.tollgate.core.limits.LimitPolicy> groups = new java.util.HashMap<>();
            if (raw.models() != null) {
                for (RawConfig.RawModel m : raw.models()) {
                    if (m != null && m.limits() != null && m.name() != null) {
                        var policy = limitPolicy(m.limits(), "models[" + m.name() + "].limits");
                        if (!policy.isEmpty()) {
                            groups.put(m.name(), policy);
                        }
                    }
                }
            }
            RawConfig.RawLimits l = raw.limits();
            if (l == null) {
                return new GatewayConfig.Limits(Map.of(), groups, d.onStateUnavailable(), d.expectedNodes(),
                        d.stateTimeoutMs(), d.leaseMs());
            }
            Map<String, dev.tollgate.core.limits.LimitPolicy> policies = new java.util.HashMap<>();
            if (l.policies() != null) {
                l.policies().forEach((name, p) -> {
                    if (p == null) {
                        problems.add("limits.policies." + name + ": must set rpm, rps, tpm or concurrency");
                    } else {
                        policies.put(name, limitPolicy(p, "limits.policies." + name));
                    }
                });
            }
            GatewayConfig.Limits.OnUnavailable mode = d.onStateUnavailable();
            if (l.onStateUnavailable() != null) {
                switch (l.onStateUnavailable()) {
                    case "local" -> mode = GatewayConfig.Limits.OnUnavailable.LOCAL;
                    case "fail_open" -> mode = GatewayConfig.Limits.OnUnavailable.FAIL_OPEN;
                    case "fail_closed" -> mode = GatewayConfig.Limits.OnUnavailable.FAIL_CLOSED;
                    default -> problems.add("limits.on_state_unavailable: expected local, fail_open or fail_closed");
                }
            }
            int nodes = l.expectedNodes() != null ? l.expectedNodes() : d.expectedNodes();
            if (nodes < 1) {
                problems.add("limits.expected_nodes: must be at least 1");
            }
            long timeout = l.stateTimeoutMs() != null ? l.stateTimeoutMs() : d.stateTimeoutMs();
            if (timeout < 1) {
                problems.add("limits.state_timeout_ms: must be at least 1");
            }
            long lease = l.leaseMs() != null ? l.leaseMs() : d.leaseMs();
            if (lease < 1_000) {
                problems.add("limits.lease_ms: must be at least 1000");
            }
            return new GatewayConfig.Limits(policies, groups, mode, Math.max(1, nodes), timeout, lease);
        }

        private dev.tollgate.core.limits.LimitPolicy limitPolicy(RawConfig.RawLimitPolicy p, String where) {
            long rpm = p.rpm() != null ? p.rpm() : 0;
            long rps = p.rps() != null ? p.rps() : 0;
            long tpm = p.tpm() != null ? p.tpm() : 0;
            long concurrency = p.concurrency() != null ? p.concurrency() : 0;
            if (rpm < 0 || rps < 0 || tpm < 0 || concurrency < 0) {
                problems.add(where + ": limits must not be negative (0 or absent: no limit)");
            }
            return new dev.tollgate.core.limits.LimitPolicy(Math.max(0, rpm), Math.max(0, rps), Math.max(0, tpm),
                    Math.max(0, concurrency));
        }

        private GatewayConfig.Ledger ledger() {
            RawConfig.RawLedger l = raw.ledger();
            if (l == null) {
                return GatewayConfig.Ledger.DEFAULTS;
            }
            GatewayConfig.Ledger d = GatewayConfig.Ledger.DEFAULTS;
            String mode = l.onStateUnavailable() != null ? l.onStateUnavailable() : "fail_closed";
            if (!mode.equals("fail_open") && !mode.equals("fail_closed")) {
                problems.add("ledger.on_state_unavailable: expected fail_open or fail_closed");
            }
            long timeout = l.stateTimeoutMs() != null ? l.stateTimeoutMs() : d.stateTimeoutMs();
            if (timeout < 1) {
                problems.add("ledger.state_timeout_ms: must be at least 1");
            }
            long output = l.defaultOutputTokens() != null ? l.defaultOutputTokens() : d.defaultOutputTokens();
            long overhead = l.promptOverheadTokens() != null ? l.promptOverheadTokens() : d.promptOverheadTokens();
            if (output < 0 || overhead < 0) {
                problems.add("ledger.default_output_tokens and prompt_overhead_tokens: must not be negative");
            }
            if (l.webhookUrl() != null && !l.webhookUrl().startsWith("http://") && !l.webhookUrl().startsWith("https://")) {
                problems.add("ledger.webhook_url: expected an http:// or https:// URL");
            }
            return new GatewayConfig.Ledger(mode.equals("fail_open"), timeout, output, overhead, l.webhookUrl(),
                    l.webhookSecret());
        }

        private dev.tollgate.core.queue.QueueSettings queue(Map<String, GatewayConfig.ModelGroup> groups) {
            RawConfig.RawQueue q = raw.queue();
            dev.tollgate.core.queue.QueueSettings d = dev.tollgate.core.queue.QueueSettings.OFF;
            if (q == null) {
                return d;
            }
            long maxWait = atLeast(q.maxWaitMs(), d.maxWaitMs(), 0, "queue.max_wait_ms");
            int maxDepth = (int) atLeast(q.maxDepth() == null ? null : q.maxDepth().longValue(), d.maxDepth(), 1,
                    "queue.max_depth");
            dev.tollgate.core.queue.QueueSettings.FairShare share = d.fairShare();
            if (q.fairShare() != null) {
                switch (q.fairShare()) {
                    case "org" -> share = dev.tollgate.core.queue.QueueSettings.FairShare.ORG;
                    case "team" -> share = dev.tollgate.core.queue.QueueSettings.FairShare.TEAM;
                    case "key" -> share = dev.tollgate.core.queue.QueueSettings.FairShare.KEY;
                    default -> problems.add("queue.fair_share: expected org, team or key");
                }
            }
            Map<String, Integer> weights = q.weights() != null ? q.weights() : Map.of();
            weights.forEach((id, w) -> {
                if (w == null || w < 1) {
                    problems.add("queue.weights." + id + ": must be at least 1");
                }
            });
            Map<String, dev.tollgate.core.queue.QueueSettings.Limits> models = new LinkedHashMap<>();
            if (q.models() != null) {
                for (Map.Entry<String, RawConfig.RawQueueLimits> e : q.models().entrySet()) {
                    String at = "queue.models." + e.getKey();
                    if (!groups.containsKey(e.getKey())) {
                        problems.add(at + ": no such model group");
                    }
                    RawConfig.RawQueueLimits l = e.getValue() != null ? e.getValue() : new RawConfig.RawQueueLimits(null, null);
                    models.put(e.getKey(), new dev.tollgate.core.queue.QueueSettings.Limits(
                            atLeast(l.maxWaitMs(), maxWait, 0, at + ".max_wait_ms"),
                            (int) atLeast(l.maxDepth() == null ? null : l.maxDepth().longValue(), maxDepth, 1,
                                    at + ".max_depth")));
                }
            }
            return new dev.tollgate.core.queue.QueueSettings(maxWait, maxDepth, share, weights,
                    q.priorities() != null ? q.priorities() : Map.of(), models);
        }

        private dev.tollgate.core.abuse.AbuseSettings abuse() {
            RawConfig.RawAbuse a = raw.abuse();
            dev.tollgate.core.abuse.AbuseSettings d = dev.tollgate.core.abuse.AbuseSettings.OFF;
            if (a == null) {
                return d;
            }
            if (a.webhookUrl() != null && !a.webhookUrl().startsWith("http://") && !a.webhookUrl().startsWith("https://")) {
                problems.add("abuse.webhook_url: expected an http:// or https:// URL");
            }
            RawConfig.RawSpike s = a.spike() != null ? a.spike() : new RawConfig.RawSpike(null, null, null, null);
            double factor = s.factor() != null ? s.factor() : d.spikeFactor();
            if (!(factor > 1)) {
                problems.add("abuse.spike.factor: must be above 1");
            }
            long minSpend = d.spikeMinSpendNanoUsd();
            if (s.minSpendUsdPerMinute() != null) {
                try {
                    minSpend = new java.math.BigDecimal(s.minSpendUsdPerMinute()).movePointRight(9)
                            .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    problems.add("abuse.spike.min_spend_usd_per_minute: expected a decimal amount of USD");
                }
            }
            RawConfig.RawClientIps ips = a.clientIps() != null ? a.clientIps() : new RawConfig.RawClientIps(null, null, null);
            RawConfig.RawKeyInPrompt kip = a.keyInPrompt() != null ? a.keyInPrompt() : new RawConfig.RawKeyInPrompt(null, null);
            RawConfig.RawThrottle t = a.throttle() != null ? a.throttle() : new RawConfig.RawThrottle(null, null);
            return new dev.tollgate.core.abuse.AbuseSettings(!Boolean.FALSE.equals(a.enabled()), a.webhookUrl(),
                    a.webhookSecret(), factor,
                    atLeast(s.minRequestsPerMinute(), d.spikeMinRequests(), 1, "abuse.spike.min_requests_per_minute"),
                    minSpend, abuseAction(s.action(), "abuse.spike.action"),
                    (int) atLeast(ips.maxPerKey() == null ? null : ips.maxPerKey().longValue(), d.maxClientIps(), 1,
                            "abuse.client_ips.max_per_key"),
                    (int) atLeast(ips.windowMinutes() == null ? null : ips.windowMinutes().longValue(),
                            d.ipWindowMinutes(), 1, "abuse.client_ips.window_minutes"),
                    abuseAction(ips.action(), "abuse.client_ips.action"),
                    (int) atLeast(a.authFailures() == null || a.authFailures().maxPerMinute() == null ? null
                            : a.authFailures().maxPerMinute().longValue(), d.authFailuresPerMinute(), 1,
                            "abuse.auth_failures.max_per_minute"),
                    !Boolean.FALSE.equals(kip.enabled()) && a.keyInPrompt() != null,
                    abuseAction(kip.action(), "abuse.key_in_prompt.action"),
                    (int) atLeast(t.rpm() == null ? null : t.rpm().longValue(), d.throttleRpm(), 1, "abuse.throttle.rpm"),
                    (int) atLeast(t.minutes() == null ? null : t.minutes().longValue(), d.throttleMinutes(), 1,
                            "abuse.throttle.minutes"));
        }

        private dev.tollgate.core.abuse.AbuseSettings.Action abuseAction(String name, String field) {
            if (name == null) {
                return dev.tollgate.core.abuse.AbuseSettings.Action.NONE;
            }
            dev.tollgate.core.abuse.AbuseSettings.Action action = dev.tollgate.core.abuse.AbuseSettings.Action.byConfigName(name);
            if (action == null) {
                problems.add(field + ": expected none, refuse, throttle or suspend");
                return dev.tollgate.core.abuse.AbuseSettings.Action.NONE;
            }
            return action;
        }

        private GatewayConfig.Cache cache(String state, Map<String, GatewayConfig.ModelGroup> groups) {
            RawConfig.RawCache c = raw.cache();
            GatewayConfig.Cache d = GatewayConfig.Cache.OFF;
            if (c == null) {
                return d;
            }
            GatewayConfig.Cache.Store store = d.store();
            if (c.store() != null) {
                switch (c.store()) {
                    case "memory" -> store = GatewayConfig.Cache.Store.MEMORY;
                    case "redis" -> store = GatewayConfig.Cache.Store.REDIS;
                    default -> problems.add("cache.store: expected memory or redis");
                }
            }
            if (store == GatewayConfig.Cache.Store.REDIS && !isRedisUrl(state)) {
                problems.add("cache.store: redis needs state.url to name the Redis server (redis://host:port)");
            }
            dev.tollgate.core.cache.CacheScope scope = d.scope();
            if (c.scope() != null) {
                scope = dev.tollgate.core.cache.CacheScope.byConfigName(c.scope());
                if (scope == null) {
                    problems.add("cache.scope: expected key, owner, team or org");
                    scope = d.scope();
                }
            }
            long ttl = atLeast(c.ttlSeconds(), d.ttlSeconds(), 1, "cache.ttl_seconds");
            long maxTtl = atLeast(c.maxTtlSeconds(), Math.max(d.maxTtlSeconds(), ttl), 1, "cache.max_ttl_seconds");
            long maxBytes = atLeast(c.maxBytes(), d.maxBytes(), 1024, "cache.max_bytes");
            long maxEntry = atLeast(c.maxEntryBytes(), Math.min(d.maxEntryBytes(), maxBytes), 1, "cache.max_entry_bytes");
            if (maxEntry > maxBytes && store == GatewayConfig.Cache.Store.MEMORY) {
                problems.add("cache.max_entry_bytes: must not exceed cache.max_bytes");
            }
            if (maxEntry > 512L << 20) {
                problems.add("cache.max_entry_bytes: at most 536870912 (Redis's largest value)");
            }
            long lookupTimeout = atLeast(c.lookupTimeoutMs(), d.lookupTimeoutMs(), 1, "cache.lookup_timeout_ms");
            boolean enabled = Boolean.TRUE.equals(c.enabled());
            GatewayConfig.Cache.Semantic semantic = semantic(c.semantic(), groups);
            Map<String, GatewayConfig.Cache.GroupCache> models = new LinkedHashMap<>();
            if (c.models() != null) {
                for (Map.Entry<String, RawConfig.RawGroupCache> e : c.models().entrySet()) {
                    String at = "cache.models." + e.getKey();
                    if (!groups.containsKey(e.getKey())) {
                        problems.add(at + ": no model group named '" + e.getKey() + "'");
                    }
                    RawConfig.RawGroupCache g = e.getValue() != null ? e.getValue()
                            : new RawConfig.RawGroupCache(null, null, null);
                    boolean groupSemantic = g.semantic() != null ? g.semantic() : semantic.enabled();
                    if (groupSemantic && e.getKey().equals(semantic.embeddingModel())) {
                        problems.add(at + ".semantic: the embedding model's own group cannot use the semantic cache");
                    }
                    models.put(e.getKey(), new GatewayConfig.Cache.GroupCache(
                            g.enabled() != null ? g.enabled() : true,
                            atLeast(g.ttlSeconds(), ttl, 1, at + ".ttl_seconds"), groupSemantic));
                }
            }
            boolean anySemantic = semantic.enabled() || models.values().stream()
                    .anyMatch(GatewayConfig.Cache.GroupCache::semantic);
            if (anySemantic && semantic.embeddingModel() == null) {
                problems.add("cache.semantic.embedding_model: required when a model group uses the semantic cache");
            }
            if (anySemantic && semantic.key() == null) {
                problems.add("cache.semantic.key: required when a model group uses the semantic cache "
                        + "(the gateway key the embedding calls are made with)");
            }
            String prefix = c.redisKeyPrefix() != null ? c.redisKeyPrefix() : d.redisKeyPrefix();
            return GatewayConfig.Cache.of(enabled, store, scope, ttl, maxTtl, maxBytes, maxEntry, lookupTimeout,
                    prefix, models, semantic);
        }

        /** {@code cache.semantic}: the similarity lookup's settings (docs/caching.md#semantic-cache). */
        private GatewayConfig.Cache.Semantic semantic(RawConfig.RawSemantic s, Map<String, GatewayConfig.ModelGroup> groups) {
            GatewayConfig.Cache.Semantic d = GatewayConfig.Cache.Semantic.OFF;
            if (s == null) {
                return d;
            }
            if (s.embeddingModel() != null && !groups.containsKey(s.embeddingModel())) {
                problems.add("cache.semantic.embedding_model: no model group named '" + s.embeddingModel() + "'");
            }
            if (s.key() != null && s.key().isBlank()) {
                problems.add("cache.semantic.key: must not be empty");
            }
            double threshold = d.threshold();
            if (s.threshold() != null) {
                if (!(s.threshold() > 0 && s.threshold() <= 1)) {
                    problems.add("cache.semantic.threshold: expected a cosine similarity above 0 and at most 1");
                } else {
                    threshold = s.threshold();
                }
            }
            return new GatewayConfig.Cache.Semantic(Boolean.TRUE.equals(s.enabled()), s.embeddingModel(), s.key(),
                    threshold, atLeast(s.maxEntries(), d.maxEntries(), 1, "cache.semantic.max_entries"),
                    Boolean.TRUE.equals(s.allowTools()),
                    atLeast(s.timeoutMs(), d.timeoutMs(), 1, "cache.semantic.timeout_ms"));
        }

        private long atLeast(Long value, long fallback, long min, String field) {
            if (value == null) {
                return fallback;
            }
            if (value < min) {
                problems.add(field + ": must be at least " + min);
                return fallback;
            }
            return value;
        }

        /** The {@code guardrails:} section: definitions, then attachments that must name them. */
        private dev.tollgate.core.guardrails.Guardrails guardrails(Map<String, GatewayConfig.ModelGroup> models) {
            RawConfig.RawGuardrails g = raw.guardrails();
            if (g == null) {
                return dev.tollgate.core.guardrails.Guardrails.NONE;
            }
            Map<String, dev.tollgate.core.guardrails.GuardrailDefinition> definitions = new LinkedHashMap<>();
            Set<String> named = new java.util.HashSet<>();
            List<RawConfig.RawGuardrail> defs = g.definitions() != null ? g.definitions() : List.of();
            for (int i = 0; i < defs.size(); i++) {
                RawConfig.RawGuardrail d = defs.get(i);
                String at = "guardrails.definitions[" + i + "]";
                if (d == null) {
                    problems.add(at + ": empty entry");
                    continue;
                }
                if (d.name() != null && !named.add(d.name())) {
                    problems.add(at + ".name: duplicate guardrail name '" + d.name() + "'");
                    continue;
                }
                var built = dev.tollgate.core.guardrails.GuardrailFactory.build(at, d.name(), d.type(), d.hooks(),
                        d.settings(), d.timeoutMs(), d.onError(), d.everyChars(), problems);
                if (built != null) {
                    definitions.put(built.name(), built);
                }
            }
            List<dev.tollgate.core.guardrails.Guardrails.Attachment> attachments = new ArrayList<>();
            List<RawConfig.RawAttach> list = g.attach() != null ? g.attach() : List.of();
            for (int i = 0; i < list.size(); i++) {
                RawConfig.RawAttach a = list.get(i);
                String at = "guardrails.attach[" + i + "]";
                if (a == null) {
                    problems.add(at + ": empty entry");
                    continue;
                }
                List<Map.Entry<dev.tollgate.core.guardrails.Guardrails.Scope, String>> scopes = new ArrayList<>();
                if (Boolean.TRUE.equals(a.all())) {
                    scopes.add(new java.util.AbstractMap.SimpleEntry<>(dev.tollgate.core.guardrails.Guardrails.Scope.ALL, null));
                }
                if (a.org() != null) {
                    scopes.add(Map.entry(dev.tollgate.core.guardrails.Guardrails.Scope.ORG, a.org()));
                }
                if (a.team() != null) {
                    scopes.add(Map.entry(dev.tollgate.core.guardrails.Guardrails.Scope.TEAM, a.team()));
                }
                if (a.key() != null) {
                    scopes.add(Map.entry(dev.tollgate.core.guardrails.Guardrails.Scope.KEY, a.key()));
                }
                if (a.model() != null) {
                    scopes.add(Map.entry(dev.tollgate.core.guardrails.Guardrails.Scope.MODEL, a.model()));
                    if (!models.containsKey(a.model())) {
                        problems.add(at + ".model: no model group named '" + a.model() + "'");
                    }
                }
                if (scopes.size() != 1) {
                    problems.add(at + ": set exactly one of all: true, org, team, key, model");
                    continue;
                }
                List<String> names = a.guardrails() != null ? a.guardrails() : List.of();
                if (names.isEmpty()) {
                    problems.add(at + ".guardrails: name at least one guardrail");
                }
                for (int j = 0; j < names.size(); j++) {
                    if (!named.contains(names.get(j))) {
                        problems.add(at + ".guardrails[" + j + "]: no guardrail named '" + names.get(j) + "'");
                    }
                }
                attachments.add(new dev.tollgate.core.guardrails.Guardrails.Attachment(scopes.get(0).getKey(),
                        scopes.get(0).getValue(), names));
            }
            return new dev.tollgate.core.guardrails.Guardrails(definitions, attachments);
        }

        private GatewayConfig.Server server() {
            RawConfig.RawServer s = raw.server() != null ? raw.server()
                    : new RawConfig.RawServer(null, null, null, null, null, null);
            int port = s.port() != null ? s.port() : 8080;
            if (port < 0 || port > 65535) {
                problems.add("server.port: must be between 0 and 65535");
            }
            long maxBody = s.maxBodyBytes() != null ? s.maxBodyBytes() : 10L * 1024 * 1024;
            if (maxBody < 1024) {
                problems.add("server.max_body_bytes: must be at least 1024");
            }
            int grace = s.shutdownGraceMs() != null ? s.shutdownGraceMs() : 30_000;
            if (grace < 0) {
                problems.add("server.shutdown_grace_ms: must not be negative");
            }
            int authFailures = s.authFailuresPerMinute() != null ? s.authFailuresPerMinute() : 20;
            if (authFailures < 0 || authFailures > 10_000) {
                problems.add("server.auth_failures_per_minute: must be between 0 (off) and 10000");
            }
            int drainDelay = s.drainDelayMs() != null ? s.drainDelayMs() : 0;
            if (drainDelay < 0 || drainDelay > 600_000) {
                problems.add("server.drain_delay_ms: must be between 0 and 600000");
            }
            return new GatewayConfig.Server(s.host() != null ? s.host() : "0.0.0.0", port, maxBody, grace,
                    authFailures, drainDelay);
        }

        private Map<String, ProviderSettings> providers() {
            Map<String, ProviderSettings> out = new LinkedHashMap<>();
            List<RawConfig.RawProvider> list = raw.providers() != null ? raw.providers() : List.of();
            for (int i = 0; i < list.size(); i++) {
                RawConfig.RawProvider p = list.get(i);
                String at = "providers[" + i + "]";
                if (p == null) {
                    problems.add(at + ": empty entry");
                    continue;
                }
                if (isBlank(p.name())) {
                    problems.add(at + ".name: required");
                    continue;
                }
                if (out.containsKey(p.name())) {
                    problems.add(at + ".name: duplicate provider name '" + p.name() + "'");
                }
                if (isBlank(p.type())) {
                    problems.add(at + ".type: required (one of " + String.join(", ", sorted(providerTypes)) + ")");
                } else if (!providerTypes.contains(p.type())) {
                    problems.add(at + ".type: unknown provider type '" + p.type() + "' (known: "
                            + String.join(", ", sorted(providerTypes)) + ")");
                }
                ProviderAdapter adapter = p.type() == null ? null : adapters.get(p.type());
                String baseUrl = !isBlank(p.baseUrl()) ? p.baseUrl()
                        : adapter != null ? adapter.defaultBaseUrl() : null;
                List<Secret> keys = new ArrayList<>();
                if (p.keys() != null) {
                    for (int k = 0; k < p.keys().size(); k++) {
                        if (isBlank(p.keys().get(k))) {
                            problems.add(at + ".keys[" + k + "]: empty key");
                        } else {
                            keys.add(new Secret(p.keys().get(k)));
                        }
                    }
                }
                int connect = positive(p.connectTimeoutMs(), 5_000, at + ".connect_timeout_ms");
                int read = positive(p.readTimeoutMs(), 120_000, at + ".read_timeout_ms");
                ProviderSettings settings = new ProviderSettings(p.name(), p.type(), baseUrl, keys,
                        p.headers() != null ? p.headers() : Map.of(), p.options() != null ? p.options() : Map.of(),
                        connect, read);
                boolean resolved = true;
                if (adapter != null) {
                    try {
                        // the adapter may derive a base URL or keys from its options, so those are checked after
                        settings = adapter.resolve(settings);
                    } catch (IllegalArgumentException e) {
                        problems.add(at + "." + e.getMessage());
                        resolved = false;
                    }
                }
                if (adapter != null && resolved && (isBlank(settings.baseUrl()) || !isHttpUrl(settings.baseUrl()))) {
                    problems.add(at + ".base_url: " + (isBlank(settings.baseUrl())
                            ? "required for type '" + p.type() + "', an http(s) URL" : "must be an http(s) URL"));
                }
                if (resolved && settings.keys().isEmpty() && (p.keys() == null || p.keys().isEmpty())) {
                    problems.add(at + ".keys: at least one key is required");
                }
                out.put(p.name(), settings);
            }
            return out;
        }

        private Map<String, GatewayConfig.ModelGroup> models(Map<String, ProviderSettings> providers) {
            RoutingPolicies policies = new RoutingPolicies(problems);
            RawConfig.RawRouting r = raw.routing();
            RoutingPolicy defaults = r == null ? RoutingPolicy.DEFAULTS
                    : policies.merge(RoutingPolicy.DEFAULTS, r.retry(), r.timeouts(), r.breaker(), r.hedge(), "routing.");
            Map<String, GatewayConfig.ModelGroup> out = new LinkedHashMap<>();
            Map<String, String> namesSeen = new LinkedHashMap<>();
            List<RawConfig.RawModel> list = raw.models() != null ? raw.models() : List.of();
            for (int i = 0; i < list.size(); i++) {
                RawConfig.RawModel m = list.get(i);
                String at = "models[" + i + "]";
                if (m == null || isBlank(m.name())) {
                    problems.add(at + ".name: required");
                    continue;
                }
                List<String> aliases = m.aliases() != null ? m.aliases() : List.of();
                for (String name : concat(List.of(m.name()), aliases)) {
                    String previous = namesSeen.putIfAbsent(name, at);
                    if (previous != null) {
                        problems.add(at + ": the model name '" + name + "' is already used by " + previous);
                    }
                    if (name.contains("*") && !(name.endsWith("/*") && name.indexOf('*') == name.length() - 1)) {
                        problems.add(at + ": '" + name + "': a wildcard is only allowed as a final '/*'");
                    }
                }
                Strategy strategy = m.strategy() == null ? Strategy.DEFAULT : Strategy.byConfigName(m.strategy());
                if (strategy == null) {
                    problems.add(at + ".strategy: unknown strategy '" + m.strategy() + "' (supported: "
                            + String.join(", ", Strategy.configNames()) + ")");
                }
                List<GatewayConfig.Deployment> deployments = deployments(m, at, providers);
                RoutingPolicy policy = policies.merge(defaults, m.retry(), m.timeouts(), m.breaker(), m.hedge(),
                        at + ".");
                out.put(m.name(), new GatewayConfig.ModelGroup(m.name(), aliases, strategy, deployments,
                        orEmpty(m.fallbacks()), orEmpty(m.contextWindowFallbacks()),
                        orEmpty(m.contentPolicyFallbacks()), policy));
            }
            for (int i = 0; i < list.size(); i++) {
                RawConfig.RawModel m = list.get(i);
                if (m != null) {
                    checkGroupsExist(m.fallbacks(), "models[" + i + "].fallbacks", out);
                    checkGroupsExist(m.contextWindowFallbacks(), "models[" + i + "].context_window_fallbacks", out);
                    checkGroupsExist(m.contentPolicyFallbacks(), "models[" + i + "].content_policy_fallbacks", out);
                }
            }
            return out;
        }

        private List<GatewayConfig.Deployment> deployments(RawConfig.RawModel m, String at,
                                                           Map<String, ProviderSettings> providers) {
            List<GatewayConfig.Deployment> deployments = new ArrayList<>();
            if (m.deployments() == null || m.deployments().isEmpty()) {
                problems.add(at + ".deployments: at least one deployment is required");
                return deployments;
            }
            boolean wildcard = m.name().endsWith("/*");
            Set<String> names = new java.util.HashSet<>();
            for (int d = 0; d < m.deployments().size(); d++) {
                RawConfig.RawDeployment dep = m.deployments().get(d);
                String dat = at + ".deployments[" + d + "]";
                if (dep == null || isBlank(dep.provider())) {
                    problems.add(dat + ".provider: required");
                    continue;
                }
                if (!providers.containsKey(dep.provider())) {
                    problems.add(dat + ".provider: no provider named '" + dep.provider() + "'");
                }
                String upstreamModel = isBlank(dep.model()) ? (wildcard ? "*" : m.name()) : dep.model();
                if (upstreamModel.contains("*") && !wildcard && !isBlank(dep.model())) {
                    problems.add(dat + ".model: '*' stands for the requested name, so only a wildcard group"
                            + " (a name ending in '/*') may use it");
                }
                String name = !isBlank(dep.name()) ? dep.name() : dep.provider() + "/" + upstreamModel;
                if (!names.add(name)) {
                    problems.add(dat + ".name: '" + name + "' is used twice in this group (give each a name)");
                }
                int weight = dep.weight() != null ? dep.weight() : 1;
                if (weight < 0) {
                    problems.add(dat + ".weight: must not be negative");
                }
                deployments.add(new GatewayConfig.Deployment(name, dep.provider(), upstreamModel, weight,
                        dep.priority() != null ? dep.priority() : 0, orEmpty(dep.tags()),
                        nonNegative(dep.rpm(), dat + ".rpm"),
                        nonNegative(dep.tpm(), dat + ".tpm"),
                        nonNegative(dep.maxConcurrent(), dat + ".max_concurrent"),
                        nonNegative(dep.contextWindow(), dat + ".context_window")));
            }
            if (!deployments.isEmpty() && deployments.stream().allMatch(d -> d.weight() == 0)) {
                problems.add(at + ".deployments: at least one deployment needs a weight above 0");
            }
            return deployments;
        }

        private void checkGroupsExist(List<String> names, String field, Map<String, GatewayConfig.ModelGroup> groups) {
            if (names == null) {
                return;
            }
            for (String name : names) {
                if (!groups.containsKey(name)) {
                    problems.add(field + ": no model group named '" + name + "'");
                }
            }
        }

        private long nonNegative(Long value, String field) {
            if (value == null) {
                return 0;
            }
            if (value < 0) {
                problems.add(field + ": must not be negative");
            }
            return value;
        }

        private int nonNegative(Integer value, String field) {
            if (value == null) {
                return 0;
            }
            if (value < 0) {
                problems.add(field + ": must not be negative");
            }
            return value;
        }

        private static List<String> orEmpty(List<String> list) {
            return list != null ? list : List.of();
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        private List<GatewayConfig.PriceEntry> prices(Map<String, ProviderSettings> providers,
                                                      Map<String, GatewayConfig.ModelGroup> models) {
            Set<String> deployments = new java.util.HashSet<>();
            models.values().forEach(g -> g.deployments().forEach(d -> deployments.add(d.name())));
            List<GatewayConfig.PriceEntry> out = new ArrayList<>();
            Map<String, String> keysSeen = new LinkedHashMap<>();
            List<RawConfig.RawPrice> list = raw.prices() != null ? raw.prices() : List.of();
            for (int i = 0; i < list.size(); i++) {
                RawConfig.RawPrice p = list.get(i);
                String at = "prices[" + i + "]";
                if (p == null) {
                    problems.add(at + ": empty entry");
                    continue;
                }
                if (isBlank(p.model()) && isBlank(p.deployment())) {
                    problems.add(at + ".model: required (or a deployment)");
                    continue;
                }
                if (!isBlank(p.deployment()) && !isBlank(p.provider())) {
                    problems.add(at + ".provider: a deployment already names its provider; give one or the other");
                }
                if (!isBlank(p.provider()) && !providers.containsKey(p.provider())) {
                    problems.add(at + ".provider: no provider named '" + p.provider() + "'");
                }
                if (!isBlank(p.deployment()) && !deployments.contains(p.deployment())) {
                    problems.add(at + ".deployment: no model group has a deployment named '" + p.deployment() + "'");
                }
                java.time.Instant from = null;
                boolean dated = true;
                if (!isBlank(p.effectiveFrom())) {
                    try {
                        from = EffectiveFrom.parse(p.effectiveFrom());
                    } catch (IllegalArgumentException e) {
                        problems.add(at + ".effective_from: " + e.getMessage());
                        dated = false;
                    }
                }
                java.math.BigDecimal input = price(p.input(), at + ".input");
                java.math.BigDecimal output = price(p.output(), at + ".output");
                dev.tollgate.core.metering.Price price = new dev.tollgate.core.metering.Price(input,
                        p.cachedInput() != null ? price(p.cachedInput(), at + ".cached_input") : input,
                        p.cacheWrite() != null ? price(p.cacheWrite(), at + ".cache_write") : input,
                        output,
                        p.reasoning() != null ? price(p.reasoning(), at + ".reasoning") : output,
                        price(p.perRequest(), at + ".per_request"));
                GatewayConfig.PriceEntry entry = new GatewayConfig.PriceEntry(blankToNull(p.model()),
                        blankToNull(p.provider()), blankToNull(p.deployment()), from, price);
                String previous = dated ? keysSeen.putIfAbsent(entry.key(), at) : null;
                if (previous != null) {
                    problems.add(at + ": the same scope, model and effective_from as " + previous);
                }
                out.add(entry);
            }
            return out;
        }

        private java.math.BigDecimal price(java.math.BigDecimal value, String field) {
            if (value == null) {
                return java.math.BigDecimal.ZERO;
            }
            if (value.signum() < 0) {
                problems.add(field + ": must not be negative (USD per 1M tokens; per_request: USD)");
                return java.math.BigDecimal.ZERO;
            }
            return value;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }

        private int positive(Integer value, int fallback, String field) {
            if (value == null) {
                return fallback;
            }
            if (value <= 0) {
                problems.add(field + ": must be positive");
            }
            return value;
        }

        private static boolean isHttpUrl(String s) {
            try {
                URI uri = URI.create(s);
                return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static boolean isBlank(String s) {
            return s == null || s.isBlank();
        }

        private static List<String> sorted(Set<String> s) {
            return s.stream().sorted().toList();
        }
    }
}
