package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.FixtureJson;
import dev.tollgate.providers.canonical.Fixtures;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.tollgate.providers.canonical.Fixtures.assertFails;
import static dev.tollgate.providers.canonical.Fixtures.checkUsage;
import static dev.tollgate.providers.canonical.Fixtures.exists;
import static dev.tollgate.providers.canonical.Fixtures.json;
import static dev.tollgate.providers.canonical.Fixtures.parse;
import static dev.tollgate.providers.canonical.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden cases under {@code fixtures/anthropic/<case>/}, each with whichever of these it needs:
 * <ul>
 *   <li>{@code request.json} (canonical request) and {@code upstream-request.json} (the Anthropic body it must
 *       become; its {@code model} is the upstream model passed in, and the canonical {@code stream} flag is
 *       passed as the stream argument);</li>
 *   <li>{@code upstream-response.json} and {@code expected.json}, or {@code upstream-stream.txt} (SSE as
 *       Anthropic sends it) and {@code expected-stream.jsonl} (every chunk emitted, {@code finish()}'s
 *       included);</li>
 *   <li>{@code expected-usage.json}: the {@link TokenUsage} reported ({@code null} for none);</li>
 *   <li>{@code expected-error.txt}: the translation fails with exactly this message (chunks emitted before
 *       the failure still compared).</li>
 * </ul>
 * One translation serves the whole case, as it serves one call.
 */
class AnthropicFixturesTest {

    static final long CREATED = 1_700_000_000L;

    static Stream<String> cases() throws IOException {
        return Fixtures.cases(root());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(String name) throws Exception {
        Path dir = root().resolve(name);
        AnthropicTranslation translation = new AnthropicTranslation(CREATED);
        String expectedError = exists(dir, "expected-error.txt") ? read(dir, "expected-error.txt").strip() : null;
        boolean checked = false;

        if (exists(dir, "request.json")) {
            ObjectNode request = (ObjectNode) json(dir, "request.json");
            JsonNode expected = json(dir, "upstream-request.json");
            byte[] body = translation.request(request, expected.get("model").asText(),
                    request.path("stream").asBoolean(false));
            assertThat(FixtureJson.canonical(Json.MAPPER.readTree(body)))
                    .as("%s: upstream request", name).isEqualTo(FixtureJson.canonical(expected));
            checked = true;
        }

        if (exists(dir, "upstream-response.json")) {
            byte[] upstream = Files.readAllBytes(dir.resolve("upstream-response.json"));
            if (expectedError != null) {
                assertFails(() -> translation.response(upstream), expectedError, name);
            } else {
                ObjectNode completion = translation.response(upstream);
                assertThat(FixtureJson.canonical(completion)).as("%s: completion", name)
                        .isEqualTo(FixtureJson.canonical(json(dir, "expected.json")));
                checkUsage(dir, translation.reportedUsage(), name);
            }
            checked = true;
        }

        if (exists(dir, "upstream-stream.txt")) {
            List<ObjectNode> emitted = new ArrayList<>();
            TranslationException failure = null;
            try {
                for (String[] event : SseEvents.parse(read(dir, "upstream-stream.txt"))) {
                    translation.onStreamEvent(event[0], event[1], emitted::add);
                }
            } catch (TranslationException e) {
                failure = e;
            }
            if (expectedError != null) {
                assertThat(failure).as("%s: stream failure", name).isNotNull();
                assertThat(failure.getMessage()).isEqualTo(expectedError);
            } else {
                assertThat(failure).as("%s: stream failure", name).isNull();
                TokenUsage usage = translation.finish(emitted::add);
                checkUsage(dir, usage, name);
            }
            List<String> expected = read(dir, "expected-stream.jsonl").lines().filter(l -> !l.isBlank())
                    .map(l -> FixtureJson.canonical(parse(l))).toList();
            assertThat(emitted.stream().map(FixtureJson::canonical).toList()).as("%s: chunks", name)
                    .containsExactlyElementsOf(expected);
            checked = true;
        }
        assertThat(checked).as("%s has nothing to check", name).isTrue();
    }

    private static Path root() {
        return Fixtures.root("/fixtures/anthropic");
    }
}
