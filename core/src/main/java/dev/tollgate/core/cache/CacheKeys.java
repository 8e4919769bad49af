package dev.tollgate.core.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Derives the response-cache key of a request: SHA-256 over the tenant scope, the endpoint the client called and
 * its wire format, the model group the name resolved to, and the request body normalised — parsed, object keys
 * sorted at every depth, no whitespace, numbers in one notation ({@code 0.70} is {@code 0.7}) and the top-level
 * fields that cannot change the answer dropped ({@link #IGNORED_FIELDS}). Everything else is in the key: any
 * parameter, message, tool or option a provider might read changes it, and so does {@code stream} (a stream and
 * a buffered answer are different entries, each replayed in its own form) and {@code stream_options} (it
 * decides whether the usage chunk is part of the stream). Stateless and thread-safe.
 */
public final class CacheKeys {

    /**
     * Top-level request fields that change who is billed, tracked or stored, not what the model answers: OpenAI's
     * {@code user}, {@code safety_identifier}, {@code metadata}, {@code store}, {@code prompt_cache_key} and
     * {@code prompt_cache_retention} (a provider-side prompt-cache hint), Anthropic's {@code metadata}
     * ({@code user_id}).
     */
    public static final Set<String> IGNORED_FIELDS = Set.of("user", "safety_identifier", "metadata", "store",
            "prompt_cache_key", "prompt_cache_retention");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final byte SEPARATOR = 0;
    private static final byte[] VERSION = "tollgate-cache-v1".getBytes(StandardCharsets.UTF_8);

    private CacheKeys() {
    }

    /**
     * @param scope     the tenant scope ({@link CacheScope#of})
     * @param endpoint  the client's endpoint and wire format, e.g. {@code chat/completions|OPENAI}
     * @param group     the resolved model group's name
     * @return the key, or null when the body is not a JSON object (such a request is not cached)
     */
    public static CacheKey of(String scope, String endpoint, String group, byte[] body, int offset, int length) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body, offset, length);
        } catch (IOException e) {
            return null;
        }
        if (!(tree instanceof ObjectNode request)) {
            return null;
        }
        MessageDigest sha = sha256();
        sha.update(VERSION);
        sha.update(SEPARATOR);
        for (String part : new String[]{scope, endpoint, group}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8)); // none of them can hold a NUL byte
            sha.update(SEPARATOR);
        }
        try (JsonGenerator out = FACTORY.createGenerator(new DigestSink(sha))) {
            writeRequest(request, out);
        } catch (IOException e) {
            throw new IllegalStateException("hashing cannot fail", e);
        }
        return new CacheKey(HexFormat.of().formatHex(sha.digest()));
    }

    /** The normalised body as text: what {@link #of} hashes after the scope, endpoint and group (for tests and docs). */
    public static String normalised(byte[] body) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (JsonGenerator out = FACTORY.createGenerator(bytes)) {
            writeRequest((ObjectNode) JSON.readTree(body), out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void writeRequest(ObjectNode request, JsonGenerator out) throws IOException {
        out.writeStartObject();
        for (String name : sortedNames(request)) {
            if (!IGNORED_FIELDS.contains(name)) {
                out.writeFieldName(name);
                write(request.get(name), out);
            }
        }
        out.writeEndObject();
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            for (String name : sortedNames(node)) {
                out.writeFieldName(name);
                write(node.get(name), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode item : node) {
                write(item, out);
            }
            out.writeEndArray();
        } else if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.writeNumber((long) d); // 1.0 and 1 ask for the same
            } else {
                out.writeNumber(d);
            }
        } else {
            out.writeTree(node);
        }
    }

    private static List<String> sortedNames(JsonNode object) {
        List<String> names = new ArrayList<>(object.size());
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Feeds what the generator writes straight into the digest: the normalised body is never held whole. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest sha;

        DigestSink(MessageDigest sha) {
            this.sha = sha;
        }

        @Override
        public void write(int b) {
            sha.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
        }
    }
}
