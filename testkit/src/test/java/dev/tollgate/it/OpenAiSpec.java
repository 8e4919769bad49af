package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.keyword.UnknownKeywordFactory;

import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The official OpenAI OpenAPI 3.1 document ({@code specs/openai-openapi.yaml} at the repository root), loaded once from YAML,
 * with validators for its {@code #/components/schemas/<Name>} entries; {@code $ref}s resolve inside the same
 * document.
 *
 * <p>The document is OpenAPI 3.1 (JSON Schema 2020-12), but about a hundred of its schemas still carry the
 * OpenAPI 3.0 keyword {@code nullable: true} (e.g. {@code CreateChatCompletionStreamResponse.choices[].finish_reason}
 * and {@code .logprobs}), which 2020-12 ignores. Read literally, the spec would then reject every stream chunk the
 * real OpenAI API sends ({@code "finish_reason":null,"logprobs":null}). So the dialect is the validator's own
 * OpenAPI 3.1 dialect plus the {@code nullable} keyword, which makes the validator honour it as 3.0 did (null is
 * accepted where the same schema object says {@code nullable: true}).
 *
 * <p>Second quirk: {@code ChatCompletionRequestMessage} (and other unions) declare {@code discriminator:
 * {propertyName: role}} without a {@code mapping}. Under OpenAPI's rules the implicit mapping is value →
 * component name, so {@code "role":"user"} would have to select {@code #/components/schemas/user}, which does
 * not exist, and every chat request would be rejected. The discriminator is only a hint over the {@code oneOf}
 * it sits on, so it is dropped from the dialect and the {@code oneOf} itself is enforced as written (the role
 * enums make exactly one branch match).
 *
 * <p>Anything else a schema rejects is reported; a test that knowingly tolerates a further quirk must name the
 * instance paths it tolerates ({@link #violations(String, String, BiPredicate)}).
 */
final class OpenAiSpec {

    static final String PROPERTY = "tollgate.openai.spec";
    /** Vendored at the repository root (see specs/README.md), found from any module directory. */
    private static final String RELATIVE = "specs/openai-openapi.yaml";
    private static final String DOCUMENT_IRI = "https://spec.tollgate.test/openai-openapi.json";

    private static final Set<String> OAS_ANNOTATIONS = Set.of("discriminator", "example", "xml", "externalDocs");

    private final Path file;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenAiSpec(Path file) {
        this.file = file;
        String document = readYamlAsJson(file);
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31())
                .keyword(new NonValidationKeyword("nullable"))
                // discriminator comes from the OAS base vocabulary (with the annotations example, xml, externalDocs)
                .vocabularies(v -> v.remove("https://spec.openapis.org/oas/3.1/vocab/base"))
                .keywords(k -> k.remove("discriminator"))
                // vendor extensions (x-oaiMeta, x-stainless-const, ...) and the dropped OAS annotations are known
                // not to validate anything; anything else unknown still gets the validator's warning
                .unknownKeywordFactory((name, context) -> name.startsWith("x-") || OAS_ANNOTATIONS.contains(name)
                        ? new NonValidationKeyword(name)
                        : UnknownKeywordFactory.getInstance().getKeyword(name, context))
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(Map.of(DOCUMENT_IRI, document)));
    }

    /**
     * Reads the YAML with jackson-dataformat-yaml 2 (SnakeYAML, YAML 1.1) and hands it on as JSON. The validator's
     * own YAML reader (Jackson 3, snakeyaml-engine, strict YAML 1.2) rejects the document: an {@code example: |+}
     * block scalar whose only line is blank but more indented than what follows (StopConfiguration, around line
     * 63 263) is an error under YAML 1.2's indentation rules.
     */
    private static String readYamlAsJson(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024); // the document is ~3 MB, SnakeYAML's default limit
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
        try {
            JsonNode root = yaml.readTree(file.toFile());
            if (!root.path("components").path("schemas").isObject()) {
                throw new IllegalStateException(file + " has no components.schemas; is it the OpenAI OpenAPI document?");
            }
            return new ObjectMapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Finds the spec (system property {@value #PROPERTY}, else {@code specs/...} above the working dir). */
    static OpenAiSpec load() {
        return new OpenAiSpec(locate());
    }

    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " is not a readable file");
            }
            return p;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        List<Path> tried = new ArrayList<>();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            tried.add(candidate);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The OpenAI OpenAPI document was not found. Looked for " + RELATIVE
                + " in every directory above " + start + " (" + tried + "); set -D" + PROPERTY + "=<path>.");
    }

    Path file() {
        return file;
    }

    /** The validator for {@code #/components/schemas/<name>}; fails if the spec has no such schema. */
    Schema schema(String name) {
        return schemas.computeIfAbsent(name, n -> {
            Schema s = registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#/components/schemas/" + n));
            if (s.getSchemaNode() == null || s.getSchemaNode().isMissingNode() || s.getSchemaNode().isNull()) {
                throw new IllegalArgumentException("no schema #/components/schemas/" + n + " in " + file);
            }
            s.initializeValidators();
            return s;
        });
    }

    /** The violations of {@code json} against the named schema, one readable line each (empty when valid). */
    List<String> violations(String schemaName, String json) {
        return violations(schemaName, json, (path, value) -> false);
    }

    /**
     * Like {@link #violations(String, String)}, minus the violations reported at an instance location (a JSON
     * pointer such as {@code /choices/0/finish_reason}) for whose value {@code tolerated} is true.
     */
    List<String> violations(String schemaName, String json, BiPredicate<String, tools.jackson.databind.JsonNode> tolerated) {
        List<Error> errors = schema(schemaName).validate(json, InputFormat.JSON);
        return errors.stream()
                .filter(e -> !tolerated.test(e.getInstanceLocation().toString(), e.getInstanceNode()))
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()
                        + " [" + e.getEvaluationPath() + "]")
                .collect(Collectors.toList());
    }
}
