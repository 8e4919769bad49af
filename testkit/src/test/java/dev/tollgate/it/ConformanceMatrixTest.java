package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.ProviderCatalog;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The translation conformance matrix: every client dialect (OpenAI Chat Completions, Anthropic Messages,
 * OpenAI Responses) against every upstream wire format (OpenAI, Anthropic, Gemini, Bedrock Converse) for every
 * feature case, through one real gateway in front of one real simulator.
 *
 * <p>Each cell sends one request and checks what a client of that dialect must see (status, the dialect's
 * response shape or event sequence, text, tool call, thinking where the upstream provides it), that the
 * upstream request carried the feature in the upstream's own format, and that the booked usage equals what
 * the upstream reported. "What the upstream reported" is read independently: the recorded upstream request
 * is replayed against the simulator, whose answers are deterministic, and its native usage is mapped with
 * each format's documented meaning (Anthropic's {@code input_tokens} and Bedrock's {@code inputTokens} exclude
 * cache reads and writes, Gemini's {@code thoughtsTokenCount} is output beside {@code candidatesTokenCount}, …);
 * Bedrock's binary event-stream answers are decoded by {@link EventStreamFrames}, CRCs checked.
 *
 * <p>{@link #EXPECTED} is the expectations table: which cells must pass (a failure fails the build), which
 * are n/a and why, and the caveats. {@link #writeDocs()} renders the outcome as {@code docs/providers.md}
 * after a complete run.
 */
class ConformanceMatrixTest {

    // ---------------------------------------------------------------------------------------------
    // The axes

    enum Dialect {
        OPENAI_CHAT("openai-chat", "OpenAI Chat Completions", "POST /v1/chat/completions", "/v1/chat/completions"),
        ANTHROPIC_MESSAGES("anthropic-messages", "Anthropic Messages", "POST /v1/messages", "/v1/messages"),
        OPENAI_RESPONSES("openai-responses", "OpenAI Responses", "POST /v1/responses", "/v1/responses");

        final String id;
        final String title;
        final String endpoint;
        final String path;

        Dialect(String id, String title, String endpoint, String path) {
            this.id = id;
            this.title = title;
            this.endpoint = endpoint;
            this.path = path;
        }
    }

    enum Upstream {
        OPENAI("openai", "sim", "gpt-4o-mini"),
        ANTHROPIC("anthropic", "claude-sim", "claude-haiku-4-5"),
        GEMINI("gemini", "gemini-sim", "gemini-2.5-flash"),
        BEDROCK("bedrock", "bedrock-sim", "anthropic.claude-3-5-haiku-20241022-v1:0");

        final String type;
        final String provider;
        final String model;

        Upstream(String type, String provider, String model) {
            this.type = type;
            this.provider = provider;
            this.model = model;
        }
    }

    enum Case {
        PLAIN("plain", false),
        STREAM("stream", true),
        TOOLS("tools", false),
        STREAMED_TOOLS("streamed tools", true),
        IMAGE("image", false),
        JSON_SCHEMA("json_schema", false),
        THINKING("thinking", false),
        STREAMED_THINKING("streamed thinking", true),
        USAGE_CACHED("usage incl. cached", false);

        final String label;
        final boolean stream;

        Case(String label, boolean stream) {
            this.label = label;
            this.stream = stream;
        }

        boolean tools() {
            return this == TOOLS || this == STREAMED_TOOLS;
        }

        boolean thinking() {
            return this == THINKING || this == STREAMED_THINKING;
        }
    }

    /** Upstreams without a JSON mode, where {@code json_schema} becomes a forced tool whose input is the answer. */
    private static boolean jsonViaForcedTool(Upstream u) {
        return u == Upstream.ANTHROPIC || u == Upstream.BEDROCK;
    }

    /** Upstreams that return thinking blocks with signatures (Claude, directly or on Bedrock). */
    private static boolean signedThinking(Upstream u) {
        return u == Upstream.ANTHROPIC || u == Upstream.BEDROCK;
    }

    record Cell(Dialect dialect, Upstream upstream, Case kase) {
        @Override
        public String toString() {
            return dialect.id + " → " + upstream.type + ": " + kase.label;
        }

        /** The gateway model group the cell calls. */
        String modelGroup() {
            String base = "m-" + upstream.type;
            if (kase.tools()) {
                return base + "-tools";
            }
            return kase == Case.USAGE_CACHED ? base + "-cached" : base;
        }

        /** The model of that group's deployment, simulator directives included. */
        String upstreamModel() {
            if (kase.tools()) {
                return upstream.model + TOOL_DIRECTIVE;
            }
            return kase == Case.USAGE_CACHED ? upstream.model + CACHE_DIRECTIVES : upstream.model;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The expectations table

    /** What a cell is expected to do; its notes are the cell's footnotes in the docs. */
    sealed interface Expectation {
        List<String> notes();
    }

    /** The cell must pass; a failure fails the test. The notes are caveats. */
    record Pass(List<String> notes) implements Expectation {
    }

    /** The cell cannot exist (the client dialect has no such feature); it is skipped. The note says why. */
    record NotApplicable(List<String> notes) implements Expectation {
    }

    /**
     * A known gateway or translator bug (the note describes it): the cell runs, a failure is recorded as ❌
     * without failing the build, and a pass fails the test so that the table gets updated.
     */
    record KnownBug(List<String> notes) implements Expectation {
    }

    private static final Expectation PASS = new Pass(List.of());

    private static Expectation pass(String... notes) {
        return new Pass(List.of(notes));
    }

    private static Expectation na(String reason) {
        return new NotApplicable(List.of(reason));
    }

    private static Expectation bug(String description, String... caveats) {
        List<String> notes = new ArrayList<>(List.of(description));
        notes.addAll(List.of(caveats));
        return new KnownBug(List.copyOf(notes));
    }

    // Caveats, from the translators' package documentation and what the cells observe.
    private static final String OPENAI_REASONING_COUNT_ONLY = "OpenAI upstreams return no reasoning text, only "
            + "`completion_tokens_details.reasoning_tokens`: the client sees the count (OpenAI dialect) or nothing but "
            + "`output_tokens` that include it (Anthropic dialect, no `thinking` block); the booked usage keeps it as "
            + "reasoning tokens.";
    private static final String ANTHROPIC_THINKING = "`reasoning_effort` becomes an Anthropic thinking budget (low 1024, "
            + "medium 4096, high 16384) and `max_tokens` is raised above it; the thinking comes back as "
            + "`reasoning_content` plus `thinking_blocks` with their signatures. Anthropic does not report thinking "
            + "tokens apart, so they are booked as completion tokens, with 0 reasoning tokens.";
    private static final String ANTHROPIC_THINKING_PASSTHROUGH = "Same format: bytes pass through (thinking blocks "
            + "and signatures untouched). Anthropic does not report thinking tokens apart from `output_tokens`.";
    private static final String GEMINI_THINKING = "Thinking becomes `thinkingConfig` with `includeThoughts`; thought parts "
            + "come back as `reasoning_content` (Anthropic dialect: a `thinking` block with an empty signature unless "
            + "Gemini sent a `thoughtSignature`); `thoughtsTokenCount` is added to the completion tokens and booked as "
            + "reasoning tokens.";
    private static final String ANTHROPIC_JSON_MODE = "Anthropic has no JSON mode: the schema becomes a tool named after "
            + "it, forced with `tool_choice {\"type\":\"tool\"}`; its input is returned as the message `content` with "
            + "`finish_reason: stop`. The tool is not forced when the client also sends tools or enables thinking.";
    private static final String GEMINI_JSON_MODE = "Sent as `responseMimeType: application/json` with `responseSchema`, "
            + "cleaned to Gemini's OpenAPI subset (`additionalProperties`, `$schema`, `strict` stripped, local `$ref`s "
            + "inlined). The simulator does not enforce response schemas, so only the request side and the text are "
            + "checked.";
    private static final String OPENAI_JSON_MODE = "Passed through as is. The simulator does not enforce response "
            + "schemas, so only the request side and the text are checked.";
    private static final String ANTHROPIC_CACHE = "Anthropic's `input_tokens` excludes cache reads and writes: the "
            + "gateway books prompt = input + cache reads + cache writes, the reads as cached tokens and the writes "
            + "(`cache_creation_input_tokens`) apart.";
    private static final String GEMINI_CACHE = "`promptTokenCount` already includes `cachedContentTokenCount`.";
    private static final String GEMINI_STREAMED_TOOLS = "Gemini sends each function call whole, so the client gets the "
            + "arguments in one piece; the call id is made up (`call_<responseId>_<index>`).";
    private static final String NO_JSON_MODE = "The Anthropic Messages API has no JSON mode (`response_format`); Anthropic "
            + "clients get structured output with a forced tool, which the tools cases cover.";
    private static final String ANTHROPIC_STREAM_USAGE_AT_END = "Translated stream: `message_start` carries zero "
            + "usage (the upstream reports it only at the end); `message_delta` carries the final input, cache and "
            + "output counts, so a client must take them from there.";
    private static final String MAX_TOKENS_TO_REASONING_MODEL = "The Anthropic request's required `max_tokens` goes to "
            + "OpenAI reasoning models as `max_completion_tokens` (they refuse `max_tokens`); the simulator accepts "
            + "both, so the matrix checks the request the upstream received.";
    private static final String IMAGE_TO_DATA_URL = "The base64 `image` block becomes an `image_url` part with a `data:` URL.";
    private static final String BEDROCK_IMAGE = "Converse takes image bytes only: the base64 image (a `data:` URL, an "
            + "Anthropic `base64` source) becomes an `image` block with `format` and `source.bytes`. An image given by "
            + "http(s) URL is refused with a 400 (\"Bedrock accepts only inline images\"), so the matrix sends base64.";
    private static final String BEDROCK_JSON_MODE = "Converse has no JSON mode: the schema becomes a tool named after "
            + "it (`toolConfig.tools[].toolSpec`), forced with `toolChoice {\"tool\":{\"name\":…}}`; its input is "
            + "returned as the answer's text with a normal finish. The tool is not forced when the client also sends "
            + "tools or enables thinking.";
    private static final String BEDROCK_THINKING = "For Claude models `reasoning_effort` becomes "
            + "`additionalModelRequestFields.thinking` with a budget (low 1024, medium 4096, high 16384) and "
            + "`inferenceConfig.maxTokens` is raised above it (`openai.gpt-oss` models get `reasoning_effort`, other "
            + "models no reasoning at all); `reasoningContent` comes back as `reasoning_content` plus "
            + "`thinking_blocks` with their signatures. Bedrock does not report reasoning tokens apart from "
            + "`outputTokens`, so they are booked as completion tokens, with 0 reasoning tokens.";
    private static final String BEDROCK_THINKING_FROM_ANTHROPIC = "The `thinking` object goes as it is into "
            + "`additionalModelRequestFields.thinking`; `reasoningContent` blocks come back as `thinking` blocks with "
            + "their signatures. Bedrock does not report thinking tokens apart from `outputTokens`.";
    private static final String BEDROCK_CACHE = "Bedrock's `inputTokens` excludes `cacheReadInputTokens` and "
            + "`cacheWriteInputTokens`: the gateway books prompt = input + cache reads + cache writes, the reads as "
            + "cached tokens and the writes apart.";
    private static final String RESPONSES_PASSED_THROUGH = "Same API: the request goes to the upstream's "
            + "`/v1/responses` as the client wrote it (only `model` rewritten) and the Response or each event comes back "
            + "untouched; the gateway only reads the usage.";
    private static final String RESPONSES_PASSTHROUGH_REASONING = "`reasoning` reaches OpenAI as the client sent it; "
            + "the answer's `reasoning` item (empty `summary` from the simulator, as from OpenAI unless a summary is "
            + "asked for) and `usage.output_tokens_details.reasoning_tokens` come back untouched, the latter booked as "
            + "reasoning tokens.";
    private static final String RESPONSES_PASSTHROUGH_CACHE = "`usage.input_tokens_details.cached_tokens` and "
            + "`cache_write_tokens` are read from the passed-through answer and booked apart.";
    private static final String RESPONSES_REASONING_ITEM = "The thinking text comes back as a `reasoning` item, first "
            + "in `output`, with one `summary_text` part holding the whole text (streamed as "
            + "`response.reasoning_summary_text.delta` events); `reasoning.summary` is ignored.";
    private static final String RESPONSES_SIGNED_THINKING = "The thinking blocks and their signatures travel in the "
            + "reasoning item's `encrypted_content` (the gateway's own encoding), which a stateless client "
            + "(`store: false`) hands back on its next turn.";
    private static final String RESPONSES_CACHE_WRITES = "Cache writes are reported as "
            + "`usage.input_tokens_details.cache_write_tokens`, beside `cached_tokens`.";

    /**
     * One row per (dialect, case); the columns are the upstreams {@code openai, anthropic, gemini, bedrock}, in that
     * order.
     */
    private static final Map<Cell, Expectation> EXPECTED = table(
            // ---- OpenAI Chat Completions clients ------------------- openai | anthropic | gemini | bedrock
            row(Dialect.OPENAI_CHAT, Case.PLAIN, PASS, PASS, PASS, PASS),
            row(Dialect.OPENAI_CHAT, Case.STREAM, PASS, PASS, PASS, PASS),
            row(Dialect.OPENAI_CHAT, Case.TOOLS, PASS, PASS, PASS, PASS),
            row(Dialect.OPENAI_CHAT, Case.STREAMED_TOOLS, PASS, PASS, pass(GEMINI_STREAMED_TOOLS), PASS),
            row(Dialect.OPENAI_CHAT, Case.IMAGE, PASS, PASS, PASS, pass(BEDROCK_IMAGE)),
            row(Dialect.OPENAI_CHAT, Case.JSON_SCHEMA, pass(OPENAI_JSON_MODE), pass(ANTHROPIC_JSON_MODE), pass(GEMINI_JSON_MODE),
                    pass(BEDROCK_JSON_MODE)),
            row(Dialect.OPENAI_CHAT, Case.THINKING, pass(OPENAI_REASONING_COUNT_ONLY), pass(ANTHROPIC_THINKING), pass(GEMINI_THINKING),
                    pass(BEDROCK_THINKING)),
            row(Dialect.OPENAI_CHAT, Case.STREAMED_THINKING, pass(OPENAI_REASONING_COUNT_ONLY), pass(ANTHROPIC_THINKING),
                    pass(GEMINI_THINKING), pass(BEDROCK_THINKING)),
            row(Dialect.OPENAI_CHAT, Case.USAGE_CACHED, PASS, pass(ANTHROPIC_CACHE), pass(GEMINI_CACHE), pass(BEDROCK_CACHE)),
            // ---- Anthropic Messages clients ------------------------ openai | anthropic | gemini | bedrock
            row(Dialect.ANTHROPIC_MESSAGES, Case.PLAIN, PASS, PASS, PASS, PASS),
            row(Dialect.ANTHROPIC_MESSAGES, Case.STREAM, pass(ANTHROPIC_STREAM_USAGE_AT_END), PASS, pass(ANTHROPIC_STREAM_USAGE_AT_END),
                    pass(ANTHROPIC_STREAM_USAGE_AT_END)),
            row(Dialect.ANTHROPIC_MESSAGES, Case.TOOLS, PASS, PASS, PASS, PASS),
            row(Dialect.ANTHROPIC_MESSAGES, Case.STREAMED_TOOLS, pass(ANTHROPIC_STREAM_USAGE_AT_END), PASS,
                    pass(GEMINI_STREAMED_TOOLS, ANTHROPIC_STREAM_USAGE_AT_END), pass(ANTHROPIC_STREAM_USAGE_AT_END)),
            row(Dialect.ANTHROPIC_MESSAGES, Case.IMAGE, pass(IMAGE_TO_DATA_URL), PASS, PASS, pass(BEDROCK_IMAGE)),
            row(Dialect.ANTHROPIC_MESSAGES, Case.JSON_SCHEMA, na(NO_JSON_MODE), na(NO_JSON_MODE), na(NO_JSON_MODE), na(NO_JSON_MODE)),
            row(Dialect.ANTHROPIC_MESSAGES, Case.THINKING, pass(MAX_TOKENS_TO_REASONING_MODEL, OPENAI_REASONING_COUNT_ONLY),
                    pass(ANTHROPIC_THINKING_PASSTHROUGH), pass(GEMINI_THINKING), pass(BEDROCK_THINKING_FROM_ANTHROPIC)),
            row(Dialect.ANTHROPIC_MESSAGES, Case.STREAMED_THINKING,
                    pass(MAX_TOKENS_TO_REASONING_MODEL, OPENAI_REASONING_COUNT_ONLY, ANTHROPIC_STREAM_USAGE_AT_END),
                    pass(ANTHROPIC_THINKING_PASSTHROUGH), pass(GEMINI_THINKING, ANTHROPIC_STREAM_USAGE_AT_END),
                    pass(BEDROCK_THINKING_FROM_ANTHROPIC, ANTHROPIC_STREAM_USAGE_AT_END)),
            row(Dialect.ANTHROPIC_MESSAGES, Case.USAGE_CACHED, PASS, PASS, pass(GEMINI_CACHE), pass(BEDROCK_CACHE)),
            // ---- OpenAI Responses clients -------------------------- openai | anthropic | gemini | bedrock
            row(Dialect.OPENAI_RESPONSES, Case.PLAIN, pass(RESPONSES_PASSED_THROUGH), PASS, PASS, PASS),
            row(Dialect.OPENAI_RESPONSES, Case.STREAM, pass(RESPONSES_PASSED_THROUGH), PASS, PASS, PASS),
            row(Dialect.OPENAI_RESPONSES, Case.TOOLS, PASS, PASS, PASS, PASS),
            row(Dialect.OPENAI_RESPONSES, Case.STREAMED_TOOLS, PASS, PASS, pass(GEMINI_STREAMED_TOOLS), PASS),
            row(Dialect.OPENAI_RESPONSES, Case.IMAGE, PASS, PASS, PASS, pass(BEDROCK_IMAGE)),
            row(Dialect.OPENAI_RESPONSES, Case.JSON_SCHEMA, pass(OPENAI_JSON_MODE), pass(ANTHROPIC_JSON_MODE),
                    pass(GEMINI_JSON_MODE), pass(BEDROCK_JSON_MODE)),
            row(Dialect.OPENAI_RESPONSES, Case.THINKING, pass(RESPONSES_PASSTHROUGH_REASONING),
                    pass(ANTHROPIC_THINKING, RESPONSES_REASONING_ITEM, RESPONSES_SIGNED_THINKING),
                    pass(GEMINI_THINKING, RESPONSES_REASONING_ITEM),
                    pass(BEDROCK_THINKING, RESPONSES_REASONING_ITEM, RESPONSES_SIGNED_THINKING)),
            row(Dialect.OPENAI_RESPONSES, Case.STREAMED_THINKING,
                    pass(RESPONSES_PASSTHROUGH_REASONING),
                    pass(ANTHROPIC_THINKING, RESPONSES_REASONING_ITEM, RESPONSES_SIGNED_THINKING),
                    pass(GEMINI_THINKING, RESPONSES_REASONING_ITEM),
                    pass(BEDROCK_THINKING, RESPONSES_REASONING_ITEM, RESPONSES_SIGNED_THINKING)),
            row(Dialect.OPENAI_RESPONSES, Case.USAGE_CACHED, pass(RESPONSES_PASSTHROUGH_CACHE),
                    pass(ANTHROPIC_CACHE, RESPONSES_CACHE_WRITES),
                    pass(GEMINI_CACHE), pass(BEDROCK_CACHE, RESPONSES_CACHE_WRITES)));

    private static Map<Cell, Expectation> row(Dialect dialect, Case kase, Expectation openai, Expectation anthropic,
                                              Expectation gemini, Expectation bedrock) {
        Map<Cell, Expectation> row = new LinkedHashMap<>();
        row.put(new Cell(dialect, Upstream.OPENAI, kase), openai);
        row.put(new Cell(dialect, Upstream.ANTHROPIC, kase), anthropic);
        row.put(new Cell(dialect, Upstream.GEMINI, kase), gemini);
        row.put(new Cell(dialect, Upstream.BEDROCK, kase), bedrock);
        return row;
    }

    @SafeVarargs
    private static Map<Cell, Expectation> table(Map<Cell, Expectation>... rows) {
        Map<Cell, Expectation> all = new LinkedHashMap<>();
        Arrays.stream(rows).forEach(all::putAll);
        return all;
    }

    static Stream<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (Dialect d : Dialect.values()) {
            for (Upstream u : Upstream.values()) {
                for (Case c : Case.values()) {
                    cells.add(new Cell(d, u, c));
                }
            }
        }
        return cells.stream();
    }

    // ---------------------------------------------------------------------------------------------
    // The gateway

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSTREAM_KEY = "sk-sim-conformance-matrix-1";
    private static final String AWS_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final HttpClient REPLAY_HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private static final String PNG_DATA_URL = "data:image/png;base64," + PNG_BASE64;
    private static final String TOOL_SCHEMA = """
            {"type":"object","properties":{"city":{"type":"string","description":"City name"},
             "days":{"type":"integer"}},"required":["city"]}""";
    private static final String ANSWER_SCHEMA = """
            {"type":"object","properties":{"city":{"type":"string"},"temperature":{"type":"integer"}},
             "required":["city","temperature"],"additionalProperties":false}""";
    private static final int MAX_TOKENS = 64;
    private static final String TOOL_DIRECTIVE = "+tool_call=get_weather";
    private static final String CACHE_DIRECTIVES = "+cached_tokens=5+cache_write_tokens=3";
    private static final int THINKING_BUDGET = 1024;

    private static final Map<Cell, Outcome> RESULTS = new ConcurrentHashMap<>();

    private static GatewayHarness gw;

    /** What a cell did: passed, failed (with the reason) or was not applicable. */
    record Outcome(Status status, String detail) {
        enum Status { PASS, FAIL, NA }
    }

    @BeforeAll
    static void start() {
        StringBuilder models = new StringBuilder();
        for (Upstream u : Upstream.values()) {
            models.append(model("m-" + u.type, u.provider, u.model));
            models.append(model("m-" + u.type + "-tools", u.provider, u.model + TOOL_DIRECTIVE));
            models.append(model("m-" + u.type + "-cached", u.provider, u.model + CACHE_DIRECTIVES));
        }
        String config = """
                server: { port: 0, max_body_bytes: 65536, shutdown_grace_ms: 5000 }
                storage: { url: "${STORAGE}" }
                providers:
                  - { name: sim, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"], read_timeout_ms: 15000 }
                  - { name: claude-sim, type: anthropic, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"], read_timeout_ms: 15000 }
                  - { name: gemini-sim, type: gemini, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"], read_timeout_ms: 15000 }
                  - name: bedrock-sim
                    type: bedrock
                    base_url: "${SIM_ROOT}"
                    keys: ["%s:%s"]
                    options: { region: us-east-1 }
                    read_timeout_ms: 15000
                models:
                """.formatted(AWS_ACCESS_KEY, AWS_SECRET_KEY) + models;
        gw = GatewayHarness.start(config, null, UPSTREAM_KEY);
    }

    private static String model(String name, String provider, String upstreamModel) {
        return "  - name: " + name + "\n    deployments: [{ provider: " + provider + ", model: \"" + upstreamModel + "\" }]\n";
    }

    @AfterAll
    static void stop() {
        try {
            writeDocs();
        } finally {
            if (gw != null) {
                gw.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One cell

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void cell(Cell cell) {
        Expectation expected = EXPECTED.get(cell);
        assertThat(expected).as("the expectations table has no entry for " + cell).isNotNull();
        if (expected instanceof NotApplicable na) {
            RESULTS.put(cell, new Outcome(Outcome.Status.NA, na.notes().getFirst()));
            Assumptions.abort("n/a: " + na.notes().getFirst());
        }
        try {
            run(cell);
        } catch (AssertionError | RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).strip();
            RESULTS.put(cell, new Outcome(Outcome.Status.FAIL, reason));
            if (expected instanceof KnownBug bug) {
                throw new TestAbortedException("known bug, still failing: " + bug.notes() + "\n" + reason, e);
            }
            throw e;
        }
        RESULTS.put(cell, new Outcome(Outcome.Status.PASS, null));
        if (expected instanceof KnownBug bug) {
            fail("%s is listed as a known bug (%s) but passes now: update the expectations table", cell, bug.notes());
        }
    }

    private static void run(Cell cell) {
        gw.simulator().clearRecorded();
        String body = switch (cell.dialect()) {
            case OPENAI_CHAT -> openAiRequest(cell);
            case ANTHROPIC_MESSAGES -> anthropicRequest(cell);
            case OPENAI_RESPONSES -> responsesRequest(cell);
        };
        HttpResponse<String> response = send(cell.dialect(), body);
        assertThat(response.statusCode()).as("%s: status; body %s", cell, response.body()).isEqualTo(200);
        String contentType = response.headers().firstValue("content-type").orElse("");
        assertThat(contentType).as("%s: content type", cell)
                .startsWith(cell.kase().stream ? "text/event-stream" : "application/json");

        List<RecordedRequest> upstreamCalls = gw.simulator().recentRequests();
        assertThat(upstreamCalls).as("%s: exactly one upstream call", cell).hasSize(1);
        RecordedRequest upstream = upstreamCalls.getFirst();
        checkUpstreamRequest(cell, upstream, body);

        Answer reported = replay(cell.upstream(), upstream);
        boolean stream = cell.kase().stream;
        Answer seen = switch (cell.dialect()) {
            case OPENAI_CHAT -> stream ? openAiStream(cell, response.body()) : openAiMessage(cell, response.body());
            case ANTHROPIC_MESSAGES -> stream ? anthropicStream(cell, response.body()) : anthropicMessage(cell, response.body());
            case OPENAI_RESPONSES -> stream ? responsesStream(cell, response.body()) : responsesObject(cell, response.body());
        };

        checkContent(cell, seen, reported);
        checkUsage(cell, response, seen, reported);
        checkReasoningCap(cell, upstream);
    }

    /**
     * OpenAI documents {@code max_tokens} as "not compatible with o-series models": a reasoning request (one with
     * {@code reasoning_effort}) must carry its cap as {@code max_completion_tokens}. The simulator accepts both,
     * so the request is checked here, last, after everything else about the cell has been.
     */
    private static void checkReasoningCap(Cell cell, RecordedRequest upstream) {
        if (cell.upstream() != Upstream.OPENAI || !cell.kase().thinking() || sameFormat(cell.dialect(), cell.upstream())) {
            return; // a Responses request passes through with its own cap, max_output_tokens
        }
        JsonNode sent = json(upstream.body());
        assertThat(sent.has("max_tokens"))
                .as("%s: the upstream request has reasoning_effort and max_tokens %s, which OpenAI's reasoning models "
                        + "refuse (400 'Unsupported parameter: max_tokens … Use max_completion_tokens instead')",
                        cell, sent.path("max_tokens"))
                .isFalse();
        assertThat(sent.path("max_completion_tokens").asInt()).as("%s: the cap as max_completion_tokens", cell).isPositive();
    }

    // ---------------------------------------------------------------------------------------------
    // Requests

    private static String openAiRequest(Cell cell) {
        Case c = cell.kase();
        ObjectNode r = JSON.createObjectNode();
        r.put("model", cell.modelGroup());
        r.put("max_tokens", MAX_TOKENS);
        ArrayNode messages = r.putArray("messages");
        messages.addObject().put("role", "system").put("content", "Be brief.");
        ObjectNode user = messages.addObject().put("role", "user");
        switch (c) {
            case TOOLS, STREAMED_TOOLS -> {
                user.put("content", "What is the weather in Paris?");
                ObjectNode function = r.putArray("tools").addObject().put("type", "function").putObject("function");
                function.put("name", "get_weather").put("description", "Current weather for a city");
                function.set("parameters", json(TOOL_SCHEMA));
            }
            case IMAGE -> {
                ArrayNode parts = user.putArray("content");
                parts.addObject().put("type", "text").put("text", "What is in this image?");
                parts.addObject().put("type", "image_url").putObject("image_url").put("url", PNG_DATA_URL);
            }
            case JSON_SCHEMA -> {
                user.put("content", "Give the weather in Paris as JSON.");
                ObjectNode spec = r.putObject("response_format").put("type", "json_schema").putObject("json_schema");
                spec.put("name", "weather").put("strict", true);
                spec.set("schema", json(ANSWER_SCHEMA));
            }
            case THINKING, STREAMED_THINKING -> { // as o-series clients ask: max_completion_tokens, not max_tokens
                user.put("content", "Think, then say hello to the matrix");
                r.remove("max_tokens");
                r.put("max_completion_tokens", MAX_TOKENS);
                r.put("reasoning_effort", "low");
            }
            default -> user.put("content", "Say hello to the matrix");
        }
        if (c.stream) {
            r.put("stream", true);
            if (c != Case.STREAMED_TOOLS) { // streamed tools: the usage chunk must not leak when not asked for
                r.putObject("stream_options").put("include_usage", true);
            }
        }
        return r.toString();
    }

    private static String anthropicRequest(Cell cell) {
        Case c = cell.kase();
        ObjectNode r = JSON.createObjectNode();
        r.put("model", cell.modelGroup());
        r.put("max_tokens", MAX_TOKENS);
        r.put("system", "Be brief.");
        ObjectNode user = r.putArray("messages").addObject().put("role", "user");
        switch (c) {
            case TOOLS, STREAMED_TOOLS -> {
                user.put("content", "What is the weather in Paris?");
                ObjectNode tool = r.putArray("tools").addObject();
                tool.put("name", "get_weather").put("description", "Current weather for a city");
                tool.set("input_schema", json(TOOL_SCHEMA));
            }
            case IMAGE -> {
                ArrayNode blocks = user.putArray("content");
                ObjectNode source = blocks.addObject().put("type", "image").putObject("source");
                source.put("type", "base64").put("media_type", "image/png").put("data", PNG_BASE64);
                blocks.addObject().put("type", "text").put("text", "What is in this image?");
            }
            case THINKING, STREAMED_THINKING -> {
                user.put("content", "Think, then say hello to the matrix");
                r.put("max_tokens", 2 * THINKING_BUDGET);
                r.putObject("thinking").put("type", "enabled").put("budget_tokens", THINKING_BUDGET);
            }
            default -> user.put("content", "Say hello to the matrix");
        }
        if (c.stream) {
            r.put("stream", true);
        }
        return r.toString();
    }

    /**
     * A Responses request as a stateless client sends it: {@code instructions}, {@code input} items (a user message
     * with {@code input_text} / {@code input_image} parts), flat function tools, {@code text.format} for a JSON
     * schema, {@code reasoning.effort} for thinking, {@code max_output_tokens}.
     */
    private static String responsesRequest(Cell cell) {
        Case c = cell.kase();
        ObjectNode r = JSON.createObjectNode();
        r.put("model", cell.modelGroup());
        r.put("instructions", "Be brief.");
        r.put("max_output_tokens", MAX_TOKENS);
        r.put("store", false);
        ArrayNode content = r.putArray("input").addObject().put("type", "message").put("role", "user").putArray("content");
        switch (c) {
            case TOOLS, STREAMED_TOOLS -> {
                content.addObject().put("type", "input_text").put("text", "What is the weather in Paris?");
                ObjectNode tool = r.putArray("tools").addObject().put("type", "function");
                tool.put("name", "get_weather").put("description", "Current weather for a city");
                tool.set("parameters", json(TOOL_SCHEMA));
            }
            case IMAGE -> {
                content.addObject().put("type", "input_text").put("text", "What is in this image?");
                content.addObject().put("type", "input_image").put("image_url", PNG_DATA_URL).put("detail", "auto");
            }
            case JSON_SCHEMA -> {
                content.addObject().put("type", "input_text").put("text", "Give the weather in Paris as JSON.");
                ObjectNode format = r.putObject("text").putObject("format");
                format.put("type", "json_schema").put("name", "weather").put("strict", true);
                format.set("schema", json(ANSWER_SCHEMA));
            }
            case THINKING, STREAMED_THINKING -> {
                content.addObject().put("type", "input_text").put("text", "Think, then say hello to the matrix");
                r.putObject("reasoning").put("effort", "low").put("summary", "auto");
            }
            default -> content.addObject().put("type", "input_text").put("text", "Say hello to the matrix");
        }
        if (c.stream) {
            r.put("stream", true);
        }
        return r.toString();
    }

    private static HttpResponse<String> send(Dialect dialect, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + dialect.path))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (dialect != Dialect.ANTHROPIC_MESSAGES) {
            b.header("authorization", "Bearer " + gw.key());
        } else {
            b.header("x-api-key", gw.key()).header("anthropic-version", "2023-06-01");
        }
        return gw.send(b.build());
    }

    // ---------------------------------------------------------------------------------------------
    // The upstream request, in the upstream's own format

    private static void checkUpstreamRequest(Cell cell, RecordedRequest upstream, String clientBody) {
        Case c = cell.kase();
        JsonNode sent = json(upstream.body());
        String at = cell + ": upstream request " + upstream.path() + " " + upstream.body();
        switch (cell.upstream()) {
            case OPENAI -> {
                if (cell.dialect() == Dialect.OPENAI_RESPONSES) {
                    // the same API: every feature travels in the client's own bytes
                    assertThat(upstream.path()).as(at).isEqualTo("/v1/responses");
                    assertThat(upstream.header("authorization")).as(at).isEqualTo("Bearer " + UPSTREAM_KEY);
                    assertThat(upstream.body()).as(at + ": the client's bytes, only the model rewritten").isEqualTo(
                            clientBody.replace("\"model\":\"" + cell.modelGroup() + "\"",
                                    "\"model\":\"" + cell.upstreamModel() + "\""));
                    break;
                }
                assertThat(upstream.path()).as(at).isEqualTo("/v1/chat/completions");
                assertThat(upstream.header("authorization")).as(at).isEqualTo("Bearer " + UPSTREAM_KEY);
                assertThat(sent.path("model").asText()).as(at).startsWith(cell.upstream().model);
                if (c.stream) {
                    assertThat(sent.path("stream").asBoolean()).as(at).isTrue();
                    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).as(at).isTrue();
                }
                if (c.tools()) {
                    JsonNode function = sent.path("tools").path(0).path("function");
                    assertThat(function.path("name").asText()).as(at).isEqualTo("get_weather");
                    assertThat(function.path("parameters")).as(at).isEqualTo(json(TOOL_SCHEMA));
                }
                if (c == Case.IMAGE) {
                    assertThat(parts(sent.path("messages")).stream()
                            .filter(p -> "image_url".equals(p.path("type").asText()))
                            .map(p -> p.path("image_url").path("url").asText()))
                            .as(at).containsExactly(PNG_DATA_URL);
                }
                if (c == Case.JSON_SCHEMA) {
                    assertThat(sent.path("response_format").path("type").asText()).as(at).isEqualTo("json_schema");
                    assertThat(sent.path("response_format").path("json_schema").path("schema")).as(at)
                            .isEqualTo(json(ANSWER_SCHEMA));
                }
                if (c.thinking()) {
                    assertThat(sent.path("reasoning_effort").asText()).as(at).isEqualTo("low");
                    assertThat(sent.has("thinking")).as(at + ": no Anthropic-only field reaches OpenAI").isFalse();
                }
            }
            case ANTHROPIC -> {
                assertThat(upstream.path()).as(at).isEqualTo("/v1/messages");
                assertThat(upstream.header("x-api-key")).as(at).isEqualTo(UPSTREAM_KEY);
                assertThat(sent.path("model").asText()).as(at).startsWith(cell.upstream().model);
                assertThat(sent.path("max_tokens").asInt()).as(at).isPositive();
                assertThat(sent.path("stream").asBoolean(false)).as(at).isEqualTo(c.stream);
                if (c.tools()) {
                    JsonNode tool = sent.path("tools").path(0);
                    assertThat(tool.path("name").asText()).as(at).isEqualTo("get_weather");
                    assertThat(tool.path("input_schema")).as(at).isEqualTo(json(TOOL_SCHEMA));
                }
                if (c == Case.IMAGE) {
                    List<JsonNode> images = parts(sent.path("messages")).stream()
                            .filter(p -> "image".equals(p.path("type").asText())).toList();
                    assertThat(images).as(at).hasSize(1);
                    JsonNode source = images.getFirst().path("source");
                    assertThat(source.path("type").asText()).as(at).isEqualTo("base64");
                    assertThat(source.path("media_type").asText()).as(at).isEqualTo("image/png");
                    assertThat(source.path("data").asText()).as(at).isEqualTo(PNG_BASE64);
                }
                if (c == Case.JSON_SCHEMA) {
                    JsonNode tool = find(sent.path("tools"), t -> "weather".equals(t.path("name").asText()));
                    assertThat(tool).as(at + ": the JSON-mode tool").isNotNull();
                    assertThat(tool.path("input_schema")).as(at).isEqualTo(json(ANSWER_SCHEMA));
                    assertThat(sent.path("tool_choice").path("type").asText()).as(at).isEqualTo("tool");
                    assertThat(sent.path("tool_choice").path("name").asText()).as(at).isEqualTo("weather");
                }
                if (c.thinking()) {
                    assertThat(sent.path("thinking").path("type").asText()).as(at).isEqualTo("enabled");
                    assertThat(sent.path("thinking").path("budget_tokens").asInt()).as(at).isEqualTo(THINKING_BUDGET);
                    assertThat(sent.path("max_tokens").asInt()).as(at).isGreaterThan(THINKING_BUDGET);
                }
            }
            case GEMINI -> {
                String method = c.stream ? ":streamGenerateContent" : ":generateContent";
                assertThat(upstream.path()).as(at).startsWith("/v1/models/" + cell.upstream().model).contains(method);
                if (c.stream) {
                    assertThat(upstream.path()).as(at).contains("alt=sse");
                }
                assertThat(upstream.header("x-goog-api-key")).as(at).isEqualTo(UPSTREAM_KEY);
                assertThat(sent.path("systemInstruction").toString()).as(at).contains("Be brief.");
                if (c.tools()) {
                    JsonNode declaration = sent.path("tools").path(0).path("functionDeclarations").path(0);
                    assertThat(declaration.path("name").asText()).as(at).isEqualTo("get_weather");
                    JsonNode parameters = declaration.has("parameters") ? declaration.path("parameters")
                            : declaration.path("parametersJsonSchema");
                    assertThat(parameters.path("properties").path("city").path("type").asText()).as(at)
                            .isEqualToIgnoringCase("string");
                    assertThat(parameters.path("properties").path("days").path("type").asText()).as(at)
                            .isEqualToIgnoringCase("integer");
                }
                if (c == Case.IMAGE) {
                    List<JsonNode> inline = new ArrayList<>();
                    sent.path("contents").forEach(content -> content.path("parts").forEach(p -> {
                        if (p.has("inlineData")) {
                            inline.add(p.path("inlineData"));
                        }
                    }));
                    assertThat(inline).as(at).hasSize(1);
                    assertThat(inline.getFirst().path("mimeType").asText()).as(at).isEqualTo("image/png");
                    assertThat(inline.getFirst().path("data").asText()).as(at).isEqualTo(PNG_BASE64);
                }
                if (c == Case.JSON_SCHEMA) {
                    JsonNode config = sent.path("generationConfig");
                    assertThat(config.path("responseMimeType").asText()).as(at).isEqualTo("application/json");
                    JsonNode schema = config.has("responseSchema") ? config.path("responseSchema")
                            : config.path("responseJsonSchema");
                    assertThat(schema.path("properties").has("city")).as(at).isTrue();
                    assertThat(schema.path("properties").has("temperature")).as(at).isTrue();
                    assertThat(schema.has("additionalProperties")).as(at + ": Gemini refuses additionalProperties").isFalse();
                }
                if (c.thinking()) {
                    JsonNode thinking = sent.path("generationConfig").path("thinkingConfig");
                    assertThat(thinking.path("includeThoughts").asBoolean()).as(at).isTrue();
                    assertThat(thinking.path("thinkingBudget").asInt()).as(at).isNotZero();
                }
            }
            case BEDROCK -> {
                String path = decodedPath(upstream);
                assertThat(path).as(at).startsWith("/model/" + cell.upstream().model)
                        .endsWith(c.stream ? "/converse-stream" : "/converse");
                assertThat(upstream.header("authorization")).as(at + ": SigV4")
                        .startsWith("AWS4-HMAC-SHA256 Credential=" + AWS_ACCESS_KEY + "/")
                        .contains("/us-east-1/bedrock/aws4_request").contains("Signature=")
                        .doesNotContain(AWS_SECRET_KEY);
                assertThat(upstream.header("x-amz-date")).as(at + ": x-amz-date").isNotBlank();
                assertThat(sent.has("model")).as(at + ": the model travels in the URL").isFalse();
                assertThat(sent.has("stream")).as(at + ": streaming is the operation").isFalse();
                assertThat(sent.path("system").toString()).as(at).contains("Be brief.");
                assertThat(sent.path("inferenceConfig").path("maxTokens").asInt()).as(at).isPositive();
                if (c.tools()) {
                    JsonNode spec = sent.path("toolConfig").path("tools").path(0).path("toolSpec");
                    assertThat(spec.path("name").asText()).as(at).isEqualTo("get_weather");
                    assertThat(spec.path("inputSchema").path("json")).as(at).isEqualTo(json(TOOL_SCHEMA));
                }
                if (c == Case.IMAGE) {
                    List<JsonNode> images = parts(sent.path("messages")).stream().filter(p -> p.has("image")).toList();
                    assertThat(images).as(at).hasSize(1);
                    JsonNode image = images.getFirst().path("image");
                    assertThat(image.path("format").asText()).as(at).isEqualTo("png");
                    assertThat(image.path("source").path("bytes").asText()).as(at).isEqualTo(PNG_BASE64);
                }
                if (c == Case.JSON_SCHEMA) {
                    JsonNode tool = find(sent.path("toolConfig").path("tools"),
                            t -> "weather".equals(t.path("toolSpec").path("name").asText()));
                    assertThat(tool).as(at + ": the JSON-mode tool").isNotNull();
                    assertThat(tool.path("toolSpec").path("inputSchema").path("json")).as(at).isEqualTo(json(ANSWER_SCHEMA));
                    assertThat(sent.path("toolConfig").path("toolChoice").path("tool").path("name").asText()).as(at)
                            .isEqualTo("weather");
                }
                if (c.thinking()) {
                    JsonNode thinking = sent.path("additionalModelRequestFields").path("thinking");
                    assertThat(thinking.path("type").asText()).as(at).isEqualTo("enabled");
                    assertThat(thinking.path("budget_tokens").asInt()).as(at).isEqualTo(THINKING_BUDGET);
                    assertThat(sent.path("inferenceConfig").path("maxTokens").asInt()).as(at).isGreaterThan(THINKING_BUDGET);
                }
            }
        }
        if (c == Case.USAGE_CACHED) {
            String model = switch (cell.upstream()) {
                case GEMINI, BEDROCK -> decodedPath(upstream);
                default -> sent.path("model").asText();
            };
            assertThat(model).as(at).contains("+cached_tokens=5");
        }
    }

    /** The request path percent-decoded as a URI path (a raw {@code +} stays a {@code +}). */
    private static String decodedPath(RecordedRequest upstream) {
        return URLDecoder.decode(upstream.path().replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Every content part or block of every message (string contents have none). */
    private static List<JsonNode> parts(JsonNode messages) {
        List<JsonNode> out = new ArrayList<>();
        messages.forEach(m -> m.path("content").forEach(out::add));
        return out;
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (test.test(n)) {
                return n;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Answers: what the client saw, and what the upstream reported

    /**
     * An answer reduced to what the matrix compares: text, thinking text, the first tool call, the finish
     * (stop) reason and the usage in gateway terms.
     */
    record Answer(String text, String thinking, String toolName, JsonNode toolArguments, String finish,
                  TokenUsage usage) {
    }

    /** Replays the recorded upstream request against the simulator and reads its native answer. */
    private static Answer replay(Upstream upstream, RecordedRequest recorded) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.simulator().baseUrl() + recorded.path()))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(recorded.body()));
        switch (upstream) {
            case OPENAI -> b.header("authorization", "Bearer " + UPSTREAM_KEY);
            case ANTHROPIC -> b.header("x-api-key", UPSTREAM_KEY).header("anthropic-version", "2023-06-01");
            case GEMINI -> b.header("x-goog-api-key", UPSTREAM_KEY);
            case BEDROCK -> b.header("authorization", recorded.header("authorization")); // recorded, not verified
        }
        HttpResponse<byte[]> r;
        try {
            r = REPLAY_HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String contentType = r.headers().firstValue("content-type").orElse("");
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as("replay of %s: %s", recorded.path(), text).isEqualTo(200);
        boolean stream = contentType.startsWith("text/event-stream");
        return switch (upstream) {
            case OPENAI -> recorded.path().equals("/v1/responses")
                    ? responseAnswer(stream ? completedResponse(text) : json(text))
                    : stream ? nativeOpenAiStream(text) : nativeOpenAi(json(text));
            case ANTHROPIC -> stream ? nativeAnthropicStream(text) : nativeAnthropic(json(text));
            case GEMINI -> stream ? nativeGeminiStream(text) : nativeGemini(List.of(json(text)));
            case BEDROCK -> contentType.startsWith("application/vnd.amazon.eventstream")
                    ? nativeBedrockStream(EventStreamFrames.decode(r.body())) : nativeBedrock(json(text));
        };
    }

    private static Answer nativeBedrock(JsonNode answer) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        String toolName = null;
        JsonNode input = null;
        for (JsonNode block : answer.path("output").path("message").path("content")) {
            if (block.has("text")) {
                text.append(block.path("text").asText());
            } else if (block.has("reasoningContent")) {
                thinking.append(block.path("reasoningContent").path("reasoningText").path("text").asText(""));
            } else if (block.has("toolUse") && toolName == null) {
                toolName = block.path("toolUse").path("name").asText();
                input = block.path("toolUse").path("input");
            }
        }
        return new Answer(text.toString(), thinking.isEmpty() ? null : thinking.toString(), toolName, input,
                answer.path("stopReason").asText(null), bedrockUsage(answer.path("usage")));
    }

    private static Answer nativeBedrockStream(List<EventStreamFrames.Frame> frames) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String toolName = null;
        String stop = null;
        TokenUsage usage = null;
        for (EventStreamFrames.Frame frame : frames) {
            assertThat(frame.header(":message-type")).as("Bedrock frame %s", frame).isEqualTo("event");
            JsonNode data = json(frame.payload());
            switch (frame.header(":event-type")) {
                case "contentBlockStart" -> {
                    JsonNode toolUse = data.path("start").path("toolUse");
                    if (toolUse.isObject() && toolName == null) {
                        toolName = toolUse.path("name").asText();
                    }
                }
                case "contentBlockDelta" -> {
                    JsonNode delta = data.path("delta");
                    text.append(delta.path("text").asText(""));
                    thinking.append(delta.path("reasoningContent").path("text").asText(""));
                    arguments.append(delta.path("toolUse").path("input").asText(""));
                }
                case "messageStop" -> stop = data.path("stopReason").asText(null);
                case "metadata" -> usage = bedrockUsage(data.path("usage"));
                default -> {
                }
            }
        }
        return new Answer(text.toString(), thinking.isEmpty() ? null : thinking.toString(), toolName,
                toolName == null ? null : json(arguments.isEmpty() ? "{}" : arguments.toString()), stop, usage);
    }

    /** Bedrock's usage in gateway terms: like Anthropic's, {@code inputTokens} excludes cache reads and writes. */
    private static TokenUsage bedrockUsage(JsonNode u) {
        if (!u.isObject()) {
            return null;
        }
        long read = u.path("cacheReadInputTokens").asLong();
        long write = u.path("cacheWriteInputTokens").asLong();
        return new TokenUsage(u.path("inputTokens").asLong() + read + write, u.path("outputTokens").asLong(),
                read, write, 0, false);
    }

    private static Answer nativeOpenAi(JsonNode body) {
        JsonNode message = body.path("choices").path(0).path("message");
        JsonNode call = message.path("tool_calls").path(0);
        return new Answer(message.path("content").asText(""), null,
                call.isMissingNode() ? null : call.path("function").path("name").asText(),
                call.isMissingNode() ? null : json(call.path("function").path("arguments").asText()),
                body.path("choices").path(0).path("finish_reason").asText(null), openAiUsage(body.path("usage")));
    }

    private static Answer nativeOpenAiStream(String body) {
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String toolName = null;
        String finish = null;
        TokenUsage usage = null;
        for (String data : SseText.dataLines(body)) {
            if (data.equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = json(data);
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            text.append(delta.path("content").asText(""));
            JsonNode call = delta.path("tool_calls").path(0);
            if (call.path("function").has("name")) {
                toolName = call.path("function").path("name").asText();
            }
            arguments.append(call.path("function").path("arguments").asText(""));
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.path("finish_reason").asText();
            }
            if (chunk.path("usage").isObject()) {
                usage = openAiUsage(chunk.path("usage"));
            }
        }
        return new Answer(text.toString(), null, toolName, toolName == null ? null : json(arguments.toString()),
                finish, usage);
    }

    /** The Response a Responses stream's {@code response.completed} event carries. */
    private static JsonNode completedResponse(String body) {
        return Sse.parse(body).stream().filter(e -> e.event().equals("response.completed")).findFirst()
                .map(e -> json(e.data()).path("response")).orElseThrow(() -> new AssertionError("no response.completed in " + body));
    }

    private static TokenUsage openAiUsage(JsonNode u) {
        if (!u.isObject()) {
            return null;
        }
        return new TokenUsage(u.path("prompt_tokens").asLong(), u.path("completion_tokens").asLong(),
                u.path("prompt_tokens_details").path("cached_tokens").asLong(),
                u.path("prompt_tokens_details").path("cache_creation_input_tokens").asLong(),
                u.path("completion_tokens_details").path("reasoning_tokens").asLong(), false);
    }

    private static Answer nativeAnthropic(JsonNode message) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        String toolName = null;
        JsonNode input = null;
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "thinking" -> thinking.append(block.path("thinking").asText());
                case "tool_use" -> {
                    if (toolName == null) {
                        toolName = block.path("name").asText();
                        input = block.path("input");
                    }
                }
                default -> {
                }
            }
        }
        return new Answer(text.toString(), thinking.isEmpty() ? null : thinking.toString(), toolName, input,
                message.path("stop_reason").asText(null), anthropicUsage(message.path("usage")));
    }

    private static Answer nativeAnthropicStream(String body) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String toolName = null;
        String stop = null;
        ObjectNode usage = JSON.createObjectNode();
        for (Sse e : Sse.parse(body)) {
            JsonNode data = json(e.data());
            switch (e.event()) {
                case "message_start" -> usage.setAll((ObjectNode) data.path("message").path("usage"));
                case "content_block_start" -> {
                    if ("tool_use".equals(data.path("content_block").path("type").asText()) && toolName == null) {
                        toolName = data.path("content_block").path("name").asText();
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" -> text.append(delta.path("text").asText());
                        case "thinking_delta" -> thinking.append(delta.path("thinking").asText());
                        case "input_json_delta" -> arguments.append(delta.path("partial_json").asText());
                        default -> {
                        }
                    }
                }
                case "message_delta" -> {
                    stop = data.path("delta").path("stop_reason").asText(null);
                    if (data.path("usage").isObject()) {
                        usage.setAll((ObjectNode) data.path("usage"));
                    }
                }
                default -> {
                }
            }
        }
        return new Answer(text.toString(), thinking.isEmpty() ? null : thinking.toString(), toolName,
                toolName == null ? null : json(arguments.isEmpty() ? "{}" : arguments.toString()), stop,
                anthropicUsage(usage));
    }

    /** Anthropic's usage in gateway terms: the prompt is uncached input + cache reads + cache writes. */
    private static TokenUsage anthropicUsage(JsonNode u) {
        if (!u.isObject() || u.isEmpty()) {
            return null;
        }
        long read = u.path("cache_read_input_tokens").asLong();
        long write = u.path("cache_creation_input_tokens").asLong();
        return new TokenUsage(u.path("input_tokens").asLong() + read + write, u.path("output_tokens").asLong(),
                read, write, 0, false);
    }

    private static Answer nativeGeminiStream(String body) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String data : SseText.dataLines(body)) {
            chunks.add(json(data));
        }
        return nativeGemini(chunks);
    }

    /** One answer or the chunks of a stream (usage is cumulative: the last one counts). */
    private static Answer nativeGemini(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        String toolName = null;
        JsonNode args = null;
        String finish = null;
        TokenUsage usage = null;
        for (JsonNode chunk : chunks) {
            JsonNode candidate = chunk.path("candidates").path(0);
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.has("functionCall") && toolName == null) {
                    toolName = part.path("functionCall").path("name").asText();
                    args = part.path("functionCall").path("args");
                } else if (part.path("thought").asBoolean(false)) {
                    thinking.append(part.path("text").asText());
                } else {
                    text.append(part.path("text").asText(""));
                }
            }
            if (candidate.has("finishReason")) {
                finish = candidate.path("finishReason").asText();
            }
            JsonNode m = chunk.path("usageMetadata");
            if (m.isObject()) {
                long thoughts = m.path("thoughtsTokenCount").asLong();
                usage = new TokenUsage(m.path("promptTokenCount").asLong() + m.path("toolUsePromptTokenCount").asLong(),
                        m.path("candidatesTokenCount").asLong() + thoughts, m.path("cachedContentTokenCount").asLong(),
                        0, thoughts, false);
            }
        }
        return new Answer(text.toString(), thinking.isEmpty() ? null : thinking.toString(), toolName, args, finish, usage);
    }

    // ---- the client's side: OpenAI dialect

    private static Answer openAiMessage(Cell cell, String raw) {
        String at = cell + ": chat.completion " + raw;
        JsonNode body = json(raw);
        assertThat(body.path("object").asText()).as(at).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).as(at).isNotBlank();
        assertThat(body.path("created").isIntegralNumber()).as(at + ": created").isTrue();
        assertThat(body.path("model").asText()).as(at).isNotBlank();
        assertThat(body.path("choices")).as(at).hasSize(1);
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("index").asInt(-1)).as(at).isZero();
        JsonNode message = choice.path("message");
        assertThat(message.path("role").asText()).as(at).isEqualTo("assistant");
        JsonNode call = message.path("tool_calls").path(0);
        String toolName = null;
        JsonNode arguments = null;
        if (!call.isMissingNode()) {
            assertThat(call.path("id").asText()).as(at + ": tool call id").isNotBlank();
            assertThat(call.path("type").asText()).as(at).isEqualTo("function");
            assertThat(call.path("function").path("arguments").isTextual()).as(at + ": arguments are a JSON string").isTrue();
            toolName = call.path("function").path("name").asText();
            arguments = json(call.path("function").path("arguments").asText());
        }
        JsonNode usage = body.path("usage");
        assertThat(usage.isObject()).as(at + ": usage").isTrue();
        assertThat(usage.path("total_tokens").asLong()).as(at + ": total_tokens")
                .isEqualTo(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
        String reasoning = message.path("reasoning_content").asText(null);
        if (reasoning != null && cell.kase().thinking() && signedThinking(cell.upstream())) {
            JsonNode blocks = message.path("thinking_blocks");
            assertThat(blocks.size()).as(at + ": thinking_blocks").isPositive();
            assertThat(blocks.path(0).path("signature").asText()).as(at + ": thinking signature").isNotBlank();
        }
        return new Answer(message.path("content").asText(""), reasoning, toolName, arguments,
                choice.path("finish_reason").asText(null), openAiUsage(usage));
    }

    private static Answer openAiStream(Cell cell, String raw) {
        String at = cell + ": chat.completion.chunk stream " + raw;
        List<String> events = SseText.dataLines(raw);
        assertThat(events).as(at).isNotEmpty();
        assertThat(events.getLast()).as(at + ": ends with [DONE]").isEqualTo("[DONE]");
        assertThat(events.subList(0, events.size() - 1)).as(at + ": one [DONE]").doesNotContain("[DONE]");
        boolean askedForUsage = cell.kase() != Case.STREAMED_TOOLS;
        StringBuilder signature = new StringBuilder();
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String toolName = null;
        String toolId = null;
        String finish = null;
        int finishes = 0;
        TokenUsage usage = null;
        String id = null;
        boolean roleSeen = false;
        for (String data : events.subList(0, events.size() - 1)) {
            JsonNode chunk = json(data);
            assertThat(chunk.has("error")).as(at + ": error event").isFalse();
            assertThat(chunk.path("object").asText()).as(at).isEqualTo("chat.completion.chunk");
            if (id == null) {
                id = chunk.path("id").asText();
                assertThat(id).as(at + ": id").isNotBlank();
            } else {
                assertThat(chunk.path("id").asText()).as(at + ": one id for all chunks").isEqualTo(id);
            }
            if (chunk.path("usage").isObject()) {
                assertThat(askedForUsage).as(at + ": a usage chunk the client did not ask for").isTrue();
                assertThat(chunk.path("choices")).as(at + ": the usage chunk has no choices").isEmpty();
                usage = openAiUsage(chunk.path("usage"));
                continue;
            }
            assertThat(chunk.path("choices")).as(at).hasSize(1);
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            assertThat(finish).as(at + ": content after the finish chunk").isNull();
            if ("assistant".equals(delta.path("role").asText(null))) {
                roleSeen = true;
            }
            text.append(delta.path("content").asText(""));
            thinking.append(delta.path("reasoning_content").asText(""));
            for (JsonNode block : delta.path("thinking_blocks")) {
                signature.append(block.path("signature").asText(""));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                assertThat(call.path("index").asInt(-1)).as(at + ": tool call index").isZero();
                if (call.hasNonNull("id")) {
                    assertThat(toolId).as(at + ": the call id comes once").isNull();
                    toolId = call.path("id").asText();
                    assertThat(call.path("type").asText()).as(at).isEqualTo("function");
                    toolName = call.path("function").path("name").asText();
                } else {
                    assertThat(toolId).as(at + ": arguments before the call's id and name").isNotNull();
                }
                arguments.append(call.path("function").path("arguments").asText(""));
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.path("finish_reason").asText();
                finishes++;
            }
        }
        assertThat(roleSeen).as(at + ": a delta with role assistant").isTrue();
        if (cell.kase().thinking() && signedThinking(cell.upstream())) {
            assertThat(signature.toString()).as(at + ": thinking_blocks with their signature").isNotBlank();
        }
        assertThat(finishes).as(at + ": one finish chunk").isEqualTo(1);
        if (askedForUsage) {
            assertThat(usage).as(at + ": the usage chunk the client asked for").isNotNull();
        }
        return new Answer(text.toString(), thinking.isEmpty() ? null : thinking.toString(), toolName,
                toolName == null ? null : json(arguments.toString()), finish, usage);
    }

    // ---- the client's side: Anthropic dialect

    private static Answer anthropicMessage(Cell cell, String raw) {
        String at = cell + ": message " + raw;
        JsonNode message = json(raw);
        assertThat(message.path("type").asText()).as(at).isEqualTo("message");
        assertThat(message.path("id").asText()).as(at).startsWith("msg_");
        assertThat(message.path("role").asText()).as(at).isEqualTo("assistant");
        assertThat(message.path("model").asText()).as(at).isNotBlank();
        assertThat(message.has("stop_sequence")).as(at + ": stop_sequence").isTrue();
        assertThat(message.path("content").isArray()).as(at).isTrue();
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> assertThat(block.path("text").isTextual()).as(at).isTrue();
                case "thinking" -> {
                    assertThat(block.path("thinking").isTextual()).as(at).isTrue();
                    assertThat(block.path("signature").isTextual()).as(at + ": signature is required").isTrue();
                }
                case "tool_use" -> {
                    assertThat(block.path("id").asText()).as(at + ": tool_use id").isNotBlank();
                    assertThat(block.path("input").isObject()).as(at + ": tool_use input").isTrue();
                }
                default -> fail("%s: unexpected block %s", at, block);
            }
        }
        JsonNode usage = message.path("usage");
        for (String field : List.of("input_tokens", "output_tokens")) {
            assertThat(usage.path(field).isIntegralNumber()).as(at + ": usage." + field).isTrue();
        }
        if (cell.kase().thinking() && signedThinking(cell.upstream())) {
            assertThat(message.path("content").path(0).path("signature").asText()).as(at + ": signature").isNotBlank();
        }
        return nativeAnthropic(message);
    }

    private static Answer anthropicStream(Cell cell, String raw) {
        String at = cell + ": Messages stream " + raw;
        List<Sse> events = Sse.parse(raw);
        assertThat(events).as(at).isNotEmpty();
        assertThat(events.getFirst().event()).as(at + ": first event").isEqualTo("message_start");
        assertThat(events.getLast().event()).as(at + ": last event").isEqualTo("message_stop");
        JsonNode start = json(events.getFirst().data()).path("message");
        assertThat(start.path("type").asText()).as(at).isEqualTo("message");
        assertThat(start.path("role").asText()).as(at).isEqualTo("assistant");
        assertThat(start.path("content")).as(at + ": message_start content").isEmpty();
        int nextIndex = 0;
        int open = -1;
        String openType = null;
        boolean deltaSeen = false;
        StringBuilder signature = new StringBuilder();
        for (Sse e : events.subList(1, events.size() - 1)) {
            JsonNode data = json(e.data());
            assertThat(data.path("type").asText()).as(at + ": data.type names the event").isEqualTo(e.event());
            switch (e.event()) {
                case "ping" -> {
                }
                case "content_block_start" -> {
                    assertThat(deltaSeen).as(at + ": block after message_delta").isFalse();
                    assertThat(open).as(at + ": a block opens while another is open").isEqualTo(-1);
                    assertThat(data.path("index").asInt(-1)).as(at + ": block index").isEqualTo(nextIndex);
                    open = nextIndex++;
                    openType = data.path("content_block").path("type").asText();
                    assertThat(openType).as(at).isIn("text", "thinking", "tool_use", "redacted_thinking");
                    if (openType.equals("tool_use")) {
                        assertThat(data.path("content_block").path("id").asText()).as(at + ": tool_use id").isNotBlank();
                        assertThat(data.path("content_block").path("name").asText()).as(at).isNotBlank();
                    }
                }
                case "content_block_delta" -> {
                    assertThat(data.path("index").asInt(-1)).as(at + ": delta of the open block").isEqualTo(open);
                    String type = data.path("delta").path("type").asText();
                    signature.append(data.path("delta").path("signature").asText(""));
                    switch (openType) {
                        case "text" -> assertThat(type).as(at).isEqualTo("text_delta");
                        case "thinking" -> assertThat(type).as(at).isIn("thinking_delta", "signature_delta");
                        case "tool_use" -> assertThat(type).as(at).isEqualTo("input_json_delta");
                        default -> fail("%s: delta %s in a %s block", at, type, openType);
                    }
                }
                case "content_block_stop" -> {
                    assertThat(data.path("index").asInt(-1)).as(at + ": stop of the open block").isEqualTo(open);
                    open = -1;
                }
                case "message_delta" -> {
                    assertThat(open).as(at + ": message_delta with a block open").isEqualTo(-1);
                    assertThat(deltaSeen).as(at + ": one message_delta").isFalse();
                    deltaSeen = true;
                    assertThat(data.path("delta").path("stop_reason").asText(null)).as(at + ": stop_reason").isNotNull();
                    assertThat(data.path("usage").path("output_tokens").isIntegralNumber()).as(at + ": output_tokens").isTrue();
                }
                default -> fail("%s: unexpected event %s", at, e.event());
            }
        }
        assertThat(deltaSeen).as(at + ": message_delta").isTrue();
        assertThat(nextIndex).as(at + ": content blocks").isPositive();
        if (cell.kase().thinking() && signedThinking(cell.upstream())) {
            assertThat(signature.toString()).as(at + ": the thinking block's signature_delta").isNotBlank();
        }
        return nativeAnthropicStream(raw);
    }

    // ---- the client's side: OpenAI Responses dialect

    private static Answer responsesObject(Cell cell, String raw) {
        JsonNode response = json(raw);
        checkResponse(cell, cell + ": Response " + raw, response);
        return responseAnswer(response);
    }

    /** A complete Response object (the non-streamed answer, or the one {@code response.completed} carries). */
    private static void checkResponse(Cell cell, String at, JsonNode response) {
        assertThat(response.path("object").asText()).as(at).isEqualTo("response");
        assertThat(response.path("id").asText()).as(at + ": id").startsWith("resp_");
        assertThat(response.path("created_at").isIntegralNumber()).as(at + ": created_at").isTrue();
        assertThat(response.path("status").asText()).as(at + ": status").isEqualTo("completed");
        assertThat(response.path("error").isNull()).as(at + ": error is null").isTrue();
        assertThat(response.path("incomplete_details").isNull()).as(at + ": incomplete_details is null").isTrue();
        assertThat(response.path("model").asText()).as(at + ": model").isNotBlank();
        JsonNode output = response.path("output");
        assertThat(output.isArray() && !output.isEmpty()).as(at + ": output items").isTrue();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < output.size(); i++) {
            JsonNode item = output.get(i);
            String type = item.path("type").asText();
            assertThat(item.path("id").asText()).as(at + ": item id").isNotBlank();
            ids.add(item.path("id").asText());
            switch (type) {
                case "reasoning" -> {
                    assertThat(i).as(at + ": the reasoning item comes first").isZero();
                    assertThat(item.path("summary").isArray()).as(at + ": reasoning summary").isTrue();
                    for (JsonNode part : item.path("summary")) {
                        assertThat(part.path("type").asText()).as(at).isEqualTo("summary_text");
                        assertThat(part.path("text").isTextual()).as(at).isTrue();
                    }
                    if (cell.kase().thinking() && signedThinking(cell.upstream())) {
                        assertThat(item.path("encrypted_content").asText()).as(at + ": the signed thinking blocks, "
                                + "for the next turn").isNotBlank();
                    }
                }
                case "message" -> {
                    assertThat(item.path("role").asText()).as(at).isEqualTo("assistant");
                    assertThat(item.path("status").asText()).as(at + ": message status").isEqualTo("completed");
                    assertThat(item.path("content").isArray() && !item.path("content").isEmpty()).as(at + ": content")
                            .isTrue();
                    for (JsonNode part : item.path("content")) {
                        assertThat(part.path("type").asText()).as(at + ": content part").isEqualTo("output_text");
                        assertThat(part.path("text").isTextual()).as(at).isTrue();
                        assertThat(part.path("annotations").isArray()).as(at + ": annotations").isTrue();
                    }
                }
                case "function_call" -> {
                    assertThat(item.path("status").asText()).as(at + ": function_call status").isEqualTo("completed");
                    assertThat(item.path("call_id").asText()).as(at + ": call_id").isNotBlank();
                    assertThat(item.path("name").asText()).as(at + ": name").isNotBlank();
                    assertThat(item.path("arguments").isTextual()).as(at + ": arguments are a JSON string").isTrue();
                    assertThat(json(item.path("arguments").asText()).isObject()).as(at + ": arguments").isTrue();
                }
                default -> fail("%s: unexpected output item %s", at, item);
            }
        }
        assertThat(ids).as(at + ": item ids are unique").doesNotHaveDuplicates();
        // the request parameters a Response repeats
        assertThat(response.path("max_output_tokens").asInt()).as(at + ": max_output_tokens echoed").isEqualTo(MAX_TOKENS);
        assertThat(response.path("store").asBoolean(true)).as(at + ": store").isFalse();
        Case c = cell.kase();
        JsonNode tools = response.path("tools");
        if (c.tools()) {
            assertThat(tools.size()).as(at + ": tools echoed").isEqualTo(1);
            assertThat(tools.path(0).path("type").asText()).as(at + ": tools echoed").isEqualTo("function");
            assertThat(tools.path(0).path("name").asText()).as(at + ": tools echoed").isEqualTo("get_weather");
            assertThat(tools.path(0).path("parameters")).as(at + ": tools echoed").isEqualTo(json(TOOL_SCHEMA));
        } else {
            assertThat(tools.isArray() && tools.isEmpty()).as(at + ": no tools echoed").isTrue();
        }
        JsonNode format = response.path("text").path("format");
        if (c == Case.JSON_SCHEMA) {
            assertThat(format.path("type").asText()).as(at + ": text.format echoed").isEqualTo("json_schema");
            assertThat(format.path("name").asText()).as(at + ": text.format echoed").isEqualTo("weather");
            assertThat(format.path("schema")).as(at + ": text.format echoed").isEqualTo(json(ANSWER_SCHEMA));
        } else {
            assertThat(format.path("type").asText()).as(at + ": text.format echoed").isEqualTo("text");
        }
        assertThat(response.path("reasoning").path("effort").asText(null)).as(at + ": reasoning.effort echoed")
                .isEqualTo(c.thinking() ? "low" : null);

        JsonNode usage = response.path("usage");
        assertThat(usage.isObject()).as(at + ": usage").isTrue();
        for (String field : List.of("input_tokens", "output_tokens", "total_tokens")) {
            assertThat(usage.path(field).isIntegralNumber()).as(at + ": usage." + field).isTrue();
        }
        assertThat(usage.path("input_tokens_details").path("cached_tokens").isIntegralNumber())
                .as(at + ": usage.input_tokens_details.cached_tokens").isTrue();
        assertThat(usage.path("output_tokens_details").path("reasoning_tokens").isIntegralNumber())
                .as(at + ": usage.output_tokens_details.reasoning_tokens").isTrue();
        assertThat(usage.path("total_tokens").asLong()).as(at + ": total_tokens")
                .isEqualTo(usage.path("input_tokens").asLong() + usage.path("output_tokens").asLong());
    }

    /** What a Response says: its output text, reasoning summary, first function call, status and usage. */
    private static Answer responseAnswer(JsonNode response) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        String toolName = null;
        JsonNode arguments = null;
        for (JsonNode item : response.path("output")) {
            switch (item.path("type").asText()) {
                case "message" -> item.path("content").forEach(p -> text.append(p.path("text").asText("")));
                case "reasoning" -> item.path("summary").forEach(p -> thinking.append(p.path("text").asText("")));
                case "function_call" -> {
                    if (toolName == null) {
                        toolName = item.path("name").asText();
                        arguments = json(item.path("arguments").asText());
                    }
                }
                default -> {
                }
            }
        }
        JsonNode u = response.path("usage");
        TokenUsage usage = !u.isObject() ? null : new TokenUsage(u.path("input_tokens").asLong(),
                u.path("output_tokens").asLong(), u.path("input_tokens_details").path("cached_tokens").asLong(),
                u.path("input_tokens_details").path("cache_write_tokens").asLong(),
                u.path("output_tokens_details").path("reasoning_tokens").asLong(), false);
        return new Answer(text.toString(), thinking.isEmpty() ? null : thinking.toString(), toolName, arguments,
                response.path("status").asText(null), usage);
    }

    private static final java.util.Set<String> RESPONSES_EVENTS = java.util.Set.of("response.created",
            "response.in_progress", "response.output_item.added", "response.output_item.done",
            "response.content_part.added", "response.content_part.done", "response.output_text.delta",
            "response.output_text.done", "response.function_call_arguments.delta",
            "response.function_call_arguments.done", "response.reasoning_summary_part.added",
            "response.reasoning_summary_part.done", "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.done", "response.completed");

    /**
     * The Responses event stream: {@code response.created}, {@code response.in_progress}, then each output item
     * opened, fed and closed in turn ({@code output_index} counting from 0, deltas naming the open item), then
     * {@code response.completed} with the whole Response, whose items are those the stream closed; every event
     * named by {@code event:} and {@code type}, with {@code sequence_number} counting from 0.
     */
    private static Answer responsesStream(Cell cell, String raw) {
        String at = cell + ": Responses stream " + raw;
        List<Sse> events = Sse.parse(raw);
        assertThat(events.size()).as(at).isGreaterThanOrEqualTo(3);
        assertThat(events.get(0).event()).as(at + ": first event").isEqualTo("response.created");
        assertThat(events.get(1).event()).as(at + ": second event").isEqualTo("response.in_progress");
        assertThat(events.getLast().event()).as(at + ": last event").isEqualTo("response.completed");
        String responseId = null;
        ArrayNode doneItems = JSON.createArrayNode();
        JsonNode openItem = null;
        StringBuilder streamed = new StringBuilder(); // the open item's text, summary or arguments
        List<String> itemEvents = new ArrayList<>(); // the open item's events, a run of deltas counted once
        JsonNode completed = null;
        for (int i = 0; i < events.size(); i++) {
            Sse e = events.get(i);
            JsonNode data = json(e.data());
            String type = e.event();
            assertThat(data.path("type").asText()).as(at + ": data.type names the event").isEqualTo(type);
            assertThat(RESPONSES_EVENTS).as(at + ": event type").contains(type);
            assertThat(data.path("sequence_number").isIntegralNumber() ? data.path("sequence_number").asInt() : null)
                    .as(at + ": sequence_number of event " + i).isEqualTo(i);
            if (!List.of("response.created", "response.in_progress", "response.output_item.added", "response.completed")
                    .contains(type)) {
                assertThat(openItem).as(at + ": " + type + " outside an output item").isNotNull();
            }
            if (openItem != null && !type.equals("response.output_item.done")
                    && (itemEvents.isEmpty() || !(type.endsWith(".delta") && itemEvents.getLast().equals(type)))) {
                itemEvents.add(type);
            }
            if (openItem != null && data.has("item_id")) {
                assertThat(data.path("item_id").asText()).as(at + ": an event about the open item").isEqualTo(openItem.path("id").asText());
                assertThat(data.path("output_index").asInt(-1)).as(at + ": its output_index").isEqualTo(doneItems.size());
            }
            switch (type) {
                case "response.created", "response.in_progress" -> {
                    assertThat(i).as(at + ": " + type + " comes first").isLessThan(2);
                    JsonNode response = data.path("response");
                    assertThat(response.path("status").asText()).as(at).isEqualTo("in_progress");
                    assertThat(response.path("output")).as(at + ": no output yet").isEmpty();
                    if (responseId == null) {
                        responseId = response.path("id").asText();
                        assertThat(responseId).as(at + ": response id").startsWith("resp_");
                    } else {
                        assertThat(response.path("id").asText()).as(at + ": one response id").isEqualTo(responseId);
                    }
                }
                case "response.output_item.added" -> {
                    assertThat(openItem).as(at + ": an item opens while another is open").isNull();
                    assertThat(data.path("output_index").asInt(-1)).as(at + ": output_index").isEqualTo(doneItems.size());
                    openItem = data.path("item");
                    streamed.setLength(0);
                    itemEvents.clear();
                    assertThat(openItem.path("id").asText()).as(at + ": item id").isNotBlank();
                    if ("function_call".equals(openItem.path("type").asText())) {
                        assertThat(openItem.path("call_id").asText()).as(at + ": call_id up front").isNotBlank();
                        assertThat(openItem.path("name").asText()).as(at + ": name up front").isNotBlank();
                    }
                }
                case "response.output_text.delta", "response.reasoning_summary_text.delta",
                     "response.function_call_arguments.delta" -> {
                    assertThat(openItem).as(at + ": a delta outside an item").isNotNull();
                    streamed.append(data.path("delta").asText());
                }
                case "response.output_text.done", "response.reasoning_summary_text.done" ->
                        assertThat(data.path("text").asText()).as(at + ": " + type).isEqualTo(streamed.toString());
                case "response.content_part.done", "response.reasoning_summary_part.done" ->
                        assertThat(data.path("part").path("text").asText()).as(at + ": " + type).isEqualTo(streamed.toString());
                case "response.function_call_arguments.done" ->
                        assertThat(data.path("arguments").asText()).as(at + ": " + type).isEqualTo(streamed.toString());
                case "response.output_item.done" -> {
                    assertThat(openItem).as(at + ": an item closes that was not open").isNotNull();
                    assertThat(data.path("output_index").asInt(-1)).as(at + ": output_index").isEqualTo(doneItems.size());
                    JsonNode item = data.path("item");
                    assertThat(item.path("id").asText()).as(at + ": the open item closes").isEqualTo(openItem.path("id").asText());
                    assertThat(item.path("type").asText()).as(at).isEqualTo(openItem.path("type").asText());
                    String whole = switch (item.path("type").asText()) {
                        case "message" -> item.path("content").path(0).path("text").asText();
                        case "reasoning" -> item.path("summary").path(0).path("text").asText("");
                        default -> item.path("arguments").asText();
                    };
                    assertThat(whole).as(at + ": the item holds what was streamed").isEqualTo(streamed.toString());
                    List<String> order = switch (item.path("type").asText()) {
                        case "message" -> List.of("response.content_part.added", "response.output_text.delta",
                                "response.output_text.done", "response.content_part.done");
                        case "reasoning" -> itemEvents.isEmpty() ? List.of() : List.of(
                                "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done");
                        default -> List.of("response.function_call_arguments.delta", "response.function_call_arguments.done");
                    };
                    assertThat(itemEvents).as(at + ": the events of " + item.path("type").asText() + " item "
                            + doneItems.size()).isEqualTo(order);
                    doneItems.add(item);
                    openItem = null;
                }
                case "response.completed" -> {
                    assertThat(openItem).as(at + ": an item still open at the end").isNull();
                    completed = data.path("response");
                }
                default -> {
                }
            }
        }
        assertThat(completed).as(at + ": response.completed").isNotNull();
        checkResponse(cell, at + ": the completed Response", completed);
        assertThat(completed.path("id").asText()).as(at + ": one response id").isEqualTo(responseId);
        assertThat(completed.path("output")).as(at + ": the completed output is what was streamed").isEqualTo(doneItems);
        return responseAnswer(completed);
    }

    // ---------------------------------------------------------------------------------------------
    // Content and usage

    private static void checkContent(Cell cell, Answer seen, Answer reported) {
        Case c = cell.kase();
        String at = cell + ": seen " + seen + ", upstream reported " + reported;
        String finish = switch (cell.dialect()) { // Responses have no finish reason: status completed either way
            case OPENAI_CHAT -> c.tools() ? "tool_calls" : "stop";
            case ANTHROPIC_MESSAGES -> c.tools() ? "tool_use" : "end_turn";
            case OPENAI_RESPONSES -> "completed";
        };
        if (c.tools()) {
            assertThat(seen.toolName()).as(at + ": tool name").isEqualTo("get_weather");
            assertThat(seen.toolArguments()).as(at + ": arguments").isNotNull();
            assertThat(seen.toolArguments().path("city").isTextual()).as(at + ": arguments.city").isTrue();
            assertThat(seen.toolArguments()).as(at + ": the upstream's arguments").isEqualTo(reported.toolArguments());
            assertThat(seen.finish()).as(at + ": finish").isEqualTo(finish);
            return;
        }
        assertThat(seen.toolName()).as(at + ": no tool call").isNull();
        assertThat(seen.finish()).as(at + ": finish").isEqualTo(finish);
        assertThat(seen.text()).as(at + ": text").isNotBlank();
        if (c == Case.JSON_SCHEMA && jsonViaForcedTool(cell.upstream())) {
            JsonNode answer = json(seen.text());
            assertThat(answer.path("city").isTextual()).as(at + ": JSON answer").isTrue();
            assertThat(answer.path("temperature").isIntegralNumber()).as(at + ": JSON answer").isTrue();
            assertThat(answer).as(at + ": the forced tool's input").isEqualTo(reported.toolArguments());
        } else {
            assertThat(seen.text()).as(at + ": the upstream's text").isEqualTo(reported.text());
        }
        if (c.thinking() && cell.upstream() != Upstream.OPENAI) {
            assertThat(reported.thinking()).as(at + ": the upstream thought").isNotBlank();
            assertThat(seen.thinking()).as(at + ": thinking surfaced").isEqualTo(reported.thinking());
        } else {
            assertThat(seen.thinking()).as(at + ": no thinking text").isNull();
        }
    }

    private static void checkUsage(Cell cell, HttpResponse<String> response, Answer seen, Answer reported) {
        String at = cell + ": usage";
        TokenUsage expected = reported.usage();
        assertThat(expected).as(at + ": the upstream reported usage").isNotNull();
        assertThat(expected.promptTokens()).as(at).isPositive();
        assertThat(expected.completionTokens()).as(at).isPositive();
        if (cell.kase() == Case.USAGE_CACHED) {
            assertThat(expected.cachedTokens()).as(at + ": the upstream reported cached tokens").isEqualTo(5);
        }
        if (cell.kase().thinking() && !signedThinking(cell.upstream())) { // Claude reports no reasoning count apart
            assertThat(expected.reasoningTokens()).as(at + ": the upstream reported reasoning").isPositive();
        }
        if (cell.kase() == Case.USAGE_CACHED && signedThinking(cell.upstream())) {
            assertThat(expected.cacheWriteTokens()).as(at + ": the upstream reported cache writes").isEqualTo(3);
        }

        UsageEvent event = booked(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(event.status()).as(at).isEqualTo(200);
        assertThat(event.errorType()).as(at).isNull();
        assertThat(event.stream()).as(at).isEqualTo(cell.kase().stream);
        assertThat(event.provider()).as(at).isEqualTo(cell.upstream().provider);
        assertThat(event.usage()).as(at + ": booked = reported by the upstream, not estimated").isEqualTo(expected);

        if (seen.usage() == null) {
            return; // a stream whose client did not ask for usage (OpenAI dialect)
        }
        TokenUsage client = seen.usage();
        assertThat(client.promptTokens()).as(at + ": client prompt").isEqualTo(expected.promptTokens());
        assertThat(client.completionTokens()).as(at + ": client completion").isEqualTo(expected.completionTokens());
        assertThat(client.cachedTokens()).as(at + ": client cached").isEqualTo(expected.cachedTokens());
        if (cell.dialect() != Dialect.OPENAI_CHAT) {
            assertThat(client.cacheWriteTokens()).as(at + ": client cache writes").isEqualTo(expected.cacheWriteTokens());
        }
        if (cell.dialect() != Dialect.ANTHROPIC_MESSAGES) {
            assertThat(client.reasoningTokens()).as(at + ": client reasoning").isEqualTo(expected.reasoningTokens());
        }
    }

    private static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> gw.gateway().storage().usage().recent(200).stream()
                        .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** One server-sent event: its {@code event:} name (or "") and its data. */
    record Sse(String event, String data) {
        static List<Sse> parse(String body) {
            List<Sse> out = new ArrayList<>();
            String event = "";
            StringBuilder data = null;
            for (String line : (body + "\n\n").split("\r?\n", -1)) {
                if (line.isEmpty()) {
                    if (data != null) {
                        out.add(new Sse(event, data.toString()));
                    }
                    event = "";
                    data = null;
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String part = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(part) : data.append('\n').append(part);
                }
            }
            return out;
        }
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // docs/providers.md

    /** Writes docs/providers.md after a complete run (a filtered run must not overwrite it with holes). */
    private static void writeDocs() {
        if (!RESULTS.keySet().containsAll(EXPECTED.keySet())) {
            return;
        }
        Path docs = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/ARCHITECTURE.md"))) {
                docs = dir.resolve("docs");
                break;
            }
        }
        if (docs == null) {
            return;
        }
        try {
            Files.writeString(docs.resolve("providers.md"), render());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Providers and the translation matrix

                <!-- Generated by testkit/src/test/java/dev/tollgate/it/ConformanceMatrixTest.java after a full run;
                     edit the test (its expectations table and notes), not this file. -->

                Tollgate speaks three client dialects and calls upstreams in four wire formats.

                - **Client dialects**: OpenAI Chat Completions (`POST /v1/chat/completions`, `Authorization: Bearer`),
                  Anthropic Messages (`POST /v1/messages`, `x-api-key`; also `/v1/messages/count_tokens`) and
                  OpenAI Responses (`POST /v1/responses`, `Authorization: Bearer`; passed through to upstreams that
                  have the Responses API, translated and stateless for the others: there `previous_response_id`,
                  `conversation`, `background`, stored prompts, built-in and custom tools are refused and nothing is
                  stored). Errors come back in the dialect's own shape.
                - **Upstream adapters**: each provider in the configuration has a `type` (listed
                  [below](#provider-types)) that selects an adapter and so a wire format: OpenAI (OpenAI itself,
                  Azure OpenAI and every OpenAI-compatible service), Anthropic Messages, Gemini (the Gemini API, or
                  Vertex AI with a service account), or Bedrock Converse (SigV4-signed, streams as binary
                  `application/vnd.amazon.eventstream` frames).
                - **Fast path**: when the upstream speaks the client's API, the request bytes go upstream with only
                  the model rewritten (and, for OpenAI Chat Completions streams, usage requested), and the answer's
                  bytes come back untouched; the gateway only reads the usage out of them. Responses clients take
                  it to the upstreams whose type lists `responses` [below](#provider-types) (their `/responses`;
                  the usage of a stream comes from its `response.completed` event); to every other upstream,
                  chat-only OpenAI-compatible services included, their calls are translated.
                - **Translation**: otherwise the request goes through the canonical form, OpenAI Chat Completions
                  JSON: the client dialect decodes into it, the upstream's translation turns it into the upstream's
                  request and the answer (or each stream event) back into canonical chunks, which the dialect
                  encodes for the client. Translations are pure and per call, and report the usage they saw.
                - **Canonical extensions** carry what OpenAI's format cannot say: `reasoning_content` (thinking
                  text, in messages and stream deltas), `thinking_blocks` (thinking blocks with their signatures,
                  handed back on later turns), `cache_control` on parts, tools and messages,
                  `usage.prompt_tokens_details.cache_creation_input_tokens` (prompt-cache writes), and an
                  Anthropic-style `thinking` object beside `reasoning_effort`.

                ## Conformance matrix

                Each cell is one request through a real gateway to the provider simulator
                (`docs/simulator.md`), checked for what a client of that dialect must see: status 200, the
                dialect's response shape or stream event sequence (ending correctly), the text, the tool call with
                its name and parseable arguments, thinking where the upstream provides it, the feature carried in
                the upstream request in the upstream's own format (tools, image, schema, thinking), and the booked
                usage equal to what the upstream reported (cached tokens and cache writes included, never
                estimated). ✅ passes, ❌ fails (a known gap), n/a cannot be asked in that dialect.

                Cases: *plain* (system + user text; Responses clients: `instructions` + a user message item with
                `input_text`), *stream*, *tools* (a function tool; the upstream is made to call it), *streamed
                tools*, *image* (a base64 PNG: a `data:` URL `image_url` part for Chat Completions clients, an
                `image` block for Anthropic clients, an `input_image` with a `data:` URL for Responses clients),
                *json_schema* (`response_format`; Responses: `text.format`), *thinking* (Chat Completions clients:
                `reasoning_effort: low`; Anthropic clients: `thinking {type: enabled, budget_tokens: 1024}`;
                Responses clients: `reasoning {effort: low}`), *streamed thinking*, *usage incl. cached* (the
                upstream reports 5 cached prompt tokens, and Anthropic and Bedrock 3 cache-write tokens).

                Responses clients are checked for the Response object (a `message` item with `output_text`, a
                `function_call` item with `call_id`, `name` and JSON `arguments`, a `reasoning` item where the
                upstream returns thinking text, status `completed`), the stream's events (`response.created`,
                `response.in_progress`, each output item added, fed and done in turn, `response.completed` with
                the same items; `sequence_number` counting from 0) and `usage` (`input_tokens`, `output_tokens`,
                cached, cache-write and reasoning tokens) equal to the booked usage, and for the request parameters
                the Response repeats (`tools`, `text.format`, `reasoning.effort`, `max_output_tokens`; translated,
                `instructions` is always repeated as null, since they travel as a system message). To the `openai`
                upstream the call passes through: the upstream request must be the client's bytes with only `model`
                rewritten, and the Response and events checked are the upstream's own. The Bedrock upstream is a
                Claude model (`anthropic.claude-3-5-haiku-20241022-v1:0`).

                """);
        Map<String, Integer> notes = new LinkedHashMap<>();
        for (Dialect d : Dialect.values()) {
            md.append("### ").append(d.title).append(" clients (`").append(d.endpoint).append("`)\n\n");
            md.append("| case |");
            for (Upstream u : Upstream.values()) {
                md.append(" → `").append(u.type).append("` upstream").append(sameFormat(d, u) ? " (fast path)" : "")
                        .append(" |");
            }
            md.append("\n|---|");
            md.append(":---:|".repeat(Upstream.values().length)).append('\n');
            for (Case c : Case.values()) {
                md.append("| ").append(c.label).append(" |");
                for (Upstream u : Upstream.values()) {
                    Cell cell = new Cell(d, u, c);
                    Expectation e = EXPECTED.get(cell);
                    Outcome o = RESULTS.get(cell);
                    String mark = switch (o.status()) {
                        case PASS -> "✅";
                        case FAIL -> "❌";
                        case NA -> "n/a";
                    };
                    md.append(' ').append(mark);
                    List<String> cellNotes = new ArrayList<>(e.notes());
                    if (o.status() == Outcome.Status.FAIL && !(e instanceof KnownBug)) {
                        cellNotes.add("Unexpected failure: " + compact(o.detail()));
                    }
                    for (String note : cellNotes) {
                        int n = notes.computeIfAbsent(note, k -> notes.size() + 1);
                        md.append(" [^").append(n).append(']');
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append("Notes:\n\n");
        notes.forEach((text, n) -> md.append("[^").append(n).append("]: ").append(text).append('\n'));
        md.append('\n');

        md.append("""
                ## Provider types

                The `type` of a provider in `tollgate.yaml` (`providers/src/main/java/dev/tollgate/providers/ProviderCatalog.java`).
                OpenAI-compatible services are presets of the OpenAI adapter that differ in their default
                `base_url` and in whether they declare the Responses API (only services that document it as
                generally available do).

                | `type` | wire format | default `base_url` | endpoints |
                |---|---|---|---|
                """);
        for (ProviderAdapter adapter : ProviderCatalog.all().values()) {
            List<String> endpoints = new ArrayList<>();
            for (Endpoint endpoint : Endpoint.values()) {
                if (adapter.supports(endpoint)) {
                    endpoints.add(endpoint.openAiPath());
                }
            }
            String base = adapter.defaultBaseUrl();
            md.append("| `").append(adapter.type()).append("` | ").append(wireFormatName(adapter)).append(" | ")
                    .append(base == null ? "required" : "`" + base + "`").append(" | ")
                    .append(String.join(", ", endpoints)).append(" |\n");
        }
        md.append("""

                `messages` and `responses` in the list mean that Anthropic Messages and OpenAI Responses calls pass
                through to that upstream's own API; every upstream serves them through chat completions otherwise.
                Legacy completions are served by OpenAI-format upstreams only; Anthropic has neither legacy
                completions nor embeddings. Embeddings (`POST /v1/embeddings`, OpenAI dialect) go to OpenAI-format upstreams as they are and
                are translated for Gemini and Bedrock:

                - Gemini: `models/{model}:batchEmbedContents`, one request per input, so an `input` array is one call
                  (Google takes at most 100); `dimensions` becomes `outputDimensionality` (Google normalises only its
                  full-size vectors; shorter ones come back as Google sends them).
                - Bedrock: `InvokeModel` (`/model/{modelId}/invoke`) with the model vendor's body, chosen by the model
                  id. Amazon Titan Text Embeddings (`amazon.titan-embed-text-*`) embeds one text per call, so an
                  `input` array of several texts is refused with a 400; `dimensions` is passed on (256, 512 or 1024)
                  and vectors are normalised. Cohere Embed (`cohere.embed-*`) takes up to 96 texts; its required
                  `input_type` is `search_document` unless the request carries its own `input_type`; v3 vectors are
                  always 1024 floats, v4 takes `dimensions` as `output_dimension`. Other Bedrock models are refused.
                - Both: text only (token-array inputs are refused with a 400, as are empty inputs);
                  `encoding_format: base64` is honoured (little-endian float32, as OpenAI sends). Gemini and Cohere
                  report no token count, so the answer's `usage` is then the gateway's own count of the input
                  (`o200k_base`), booked as estimated; Titan's `inputTextTokenCount` is used as reported.

                Vertex AI (`vertex`) and Azure OpenAI with Microsoft Entra ID authenticate with OAuth access tokens that
                the gateway obtains and refreshes itself; see [configuration](configuration.md#access-tokens-vertex-ai-and-azure-entra-id).

                See the adapters' `package-info.java` files for the quirks each translation handles.
                """);
        return md.toString();
    }

    /** The upstream speaks the client's API, so the call takes the fast path. */
    private static boolean sameFormat(Dialect d, Upstream u) {
        return (d == Dialect.OPENAI_CHAT && u == Upstream.OPENAI) || (d == Dialect.ANTHROPIC_MESSAGES && u == Upstream.ANTHROPIC)
                || (d == Dialect.OPENAI_RESPONSES && u == Upstream.OPENAI);
    }

    private static String wireFormatName(ProviderAdapter adapter) {
        Map<String, String> names = Map.of("OPENAI", "OpenAI", "ANTHROPIC", "Anthropic Messages", "GEMINI", "Gemini",
                "BEDROCK", "Bedrock");
        String name = adapter.wireFormat().name();
        return names.getOrDefault(name, name);
    }

    /** An assertion message on one line, without the bodies it quotes, for a footnote. */
    private static String compact(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").strip();
        line = line.replaceAll(" \\{\"[^\\]]*", " …"); // request bodies quoted in the description
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
