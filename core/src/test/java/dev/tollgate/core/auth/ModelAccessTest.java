package dev.tollgate.core.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelAccessTest {

    @Test
    void emptyListAllowsEverything() {
        assertThat(ModelAccess.of(List.of()).allows("anything")).isTrue();
    }

    @Test
    void matchesExactNamesAndWildcards() {
        ModelAccess access = ModelAccess.of(List.of("gpt-4o-mini", "claude-*", "openai/*-mini", "*-embed-*"));
        assertThat(access.allows("gpt-4o-mini")).isTrue();
        assertThat(access.allows("gpt-4o")).isFalse();
        assertThat(access.allows("claude-haiku")).isTrue();
        assertThat(access.allows("openai/gpt-mini")).isTrue();
        assertThat(access.allows("openai/gpt-4o")).isFalse();
        assertThat(access.allows("x-embed-large")).isTrue();
    }

    @Test
    void generatedKeysHaveTheDocumentedShapeAndHashStably() {
        String key = GatewayKeys.generate();
        assertThat(key).startsWith("tg-").hasSizeGreaterThanOrEqualTo(43);
        assertThat(GatewayKeys.looksLikeKey(key)).isTrue();
        assertThat(GatewayKeys.looksLikeKey("tg-short")).isFalse();
        assertThat(GatewayKeys.hash(key)).isEqualTo(GatewayKeys.hash(key)).hasSize(64).doesNotContain(key.substring(3));
        assertThat(GatewayKeys.generate()).isNotEqualTo(key);
    }
}
