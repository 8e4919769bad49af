package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema as Gemini's {@code Schema} (an OpenAPI 3.0 subset), which answers 400 to any keyword it does
 * not know. Keeps the keywords Gemini documents and drops the rest ({@code $schema}, {@code additionalProperties},
 * {@code strict}, {@code default}, {@code examples}, …); inlines local {@code $ref}s ({@code #/$defs/…},
 * {@code #/definitions/…}); turns {@code "type": ["string","null"]} and {@code anyOf […, {"type":"null"}]} into
 * {@code nullable}, {@code oneOf} into {@code anyOf} and {@code const} into a one-value {@code enum}; keeps
 * only the string and number formats Gemini accepts; and drops {@code required} names with no property.
 */
final class SchemaCleaner {

    private static final Set<String> COPIED = Set.of("title", "description", "nullable", "enum", "minItems",
            "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "minProperties", "maxProperties",
            "propertyOrdering");
    private static final Set<String> FORMATS = Set.of("enum", "date-time", "int32", "int64", "float", "double");
    private static final int MAX_DEPTH = 48;

    private SchemaCleaner() {
    }

    static ObjectNode clean(JsonNode schema, String path) throws TranslationException {
        if (schema == null || !schema.isObject()) {
            throw new TranslationException(path + " must be a JSON Schema object");
        }
        return new SchemaCleaner.Run(schema, path).clean(schema, 0, new HashSet<>());
    }

    /** Whether a cleaned schema is an object without properties, which Gemini refuses as parameters. */
    static boolean emptyObject(ObjectNode schema) {
        return "object".equals(Json.text(schema, "type")) && schema.path("properties").isEmpty()
                && !schema.has("anyOf");
    }

    private record Run(JsonNode root, String path) {

        ObjectNode clean(JsonNode node, int depth, Set<String> resolving) throws TranslationException {
            if (depth > MAX_DEPTH) {
                throw new TranslationException(path + " is nested too deeply");
            }
            ObjectNode out = Json.object();
            if (!node.isObject()) {
                return out; // `true` or `{}`: anything goes
            }
            String ref = Json.text(node, "$ref");
            if (ref != null) {
                if (resolving.contains(ref)) {
                    out.put("type", "object"); // a recursive type cannot be written out; leave it open
                    return copyDescription(node, out);
                }
                JsonNode target = resolve(ref);
                resolving.add(ref);
                ObjectNode resolved = clean(target, depth + 1, resolving);
                resolving.remove(ref);
                return copyDescription(node, resolved);
            }
            type(node.get("type"), out);
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                switch (key) {
                    case "properties" -> {
                        if (value.isObject()) {
                            ObjectNode properties = out.putObject("properties");
                            for (Map.Entry<String, JsonNode> property : value.properties()) {
                                properties.set(property.getKey(), clean(property.getValue(), depth + 1, resolving));
                            }
                        }
                    }
                    case "items" -> {
                        JsonNode items = value.isArray() && !value.isEmpty() ? value.get(0) : value;
                        out.set("items", clean(items, depth + 1, resolving));
                    }
                    case "anyOf", "oneOf" -> anyOf(value, out, depth, resolving);
                    case "allOf" -> {
                        if (value.isArray() && value.size() == 1) {
                            merge(out, clean(value.get(0), depth + 1, resolving));
                        }
                    }
                    case "const" -> {
                        if (!value.isNull()) {
                            out.putArray("enum").add(value.isTextual() ? value.asText() : value.toString());
                        }
                    }
                    case "format" -> {
                        if (value.isTextual() && FORMATS.contains(value.asText())) {
                            out.set("format", value);
                        }
                    }
                    default -> {
                        if (COPIED.contains(key)) {
                            out.set(key, value.deepCopy());
                        }
                    }
                }
            }
            JsonNode required = node.get("required");
            if (required != null && required.isArray()) {
                ArrayNode kept = Json.array();
                JsonNode properties = out.get("properties");
                for (JsonNode name : required) {
                    if (name.isTextual() && (properties == null || properties.has(name.asText()))) {
                        kept.add(name.asText());
                    }
                }
                if (!kept.isEmpty()) {
                    out.set("required", kept);
                }
            }
            return out;
        }

        /** {@code "type": "string"} as is; {@code ["string", "null"]} as the one real type, nullable. */
        private static void type(JsonNode type, ObjectNode out) {
            if (type == null) {
                return;
            }
            if (type.isTextual()) {
                if (type.asText().equals("null")) {
                    out.put("nullable", true);
                } else {
                    out.put("type", type.asText());
                }
                return;
            }
            if (type.isArray()) {
                for (JsonNode t : type) {
                    if (t.isTextual() && t.asText().equals("null")) {
                        out.put("nullable", true);
                    } else if (t.isTextual() && !out.has("type")) {
                        out.put("type", t.asText());
                    }
                }
            }
        }

        /** {@code anyOf}: null branches become {@code nullable}; a single remaining branch is merged in. */
        private void anyOf(JsonNode value, ObjectNode out, int depth, Set<String> resolving)
                throws TranslationException {
            if (!value.isArray()) {
                return;
            }
            List<ObjectNode> branches = new ArrayList<>();
            for (JsonNode branch : value) {
                if ("null".equals(Json.text(branch, "type"))) {
                    out.put("nullable", true);
                } else {
                    branches.add(clean(branch, depth + 1, resolving));
                }
            }
            if (branches.size() == 1) {
                merge(out, branches.getFirst());
            } else if (!branches.isEmpty()) {
                ArrayNode anyOf = out.putArray("anyOf");
                branches.forEach(anyOf::add);
            }
        }

        private static void merge(ObjectNode out, ObjectNode from) {
            for (Map.Entry<String, JsonNode> field : from.properties()) {
                if (!out.has(field.getKey())) {
                    out.set(field.getKey(), field.getValue());
                }
            }
        }

        private static ObjectNode copyDescription(JsonNode node, ObjectNode out) {
            String description = Json.text(node, "description");
            if (description != null) {
                out.put("description", description);
            }
            return out;
        }

        private JsonNode resolve(String ref) throws TranslationException {
            if (!ref.startsWith("#/")) {
                throw new TranslationException(path + ": only local $refs (#/$defs/…) are supported, not '" + ref + "'");
            }
            JsonNode target = root;
            for (String token : ref.substring(2).split("/")) {
                target = target.path(token.replace("~1", "/").replace("~0", "~"));
            }
            if (!target.isObject()) {
                throw new TranslationException(path + ": $ref '" + ref + "' does not resolve");
            }
            return target;
        }
    }
}
