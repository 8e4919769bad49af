package dev.tollgate.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigWatcherTest {

    private static final String TWO_MODELS = """
            providers:
              - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["k"] }
            models:
              - { name: a, deployments: [{ provider: oa }] }
              - { name: b, deployments: [{ provider: oa }] }
            """;

    @TempDir
    Path dir;

    private final List<GatewayConfig> applied = new ArrayList<>();

    @Test
    void newContentIsAppliedOnlyOnceTwoPollsReadItTheSame() throws Exception {
        Path file = dir.resolve("tollgate.yaml");
        Files.writeString(file, "models: []\n");
        try (ConfigWatcher watcher = new ConfigWatcher(file, loaderFor(), applied::add)) {
            // a rewrite in place, read half-way: a valid prefix that has lost model b
            Files.writeString(file, TWO_MODELS.substring(0, TWO_MODELS.indexOf("  - { name: b")));
            watcher.check();
            Files.writeString(file, TWO_MODELS);
            watcher.check();
            assertThat(applied).as("nothing applied while the content was still changing").isEmpty();
            watcher.check();
            assertThat(applied).hasSize(1);
            assertThat(applied.get(0).models()).containsOnlyKeys("a", "b");
            watcher.check();
            assertThat(applied).as("the same content is applied once").hasSize(1);
        }
    }

    private ConfigLoader loaderFor() {
        return new ConfigLoader(Map.<String, String>of()::get, Map.of("openai", ConfigLoaderTest.adapter("openai", null)));
    }
}
