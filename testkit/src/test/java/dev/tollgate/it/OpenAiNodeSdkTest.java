package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official OpenAI Node SDK (the {@code openai} npm package) against the gateway: a small ESM script makes
 * the calls an application would make and prints one JSON line of what it saw; the assertions are here.
 *
 * <p>The package is installed once into {@code ~/.cache/tollgate-node-sdk/openai-<version>} and reused by later
 * runs ({@link NodeSdk}). The test is skipped only when {@code node} is not installed; a failing
 * {@code npm install} fails it.
 */
class OpenAiNodeSdkTest {

    /** openai 5.x: supports Node 18+, no runtime dependencies (6.x pulls optional AWS/zod peers, 7.x needs Node 22). */
    static final String SDK_VERSION = System.getProperty("tollgate.node.openai.version", "5.23.2");
    static final ObjectMapper JSON = new ObjectMapper();

    static GatewayHarness gw;
    static String marker;
    static JsonNode results;

    @BeforeAll
    static void runTheScript() throws Exception {
        assumeTrue(NodeSdk.nodeVersion().isPresent(), "node is not on the PATH; the Node SDK test needs it");
        Path sdkDir = NodeSdk.installed("openai", SDK_VERSION);
        gw = GatewayHarness.sqlite();
        marker = "node-sdk-" + UUID.randomUUID();
        results = NodeSdk.run(sdkDir, SCRIPT, Map.of(
                "TOLLGATE_BASE_URL", gw.openAiBaseUrl(),
                "TOLLGATE_KEY", gw.key(),
                "TOLLGATE_MARKER", marker), List.of("OPENAI_API_KEY", "OPENAI_BASE_URL"));
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

    @Test
    void nonStreamingChatCompletion() {
        JsonNode chat = results.path("chat");
        assertThat(chat.path("object").asText()).isEqualTo("chat.completion");
        assertThat(chat.path("content").asText()).isNotBlank();
        assertThat(chat.path("requestIdProperty").asText()).as("the SDK's _request_id")
                .isEqualTo(chat.path("requestId").asText()).startsWith("req_");

        UsageEvent e = booked(chat.path("requestId").asText());
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.stream()).isFalse();
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().promptTokens()).isEqualTo(chat.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(e.usage().completionTokens()).isEqualTo(chat.path("usage").path("completion_tokens").asLong()).isPositive();
        assertThat(chat.path("usage").path("total_tokens").asLong()).isEqualTo(e.usage().totalTokens());
    }

    @Test
    void streamingChatWithoutUsage() {
        JsonNode stream = results.path("stream");
        assertThat(stream.path("text").asText()).isNotBlank();
        assertThat(stream.path("chunks").asInt()).isGreaterThan(2);
        assertThat(stream.path("usageChunks").asInt()).as("no usage chunk unless asked for").isZero();
        assertThat(stream.path("finishReason").asText()).isIn("stop", "length");

        UsageEvent e = booked(stream.path("requestId").asText());
        assertThat(e.stream()).isTrue();
        assertThat(e.usage().estimated()).as("the gateway still got usage from upstream").isFalse();
        assertThat(e.usage().completionTokens()).isEqualTo(stream.path("contentChunks").asLong());
    }

    @Test
    void streamingChatWithIncludeUsage() {
        JsonNode stream = results.path("streamWithUsage");
        assertThat(stream.path("text").asText()).isNotBlank();
        assertThat(stream.path("usageChunks").asInt()).isEqualTo(1);
        assertThat(stream.path("lastChunkChoices").asInt()).as("the usage chunk has no choices").isZero();
        UsageEvent e = booked(stream.path("requestId").asText());
        assertThat(e.usage().promptTokens()).isEqualTo(stream.path("usage").path("prompt_tokens").asLong());
        assertThat(e.usage().completionTokens()).isEqualTo(stream.path("usage").path("completion_tokens").asLong());
    }

    @Test
    void embeddingsAreRequestedAsBase64AndDecodedBySdk() {
        JsonNode emb = results.path("embeddings");
        List<Integer> lengths = new ArrayList<>();
        emb.path("lengths").forEach(n -> lengths.add(n.asInt()));
        assertThat(lengths).containsExactly(24, 24);
        emb.path("norms").forEach(n -> assertThat(n.asDouble()).as("unit vectors survive base64 decoding")
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3)));
        emb.path("allNumbers").forEach(n -> assertThat(n.asBoolean()).isTrue());

        // The point: the Node SDK asks for base64 by default and decodes it itself.
        RecordedRequest upstream = upstreamCarrying(marker + "-embed");
        assertThat(json(upstream.body()).path("encoding_format").asText()).isEqualTo("base64");
        assertThat(json(upstream.body()).path("dimensions").asInt()).isEqualTo(24);

        UsageEvent e = booked(emb.path("requestId").asText());
        assertThat(e.usage().promptTokens()).isEqualTo(emb.path("usage").path("prompt_tokens").asLong()).isPositive();
    }

    @Test
    void modelsList() {
        List<String> ids = new ArrayList<>();
        results.path("models").forEach(n -> ids.add(n.asText()));
        assertThat(ids).contains("gpt-4o-mini", "gpt-4o", "text-embedding-3-small").doesNotHaveDuplicates();
    }

    @Test
    void errorsBecomeTheSdksTypedErrors() {
        JsonNode notFound = results.path("notFound");
        assertThat(notFound.path("class").asText()).isEqualTo("NotFoundError");
        assertThat(notFound.path("status").asInt()).isEqualTo(404);
        assertThat(notFound.path("code").asText()).isEqualTo("model_not_found");
        assertThat(notFound.path("message").asText()).contains("The model 'no-such-model' does not exist");
        assertThat(notFound.path("requestId").asText()).startsWith("req_");

        JsonNode unauthorized = results.path("unauthorized");
        assertThat(unauthorized.path("class").asText()).isEqualTo("AuthenticationError");
        assertThat(unauthorized.path("status").asInt()).isEqualTo(401);
        assertThat(unauthorized.path("code").asText()).isEqualTo("invalid_api_key");
    }

    // ---------------------------------------------------------------- helpers

    static UsageEvent booked(String requestId) {
        assertThat(requestId).isNotBlank();
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    static RecordedRequest upstreamCarrying(String text) {
        List<RecordedRequest> matching = gw.simulator().recentRequests().stream()
                .filter(r -> r.body().contains(text)).toList();
        assertThat(matching).as("upstream requests carrying %s", text).hasSize(1);
        return matching.get(0);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static final String SCRIPT = """
            import OpenAI from 'openai';
            import { readFileSync } from 'node:fs';

            const sdkVersion = JSON.parse(readFileSync(new URL('./node_modules/openai/package.json', import.meta.url))).version;
            const marker = process.env.TOLLGATE_MARKER;
            const client = new OpenAI({
              baseURL: process.env.TOLLGATE_BASE_URL,
              apiKey: process.env.TOLLGATE_KEY,
              maxRetries: 0,
              timeout: 20000,
            });
            const hello = (suffix) => [
              { role: 'system', content: 'You are terse.' },
              { role: 'user', content: `Say hello to the gateway (${marker}-${suffix})` },
            ];

            // non-streaming chat
            const { data: completion, response: chatResponse } = await client.chat.completions
              .create({ model: 'gpt-4o-mini', messages: hello('chat'), max_tokens: 16 })
              .withResponse();
            const chat = {
              object: completion.object,
              content: completion.choices[0].message.content,
              usage: completion.usage,
              requestId: chatResponse.headers.get('x-request-id'),
              requestIdProperty: completion._request_id,
            };

            // streaming chat, with and without usage
            async function streamed(suffix, extra) {
              const { data: stream, response } = await client.chat.completions
                .create({ model: 'gpt-4o-mini', messages: hello(suffix), max_tokens: 16, stream: true, ...extra })
                .withResponse();
              let text = '', chunks = 0, contentChunks = 0, usageChunks = 0, usage = null, finishReason = null, lastChunkChoices = -1;
              for await (const chunk of stream) {
                chunks++;
                lastChunkChoices = chunk.choices.length;
                for (const choice of chunk.choices) {
                  if (choice.delta?.content) { text += choice.delta.content; contentChunks++; }
                  if (choice.finish_reason) finishReason = choice.finish_reason;
                }
                if (chunk.usage) { usageChunks++; usage = chunk.usage; }
              }
              return { text, chunks, contentChunks, usageChunks, usage, finishReason, lastChunkChoices,
                       requestId: response.headers.get('x-request-id') };
            }
            const stream = await streamed('stream', {});
            const streamWithUsage = await streamed('stream-usage', { stream_options: { include_usage: true } });

            // embeddings: the SDK asks for base64 unless told otherwise, and decodes to number[]
            const { data: embedded, response: embResponse } = await client.embeddings
              .create({ model: 'text-embedding-3-small', input: [`${marker}-embed`, 'second input'], dimensions: 24 })
              .withResponse();
            const embeddings = {
              lengths: embedded.data.map((d) => d.embedding.length),
              norms: embedded.data.map((d) => Math.sqrt(d.embedding.reduce((s, x) => s + x * x, 0))),
              allNumbers: embedded.data.map((d) => Array.isArray(d.embedding) && d.embedding.every((x) => typeof x === 'number')),
              usage: embedded.usage,
              requestId: embResponse.headers.get('x-request-id'),
            };

            // models
            const models = [];
            for await (const model of client.models.list()) models.push(model.id);

            // errors
            async function failure(call) {
              try {
                await call();
                return { class: 'none' };
              } catch (e) {
                return { class: e?.constructor?.name, status: e.status, code: e.code, type: e.type,
                         message: e.message, requestId: e.request_id ?? e.headers?.get?.('x-request-id') ?? null };
              }
            }
            const notFound = await failure(() => client.chat.completions.create({ model: 'no-such-model', messages: hello('404') }));
            const stranger = new OpenAI({ baseURL: process.env.TOLLGATE_BASE_URL, apiKey: 'tg-' + 'x'.repeat(43), maxRetries: 0 });
            const unauthorized = await failure(() => stranger.chat.completions.create({ model: 'gpt-4o-mini', messages: hello('401') }));

            console.log(JSON.stringify({ sdkVersion, chat, stream, streamWithUsage, embeddings, models, notFound, unauthorized }));
            """;
}
