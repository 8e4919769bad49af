package dev.tollgate.providers.bedrock;

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
 * Golden cases under {@code fixtures/bedrock/<case>/}, each with whichever of these it needs:
 * <ul>
 *   <li>{@code request.json} (canonical request) and {@code upstream-request.json} (the Converse body it must
 *       become), or {@code expected-error.txt} alone when the request must be refused; the upstream model is
 *       {@link #MODEL} unless {@code model.txt} names another;</li>
 *   <li>{@code upstream-response.json} and {@code expected.json};</li>
 *   <li>{@code upstream-stream.jsonl}: the frames Bedrock sends, one a line (see {@link EventFrames}), encoded
 *       as real event-stream frames and fed through {@link EventStreamDecoder} in several splits (whole, byte
 *       by byte, 5-byte and 64-byte pieces), which must all give the same result; {@code expected-stream.jsonl}:
 *       every chunk emitted, {@code finish()}'s included; {@code expected-pending.txt}: the bytes the decoder
 *       is left holding (0 unless given);</li>
 *   <li>{@code expected-usage.json}: the {@link TokenUsage} reported ({@code null} for none);</li>
 *   <li>{@code expected-error.txt}: the translation (or decoding) fails with exactly this message (chunks
 *       emitted before the failure still compared).</li>
 * </ul>
 * One translation serves each request/answer pass, as it serves one call.
 */
class BedrockFixturesTest {

    static final long CREATED = 1_700_000_000L;
    static final String ID = "chatcmpl-bedrock-fixture";
    static final String MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final int[] SPLITS = {Integer.MAX_VALUE, 1, 5, 64};

    static Stream<String> cases() throws IOException {
        return Fixtures.cases(root());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(String name) throws Exception {
        Path dir = root().resolve(name);
        String expectedError = exists(dir, "expected-error.txt") ? read(dir, "expected-error.txt").strip() : null;
        String model = exists(dir, "model.txt") ? read(dir, "model.txt").strip() : MODEL;
        boolean checked = false;

        if (exists(dir, "request.json")) {
            BedrockTranslation translation = new BedrockTranslation(ID, CREATED);
            ObjectNode request = (ObjectNode) json(dir, "request.json");
            boolean stream = request.path("stream").asBoolean(false);
            if (exists(dir, "upstream-request.json")) {
                byte[] body = translation.request(request, model, stream);
                assertThat(FixtureJson.canonical(Json.MAPPER.readTree(body)))
                        .as("%s: upstream request", name).isEqualTo(FixtureJson.canonical(json(dir, "upstream-request.json")));
            } else {
                assertThat(expectedError).as("%s: a request without upstream-request.json must fail", name).isNotNull();
                assertFails(() -> translation.request(request, model, stream), expectedError, name);
            }
            checked = true;
        }

        if (exists(dir, "upstream-response.json")) {
            BedrockTranslation translation = prepared(dir, model);
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

        if (exists(dir, "upstream-stream.jsonl")) {
            byte[] frames = EventFrames.encode(read(dir, "upstream-stream.jsonl"));
            List<String> expected = read(dir, "expected-stream.jsonl").lines().filter(l -> !l.isBlank())
                    .map(l -> FixtureJson.canonical(parse(l))).toList();
            int expectedPending = exists(dir, "expected-pending.txt")
                    ? Integer.parseInt(read(dir, "expected-pending.txt").strip()) : 0;
            for (int split : SPLITS) {
                String as = name + " (fed in pieces of " + (split == Integer.MAX_VALUE ? "all" : split) + ")";
                BedrockTranslation translation = prepared(dir, model);
                EventStreamDecoder decoder = new EventStreamDecoder();
                List<ObjectNode> emitted = new ArrayList<>();
                TranslationException failure = null;
                try {
                    for (int at = 0; at < frames.length; at += Math.min(split, frames.length - at)) {
                        decoder.feed(frames, at, Math.min(split, frames.length - at),
                                (event, payload) -> translation.onStreamEvent(event, payload, emitted::add));
                    }
                } catch (TranslationException e) {
                    failure = e;
                }
                if (expectedError != null) {
                    assertThat(failure).as("%s: stream failure", as).isNotNull();
                    assertThat(failure.getMessage()).as(as).isEqualTo(expectedError);
                } else {
                    assertThat(failure).as("%s: stream failure", as).isNull();
                    assertThat(decoder.pendingBytes()).as("%s: pending bytes", as).isEqualTo(expectedPending);
                    TokenUsage usage = translation.finish(emitted::add);
                    checkUsage(dir, usage, as);
                }
                assertThat(emitted.stream().map(FixtureJson::canonical).toList()).as("%s: chunks", as)
                        .containsExactlyElementsOf(expected);
            }
            checked = true;
        }
        assertThat(checked).as("%s has nothing to check", name).isTrue();
    }

    /** A fresh translation that has seen the case's request, if it has one (it decides the JSON-mode tool). */
    private static BedrockTranslation prepared(Path dir, String model) throws Exception {
        BedrockTranslation translation = new BedrockTranslation(ID, CREATED);
        if (exists(dir, "request.json") && exists(dir, "upstream-request.json")) {
            ObjectNode request = (ObjectNode) json(dir, "request.json");
            translation.request(request, model, request.path("stream").asBoolean(false));
        } else {
            translation.request((ObjectNode) Json.MAPPER.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    model, false);
        }
        return translation;
    }

    private static Path root() {
        return Fixtures.root("/fixtures/bedrock");
    }
}
