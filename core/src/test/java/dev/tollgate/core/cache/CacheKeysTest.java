package dev.tollgate.core.cache;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeysTest {

    static CacheKey key(String scope, String endpoint, String group, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return CacheKeys.of(scope, endpoint, group, bytes, 0, bytes.length);
    }

    static CacheKey key(String body) {
        return key("user:u1", "CHAT_COMPLETIONS|OPENAI", "gpt", body);
    }

    static final String BASE = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5}";

    @Test
    void keyOrderWhitespaceAndNumberNotationDoNotMatter() {
        assertThat(key(" {\"temperature\" : 0.50, \"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\n\"model\":\"gpt\"}"))
                .isEqualTo(key(BASE));
        assertThat(key(BASE.replace("0.5", "1.0"))).isEqualTo(key(BASE.replace("0.5", "1")));
    }

    @Test
    void fieldsThatDoNotChangeTheAnswerAreIgnored() {
        assertThat(key(BASE.replaceAll("}$", ",\"user\":\"x\",\"metadata\":{\"a\":1},\"store\":true,"
                + "\"safety_identifier\":\"s\",\"prompt_cache_key\":\"p\",\"prompt_cache_retention\":\"24h\"}")))
                .isEqualTo(key(BASE));
    }

    @Test
    void everythingElseChangesTheKey() {
        CacheKey base = key(BASE);
        assertThat(key(BASE.replace("0.5", "0.6"))).isNotEqualTo(base);
        assertThat(key(BASE.replace("\"hi\"", "\"hi!\""))).isNotEqualTo(base);
        assertThat(key(BASE.replaceAll("}$", ",\"stream\":true}"))).isNotEqualTo(base);
        assertThat(key(BASE.replaceAll("}$", ",\"n\":2}"))).isNotEqualTo(base);
        assertThat(key(BASE.replaceAll("}$", ",\"stream_options\":{\"include_usage\":true}}"))).isNotEqualTo(base);
        assertThat(key(BASE.replace("\"role\":\"user\"", "\"role\":\"system\""))).isNotEqualTo(base);
        assertThat(key("user:u2", "CHAT_COMPLETIONS|OPENAI", "gpt", BASE)).as("another tenant").isNotEqualTo(base);
        assertThat(key("user:u1", "RESPONSES|OPENAI", "gpt", BASE)).as("another endpoint").isNotEqualTo(base);
        assertThat(key("user:u1", "CHAT_COMPLETIONS|OPENAI", "gpt-2", BASE)).as("another group").isNotEqualTo(base);
        assertThat(key(BASE.replace("\"messages\":[", "\"messages\":[{\"role\":\"user\",\"content\":\"x\"},")))
                .isNotEqualTo(base);
        assertThat(base.hex()).hasSize(64);
    }

    @Test
    void aFieldIgnoredAtTheTopMattersInsideTheRequest() {
        assertThat(key(BASE.replace("\"role\":\"user\",", "\"role\":\"user\",\"metadata\":1,")))
                .isNotEqualTo(key(BASE));
    }

    @Test
    void aBodyThatIsNotAJsonObjectHasNoKey() {
        assertThat(key("[1,2]")).isNull();
        assertThat(key("{not json")).isNull();
    }

    @Test
    void theNormalisedFormIsSortedAndCompact() throws Exception {
        assertThat(CacheKeys.normalised("{\"b\":{\"z\":1,\"a\":[2.50,{\"y\":1,\"x\":2}]},\"user\":\"u\",\"a\":true}"
                .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"a\":true,\"b\":{\"a\":[2.5,{\"x\":2,\"y\":1}],\"z\":1}}");
    }
}
