package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.provider.ChatTranslation;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.tollgate.providers.canonical.Fixtures.assertFails;
import static dev.tollgate.providers.canonical.Fixtures.checkUsage;
import static dev.tollgate.providers.canonical.Fixtures.exists;
import static dev.tollgate.providers.canonical.Fixtures.json;
import static dev.tollgate.providers.canonical.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden embeddings cases, one directory each: {@code request.json} (the client's OpenAI embeddings request; its
 * {@code model} is the upstream model) and then either {@code expected-request-error.txt} (the request must be
 * refused with exactly that message) or {@code upstream-request.json} (the body it must become, when given),
 * {@code upstream-response.json} (what the upstream answers) and {@code expected.json} (the OpenAI answer) or
 * {@code expected-error.txt} (the answer must be refused), and optionally {@code expected-usage.json}.
 */
public final class EmbeddingFixtures {

    private EmbeddingFixtures() {
    }

    public static void check(ChatTranslation translation, Path dir, String name) throws Exception {
        ObjectNode request = (ObjectNode) json(dir, "request.json");
        String model = request.path("model").asText();
        if (exists(dir, "expected-request-error.txt")) {
            assertFails(() -> translation.request(request, model, false), read(dir, "expected-request-error.txt").strip(),
                    name);
            return;
        }
        byte[] upstreamRequest = translation.request(request, model, false);
        if (exists(dir, "upstream-request.json")) {
            assertThat(FixtureJson.canonical(Json.MAPPER.readTree(upstreamRequest))).as("%s: upstream request", name)
                    .isEqualTo(FixtureJson.canonical(json(dir, "upstream-request.json")));
        }
        byte[] answer = Files.readAllBytes(dir.resolve("upstream-response.json"));
        if (exists(dir, "expected-error.txt")) {
            assertFails(() -> translation.response(answer), read(dir, "expected-error.txt").strip(), name);
            assertThat(translation.reportedUsage()).as("%s: usage", name).isNull();
            return;
        }
        assertThat(FixtureJson.canonical(translation.response(answer))).as("%s: answer", name)
                .isEqualTo(FixtureJson.canonical(json(dir, "expected.json")));
        checkUsage(dir, translation.reportedUsage(), name);
    }
}
