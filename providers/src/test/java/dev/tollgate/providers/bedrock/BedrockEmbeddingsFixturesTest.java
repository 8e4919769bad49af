package dev.tollgate.providers.bedrock;

import dev.tollgate.providers.canonical.EmbeddingFixtures;
import dev.tollgate.providers.canonical.Fixtures;
import dev.tollgate.spi.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * OpenAI embeddings to InvokeModel bodies and back: golden cases under {@code fixtures/bedrock-embeddings/<case>/}
 * (see {@link EmbeddingFixtures}), written from the request and response shapes AWS documents for Titan Text
 * Embeddings (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html) and
 * Cohere Embed (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html).
 */
class BedrockEmbeddingsFixturesTest {

    private static final Path ROOT = Fixtures.root("/fixtures/bedrock-embeddings");

    static Stream<String> cases() throws IOException {
        return Fixtures.cases(ROOT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translates(String name) throws Exception {
        EmbeddingFixtures.check(new BedrockAdapter().newTranslation(Endpoint.EMBEDDINGS), ROOT.resolve(name), name);
    }
}
