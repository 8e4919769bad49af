package dev.tollgate.providers.gemini;

import dev.tollgate.providers.canonical.EmbeddingFixtures;
import dev.tollgate.providers.canonical.Fixtures;
import dev.tollgate.spi.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * OpenAI embeddings to {@code batchEmbedContents} and back: golden cases under
 * {@code fixtures/gemini-embeddings/<case>/} (see {@link EmbeddingFixtures}), written from the request and
 * response shapes in Google's embeddings reference (https://ai.google.dev/api/embeddings).
 */
class GeminiEmbeddingsFixturesTest {

    private static final Path ROOT = Fixtures.root("/fixtures/gemini-embeddings");

    static Stream<String> cases() throws IOException {
        return Fixtures.cases(ROOT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translates(String name) throws Exception {
        EmbeddingFixtures.check(new GeminiAdapter().newTranslation(Endpoint.EMBEDDINGS), ROOT.resolve(name), name);
    }
}
