package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/** Fixtures under {@code fixtures/dialect-responses/}. */
final class ResponsesFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private ResponsesFixtures() {
    }

    static ObjectNode load(String path) {
        String resource = "/fixtures/dialect-responses/" + path;
        try (InputStream in = ResponsesFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + resource);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The elements of an array field of a fixture, for parameterized tests. */
    static Stream<JsonNode> cases(String path, String field) {
        Stream.Builder<JsonNode> b = Stream.builder();
        load(path).get(field).forEach(b);
        return b.build();
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node as it reads back from its JSON text (numbers typed as a parser types them). */
    static JsonNode normalized(JsonNode node) {
        try {
            return JSON.readTree(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
