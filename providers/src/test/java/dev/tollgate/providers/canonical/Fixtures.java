package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What the golden-fixture tests share: finding the cases (one directory each under a test resource), reading
 * a case's files, and the checks every provider's cases make alike ({@code expected-usage.json},
 * {@code expected-error.txt}).
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** A translation step that may fail. */
    public interface Call {
        void run() throws TranslationException;
    }

    /** The directory of the class-path resource {@code resource} (like {@code /fixtures/anthropic}). */
    public static Path root(String resource) {
        try {
            return Path.of(Fixtures.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of the case directories under {@code root}, sorted. */
    public static Stream<String> cases(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    public static boolean exists(Path dir, String file) {
        return Files.exists(dir.resolve(file));
    }

    public static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    public static JsonNode json(Path dir, String file) throws IOException {
        return Json.MAPPER.readTree(dir.resolve(file).toFile());
    }

    public static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares the usage with {@code expected-usage.json} when the case has one ({@code null}: no usage). */
    public static void checkUsage(Path dir, TokenUsage actual, String name) throws IOException {
        if (!exists(dir, "expected-usage.json")) {
            return;
        }
        JsonNode expected = json(dir, "expected-usage.json");
        if (expected.isNull()) {
            assertThat(actual).as("%s: usage", name).isNull();
            return;
        }
        assertThat(actual).as("%s: usage", name).isEqualTo(new TokenUsage(
                expected.get("promptTokens").asLong(), expected.get("completionTokens").asLong(),
                expected.get("cachedTokens").asLong(), expected.get("cacheWriteTokens").asLong(),
                expected.get("reasoningTokens").asLong(), expected.get("estimated").asBoolean()));
    }

    /** The call must fail with exactly {@code message}. */
    public static void assertFails(Call call, String message, String name) {
        try {
            call.run();
            fail("%s: expected the translation to fail with \"%s\"", name, message);
        } catch (TranslationException e) {
            assertThat(e.getMessage()).as("%s: failure", name).isEqualTo(message);
        }
    }
}
