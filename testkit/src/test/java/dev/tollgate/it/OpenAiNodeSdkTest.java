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
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official OpenAI Node SDK (the {@code openai} npm package) against the gateway: a small ESM script makes
 * the calls an application would make and prints one JSON line of what it saw; the assertions are here.
 *
 * <p>The package is installed once into {@code ~/.cache/tollgate-node-sdk/openai-<version>} and reused by later
 * runs. The test is skipped only when {@code node} is not installed; a failing {@code npm install} fails it.
 */
class OpenAiNodeSdkTest {

    /** openai 5.x: supports Node 18+, no runtime dependencies (6.x pulls optional AWS/zod peers, 7.x needs Node 22). */
    static final String SDK_VERSION = System.getProperty("tollgate.node.openai.version", "5.23.2");
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(4);
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().contains("win");

    static GatewayHarness gw;
    static String marker;
    static JsonNode results;

    @BeforeAll
    static void runTheScript() throws Exception {
        assumeTrue(nodeVersion().isPresent(), "node is not on the PATH; the Node SDK test needs it");
        Path sdkDir = installedSdk();
        gw = GatewayHarness.sqlite();
        marker = "node-sdk-" + UUID.randomUUID();
        results = run(sdkDir, Map.of(
                "TOLLGATE_BASE_URL", gw.openAiBaseUrl(),
                "TOLLGATE_KEY", gw.key(),
                "TOLLGATE_MARKER", marker));
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

    /** {@code node --version}, or empty when there is no node on the PATH. */
    static Optional<String> nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The cache directory with {@code node_modules/openai} at {@link #SDK_VERSION}, installing it first if needed.
     * The install happens in a fresh sibling directory that is then renamed into place, so a concurrent or aborted
     * run never leaves a half-installed cache behind.
     */
    static Path installedSdk() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("user.home"), ".cache", "tollgate-node-sdk");
        Path dir = root.resolve("openai-" + SDK_VERSION);
        if (installedVersion(dir).filter(SDK_VERSION::equals).isPresent()) {
            return dir;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "openai-" + SDK_VERSION + ".installing-");
        try {
            Files.writeString(staging.resolve("package.json"), """
                    {"name":"tollgate-node-sdk-check","private":true,"type":"module",\
                    "dependencies":{"openai":"%s"}}
                    """.formatted(SDK_VERSION));
            Path log = staging.resolve("npm-install.log");
            Process p = new ProcessBuilder(WINDOWS ? "npm.cmd" : "npm", "install", "--no-audit", "--no-fund",
                    "--no-progress", "--no-package-lock", "--loglevel=warn")
                    .directory(staging.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("npm install openai@%s did not finish within %s in %s; its output:%n%s",
                        SDK_VERSION, INSTALL_TIMEOUT, staging, Files.readString(log));
            }
            if (p.exitValue() != 0 || installedVersion(staging).filter(SDK_VERSION::equals).isEmpty()) {
                fail("npm install openai@%s failed (exit %d) in %s; its output:%n%s",
                        SDK_VERSION, p.exitValue(), staging, Files.readString(log));
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (installedVersion(dir).filter(SDK_VERSION::equals).isEmpty()) {
                    // a broken leftover: replace it
                    deleteTree(dir);
                    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                }
                // else another run installed it meanwhile: use theirs
            }
            return dir;
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    static Optional<String> installedVersion(Path dir) {
        Path pkg = dir.resolve("node_modules").resolve("openai").resolve("package.json");
        if (!Files.isRegularFile(pkg)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(pkg.toFile()).path("version").asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Runs the check script with node and returns its JSON line. The script is written into the SDK directory
     * (uniquely named, removed afterwards) so that {@code import 'openai'} resolves there: ESM ignores NODE_PATH.
     */
    static JsonNode run(Path sdkDir, Map<String, String> env) throws IOException, InterruptedException {
        Path script = sdkDir.resolve("check-" + UUID.randomUUID() + ".mjs");
        Path out = Files.createTempFile("tollgate-node-sdk", ".out");
        Path err = Files.createTempFile("tollgate-node-sdk", ".err");
        try {
            Files.writeString(script, SCRIPT);
            ProcessBuilder pb = new ProcessBuilder("node", script.toString()).directory(sdkDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            pb.environment().remove("OPENAI_API_KEY");
            pb.environment().remove("OPENAI_BASE_URL");
            Process p = pb.start();
            if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("the Node SDK script did not finish within %s; stdout:%n%s%nstderr:%n%s",
                        SCRIPT_TIMEOUT, Files.readString(out), Files.readString(err));
            }
            String stdout = Files.readString(out);
            if (p.exitValue() != 0) {
                fail("the Node SDK script failed (exit %d); stdout:%n%s%nstderr:%n%s",
                        p.exitValue(), stdout, Files.readString(err));
            }
            List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
            assertThat(lines).as("one JSON line from the script; stdout was:%n%s", stdout).hasSize(1);
            return json(lines.get(0));
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
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
