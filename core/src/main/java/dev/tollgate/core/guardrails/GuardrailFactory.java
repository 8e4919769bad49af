package dev.tollgate.core.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds a configured guardrail from its definition, reporting every problem with its field path (as the rest
 * of the configuration does) instead of failing on the first.
 */
public final class GuardrailFactory {

    /** The types this build knows, with the hooks each may run at and runs at by default. */
    private enum Type {
        PII(EnumSet.of(Hook.PRE, Hook.POST), EnumSet.of(Hook.PRE)),
        DENY_LIST(EnumSet.of(Hook.PRE, Hook.POST), EnumSet.of(Hook.PRE, Hook.POST)),
        MAX_PROMPT_SIZE(EnumSet.of(Hook.PRE), EnumSet.of(Hook.PRE)),
        MAX_TOKENS(EnumSet.of(Hook.PRE), EnumSet.of(Hook.PRE)),
        PROMPT_INJECTION(EnumSet.of(Hook.PRE), EnumSet.of(Hook.PRE)),
        JSON_SCHEMA(EnumSet.of(Hook.POST), EnumSet.of(Hook.POST)),
        WEBHOOK(EnumSet.of(Hook.PRE, Hook.POST), EnumSet.of(Hook.PRE)),
        MODERATION(EnumSet.of(Hook.PRE, Hook.POST), EnumSet.of(Hook.PRE));

        final Set<Hook> allowed;
        final Set<Hook> defaults;

        Type(Set<Hook> allowed, Set<Hook> defaults) {
            this.allowed = allowed;
            this.defaults = defaults;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long DEFAULT_LOCAL_TIMEOUT_MS = 1_000;
    private static final long DEFAULT_REMOTE_TIMEOUT_MS = 2_000;
    private static final int DEFAULT_EVERY_CHARS = 500;

    private GuardrailFactory() {
    }

    /**
     * @param at where the definition is, for messages ({@code guardrails.definitions[2]})
     * @return the definition, or null when it has problems (added to {@code problems})
     */
    public static GuardrailDefinition build(String at, String name, String type, List<String> hooks, JsonNode settings,
                                            Long timeoutMs, String onError, Integer everyChars, List<String> problems) {
        int before = problems.size();
        if (name == null || name.isBlank()) {
            problems.add(at + ".name: required");
        }
        Type kind = null;
        if (type == null) {
            problems.add(at + ".type: required");
        } else {
            try {
                kind = Type.valueOf(type.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".type: unknown guardrail type '" + type + "' (known: "
                        + String.join(", ", java.util.Arrays.stream(Type.values()).map(Type::label).toList()) + ")");
            }
        }
        if (kind == null) {
            return null;
        }
        Set<Hook> hookSet = EnumSet.noneOf(Hook.class);
        if (hooks == null || hooks.isEmpty()) {
            hookSet.addAll(kind.defaults);
        } else {
            for (int i = 0; i < hooks.size(); i++) {
                String h = hooks.get(i);
                Hook hook = "pre".equals(h) ? Hook.PRE : "post".equals(h) ? Hook.POST : null;
                if (hook == null) {
                    problems.add(at + ".hooks[" + i + "]: expected pre or post");
                } else if (!kind.allowed.contains(hook)) {
                    problems.add(at + ".hooks[" + i + "]: a " + kind.label() + " guardrail cannot run at " + h);
                } else {
                    hookSet.add(hook);
                }
            }
        }
        boolean remote = kind == Type.WEBHOOK || kind == Type.MODERATION;
        long timeout = timeoutMs != null ? timeoutMs : remote ? DEFAULT_REMOTE_TIMEOUT_MS : DEFAULT_LOCAL_TIMEOUT_MS;
        if (timeout < 1 || timeout > 60_000) {
            problems.add(at + ".timeout_ms: must be between 1 and 60000");
        }
        boolean failOpen = false;
        if (onError != null && !onError.equals("fail_closed")) {
            if (onError.equals("fail_open")) {
                failOpen = true;
            } else {
                problems.add(at + ".on_error: expected fail_open or fail_closed");
            }
        }
        int every = everyChars != null ? everyChars : DEFAULT_EVERY_CHARS;
        if (every < 0) {
            problems.add(at + ".every_chars: must not be negative (0: only at the end of a stream)");
        }
        Settings s = new Settings(at + ".settings", settings == null ? NullNode.getInstance() : settings, problems);
        Guardrail guardrail = switch (kind) {
            case PII -> pii(s);
            case DENY_LIST -> denyList(s);
            case MAX_PROMPT_SIZE -> promptSize(s);
            case MAX_TOKENS -> new MaxTokensGuardrail(s.positiveLong("max", -1, true), s.bool("required", false));
            case PROMPT_INJECTION -> new PromptInjectionGuardrail(s.positiveDouble("threshold", 1.0));
            case JSON_SCHEMA -> jsonSchema(s);
            case WEBHOOK -> new WebhookGuardrail(name, s.url("url"), s.text("secret", false),
                    s.stringMap("headers"), timeout, cache(s));
            case MODERATION -> new ModerationGuardrail(s.text("model", true), s.text("key", true), timeout, cache(s));
        };
        s.rejectUnknown();
        if (problems.size() > before) {
            return null;
        }
        return new GuardrailDefinition(name, kind.label(), hookSet, timeout, failOpen, every, guardrail);
    }

    private static VerdictCache cache(Settings s) {
        return new VerdictCache(s.positiveLong("cache_ttl_ms", 60_000, false), (int) s.positiveLong("cache_size", 10_000, false));
    }

    private static Guardrail pii(Settings s) {
        Set<PiiDetector.Entity> entities = EnumSet.allOf(PiiDetector.Entity.class);
        List<String> names = s.strings("entities");
        if (names != null) {
            entities = EnumSet.noneOf(PiiDetector.Entity.class);
            for (int i = 0; i < names.size(); i++) {
                try {
                    entities.add(PiiDetector.Entity.parse(names.get(i)));
                } catch (IllegalArgumentException e) {
                    s.problem("entities[" + i + "]", "unknown entity '" + names.get(i)
                            + "' (known: email, phone, card, iban, national_id, secret)");
                }
            }
        }
        String action = s.text("action", false);
        PiiGuardrail.Action a = PiiGuardrail.Action.REDACT;
        if ("block".equals(action)) {
            a = PiiGuardrail.Action.BLOCK;
        } else if (action != null && !action.equals("redact")) {
            s.problem("action", "expected redact or block");
        }
        return new PiiGuardrail(new PiiDetector(entities), a, s.bool("restore", true));
    }

    private static Guardrail denyList(Settings s) {
        List<String> alternatives = new ArrayList<>();
        List<String> words = s.strings("words");
        if (words != null) {
            words.stream().filter(w -> !w.isBlank())
                    .forEach(w -> alternatives.add("(?<![\\p{L}\\p{N}_])" + Pattern.quote(w.strip()) + "(?![\\p{L}\\p{N}_])"));
        }
        List<String> patterns = s.strings("patterns");
        if (patterns != null) {
            for (int i = 0; i < patterns.size(); i++) {
                try {
                    Pattern.compile(patterns.get(i));
                    alternatives.add("(?:" + patterns.get(i) + ")");
                } catch (PatternSyntaxException e) {
                    s.problem("patterns[" + i + "]", "not a valid regular expression: " + e.getDescription());
                }
            }
        }
        if (alternatives.isEmpty()) {
            s.problem("words", "a deny list needs words or patterns");
            return new DenyListGuardrail(Pattern.compile("(?!)"));
        }
        return new DenyListGuardrail(Pattern.compile(String.join("|", alternatives),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    private static Guardrail promptSize(Settings s) {
        long chars = s.positiveLong("max_chars", 0, false);
        long tokens = s.positiveLong("max_tokens", 0, false);
        if (chars == 0 && tokens == 0) {
            s.problem("max_chars", "set max_chars, max_tokens or both");
        }
        return new PromptSizeGuardrail(chars, tokens);
    }

    private static Guardrail jsonSchema(Settings s) {
        JsonNode schema = s.node("schema");
        if (schema == null || !schema.isObject()) {
            s.problem("schema", "required: a JSON Schema object");
            return new JsonSchemaGuardrail(null);
        }
        try {
            Schema compiled = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(schema.toString());
            compiled.initializeValidators();
            return new JsonSchemaGuardrail(compiled);
        } catch (RuntimeException e) {
            s.problem("schema", "not a usable JSON Schema: " + e.getMessage());
            return new JsonSchemaGuardrail(null);
        }
    }

    /** Typed access to a definition's free-form {@code settings}, noting problems and the fields read. */
    private static final class Settings {
        private final String at;
        private final JsonNode node;
        private final List<String> problems;
        private final Set<String> read = new java.util.HashSet<>();

        Settings(String at, JsonNode node, List<String> problems) {
            this.at = at;
            this.node = node;
            this.problems = problems;
            if (!node.isNull() && !node.isObject()) {
                problems.add(at + ": must be a mapping");
            }
        }

        void problem(String field, String message) {
            problems.add(at + "." + field + ": " + message);
        }

        JsonNode node(String field) {
            read.add(field);
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : v;
        }

        String text(String field, boolean required) {
            JsonNode v = node(field);
            if (v == null) {
                if (required) {
                    problem(field, "required");
                }
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                problem(field, "must be a non-empty string");
                return null;
            }
            return v.asText();
        }

        String url(String field) {
            String v = text(field, true);
            if (v != null) {
                try {
                    URI u = URI.create(v);
                    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                        problem(field, "must be an http(s) URL");
                    }
                } catch (IllegalArgumentException e) {
                    problem(field, "must be an http(s) URL");
                }
            }
            return v;
        }

        boolean bool(String field, boolean dflt) {
            JsonNode v = node(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                problem(field, "must be true or false");
                return dflt;
            }
            return v.asBoolean();
        }

        long positiveLong(String field, long dflt, boolean required) {
            JsonNode v = node(field);
            if (v == null) {
                if (required) {
                    problem(field, "required");
                }
                return dflt;
            }
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                problem(field, "must be a whole number, not negative");
                return dflt;
            }
            return v.asLong();
        }

        double positiveDouble(String field, double dflt) {
            JsonNode v = node(field);
            if (v == null) {
                return dflt;
            }
            if (!v.isNumber() || v.asDouble() <= 0) {
                problem(field, "must be a positive number");
                return dflt;
            }
            return v.asDouble();
        }

        List<String> strings(String field) {
            JsonNode v = node(field);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                problem(field, "must be a list of strings");
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    problem(field + "[" + i + "]", "must be a string");
                } else {
                    out.add(v.get(i).asText());
                }
            }
            return out;
        }

        Map<String, String> stringMap(String field) {
            JsonNode v = node(field);
            Map<String, String> out = new LinkedHashMap<>();
            if (v == null) {
                return out;
            }
            if (!v.isObject()) {
                problem(field, "must be a mapping of strings");
                return out;
            }
            v.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    out.put(e.getKey(), e.getValue().asText());
                } else {
                    problem(field + "." + e.getKey(), "must be a string");
                }
            });
            return out;
        }

        void rejectUnknown() {
            if (!node.isObject()) {
                return;
            }
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!read.contains(n)) {
                    problem(n, "unknown field");
                }
            }
        }
    }
}
