package dev.tollgate.core.config;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.tollgate.core.booking.SpoolFullPolicy;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    /** A stand-in adapter: only its type and default base URL matter to configuration. */
    static ProviderAdapter adapter(String type, String defaultBaseUrl) {
        return new ProviderAdapter() {
            public String type() { return type; }
            public String defaultBaseUrl() { return defaultBaseUrl; }
            public WireFormat wireFormat() { return WireFormat.OPENAI; }
            public boolean supports(Endpoint e) { return true; }
            public UpstreamTarget target(ProviderSettings p, Endpoint e, String m, Secret k, boolean s) { return null; }
            public UpstreamError interpretError(int status, byte[] body) { return null; }
        };
    }

    private final ConfigLoader loader = new ConfigLoader(Map.of("OPENAI_KEY", "sk-test-123456", "EMPTY", "")::get,
            Map.of("openai", adapter("openai", null), "groq", adapter("groq", "https://api.groq.com/openai/v1")));

    @Test
    void loadsAValidConfigurationWithDefaults() {
        GatewayConfig c = loader.parse("""
                providers:
                  - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["${OPENAI_KEY}"] }
                models:
                  - name: fast
                    deployments: [{ provider: oa, model: gpt-4o-mini, weight: 3 }, { provider: oa }]
                """, "test");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.storageUrl()).isEqualTo("sqlite:data/tollgate.db");
        assertThat(c.providers().get("oa").keys().get(0).reveal()).isEqualTo("sk-test-123456");
        assertThat(c.models().get("fast").deployments()).extracting(GatewayConfig.Deployment::model)
                .containsExactly("gpt-4o-mini", "fast");
    }

    @Test
    void clusterStateUrlsAndTheDrainDelayAreReadAndChecked() {
        String models = """
                providers:
                  - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["k"] }
                models:
                  - { name: fast, deployments: [{ provider: oa }] }
                """;
        assertThat(loader.parse(models, "test").server().drainDelayMs()).as("one box: no delay").isZero();
        for (String url : List.of("redis://r:6379", "rediss://:pw@r:6380/1", "redis-sentinel://s1:26379,s2/mymaster",
                "rediss-sentinel://s1/mymaster/2", "redis-cluster://a:7000,b:7001", "rediss-cluster://a:7000")) {
            GatewayConfig c = loader.parse(models + "state: { url: \"" + url + "\" }\nserver: { drain_delay_ms: 5000 }\n",
                    "test");
            assertThat(c.stateUrl()).isEqualTo(url);
            assertThat(c.server().drainDelayMs()).isEqualTo(5000);
        }
        assertThatThrownBy(() -> loader.parse(models + "state: { url: \"redis-sentinel://s1:26379\" }\n"
                + "server: { drain_delay_ms: -1 }\n", "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "state.url: redis-sentinel:// needs the master's name after the hosts "
                                + "(redis-sentinel://host:26379,host:26379/mymaster)",
                        "server.drain_delay_ms: must be between 0 and 600000"));
    }

    @Test
    void usageSettingsDefaultToASpoolInTheDataDirectoryAndAreValidated() {
        GatewayConfig.Usage usage = loader.parse("{}", "test").usage();
        assertThat(usage).isEqualTo(GatewayConfig.Usage.DEFAULTS);
        assertThat(usage.spoolFsyncMs()).isEqualTo(20);
        assertThat(usage.spoolMaxBytes()).isEqualTo(1L << 30);
        assertThat(usage.onSpoolFull()).isEqualTo(SpoolFullPolicy.FAIL_OPEN);
        Path data = Path.of("/srv/gw/data");
        assertThat(usage.spoolDirectory(data)).isEqualTo(data.resolve("spool"));

        GatewayConfig.Usage set = loader.parse(
                "usage: { spool_dir: /spool, spool_fsync_ms: 5, spool_max_bytes: 65536, on_spool_full: fail_closed }\n",
                "test").usage();
        assertThat(set).isEqualTo(new GatewayConfig.Usage("/spool", 5, 65536, SpoolFullPolicy.FAIL_CLOSED, 0, 0));
        assertThat(set.spoolDirectory(data)).isEqualTo(Path.of("/spool"));

        assertThatThrownBy(() -> loader.parse(
                "usage: { spool_dir: \"\", spool_fsync_ms: 0, spool_max_bytes: 1000, on_spool_full: shrug }\n", "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "usage.spool_dir: must not be empty (leave it out for the default)",
                        "usage.spool_fsync_ms: must be between 1 and 10000",
                        "usage.spool_max_bytes: must be at least 65536 (64 KiB)",
                        "usage.on_spool_full: expected fail_open or fail_closed, not 'shrug'"));
    }

    @Test
    void reportsEveryProblemNamingItsField() {
        assertThatThrownBy(() -> loader.parse("""
                providers:
                  - { name: oa, type: nope, base_url: "ftp://x", keys: [] }
                models:
                  - name: m
                    deployments: [{ provider: missing }]
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "providers[0].type: unknown provider type 'nope' (known: groq, openai)",
                        "providers[0].keys: at least one key is required",
                        "models[0].deployments[0].provider: no provider named 'missing'"));
    }

    @Test
    void presetsFillInTheirBaseUrlAndOthersNeedOne() {
        GatewayConfig c = loader.parse("providers: [{ name: g, type: groq, keys: [k-123456] }]\n", "test");
        assertThat(c.providers().get("g").baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
        assertThatThrownBy(() -> loader.parse("providers: [{ name: o, type: openai, keys: [k-123456] }]\n", "test"))
                .hasMessageContaining("providers[0].base_url: required for type 'openai'");
    }

    private static final String PRICED = """
            providers:
              - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: [k-123456] }
            models:
              - name: fast
                deployments: [{ name: east, provider: oa, model: gpt-4o-mini }]
            prices:
            """;

    @Test
    void readsPricesAsExactDecimalsWithTheirDefaultsScopesAndDates() {
        GatewayConfig c = loader.parse(PRICED + """
                  - { model: gpt-4o-mini, input: 0.15, output: 0.6000000000000001 }
                  - { model: gpt-4o-mini, provider: oa, effective_from: 2026-03-01, input: "0.1", cached_input: 0.025,
                      cache_write: 0.125, output: 0.4, reasoning: 1.2, per_request: 0.0001 }
                  - { deployment: east, effective_from: "2026-04-01T12:00:00+02:00", input: 3, output: 4 }
                """, "test");
        GatewayConfig.PriceEntry global = c.prices().get(0);
        assertThat(global.price().input()).isEqualTo(new BigDecimal("0.15"));
        // seventeen significant digits survive: the text is read as a decimal, never as a double
        assertThat(global.price().output()).isEqualTo(new BigDecimal("0.6000000000000001"));
        assertThat(global.price().cachedInput()).isEqualTo(new BigDecimal("0.15"));
        assertThat(global.price().cacheWrite()).isEqualTo(new BigDecimal("0.15"));
        assertThat(global.price().reasoning()).isEqualTo(new BigDecimal("0.6000000000000001"));
        assertThat(global.price().perRequest()).isEqualByComparingTo("0");
        assertThat(global.effectiveFrom()).isNull();
        GatewayConfig.PriceEntry provider = c.prices().get(1);
        assertThat(provider.provider()).isEqualTo("oa");
        assertThat(provider.effectiveFrom()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(provider.price()).isEqualTo(new dev.tollgate.core.metering.Price(new BigDecimal("0.1"),
                new BigDecimal("0.025"), new BigDecimal("0.125"), new BigDecimal("0.4"), new BigDecimal("1.2"),
                new BigDecimal("0.0001")));
        GatewayConfig.PriceEntry deployment = c.prices().get(2);
        assertThat(deployment.deployment()).isEqualTo("east");
        assertThat(deployment.model()).isNull();
        assertThat(deployment.effectiveFrom()).isEqualTo(Instant.parse("2026-04-01T10:00:00Z"));
    }

    @Test
    void refusesPricesThatCannotBeRightNamingTheField() {
        assertThatThrownBy(() -> loader.parse(PRICED + """
                  - { input: 1 }
                  - { model: m, input: -1, output: 1 }
                  - { model: m, provider: nowhere, input: 1 }
                  - { deployment: west, input: 1 }
                  - { deployment: east, provider: oa, input: 1 }
                  - { model: m, effective_from: "next tuesday", input: 1 }
                  - { model: d, input: 1 }
                  - { model: d, input: 2 }
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "prices[0].model: required (or a deployment)",
                        "prices[1].input: must not be negative (USD per 1M tokens; per_request: USD)",
                        "prices[2].provider: no provider named 'nowhere'",
                        "prices[3].deployment: no model group has a deployment named 'west'",
                        "prices[4].provider: a deployment already names its provider; give one or the other",
                        "prices[5].effective_from: 'next tuesday' is not an ISO date (2026-01-31) or instant"
                                + " (2026-01-31T12:00:00Z)",
                        "prices[7]: the same scope, model and effective_from as prices[6]"));
        assertThatThrownBy(() -> loader.parse(PRICED + "  - { model: m, input: lots }\n", "test"))
                .hasMessageContaining("prices[0].input: wrong type of value");
    }

    @Test
    void namesUnknownFieldsAndWrongTypes() {
        assertThatThrownBy(() -> loader.parse("models:\n  - name: m\n    deploymnets: []\n", "test"))
                .hasMessageContaining("models[0].deploymnets: unknown field");
        assertThatThrownBy(() -> loader.parse("server: { port: lots }\n", "test"))
                .hasMessageContaining("server.port: wrong type of value");
    }

    @Test
    void missingEnvironmentVariablesAreErrorsUnlessDefaulted() {
        assertThatThrownBy(() -> loader.parse("storage: { url: \"${NOT_SET}\" }\n", "test"))
                .hasMessageContaining("storage.url: environment variable NOT_SET is not set");
        assertThat(loader.parse("storage: { url: \"${EMPTY:-sqlite:x.db}\" }\n", "test").storageUrl())
                .isEqualTo("sqlite:x.db");
    }

    @Test
    void usageRetentionDefaultsToForeverAndIsValidated() {
        assertThat(loader.parse("models: []\n", "test").usage()).isEqualTo(GatewayConfig.Usage.DEFAULTS);
        assertThat(loader.parse("usage: { retention_days: 90, rollup_retention_days: 800 }\n", "test").usage())
                .extracting(GatewayConfig.Usage::retentionDays, GatewayConfig.Usage::rollupRetentionDays)
                .containsExactly(90, 800);
        assertThat(loader.parse("usage: { retention_days: 30 }\n", "test").usage())
                .extracting(GatewayConfig.Usage::retentionDays, GatewayConfig.Usage::rollupRetentionDays)
                .containsExactly(30, 0);
        assertThatThrownBy(() -> loader.parse("usage: { retention_days: -1 }\n", "test"))
                .hasMessageContaining("usage.retention_days: must not be negative");
        assertThatThrownBy(() -> loader.parse("usage: { retention_days: 90, rollup_retention_days: 30 }\n", "test"))
                .hasMessageContaining("usage.rollup_retention_days: must not be shorter than usage.retention_days");
        assertThatThrownBy(() -> loader.parse("usage: { rollup_retention_days: 30 }\n", "test"))
                .hasMessageContaining("usage.rollup_retention_days: set usage.retention_days as well");
    }

    @Test
    void tracingIsOffByDefaultAndValidated() {
        assertThat(loader.parse("models: []\n", "test").tracing()).isEqualTo(GatewayConfig.Tracing.OFF);
        GatewayConfig.Tracing t = loader.parse("""
                tracing: { enabled: true, otlp_endpoint: "http://collector:4318", sample_ratio: 0.25,
                           headers: { api-key: "${OPENAI_KEY}" } }
                """, "test").tracing();
        assertThat(t.enabled()).isTrue();
        assertThat(t.sampleRatio()).isEqualTo(0.25);
        assertThat(t.headers()).containsEntry("api-key", "sk-test-123456");
        assertThat(t.serviceName()).isEqualTo("tollgate");
        assertThatThrownBy(() -> loader.parse("tracing: { enabled: true }\n", "test"))
                .hasMessageContaining("tracing.otlp_endpoint: expected an http:// or https:// URL");
        assertThatThrownBy(() -> loader.parse("tracing: { sample_ratio: 1.5 }\n", "test"))
                .hasMessageContaining("tracing.sample_ratio: must be between 0 and 1");
    }

    @Test
    void exportSinksTakeDefaultsAndAreValidated() {
        assertThat(loader.parse("models: []\n", "test").export()).isEmpty();
        var sinks = loader.parse("""
                export:
                  - { type: webhook, url: "https://hooks.example.com/u", secret: s }
                  - { type: file, name: log, path: /var/log/usage.ndjson, batch: 10 }
                """, "test").export();
        assertThat(sinks).extracting(GatewayConfig.Export::name).containsExactly("webhook-0", "log");
        assertThat(sinks.get(0)).extracting(GatewayConfig.Export::batch, GatewayConfig.Export::queue,
                GatewayConfig.Export::flushMs).containsExactly(100, 10_000, 1_000L);
        assertThat(sinks.get(1).maxBytes()).isEqualTo(100L * 1024 * 1024);
        assertThatThrownBy(() -> loader.parse("export: [ { type: kafka } ]\n", "test"))
                .hasMessageContaining("export[0].type: expected webhook, file or otlp, not 'kafka'");
        assertThatThrownBy(() -> loader.parse("export: [ { type: webhook } ]\n", "test"))
                .hasMessageContaining("export[0].url: expected an http:// or https:// URL");
        assertThatThrownBy(() -> loader.parse("export: [ { type: file } ]\n", "test"))
                .hasMessageContaining("export[0].path: the NDJSON file to write is required");
        assertThatThrownBy(() -> loader.parse(
                "export: [ { type: file, name: a, path: x }, { type: file, name: a, path: y } ]\n", "test"))
                .hasMessageContaining("export[1].name: 'a' names another sink too");
        assertThatThrownBy(() -> loader.parse("export: [ { type: file, path: x, batch: 50, queue: 10 } ]\n", "test"))
                .hasMessageContaining("export[0].queue: must hold at least one batch");
    }

    @Test
    void requestBodiesAreKeptForNoOneByDefaultAndForNamedKeysAndTeams() {
        GatewayConfig.RequestLog off = loader.parse("models: []\n", "test").requestLog();
        assertThat(off).isEqualTo(GatewayConfig.RequestLog.OFF);
        assertThat(off.keepsBodies("key_1", "team_1")).isFalse();
        GatewayConfig.RequestLog on = loader.parse(
                "request_log: { bodies: { keys: [key_1], teams: [team_9], redact: [email, card] } }\n", "test")
                .requestLog();
        assertThat(on.keepsBodies("key_1", null)).isTrue();
        assertThat(on.keepsBodies("key_2", "team_9")).isTrue();
        assertThat(on.keepsBodies("key_2", "team_1")).isFalse();
        assertThat(on.redact()).containsExactlyInAnyOrder(dev.tollgate.core.guardrails.PiiDetector.Entity.EMAIL,
                dev.tollgate.core.guardrails.PiiDetector.Entity.CARD);
        GatewayConfig.RequestLog never = loader.parse(
                "request_log: { bodies: { keys: [key_1], sample_ratio: 0 } }\n", "test").requestLog();
        assertThat(java.util.stream.IntStream.range(0, 1000).anyMatch(i -> never.keepsBodies("key_1", null)))
                .as("a sample ratio of 0 keeps nothing").isFalse();
        assertThatThrownBy(() -> loader.parse("request_log: { bodies: { redact: [dna] } }\n", "test"))
                .hasMessageContaining("request_log.bodies.redact: unknown entity 'dna'");
        assertThatThrownBy(() -> loader.parse("request_log: { bodies: { sample_ratio: 2 } }\n", "test"))
                .hasMessageContaining("request_log.bodies.sample_ratio: must be between 0 and 1");
    }

    @Test
    void rejectsBrokenYamlWithItsLine() {
        assertThatThrownBy(() -> loader.parse("models:\n  - name: [unclosed\n", "test"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void routingDefaultsApplyToEveryGroupAndAGroupOverridesSingleFields() {
        GatewayConfig c = loader.parse("""
                providers:
                  - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["k1", "k2"] }
                routing:
                  retry: { max_attempts: 4, budget_ms: 5000 }
                  breaker: { cooldown_ms: 2000 }
                models:
                  - name: main
                    aliases: [main-latest]
                    strategy: least-latency
                    fallbacks: [backup]
                    context_window_fallbacks: [backup]
                    retry: { max_attempts: 2 }
                    timeouts: { first_token_ms: 3000 }
                    deployments:
                      - { name: east, provider: oa, model: gpt-4o, priority: 1, tags: [us], rpm: 600, context_window: 128000 }
                  - name: backup
                    deployments: [{ provider: oa, model: gpt-4o-mini }]
                  - name: "oa/*"
                    deployments: [{ provider: oa }]
                """, "test");
        GatewayConfig.ModelGroup main = c.models().get("main");
        assertThat(main.strategy()).isEqualTo(Strategy.LEAST_LATENCY);
        assertThat(main.aliases()).containsExactly("main-latest");
        assertThat(main.policy().retry().maxAttempts()).isEqualTo(2);
        assertThat(main.policy().retry().budgetMs()).as("from routing:").isEqualTo(5000);
        assertThat(main.policy().retry().backoffMs()).as("built in").isEqualTo(RoutingPolicy.DEFAULTS.retry().backoffMs());
        assertThat(main.policy().timeouts().firstTokenMs()).isEqualTo(3000);
        assertThat(main.policy().breaker().cooldownMs()).isEqualTo(2000);
        assertThat(main.deployments().get(0)).isEqualTo(new GatewayConfig.Deployment("east", "oa", "gpt-4o", 1, 1,
                java.util.List.of("us"), 600, 0, 0, 128000));
        GatewayConfig.ModelGroup backup = c.models().get("backup");
        assertThat(backup.strategy()).isEqualTo(Strategy.P2C);
        assertThat(backup.policy().retry().maxAttempts()).isEqualTo(4);
        assertThat(backup.deployments().get(0).name()).isEqualTo("oa/gpt-4o-mini");
        assertThat(c.models().get("oa/*").deployments().get(0).model()).isEqualTo("*");

        ModelCatalog catalog = new ModelCatalog(c.models());
        assertThat(catalog.resolve("main-latest").group()).isSameAs(main);
        ModelCatalog.Resolved wild = catalog.resolve("oa/gpt-4.1-nano");
        assertThat(wild.group().name()).isEqualTo("oa/*");
        assertThat(ModelCatalog.upstreamModel(wild.group().deployments().get(0), wild.wildcardPart()))
                .isEqualTo("gpt-4.1-nano");
        assertThat(catalog.resolve("oa/")).isNull();
        assertThat(catalog.resolve("other")).isNull();
        assertThat(catalog.listedNames()).containsExactly("backup", "main", "main-latest");
    }

    @Test
    void guardrailMistakesAreReportedWithTheirFields() {
        assertThatThrownBy(() -> loader.parse("""
                providers:
                  - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["k"] }
                models:
                  - { name: a, deployments: [{ provider: oa, model: x }] }
                guardrails:
                  definitions:
                    - { name: deny, type: deny_list, settings: { patterns: ["("] } }
                    - { name: deny, type: pii }
                    - { name: hook, type: webhook, on_error: maybe, settings: { url: "ftp://x" } }
                  attach:
                    - { model: nowhere, guardrails: [deny] }
                    - { team: t1, org: o1, guardrails: [deny] }
                    - { all: true, guardrails: [pi] }
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "guardrails.definitions[0].settings.patterns[0]: not a valid regular expression: Unclosed group",
                        "guardrails.definitions[0].settings.words: a deny list needs words or patterns",
                        "guardrails.definitions[1].name: duplicate guardrail name 'deny'",
                        "guardrails.definitions[2].on_error: expected fail_open or fail_closed",
                        "guardrails.definitions[2].settings.url: must be an http(s) URL",
                        "guardrails.attach[0].model: no model group named 'nowhere'",
                        "guardrails.attach[1]: set exactly one of all: true, org, team, key, model",
                        "guardrails.attach[2].guardrails[0]: no guardrail named 'pi'"));
    }

    @Test
    void guardrailsAttachPerScopeInOrder() {
        GatewayConfig c = loader.parse("""
                providers:
                  - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["k"] }
                models:
                  - { name: a, deployments: [{ provider: oa, model: x }] }
                guardrails:
                  definitions:
                    - { name: g1, type: pii }
                    - { name: g2, type: prompt_injection }
                    - { name: g3, type: max_tokens, settings: { max: 10 } }
                  attach:
                    - { model: a, guardrails: [g3, g1] }
                    - { team: t1, guardrails: [g2] }
                    - { all: true, guardrails: [g1] }
                """, "test");
        var g = c.guardrails();
        assertThat(g.applicable("o", "t1", "k", "a")).extracting(d -> d.name()).containsExactly("g1", "g2", "g3");
        assertThat(g.applicable("o", "t2", "k", "other")).extracting(d -> d.name()).containsExactly("g1");
        assertThat(loader.parse("models: []\n", "test").guardrails().applicable("o", "t", "k", "a")).isEmpty();
    }

    @Test
    void routingMistakesAreReportedWithTheirFields() {
        assertThatThrownBy(() -> loader.parse("""
                providers:
                  - { name: oa, type: openai, base_url: "https://api.openai.com/v1", keys: ["k"] }
                routing:
                  breaker: { failure_rate: 1.5 }
                models:
                  - name: a
                    strategy: fastest
                    fallbacks: [nowhere]
                    retry: { max_attempts: 0 }
                    deployments: [{ provider: oa, model: "x*" }, { provider: oa, model: "x*" }]
                  - name: "b*c"
                    aliases: [a]
                    deployments: [{ provider: oa, rpm: -1 }]
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "routing.breaker.failure_rate: must be above 0 and at most 1",
                        "models[0].strategy: unknown strategy 'fastest' (supported: weighted, p2c, priority, "
                                + "least-latency, least-busy, cheapest)",
                        "models[0].deployments[0].model: '*' stands for the requested name, so only a wildcard group"
                                + " (a name ending in '/*') may use it",
                        "models[0].deployments[1].model: '*' stands for the requested name, so only a wildcard group"
                                + " (a name ending in '/*') may use it",
                        "models[0].deployments[1].name: 'oa/x*' is used twice in this group (give each a name)",
                        "models[0].retry.max_attempts: must be at least 1",
                        "models[0].fallbacks: no model group named 'nowhere'",
                        "models[1]: 'b*c': a wildcard is only allowed as a final '/*'",
                        "models[1]: the model name 'a' is already used by models[0]",
                        "models[1].deployments[0].rpm: must not be negative"));
    }

    /** An adapter whose settings come partly from its options, as Vertex AI's key file and regional URL do. */
    private static ProviderAdapter resolving() {
        return new ProviderAdapter() {
            public String type() { return "cloud"; }
            public String defaultBaseUrl() { return "https://{region}.cloud.example/v1"; }
            public WireFormat wireFormat() { return WireFormat.OPENAI; }
            public boolean supports(Endpoint e) { return true; }
            public UpstreamTarget target(ProviderSettings p, Endpoint e, String m, Secret k, boolean s) { return null; }
            public UpstreamError interpretError(int status, byte[] body) { return null; }
            public ProviderSettings resolve(ProviderSettings p) {
                String region = p.options().get("region");
                if (region == null) {
                    throw new IllegalArgumentException("options.region: required");
                }
                java.util.List<Secret> keys = p.keys().isEmpty() && p.options().containsKey("key_file")
                        ? java.util.List.of(new Secret("from " + p.options().get("key_file"))) : p.keys();
                return new ProviderSettings(p.name(), p.type(), p.baseUrl().replace("{region}", region), keys,
                        p.headers(), p.options(), p.connectTimeoutMs(), p.readTimeoutMs());
            }
        };
    }

    @Test
    void anAdapterResolvesItsSettingsBeforeBaseUrlAndKeysAreChecked() {
        ConfigLoader cloud = new ConfigLoader(Map.<String, String>of()::get, Map.of("cloud", resolving()));
        GatewayConfig c = cloud.parse("""
                providers:
                  - { name: c, type: cloud, options: { region: eu, key_file: /etc/k.json } }
                models:
                  - { name: m, deployments: [{ provider: c }] }
                """, "test");
        assertThat(c.providers().get("c").baseUrl()).isEqualTo("https://eu.cloud.example/v1");
        assertThat(c.providers().get("c").keys()).containsExactly(new Secret("from /etc/k.json"));

        assertThatThrownBy(() -> cloud.parse("""
                providers:
                  - { name: c, type: cloud, keys: [k] }
                  - { name: d, type: cloud, options: { region: eu } }
                models:
                  - { name: m, deployments: [{ provider: c }, { provider: d }] }
                """, "test"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "providers[0].options.region: required",
                        "providers[1].keys: at least one key is required"));
    }
}
