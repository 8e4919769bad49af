package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official Anthropic TypeScript SDK (the {@code @anthropic-ai/sdk} npm package) against the gateway's
 * Anthropic Messages endpoint, on a model behind an OpenAI-format upstream ({@code gpt-4o-mini}, translated)
 * and one behind an Anthropic-format upstream ({@code claude}, passed through). A small ESM script makes the
 * calls an application would make and prints one JSON line of what it saw; the assertions are here.
 *
 * <p>The package is installed once into {@code ~/.cache/tollgate-node-sdk/anthropic-ai-sdk-<version>} and
 * reused by later runs ({@link NodeSdk}). The test is skipped only when {@code node} is not installed; a
 * failing {@code npm install} fails it.
 */
class AnthropicNodeSdkTest {

    /** 1.x runs on Node 20 (no {@code engines} limit; three small runtime dependencies, zod an optional peer). */
    static final String SDK_VERSION = System.getProperty("tollgate.node.anthropic.version", "1.13.0");

    static final String TRANSLATED = AnthropicJavaSdkTest.TRANSLATED;
    static final String PASS_THROUGH = AnthropicJavaSdkTest.PASS_THROUGH;

    static GatewayHarness gw;
    static String marker;
    static JsonNode results;

    @BeforeAll
    static void runTheScript() throws Exception {
        assumeTrue(NodeSdk.nodeVersion().isPresent(), "node is not on the PATH; the Node SDK test needs it");
        Path sdkDir = NodeSdk.installed("@anthropic-ai/sdk", SDK_VERSION);
        gw = GatewayHarness.start(AnthropicJavaSdkTest.CONFIG, null, "sk-ant-sim-" + UUID.randomUUID());
        marker = "node-anthropic-" + UUID.randomUUID();
        // the SDK reads ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, ANTHROPIC_PROFILE, ... from the environment
        List<String> unset = Stream.concat(
                Stream.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_PROFILE"),
                System.getenv().keySet().stream().filter(k -> k.startsWith("ANTHROPIC_"))).distinct().toList();
        results = NodeSdk.run(sdkDir, SCRIPT, Map.of(
                "TOLLGATE_BASE_URL", gw.baseUrl(),
                "TOLLGATE_KEY", gw.key(),
                "TOLLGATE_MARKER", marker), unset);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    // ---------------------------------------------------------------- assertions on what the SDK saw

    @Test
    void theScriptRanTheInstalledSdkVersion() {
        assertThat(results.path("sdkVersion").asText()).isEqualTo(SDK_VERSION);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TRANSLATED, PASS_THROUGH})
    void messagesCreate(String model) {
        JsonNode create = results.path(model).path("create");
        assertThat(create.path("type").asText()).isEqualTo("message");
        assertThat(create.path("role").asText()).isEqualTo("assistant");
        assertThat(create.path("id").asText()).startsWith("msg_");
        assertThat(create.path("model").asText()).isNotBlank();
        assertThat(texts(create.path("contentTypes"))).containsExactly("text");
        assertThat(create.path("text").asText()).isNotBlank();
        assertThat(create.path("stopReason").asText()).isEqualTo("end_turn");

        UsageEvent e = booked(create.path("requestId").asText());
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.stream()).isFalse();
        assertThat(e.model()).isEqualTo(model);
        assertBookedAs(e, create.path("usage"));

        RecordedRequest upstream = upstreamCarrying(marker + "-" + model + "-create");
        assertThat(upstream.path()).isEqualTo(model.equals(TRANSLATED) ? "/v1/chat/completions" : "/v1/messages");
        assertThat(upstream.body()).doesNotContain(gw.key());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TRANSLATED, PASS_THROUGH})
    void messagesStreamWithTextEventsAndFinalMessage(String model) {
        JsonNode stream = results.path(model).path("stream");
        List<String> types = texts(stream.path("eventTypes"));
        assertThat(types).first().isEqualTo("message_start");
        assertThat(types).last().isEqualTo("message_stop");
        assertThat(types).containsSubsequence("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");

        JsonNode last = stream.path("finalMessage");
        assertThat(last.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(stream.path("text").asText()).as("the text events add up to the final message")
                .isNotBlank().isEqualTo(last.path("text").asText());
        assertThat(stream.path("textEvents").asLong()).as("one text delta per output token in the simulator")
                .isEqualTo(last.path("usage").path("output_tokens").asLong());
        assertThat(stream.path("textSnapshot").asText()).isEqualTo(last.path("text").asText());

        UsageEvent e = booked(stream.path("requestId").asText());
        assertThat(e.stream()).isTrue();
        assertThat(e.status()).isEqualTo(200);
        assertBookedAs(e, last.path("usage"));
        assertThat(last.path("usage").path("input_tokens").asLong()).isPositive();

        RecordedRequest upstream = upstreamCarrying(marker + "-" + model + "-stream");
        if (model.equals(TRANSLATED)) {
            assertThat(json(upstream.body()).path("stream_options").path("include_usage").asBoolean())
                    .as("the gateway asks the OpenAI-format upstream for usage").isTrue();
        } else {
            assertThat(json(upstream.body()).path("stream").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TRANSLATED, PASS_THROUGH})
    void countTokens(String model) {
        JsonNode count = results.path(model).path("countTokens");
        assertThat(count.path("small").asLong()).isPositive();
        assertThat(count.path("large").asLong()).isGreaterThan(count.path("small").asLong());
        assertThat(count.path("requestId").asText()).startsWith("req_");
    }

    @Test
    void aToolCallAndAStreamedToolCall() {
        JsonNode tools = results.path("tools");
        JsonNode create = tools.path("create");
        assertThat(create.path("stopReason").asText()).isEqualTo("tool_use");
        assertThat(create.path("toolUse").path("type").asText()).isEqualTo("tool_use");
        assertThat(create.path("toolUse").path("name").asText()).isEqualTo("get_weather");
        assertThat(create.path("toolUse").path("id").asText()).startsWith("toolu_");
        JsonNode input = create.path("toolUse").path("input");
        assertThat(input.path("city").isTextual()).isTrue();
        assertThat(input.path("days").isInt()).isTrue();

        JsonNode stream = tools.path("stream");
        assertThat(stream.path("inputJsonEvents").asInt()).isPositive();
        assertThat(stream.path("finalMessage").path("stopReason").asText()).isEqualTo("tool_use");
        assertThat(stream.path("finalMessage").path("toolUse").path("input").path("city").isTextual()).isTrue();
        assertThat(stream.path("jsonSnapshot")).as("the SDK's partial-JSON snapshot ends as the final input")
                .isEqualTo(stream.path("finalMessage").path("toolUse").path("input"));
    }

    @Test
    void errorsBecomeTheSdksTypedErrorsInAnthropicsFormat() {
        for (String call : List.of("createNotFound", "streamNotFound", "countTokensNotFound")) {
            JsonNode e = results.path("errors").path(call);
            assertThat(e.path("class").asText()).as(call).isEqualTo("NotFoundError");
            assertThat(e.path("status").asInt()).as(call).isEqualTo(404);
            assertThat(e.path("body").path("type").asText()).as(call).isEqualTo("error");
            assertThat(e.path("body").path("error").path("type").asText()).as(call).isEqualTo("not_found_error");
            assertThat(e.path("xRequestId").asText()).as(call).startsWith("req_");
        }
        assertThat(results.path("errors").path("createNotFound").path("message").asText()).contains("no-such-model");

        for (String call : List.of("createUnauthorized", "countTokensUnauthorized")) {
            JsonNode e = results.path("errors").path(call);
            assertThat(e.path("class").asText()).as(call).isEqualTo("AuthenticationError");
            assertThat(e.path("status").asInt()).as(call).isEqualTo(401);
            assertThat(e.path("body").path("error").path("type").asText()).as(call).isEqualTo("authentication_error");
        }
        assertThat(results.path("errors").toString()).doesNotContain(gw.upstreamKey());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cut-short", "claude-cut-short"})
    void aStreamCutShortUpstreamRejectsFinalMessageWithTheErrorEvent(String model) {
        JsonNode broken = results.path("brokenStreams").path(model);
        assertThat(broken.path("class").asText()).isEqualTo("APIError");
        assertThat(broken.path("body").path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(broken.path("textEvents").asInt()).as("text before the break reached the client").isPositive();

        UsageEvent e = booked(broken.path("requestId").asText());
        assertThat(e.errorType()).isEqualTo("upstream_error");
        assertThat(e.usage().estimated()).isTrue();
    }

    /** The SDK's {@code _request_id} / {@code request_id} / {@code requestID} come from {@code request-id}. */
    @Test
    void theSdksOwnRequestIdIsTheGatewaysRequestId() {
        for (String model : List.of(TRANSLATED, PASS_THROUGH)) {
            for (String call : List.of("create", "stream")) {
                JsonNode r = results.path(model).path(call);
                assertThat(r.path("sdkRequestId").asText()).as(model + " " + call).isEqualTo(r.path("requestId").asText());
            }
        }
        JsonNode e = results.path("errors").path("createNotFound");
        assertThat(e.path("sdkRequestId").asText()).isEqualTo(e.path("xRequestId").asText());
    }

    // ---------------------------------------------------------------- helpers

    static UsageEvent booked(String requestId) {
        assertThat(requestId).isNotBlank();
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** Anthropic's input_tokens exclude the cache; the gateway books every input token as prompt tokens. */
    static void assertBookedAs(UsageEvent e, JsonNode usage) {
        long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
        long cacheWrite = usage.path("cache_creation_input_tokens").asLong(0);
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().promptTokens()).as("booked prompt tokens")
                .isEqualTo(usage.path("input_tokens").asLong() + cacheRead + cacheWrite).isPositive();
        assertThat(e.usage().completionTokens()).as("booked completion tokens")
                .isEqualTo(usage.path("output_tokens").asLong()).isPositive();
    }

    static RecordedRequest upstreamCarrying(String text) {
        List<RecordedRequest> matching = gw.simulator().recentRequests().stream()
                .filter(r -> r.body().contains(text)).toList();
        assertThat(matching).as("upstream requests carrying %s", text).hasSize(1);
        return matching.get(0);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static final String SCRIPT = """
            import Anthropic from '@anthropic-ai/sdk';
            import { readFileSync } from 'node:fs';

            const sdkVersion = JSON.parse(readFileSync(
              new URL('./node_modules/@anthropic-ai/sdk/package.json', import.meta.url))).version;
            const marker = process.env.TOLLGATE_MARKER;
            const baseURL = process.env.TOLLGATE_BASE_URL;
            const client = new Anthropic({ baseURL, apiKey: process.env.TOLLGATE_KEY, maxRetries: 0, timeout: 20000 });
            const hello = (tag) => ({
              system: 'You are terse.',
              messages: [{ role: 'user', content: `Say hello to the gateway (${marker}-${tag})` }],
              max_tokens: 64,
            });
            const weather = {
              name: 'get_weather',
              description: 'The current weather in a city',
              input_schema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
            };
            const textOf = (m) => m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
            const summary = (m) => ({
              id: m.id, type: m.type, role: m.role, model: m.model, stopReason: m.stop_reason, usage: m.usage,
              contentTypes: m.content.map((b) => b.type), text: textOf(m),
              toolUse: m.content.find((b) => b.type === 'tool_use') ?? null,
            });

            async function create(model) {
              const { data, response } = await client.messages
                .create({ model, ...hello(`${model}-create`) })
                .withResponse();
              return { ...summary(data), requestId: response.headers.get('x-request-id'), sdkRequestId: data._request_id ?? null };
            }

            async function stream(model, params) {
              const s = client.messages.stream({ model, ...params });
              const eventTypes = [];
              let text = '', textEvents = 0, textSnapshot = '', inputJsonEvents = 0, jsonSnapshot = null;
              s.on('streamEvent', (e) => eventTypes.push(e.type));
              s.on('text', (delta, snapshot) => { text += delta; textEvents++; textSnapshot = snapshot; });
              s.on('inputJson', (_partial, snapshot) => { inputJsonEvents++; jsonSnapshot = snapshot; });
              const finalMessage = summary(await s.finalMessage());
              return { eventTypes, text, textEvents, textSnapshot, inputJsonEvents, jsonSnapshot, finalMessage,
                       requestId: s.response?.headers.get('x-request-id') ?? null, sdkRequestId: s.request_id ?? null };
            }

            async function countTokens(model) {
              const { data: small, response } = await client.messages
                .countTokens({ model, messages: [{ role: 'user', content: 'Hello' }] })
                .withResponse();
              const large = await client.messages.countTokens({
                model,
                system: 'You are a careful assistant who answers in full sentences.',
                messages: [{ role: 'user', content: 'Hello there, please tell me a long story about a gateway that counts tokens.' }],
                tools: [weather],
              });
              return { small: small.input_tokens, large: large.input_tokens, requestId: response.headers.get('x-request-id') };
            }

            async function failure(call) {
              try {
                await call();
                return { class: 'none' };
              } catch (e) {
                return { class: e?.constructor?.name, status: e.status ?? null, body: e.error ?? null, message: e.message,
                         sdkRequestId: e.requestID ?? null, xRequestId: e.headers?.get?.('x-request-id') ?? null };
              }
            }

            const out = { sdkVersion };
            for (const model of ['gpt-4o-mini', 'claude']) {
              out[model] = {
                create: await create(model),
                stream: await stream(model, hello(`${model}-stream`)),
                countTokens: await countTokens(model),
              };
            }

            const toolParams = { messages: [{ role: 'user', content: 'What is the weather in Paris?' }], max_tokens: 256, tools: [weather] };
            out.tools = {
              create: summary(await client.messages.create({ model: 'claude-tools', ...toolParams })),
              stream: await stream('claude-tools', toolParams),
            };

            const stranger = new Anthropic({ baseURL, apiKey: 'tg-' + 'x'.repeat(43), maxRetries: 0 });
            out.errors = {
              createNotFound: await failure(() => client.messages.create({ model: 'no-such-model', ...hello('404') })),
              streamNotFound: await failure(() => client.messages.stream({ model: 'no-such-model', ...hello('404s') }).finalMessage()),
              countTokensNotFound: await failure(() => client.messages.countTokens({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })),
              createUnauthorized: await failure(() => stranger.messages.create({ model: 'claude', ...hello('401') })),
              countTokensUnauthorized: await failure(() => stranger.messages.countTokens({ model: 'claude', messages: [{ role: 'user', content: 'hi' }] })),
            };

            out.brokenStreams = {};
            for (const model of ['cut-short', 'claude-cut-short']) {
              const s = client.messages.stream({ model, ...hello(`${model}-broken`) });
              let textEvents = 0;
              s.on('text', () => { textEvents++; });
              s.on('error', () => {}); // finalMessage() below reports it
              const f = await failure(() => s.finalMessage());
              out.brokenStreams[model] = { ...f, textEvents, requestId: s.response?.headers.get('x-request-id') ?? null };
            }

            console.log(JSON.stringify(out));
            """;
}
