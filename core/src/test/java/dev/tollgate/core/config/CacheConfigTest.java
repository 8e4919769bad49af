package dev.tollgate.core.config;

import dev.tollgate.core.cache.CacheScope;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get,
            Map.of("openai", ConfigLoaderTest.adapter("openai", "https://api.openai.com/v1")));

    private static final String MODELS = """
            providers: [{ name: oa, type: openai, keys: [k-123456] }]
            models:
              - { name: a, deployments: [{ provider: oa }] }
              - { name: b, deployments: [{ provider: oa }] }
            """;

    @Test
    void theCacheIsOffUnlessConfigured() {
        GatewayConfig.Cache c = loader.parse(MODELS, "test").cache();
        assertThat(c.anyEnabled()).isFalse();
        assertThat(c.forGroup("a").enabled()).isFalse();
        assertThat(c.store()).isEqualTo(GatewayConfig.Cache.Store.MEMORY);
        assertThat(c.scope()).isEqualTo(CacheScope.OWNER);
    }

    @Test
    void groupsInheritTheDefaultsAndOverrideThem() {
        GatewayConfig.Cache c = loader.parse(MODELS + """
                cache:
                  ttl_seconds: 60
                  scope: team
                  models:
                    a: { ttl_seconds: 5 }
                """, "test").cache();
        assertThat(c.anyEnabled()).as("naming a group turns it on").isTrue();
        assertThat(c.forGroup("a")).isEqualTo(new GatewayConfig.Cache.GroupCache(true, 5));
        assertThat(c.forGroup("b")).isEqualTo(new GatewayConfig.Cache.GroupCache(false, 60));
        assertThat(c.scope()).isEqualTo(CacheScope.TEAM);

        GatewayConfig.Cache all = loader.parse(MODELS + "cache: { enabled: true, models: { b: { enabled: false } } }\n",
                "test").cache();
        assertThat(all.forGroup("a").enabled()).isTrue();
        assertThat(all.forGroup("b").enabled()).isFalse();
    }

    @Test
    void redisNeedsAStateUrl() {
        assertThatThrownBy(() -> loader.parse(MODELS + "cache: { enabled: true, store: redis }\n", "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "cache.store: redis needs state.url to name the Redis server (redis://host:port)"));
        GatewayConfig ok = loader.parse(MODELS + "state: { url: \"redis://127.0.0.1:6379\" }\n"
                + "cache: { enabled: true, store: redis }\n", "test");
        assertThat(ok.cache().store()).isEqualTo(GatewayConfig.Cache.Store.REDIS);
        assertThat(ok.stateUrl()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void mistakesAreReportedWithTheirFields() {
        assertThatThrownBy(() -> loader.parse(MODELS + """
                state: { url: "memcached://x" }
                cache:
                  store: disk
                  scope: world
                  ttl_seconds: 0
                  max_bytes: 2048
                  max_entry_bytes: 4096
                  models: { nope: { enabled: true } }
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "state.url: expected 'local', redis://host:port (rediss:// for TLS), "
                                + "redis-sentinel://host:26379,host:26379/master-name or redis-cluster://host:7000,host:7001",
                        "cache.store: expected memory or redis",
                        "cache.scope: expected key, owner, team or org",
                        "cache.ttl_seconds: must be at least 1",
                        "cache.max_entry_bytes: must not exceed cache.max_bytes",
                        "cache.models.nope: no model group named 'nope'"));
    }

    @Test
    void theSemanticCacheIsOffUnlessAGroupOptsIn() {
        GatewayConfig.Cache c = loader.parse(MODELS + """
                cache: { enabled: true }
                """, "test").cache();
        assertThat(c.semantic().enabled()).isFalse();
        assertThat(c.forGroup("a").semantic()).isFalse();
    }

    @Test
    void semanticSettingsAreReadAndGroupsOptIn() {
        GatewayConfig.Cache c = loader.parse(MODELS + """
                cache:
                  enabled: true
                  semantic: { embedding_model: b, key: tg-k, threshold: 0.9, max_entries: 50, allow_tools: true, timeout_ms: 250 }
                  models:
                    a: { semantic: true }
                """, "test").cache();
        assertThat(c.semantic()).isEqualTo(new GatewayConfig.Cache.Semantic(false, "b", "tg-k", 0.9, 50, true, 250));
        assertThat(c.forGroup("a")).isEqualTo(new GatewayConfig.Cache.GroupCache(true, 300, true));
        assertThat(c.forGroup("b").semantic()).as("the default: cache.semantic.enabled").isFalse();
    }

    @Test
    void semanticMistakesAreReportedWithTheirFields() {
        assertThatThrownBy(() -> loader.parse(MODELS + """
                cache:
                  semantic: { enabled: true, embedding_model: nope, threshold: 1.5, max_entries: 0, timeout_ms: 0 }
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "cache.semantic.embedding_model: no model group named 'nope'",
                        "cache.semantic.threshold: expected a cosine similarity above 0 and at most 1",
                        "cache.semantic.max_entries: must be at least 1",
                        "cache.semantic.timeout_ms: must be at least 1",
                        "cache.semantic.key: required when a model group uses the semantic cache "
                                + "(the gateway key the embedding calls are made with)"));
        assertThatThrownBy(() -> loader.parse(MODELS + """
                cache:
                  semantic: { embedding_model: b, key: k }
                  models:
                    b: { semantic: true }
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "cache.models.b.semantic: the embedding model's own group cannot use the semantic cache"));
    }
}
