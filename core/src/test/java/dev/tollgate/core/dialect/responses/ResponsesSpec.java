package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates JSON against the schemas ({@code #/components/schemas/<Name>}) of the official OpenAI OpenAPI
 * document, {@code specs/openai-openapi.yaml} at the repository root.
 *
 * <p>core's test classpath has no JSON Schema library (networknt's validator is a dependency of testkit and
 * simulator only), so this is a small validator of its own for the JSON Schema 2020-12 keywords the
 * Responses schemas use: {@code $ref}, {@code type}, {@code enum}, {@code const}, {@code properties},
 * {@code required}, {@code additionalProperties}, {@code propertyNames}, {@code min/maxProperties},
 * {@code items}, {@code min/maxItems}, {@code min/maxLength}, {@code pattern}, {@code minimum},
 * {@code maximum}, {@code allOf}, {@code anyOf}, {@code oneOf}, {@code not}. It follows the testkit's
 * {@code OpenAiSpec} on the document's quirks: {@code nullable: true} admits null, {@code discriminator} is
 * only a hint (the {@code oneOf} itself is enforced). Annotations ({@code description}, {@code default},
 * {@code format}, {@code x-…}) assert nothing; {@code $recursiveRef} (2019-09, in file search filters only)
 * accepts anything. Any other keyword fails loudly, so a schema is never half checked.
 *
 * <p>One more quirk, named in {@link #ONE_OF_OVERLAPS}: {@code InputItem} is a {@code oneOf} of
 * {@code EasyInputMessage} and {@code Item} (among others), and a user, system or developer message whose
 * content is a list of parts ({@code {"role":"user","content":[{"type":"input_text",…}]}}, what the SDKs
 * send) is both an {@code EasyInputMessage} and an {@code Item}'s {@code InputMessage}. Read literally, no
 * such request would be valid, so that {@code oneOf} is checked as an {@code anyOf}.
 */
final class ResponsesSpec {

    private static final String RELATIVE = "specs/openai-openapi.yaml";
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "deprecated", "example",
            "examples", "format", "discriminator", "readOnly", "writeOnly", "$comment", "$recursiveAnchor",
            "externalDocs", "xml", "contentEncoding", "contentMediaType", "$recursiveRef");
    /** Schemas whose {@code oneOf} branches overlap for valid input; checked as {@code anyOf}. */
    static final Set<String> ONE_OF_OVERLAPS = Set.of("InputItem");
    private static volatile ResponsesSpec instance;

    private final JsonNode schemas;
    private final Map<String, Pattern> patterns = new HashMap<>();

    private ResponsesSpec(JsonNode schemas) {
        this.schemas = schemas;
    }

    static ResponsesSpec get() {
        ResponsesSpec spec = instance;
        if (spec == null) {
            synchronized (ResponsesSpec.class) {
                if (instance == null) {
                    instance = new ResponsesSpec(load(locate()));
                }
                spec = instance;
            }
        }
        return spec;
    }

    private static Path locate() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(RELATIVE + " was not found above " + System.getProperty("user.dir"));
    }

    private static JsonNode load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
        try {
            JsonNode schemas = yaml.readTree(file.toFile()).path("components").path("schemas");
            if (!schemas.isObject() || !schemas.has("Response")) {
                throw new IllegalStateException(file + " has no components.schemas.Response");
            }
            for (String name : ONE_OF_OVERLAPS) {
                ObjectNode schema = (ObjectNode) schemas.get(name);
                schema.set("anyOf", schema.remove("oneOf"));
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The violations of {@code instance} against the named schema, one line each; empty when it is valid. */
    List<String> violations(String schemaName, JsonNode instance) {
        List<String> errors = new ArrayList<>();
        validate(named(schemaName), instance, "$", errors);
        return errors;
    }

    /** Fails the test, listing the violations, unless {@code instance} is valid against the named schema. */
    static void assertValid(String schemaName, JsonNode instance) {
        List<String> violations = get().violations(schemaName, instance);
        if (!violations.isEmpty()) {
            throw new AssertionError("Not a valid " + schemaName + ":\n  " + String.join("\n  ", violations)
                    + "\nin " + instance);
        }
    }

    private JsonNode named(String name) {
        JsonNode schema = schemas.get(name);
        if (schema == null) {
            throw new IllegalArgumentException("no schema #/components/schemas/" + name);
        }
        return schema;
    }

    private void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + ": no value is allowed here");
            }
            return;
        }
        if (value.isNull() && schema.path("nullable").asBoolean(false)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keyword(schema, e.getKey(), e.getValue(), value, path, errors);
        }
    }

    private void keyword(JsonNode schema, String key, JsonNode arg, JsonNode value, String path, List<String> errors) {
        if (ANNOTATIONS.contains(key) || key.startsWith("x-") || key.equals("nullable")) {
            return;
        }
        switch (key) {
            case "$ref" -> {
                String ref = arg.asText();
                if (!ref.startsWith("#/components/schemas/")) {
                    throw new IllegalStateException("unsupported $ref " + ref);
                }
                validate(named(ref.substring("#/components/schemas/".length())), value, path, errors);
            }
            case "type" -> {
                boolean ok = false;
                if (arg.isArray()) {
                    for (JsonNode t : arg) {
                        ok |= hasType(value, t.asText());
                    }
                } else {
                    ok = hasType(value, arg.asText());
                }
                if (!ok) {
                    errors.add(path + ": expected type " + arg + ", got " + describe(value));
                }
            }
            case "enum" -> {
                boolean ok = false;
                for (JsonNode option : arg) {
                    ok |= same(option, value);
                }
                if (!ok) {
                    errors.add(path + ": " + describe(value) + " is not one of " + arg);
                }
            }
            case "const" -> {
                if (!same(arg, value)) {
                    errors.add(path + ": " + describe(value) + " is not " + arg);
                }
            }
            case "properties" -> {
                if (value.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = arg.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> p = it.next();
                        if (value.has(p.getKey())) {
                            validate(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), errors);
                        }
                    }
                }
            }
            case "required" -> {
                if (value.isObject()) {
                    for (JsonNode name : arg) {
                        if (!value.has(name.asText())) {
                            errors.add(path + ": required property '" + name.asText() + "' is missing");
                        }
                    }
                }
            }
            case "additionalProperties" -> {
                if (value.isObject()) {
                    JsonNode declared = schema.path("properties");
                    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                        String name = it.next();
                        if (!declared.has(name)) {
                            validate(arg, value.get(name), path + "." + name, errors);
                        }
                    }
                }
            }
            case "propertyNames" -> {
                if (value.isObject()) {
                    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                        String name = it.next();
                        validate(arg, TextNode.valueOf(name), path + "{" + name + "}", errors);
                    }
                }
            }
            case "maxProperties" -> check(!value.isObject() || value.size() <= arg.asInt(), path, "more than " + arg + " properties", errors);
            case "minProperties" -> check(!value.isObject() || value.size() >= arg.asInt(), path, "fewer than " + arg + " properties", errors);
            case "items" -> {
                if (value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        validate(arg, value.get(i), path + "[" + i + "]", errors);
                    }
                }
            }
            case "minItems" -> check(!value.isArray() || value.size() >= arg.asInt(), path, "fewer than " + arg + " items", errors);
            case "maxItems" -> check(!value.isArray() || value.size() <= arg.asInt(), path, "more than " + arg + " items", errors);
            case "minLength" -> check(!value.isTextual() || length(value) >= arg.asInt(), path, "shorter than " + arg, errors);
            case "maxLength" -> check(!value.isTextual() || length(value) <= arg.asInt(), path, "longer than " + arg, errors);
            case "pattern" -> {
                Pattern pattern = patterns.computeIfAbsent(arg.asText(), Pattern::compile);
                check(!value.isTextual() || pattern.matcher(value.textValue()).find(), path,
                        "does not match " + arg.asText(), errors);
            }
            case "minimum" -> check(!value.isNumber() || value.decimalValue().compareTo(arg.decimalValue()) >= 0,
                    path, value + " is less than " + arg, errors);
            case "maximum" -> check(!value.isNumber() || value.decimalValue().compareTo(arg.decimalValue()) <= 0,
                    path, value + " is more than " + arg, errors);
            case "allOf" -> {
                for (JsonNode branch : arg) {
                    validate(branch, value, path, errors);
                }
            }
            case "anyOf", "oneOf" -> union(key, arg, value, path, errors);
            case "not" -> check(!matches(arg, value, path), path, "matches a schema it must not match", errors);
            default -> throw new IllegalStateException("ResponsesSpec does not know the keyword '" + key + "' (at " + path
                    + "); teach it before trusting its verdicts");
        }
    }

    /**
     * anyOf: some branch matches; oneOf: exactly one does. Branches are tried failing fast; only when none
     * matches are they validated in full, to report the closest branch's errors.
     */
    private void union(String key, JsonNode branches, JsonNode value, String path, List<String> errors) {
        List<Integer> matched = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            if (matches(branches.get(i), value, path)) {
                matched.add(i);
                if (key.equals("anyOf")) {
                    return;
                }
            }
        }
        if (matched.isEmpty()) {
            List<String> closest = null;
            int closestIndex = -1;
            for (int i = 0; i < branches.size(); i++) {
                List<String> inner = new ArrayList<>();
                validate(branches.get(i), value, path, inner);
                if (closest == null || rank(inner, path) < rank(closest, path)) {
                    closest = inner;
                    closestIndex = i;
                }
            }
            errors.add(path + ": matches no branch of " + key + "; closest, branch " + closestIndex + " "
                    + branches.get(closestIndex).path("$ref").asText("") + ": " + closest);
        } else if (key.equals("oneOf") && matched.size() > 1) {
            errors.add(path + ": matches " + matched.size() + " branches of oneOf (" + matched + "), must match one");
        }
    }

    private boolean matches(JsonNode schema, JsonNode value, String path) {
        try {
            validate(schema, value, path, new FailFast());
            return true;
        } catch (Mismatch e) {
            return false;
        }
    }

    /** An error list that stops the validation at its first error. */
    private static final class FailFast extends ArrayList<String> {
        @Override
        public boolean add(String error) {
            throw new Mismatch();
        }
    }

    private static final class Mismatch extends RuntimeException {
        Mismatch() {
            super(null, null, false, false);
        }
    }

    /** How far a branch is from matching: a branch of the wrong type, or of the wrong {@code type} tag, is farthest. */
    private static int rank(List<String> errors, String path) {
        for (String e : errors) {
            if (e.startsWith(path + ": expected type") || e.startsWith(path + ".type: ")) {
                return 1000 + errors.size();
            }
        }
        return errors.size();
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static int length(JsonNode text) {
        return text.textValue().codePointCount(0, text.textValue().length());
    }

    private static void check(boolean ok, String path, String problem, List<String> errors) {
        if (!ok) {
            errors.add(path + ": " + problem);
        }
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase() + " " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }
}
