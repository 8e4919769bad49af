package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.keyword.UnknownKeywordFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tollgate's own admin OpenAPI 3.1 document ({@code admin-openapi.json} on the server's classpath), with validators
 * for the response schemas of its operations. Same validator and dialect as {@link OpenAiSpec}; our document needs
 * none of that one's workarounds, so only the {@code x-} extensions are declared as non-validating.
 */
final class AdminApiSpec {

    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final String DOCUMENT_IRI = "https://spec.tollgate.test/admin-openapi.json";

    private final String text;
    private final JsonNode root;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private AdminApiSpec(String text) {
        this.text = text;
        try {
            this.root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31())
                .unknownKeywordFactory((name, context) -> name.startsWith("x-") || name.equals("example")
                        ? new NonValidationKeyword(name)
                        : UnknownKeywordFactory.getInstance().getKeyword(name, context))
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(Map.of(DOCUMENT_IRI, text)));
    }

    static AdminApiSpec load() {
        try (InputStream in = AdminApiSpec.class.getResourceAsStream("/admin-openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("admin-openapi.json is not on the classpath");
            }
            return new AdminApiSpec(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return text;
    }

    JsonNode root() {
        return root;
    }

    JsonNode operation(String method, String path) {
        JsonNode op = root.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
        if (op.isMissingNode()) {
            throw new IllegalArgumentException("the document has no " + method + " " + path);
        }
        return op;
    }

    /**
     * The violations of {@code json} against the schema the document gives for this operation's answer with this
     * status, one line each; the answer must be documented at all.
     */
    List<String> violations(String method, String path, int status, String json) {
        JsonNode response = operation(method, path).path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            return List.of("the document has no " + status + " answer for " + method + " " + path);
        }
        response = resolve(response);
        String ref = response.path("content").path("application/json").path("schema").path("$ref").asText("");
        if (!ref.startsWith("#/components/schemas/")) {
            return List.of(method + " " + path + " " + status + " has no component schema to check against");
        }
        Schema schema = schemas.computeIfAbsent(ref, r -> {
            Schema s = registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + r));
            s.initializeValidators();
            return s;
        });
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage() + " [" + e.getEvaluationPath() + "]")
                .toList();
    }

    /** Follows one {@code $ref} to {@code #/components/...}. */
    JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (ref.isEmpty()) {
            return node;
        }
        return root.at(ref.substring(1));
    }
}
