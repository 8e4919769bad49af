package dev.tollgate.core.metering;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.core.config.EffectiveFrom;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.TokenUsage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prices in force and the cost of a call. Four tiers, most specific first: entries for the deployment that served
 * the call, entries for its provider account (with the model), entries for the model from the configuration, and
 * the shipped defaults ({@code default-prices.yaml}). Within a tier, the entry in force when the call started (the
 * latest {@code effective_from} not after it) applies; a tier with none in force is passed over. Within a tier, model
 * names are tried as {@link #names} lists them (as given first). Immutable, thread-safe.
 */
public final class PriceTable {

    /** Entries of one scope and model, latest {@code effective_from} first, since-always last. */
    private static final Comparator<GatewayConfig.PriceEntry> LATEST_FIRST = Comparator.comparing(
            GatewayConfig.PriceEntry::effectiveFrom, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed();

    private static final Map<String, List<GatewayConfig.PriceEntry>> DEFAULTS = index(loadDefaults(), e -> e.model());

    private final Map<String, List<GatewayConfig.PriceEntry>> byDeployment;
    private final Map<String, List<GatewayConfig.PriceEntry>> byProvider;
    private final Map<String, List<GatewayConfig.PriceEntry>> byModel;

    private PriceTable(List<GatewayConfig.PriceEntry> entries) {
        List<GatewayConfig.PriceEntry> deployment = new ArrayList<>();
        List<GatewayConfig.PriceEntry> provider = new ArrayList<>();
        List<GatewayConfig.PriceEntry> model = new ArrayList<>();
        for (GatewayConfig.PriceEntry e : entries) {
            (e.deployment() != null ? deployment : e.provider() != null ? provider : model).add(e);
        }
        byDeployment = index(deployment, GatewayConfig.PriceEntry::deployment);
        byProvider = index(provider, e -> providerKey(e.provider(), e.model()));
        byModel = index(model, GatewayConfig.PriceEntry::model);
    }

    /** The shipped defaults overridden by the configuration's entries. */
    public static PriceTable withOverrides(List<GatewayConfig.PriceEntry> entries) {
        return new PriceTable(entries);
    }

    /** The shipped default entries, as read from {@code default-prices.yaml}. */
    public static List<GatewayConfig.PriceEntry> defaults() {
        return DEFAULTS.values().stream().flatMap(List::stream).toList();
    }

    /** The price of a model everywhere, as of now (no provider or deployment entries). */
    public Price priceOf(String model) {
        return priceOf(model, null, null, Instant.now());
    }

    /**
     * The price in force at {@code at} for a call to {@code model} served by {@code deployment} of {@code provider}
     * (either may be null); {@link Price#FREE} when nothing matches.
     */
    public Price priceOf(String model, String provider, String deployment, Instant at) {
        if (deployment != null) {
            List<GatewayConfig.PriceEntry> schedule = byDeployment.get(deployment);
            if (schedule != null) {
                for (String name : names(model)) {
                    Price p = inForce(schedule, name, at);
                    if (p != null) {
                        return p;
                    }
                }
                Price anyModel = inForce(schedule, null, at);
                if (anyModel != null) {
                    return anyModel;
                }
            }
        }
        if (model == null) {
            return Price.FREE;
        }
        List<String> names = names(model);
        if (provider != null && !byProvider.isEmpty()) {
            for (String name : names) {
                Price p = inForce(byProvider.get(providerKey(provider, name)), null, at);
                if (p != null) {
                    return p;
                }
            }
        }
        for (Map<String, List<GatewayConfig.PriceEntry>> tier : List.of(byModel, DEFAULTS)) {
            for (String name : names) {
                Price p = inForce(tier.get(name), null, at);
                if (p != null) {
                    return p;
                }
            }
        }
        return Price.FREE;
    }

    /** The cost of a call in nano-USD, priced by what served it and when it started. */
    public long costNanoUsd(String model, String provider, String deployment, Instant at, TokenUsage usage,
                            boolean served) {
        return priceOf(model, provider, deployment, at).costNanoUsd(usage, served);
    }

    /** The cost of a call to {@code model} priced everywhere-and-now, the per-request fee included. */
    public long costNanoUsd(String model, TokenUsage usage) {
        return priceOf(model).costNanoUsd(usage, true);
    }

    /**
     * The price of the latest entry in {@code schedule} in force at {@code at}, or null. With {@code model} not
     * null only entries for that model count; with null, only entries for no model in particular (deployment
     * entries without a model) and, in the other tiers, all of them (they are indexed by model already).
     */
    private static Price inForce(List<GatewayConfig.PriceEntry> schedule, String model, Instant at) {
        if (schedule == null) {
            return null;
        }
        for (GatewayConfig.PriceEntry e : schedule) {
            boolean modelFits = model == null ? e.deployment() == null || e.model() == null : model.equals(e.model());
            if (modelFits && (e.effectiveFrom() == null || !e.effectiveFrom().isAfter(at))) {
                return e.price();
            }
        }
        return null;
    }

    /** A Bedrock model id's vendor prefix, with an optional cross-region inference prefix (us., eu., apac., global.). */
    private static final Pattern BEDROCK_PREFIX = Pattern.compile(
            "^(?:(?:us|eu|apac|global|us-gov)\\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek)\\.");
    /** A Bedrock model id's version suffix: -v1:0, -v2. */
    private static final Pattern BEDROCK_VERSION = Pattern.compile("-v\\d+(?::\\d+)?$");
    /** A snapshot date: -2024-08-06 (OpenAI) or -20250929 (Anthropic). */
    private static final Pattern DATE_SUFFIX = Pattern.compile("-(?:\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    /**
     * The names a model is looked up by, most exact first: as given; without a {@code provider/} prefix; without a
     * Bedrock vendor prefix and version ({@code us.anthropic.claude-sonnet-4-20250514-v1:0}); without a snapshot
     * date, so dated snapshots are priced like their family.
     */
    static List<String> names(String model) {
        if (model == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(4);
        out.add(model);
        int slash = model.lastIndexOf('/');
        String bare = slash >= 0 ? model.substring(slash + 1) : model;
        addIfNew(out, bare);
        // the cheap character tests spare the common names (gpt-4o-mini) every regular expression: this runs per call
        String unversioned = bare;
        if (bare.indexOf('.') >= 0 && bare.contains("-v")) {
            unversioned = BEDROCK_VERSION.matcher(BEDROCK_PREFIX.matcher(bare).replaceFirst("")).replaceFirst("");
            addIfNew(out, unversioned);
        }
        if (!unversioned.isEmpty() && Character.isDigit(unversioned.charAt(unversioned.length() - 1))) {
            addIfNew(out, DATE_SUFFIX.matcher(unversioned).replaceFirst(""));
        }
        return out;
    }

    private static void addIfNew(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }

    private static String providerKey(String provider, String model) {
        return provider + '\u0000' + model;
    }

    private static Map<String, List<GatewayConfig.PriceEntry>> index(
            List<GatewayConfig.PriceEntry> entries, java.util.function.Function<GatewayConfig.PriceEntry, String> key) {
        Map<String, List<GatewayConfig.PriceEntry>> out = new HashMap<>();
        for (GatewayConfig.PriceEntry e : entries) {
            out.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e);
        }
        out.replaceAll((k, list) -> list.stream().sorted(LATEST_FIRST).toList());
        return Map.copyOf(out);
    }

    /** Reads the shipped table with numbers as exact decimals (the same shape as the configuration's prices). */
    private static List<GatewayConfig.PriceEntry> loadDefaults() {
        try (InputStream in = PriceTable.class.getResourceAsStream("/default-prices.yaml")) {
            if (in == null) {
                return List.of();
            }
            JsonNode root = YAMLMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                    .readTree(in);
            List<GatewayConfig.PriceEntry> out = new ArrayList<>();
            root.path("prices").forEach(n -> {
                BigDecimal input = decimal(n, "input", BigDecimal.ZERO);
                BigDecimal output = decimal(n, "output", BigDecimal.ZERO);
                Price price = new Price(input, decimal(n, "cached_input", input), decimal(n, "cache_write", input),
                        output, decimal(n, "reasoning", output), decimal(n, "per_request", BigDecimal.ZERO));
                JsonNode from = n.get("effective_from");
                out.add(new GatewayConfig.PriceEntry(n.path("model").asText(), null, null,
                        from == null ? null : EffectiveFrom.parse(from.asText()), price));
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigDecimal decimal(JsonNode entry, String field, BigDecimal absent) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isNumber()) {
            throw new IllegalStateException("default-prices.yaml: " + entry.path("model").asText() + "." + field
                    + " is not a number");
        }
        return v.decimalValue();
    }
}
