package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.TranslationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden cases under {@code fixtures/gemini/<case>/}: {@code request.json} (canonical request; its
 * {@code stream} picks the mode), optionally {@code upstream-request.json} (the Gemini body it must become),
 * {@code upstream-response.json} or {@code upstream-stream.txt} (what Gemini answers), and what the
 * translation must give: {@code expected.json} / {@code expected-stream.jsonl}, {@code expected-usage.json}
 * (a {@link TokenUsage}, or {@code null}), {@code expected-error.txt} (the {@link TranslationException}'s
 * message; a stream's chunks before the failure are still compared).
 */
class GeminiFixturesTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static Stream<String> cases() throws IOException, URISyntaxException {
        Path root = root();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translates(String name) throws Exception {
        Path dir = root().resolve(name);
        ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(dir.resolve("request.json")));
        boolean stream = request.path("stream").asBoolean(false);
        ChatTranslation translation = new GeminiAdapter().newTranslation(Endpoint.CHAT_COMPLETIONS);

        byte[] upstreamRequest = translation.request(request, request.path("model").asText("gemini-2.5-flash"), stream);
        if (Files.exists(dir.resolve("upstream-request.json"))) {
            assertThat(canonical(JSON.readTree(upstreamRequest)))
                    .as("upstream request of %s", name)
                    .isEqualTo(canonical(JSON.readTree(Files.readString(dir.resolve("upstream-request.json")))));
        }

        String expectedError = Files.exists(dir.resolve("expected-error.txt"))
                ? Files.readString(dir.resolve("expected-error.txt")).strip() : null;
        TokenUsage usage;
        if (stream) {
            List<ObjectNode> chunks = new ArrayList<>();
            usage = null;
            try {
                for (String[] event : sse(Files.readString(dir.resolve("upstream-stream.txt")))) {
                    translation.onStreamEvent(event[0], event[1], chunks::add);
                }
                usage = translation.finish(chunks::add);
                if (expectedError != null) {
                    fail("expected the stream to fail with: " + expectedError);
                }
            } catch (TranslationException e) {
                if (expectedError == null) {
                    throw e;
                }
                assertThat(e.getMessage()).isEqualTo(expectedError);
            }
            List<String> expected = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("expected-stream.jsonl"))) {
                if (!line.isBlank()) {
                    expected.add(canonical(JSON.readTree(line)));
                }
            }
            assertThat(chunks.stream().map(GeminiFixturesTest::canonical).toList())
                    .as("stream chunks of %s", name).containsExactlyElementsOf(expected);
        } else {
            byte[] body = Files.readAllBytes(dir.resolve("upstream-response.json"));
            if (expectedError != null) {
                assertThatThrownBy(() -> translation.response(body))
                        .isInstanceOf(TranslationException.class).hasMessage(expectedError);
                assertThat(translation.reportedUsage()).isNull();
                return;
            }
            ObjectNode completion = translation.response(body);
            assertThat(canonical(completion)).as("completion of %s", name)
                    .isEqualTo(canonical(JSON.readTree(Files.readString(dir.resolve("expected.json")))));
            usage = translation.reportedUsage();
        }
        if (Files.exists(dir.resolve("expected-usage.json"))) {
            JsonNode expected = JSON.readTree(Files.readString(dir.resolve("expected-usage.json")));
            TokenUsage want = expected.isNull() ? null : JSON.treeToValue(expected, TokenUsage.class);
            assertThat(usage).as("usage of %s", name).isEqualTo(want);
        }
    }

    /** Key-sorted, pretty JSON: equal trees print alike whatever their key order or number node types. */
    private static String canonical(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.convertValue(node, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server-sent events as {name or null, data}; events without data are skipped. */
    private static List<String[]> sse(String text) {
        List<String[]> events = new ArrayList<>();
        for (String block : text.replace("\r\n", "\n").split("\n\n")) {
            String name = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                events.add(new String[] {name, data.toString()});
            }
        }
        return events;
    }

    private static Path root() throws URISyntaxException {
        var url = GeminiFixturesTest.class.getClassLoader().getResource("fixtures/gemini");
        assertThat(url).as("fixtures/gemini on the test class path").isNotNull();
        return Path.of(url.toURI());
    }
}
