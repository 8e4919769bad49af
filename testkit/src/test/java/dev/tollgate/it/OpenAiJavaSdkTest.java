package dev.tollgate.it;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}) pointed at the gateway, used exactly as an
 * application would use it against api.openai.com.
 */
class OpenAiJavaSdkTest {

    static GatewayHarness gw;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.sqlite();
        client = sdk(gw.key());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    static OpenAIClient sdk(String apiKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gw.openAiBaseUrl())
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    static ChatCompletionCreateParams.Builder hello(String marker) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("You are terse.")
                .addUserMessage("Say hello to the gateway (" + marker + ")")
                .maxCompletionTokens(16);
    }

    static String marker() {
        return "sdk-" + UUID.randomUUID();
    }

    /** The usage event the gateway booked under this x-request-id. */
    static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    static String requestId(HttpResponseFor<?> response) {
        List<String> ids = response.headers().values("x-request-id");
        assertThat(ids).as("x-request-id on the gateway's answer").hasSize(1);
        assertThat(response.requestId()).as("the SDK's own requestId()").contains(ids.get(0));
        return ids.get(0);
    }

    static RecordedRequest upstreamCarrying(String marker) {
        List<RecordedRequest> matching = gw.simulator().recentRequests().stream()
                .filter(r -> r.body().contains(marker)).toList();
        assertThat(matching).as("upstream requests carrying %s", marker).hasSize(1);
        return matching.get(0);
    }

    @Test
    void nonStreamingChatCompletionIsParsedAndBookedWithTheSameUsage() {
        String marker = marker();
        ChatCompletion completion;
        String requestId;
        try (HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(hello(marker).build())) {
            assertThat(raw.statusCode()).isEqualTo(200);
            requestId = requestId(raw);
            completion = raw.parse();
        }
        completion.validate(); // the SDK's strict check of every field it knows
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
        assertThat(completion.choices().get(0).finishReason()).isIn(
                ChatCompletion.Choice.FinishReason.STOP, ChatCompletion.Choice.FinishReason.LENGTH);

        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isPositive().isLessThanOrEqualTo(16);
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());

        UsageEvent e = booked(requestId);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.stream()).isFalse();
        assertThat(e.model()).isEqualTo("gpt-4o-mini");
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().promptTokens()).isEqualTo(usage.promptTokens());
        assertThat(e.usage().completionTokens()).isEqualTo(usage.completionTokens());
        assertThat(e.usage().totalTokens()).isEqualTo(usage.totalTokens());
        assertThat(e.costNanoUsd()).isPositive();

        // What the SDK put on the wire reached the provider with the gateway's credentials, not the client's.
        RecordedRequest upstream = upstreamCarrying(marker);
        assertThat(upstream.header("authorization")).isEqualTo("Bearer " + gw.upstreamKey());
        assertThat(upstream.body()).contains("\"max_completion_tokens\":16");
    }

    @Test
    void streamingChatAssemblesTheContentAndHidesTheUsageChunkTheClientDidNotAskFor() {
        String marker = marker();
        List<ChatCompletionChunk> chunks;
        String requestId;
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
                     client.chat().completions().withRawResponse().createStreaming(hello(marker).build());
             StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
            requestId = requestId(raw);
            chunks = stream.stream().toList();
        }
        String content = assemble(chunks);
        assertThat(content).isNotBlank();
        assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).hasSize(1));
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isPresent();

        // The gateway asked upstream for usage anyway (to meter), and booked the reported numbers.
        assertThat(upstreamCarrying(marker).body()).contains("\"include_usage\":true");
        UsageEvent e = booked(requestId);
        assertThat(e.stream()).isTrue();
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().promptTokens()).isPositive();
        assertThat(e.usage().completionTokens()).isPositive();
    }

    @Test
    void streamingChatWithIncludeUsageLetsTheSdkSeeTheUsageTheGatewayBooked() {
        String marker = marker();
        List<ChatCompletionChunk> chunks;
        String requestId;
        ChatCompletionCreateParams params = hello(marker)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
                     client.chat().completions().withRawResponse().createStreaming(params);
             StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
            requestId = requestId(raw);
            chunks = stream.stream().toList();
        }
        assertThat(assemble(chunks)).isNotBlank();
        List<CompletionUsage> usages = chunks.stream().flatMap(c -> c.usage().stream()).toList();
        assertThat(usages).as("exactly one usage chunk").hasSize(1);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.usage()).isPresent();
        assertThat(last.choices()).isEmpty();

        CompletionUsage usage = usages.get(0);
        UsageEvent e = booked(requestId);
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().promptTokens()).isEqualTo(usage.promptTokens());
        assertThat(e.usage().completionTokens()).isEqualTo(usage.completionTokens());
        // one content chunk per completion token in the simulator
        long contentChunks = chunks.stream().filter(c -> !c.choices().isEmpty())
                .filter(c -> c.choices().get(0).delta().content().filter(s -> !s.isEmpty()).isPresent()).count();
        assertThat(usage.completionTokens()).isEqualTo(contentChunks);
    }

    @Test
    void embeddingsHonourDimensionsAndAreBooked() {
        String marker = marker();
        CreateEmbeddingResponse response;
        String requestId;
        try (HttpResponseFor<CreateEmbeddingResponse> raw = client.embeddings().withRawResponse().create(
                EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .inputOfArrayOfStrings(List.of("first " + marker, "second input"))
                        .dimensions(32)
                        .build())) {
            requestId = requestId(raw);
            response = raw.parse();
        }
        assertThat(response.data()).hasSize(2);
        assertThat(response.data()).extracting(d -> d.index()).containsExactly(0L, 1L);
        for (var embedding : response.data()) {
            List<Float> vector = embedding.embedding();
            assertThat(vector).hasSize(32);
            double norm = Math.sqrt(vector.stream().mapToDouble(f -> f * f).sum());
            assertThat(norm).as("the simulator returns unit vectors").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(response.usage().promptTokens()).isPositive();

        UsageEvent e = booked(requestId);
        assertThat(e.usage().promptTokens()).isEqualTo(response.usage().promptTokens());
        assertThat(e.usage().completionTokens()).isZero();
        assertThat(e.status()).isEqualTo(200);
    }

    @Test
    void modelsListShowsTheConfiguredModelNames() {
        List<String> ids = client.models().list().autoPager().stream().map(Model::id).toList();
        assertThat(ids).contains("gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "broken-500")
                .doesNotHaveDuplicates();
        // the gateway's own names, not the simulator's list (which has gpt-4.1, o3-mini, ...)
        assertThat(ids).doesNotContain("o3-mini", "gpt-4.1");
    }

    @Test
    void anUnknownModelIsANotFoundExceptionWithTheGatewaysMessage() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("The model 'no-such-model' does not exist or you do not have access to it.");
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.type()).contains("invalid_request_error");
                    assertThat(e.param()).contains("model");
                    assertThat(e.headers().values("x-request-id")).hasSize(1);
                });
    }

    @Test
    void aBadKeyIsAnUnauthorizedException() {
        OpenAIClient stranger = sdk("tg-" + "x".repeat(43));
        try {
            assertThatThrownBy(() -> stranger.chat().completions().create(hello(marker()).build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.code()).contains("invalid_api_key");
                        assertThat(e.getMessage()).doesNotContain(gw.upstreamKey());
                    });
            assertThatThrownBy(() -> stranger.models().list())
                    .isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }
    }

    static String assemble(List<ChatCompletionChunk> chunks) {
        StringBuilder sb = new StringBuilder();
        for (ChatCompletionChunk c : chunks) {
            for (ChatCompletionChunk.Choice choice : c.choices()) {
                choice.delta().content().ifPresent(sb::append);
            }
        }
        return sb.toString();
    }
}
