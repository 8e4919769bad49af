package dev.tollgate.providers.bedrock;

import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BedrockAdapterTest {

    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Secret KEY = new Secret(ACCESS_KEY + ":" + SECRET_KEY);
    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    static final String MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    private final BedrockAdapter adapter = new BedrockAdapter(Clock.fixed(NOW, ZoneOffset.UTC), () -> "chatcmpl-test");

    static ProviderSettings provider(String baseUrl, Map<String, String> options, Map<String, String> headers) {
        return new ProviderSettings("aws", "bedrock", baseUrl, List.of(KEY), headers, options, 1000, 1000);
    }

    static ProviderSettings regional(String region) {
        return provider(BedrockAdapter.REGIONAL_BASE_URL, Map.of("region", region), Map.of());
    }

    @Test
    void describesItself() {
        assertThat(adapter.type()).isEqualTo("bedrock");
        assertThat(adapter.wireFormat()).isEqualTo(WireFormat.BEDROCK);
        assertThat(adapter.supports(Endpoint.CHAT_COMPLETIONS)).isTrue();
        assertThat(adapter.supports(Endpoint.EMBEDDINGS)).isTrue();
        assertThat(adapter.supports(Endpoint.COMPLETIONS)).isFalse();
        assertThat(adapter.defaultBaseUrl()).isEqualTo("https://bedrock-runtime.region.amazonaws.com");
        assertThat(java.net.URI.create(adapter.defaultBaseUrl()).getHost()).isNotNull(); // passes config validation
        assertThat(adapter.streamContentType()).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(adapter.newStreamDecoder()).isNotSameAs(adapter.newStreamDecoder());
    }

    @Test
    void targetsTheRegionalEndpointWithTheModelIdAsOneEncodedSegment() {
        UpstreamTarget target = adapter.target(regional("eu-west-1"), Endpoint.CHAT_COMPLETIONS, MODEL, KEY, false);
        assertThat(target.url()).isEqualTo("https://bedrock-runtime.eu-west-1.amazonaws.com/model/"
                + "anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse");
        assertThat(target.headers()).containsEntry("accept", "application/json").doesNotContainKey("authorization");

        UpstreamTarget stream = adapter.target(provider(null, Map.of("region", "us-west-2"), Map.of()),
                Endpoint.CHAT_COMPLETIONS, "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-x", KEY, true);
        assertThat(stream.url()).isEqualTo("https://bedrock-runtime.us-west-2.amazonaws.com/model/"
                + "arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-x/converse-stream");
        assertThat(stream.headers()).containsEntry("accept", "application/vnd.amazon.eventstream");
    }

    @Test
    void aBaseUrlReplacesTheEndpointAndMayCarryTheRegion() {
        ProviderSettings sim = provider("http://127.0.0.1:8089/", Map.of("region", "us-east-1"), Map.of());
        assertThat(adapter.target(sim, Endpoint.CHAT_COMPLETIONS, "claude+status=429", KEY, false).url())
                .isEqualTo("http://127.0.0.1:8089/model/claude%2Bstatus%3D429/converse");

        ProviderSettings fips = provider("https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com", Map.of(), Map.of());
        assertThat(BedrockAdapter.region(fips, null)).isEqualTo("us-gov-west-1");

        ProviderSettings noRegion = provider("https://proxy.internal/bedrock", Map.of(), Map.of());
        assertThatThrownBy(() -> adapter.sign(noRegion, adapter.target(noRegion, Endpoint.CHAT_COMPLETIONS, MODEL, KEY, false),
                new byte[0], KEY, NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options.region");
        assertThatThrownBy(() -> BedrockAdapter.region(provider(null, Map.of("region", "Mars 1"), Map.of()), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extraHeadersGoAlongButNeverReplaceTheSignature() {
        ProviderSettings p = provider(null, Map.of("region", "us-east-1"),
                Map.of("X-Amzn-Bedrock-Trace", "ENABLED", "Authorization", "Bearer nope", "x-amz-date", "19700101T000000Z"));
        UpstreamTarget target = adapter.target(p, Endpoint.CHAT_COMPLETIONS, MODEL, KEY, false);
        assertThat(target.headers()).containsEntry("X-Amzn-Bedrock-Trace", "ENABLED")
                .doesNotContainKeys("Authorization", "x-amz-date");
    }

    @Test
    void malformedKeysAreRefusedWithoutShowingThem() {
        Secret bad = new Secret("just-one-part-secret");
        assertThatThrownBy(() -> adapter.target(regional("us-east-1"), Endpoint.CHAT_COMPLETIONS, MODEL, bad, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ACCESS_KEY_ID:SECRET_ACCESS_KEY")
                .hasMessageNotContaining("just-one-part");
        assertThat(AwsKey.parse(KEY).toString()).doesNotContain(SECRET_KEY);
    }

    @Test
    void signsOverTheBodyWithTheAwsSdkSigner() throws Exception {
        ProviderSettings p = regional("us-east-1");
        UpstreamTarget target = adapter.target(p, Endpoint.CHAT_COMPLETIONS, MODEL, KEY, false);
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = adapter.sign(p, target, body, KEY, NOW);

        assertThat(headers).containsOnlyKeys("authorization", "x-amz-date", "x-amz-content-sha256");
        assertThat(headers.get("x-amz-date")).isEqualTo("20250102T030405Z");
        assertThat(headers.get("x-amz-content-sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(headers.get("authorization")).matches("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY
                + "/20250102/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=[0-9a-f]{64}");
        assertThat(headers.values()).noneMatch(v -> v.contains(SECRET_KEY));

        // Deterministic for the same request; different for another body, time or region.
        assertThat(adapter.sign(p, target, body, KEY, NOW)).isEqualTo(headers);
        String signature = signature(headers);
        byte[] other = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature(adapter.sign(p, target, other, KEY, NOW))).isNotEqualTo(signature);
        assertThat(signature(adapter.sign(p, target, body, KEY, NOW.plusSeconds(1)))).isNotEqualTo(signature);
        ProviderSettings west = regional("us-west-2");
        assertThat(signature(adapter.sign(west, adapter.target(west, Endpoint.CHAT_COMPLETIONS, MODEL, KEY, false),
                body, KEY, NOW))).isNotEqualTo(signature);
    }

    @Test
    void temporaryCredentialsSendAndSignTheSessionToken() {
        Secret session = new Secret("ASIAIOSFODNN7EXAMPLE:" + SECRET_KEY + ":IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+value==");
        ProviderSettings p = provider(null, Map.of("region", "us-east-1"), Map.of("x-amz-user-agent", "tollgate"));
        UpstreamTarget target = adapter.target(p, Endpoint.CHAT_COMPLETIONS, MODEL, session, true);
        Map<String, String> headers = adapter.sign(p, target, new byte[] {'{', '}'}, session, NOW);
        assertThat(headers).containsEntry("x-amz-security-token", "IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+value==");
        assertThat(headers.get("authorization"))
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-user-agent,");
    }

    @Test
    void aNonDefaultPortIsPartOfTheSignedHost() {
        ProviderSettings a = provider("http://127.0.0.1:8089", Map.of("region", "us-east-1"), Map.of());
        ProviderSettings b = provider("http://127.0.0.1:9099", Map.of("region", "us-east-1"), Map.of());
        String sa = signature(adapter.sign(a, adapter.target(a, Endpoint.CHAT_COMPLETIONS, "m", KEY, false), new byte[0], KEY, NOW));
        String sb = signature(adapter.sign(b, adapter.target(b, Endpoint.CHAT_COMPLETIONS, "m", KEY, false), new byte[0], KEY, NOW));
        assertThat(sa).isNotEqualTo(sb);
    }

    @Test
    void errorsAreClassifiedByStatusAndScrubbed() {
        byte[] validation = ("{\"message\":\"The provided model identifier is invalid for key AKIAIOSFODNN7EXAMPLE "
                + "with secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY on "
                + "arn:aws:bedrock:us-east-1:123456789012:inference-profile/x.\"}").getBytes(StandardCharsets.UTF_8);
        UpstreamError error = adapter.interpretError(400, validation);
        assertThat(error.kind()).isEqualTo(UpstreamError.Kind.INVALID_REQUEST);
        assertThat(error.message()).isEqualTo("The provided model identifier is invalid for key [redacted] with secret "
                + "[redacted] on arn:aws:bedrock:us-east-1:[redacted]:inference-profile/x.");

        assertThat(adapter.interpretError(403, json("The security token included in the request is invalid.")))
                .isEqualTo(new UpstreamError(UpstreamError.Kind.AUTHENTICATION, 403,
                        "the upstream provider rejected the gateway's credentials"));
        assertThat(adapter.interpretError(429, json("Too many requests, please wait before trying again.")))
                .isEqualTo(new UpstreamError(UpstreamError.Kind.RATE_LIMITED, 429,
                        "Too many requests, please wait before trying again."));
        assertThat(adapter.interpretError(500, json("internal")).kind()).isEqualTo(UpstreamError.Kind.UNAVAILABLE);
        assertThat(adapter.interpretError(503, json("Too many connections")).kind()).isEqualTo(UpstreamError.Kind.UNAVAILABLE);
        assertThat(adapter.interpretError(408, json("Model timed out")).kind()).isEqualTo(UpstreamError.Kind.UNAVAILABLE);
        assertThat(adapter.interpretError(404, json("Model not found")).kind()).isEqualTo(UpstreamError.Kind.INVALID_REQUEST);
        assertThat(adapter.interpretError(413, new byte[0]))
                .isEqualTo(new UpstreamError(UpstreamError.Kind.INVALID_REQUEST, 413, "the upstream provider rejected the request"));
        UpstreamError modelError = adapter.interpretError(424, json("Received error from the model: bad output"));
        assertThat(modelError.kind()).isEqualTo(UpstreamError.Kind.INVALID_REQUEST);
        assertThat(modelError.message()).isEqualTo("Received error from the model: bad output");
        assertThat(adapter.interpretError(400, "{\"Message\":\"Capitalised\"}".getBytes(StandardCharsets.UTF_8)).message())
                .isEqualTo("Capitalised");
        // A __type, where a front end adds one, refines the status.
        assertThat(adapter.interpretError(429, "{\"__type\":\"com.amazon.bedrock#ModelNotReadyException\",\"message\":\"warming\"}"
                .getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(UpstreamError.Kind.UNAVAILABLE);
        assertThat(adapter.interpretError(400, "{\"__type\":\"ServiceQuotaExceededException\",\"message\":\"quota\"}"
                .getBytes(StandardCharsets.UTF_8)).kind()).isEqualTo(UpstreamError.Kind.RATE_LIMITED);
        assertThat(adapter.interpretError(502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new UpstreamError(UpstreamError.Kind.UNAVAILABLE, 502, "the upstream provider failed with status 502"));
    }

    @Test
    void translationsGetTheAdaptersIdAndClock() throws Exception {
        ChatTranslation translation = adapter.newTranslation(Endpoint.CHAT_COMPLETIONS);
        translation.request((com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), MODEL, false);
        var completion = translation.response(("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"yo\"}]}},"
                + "\"stopReason\":\"end_turn\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(completion.get("id").asText()).isEqualTo("chatcmpl-test");
        assertThat(completion.get("created").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(completion.get("model").asText()).isEqualTo(MODEL);
        assertThat(completion.has("usage")).isFalse();
        assertThat(translation.reportedUsage()).isNull();
        assertThat(new BedrockAdapter().newTranslation(Endpoint.CHAT_COMPLETIONS)).isNotNull();
        assertThat(adapter.newTranslation(Endpoint.EMBEDDINGS)).isInstanceOf(EmbeddingsTranslation.class);
        assertThatThrownBy(() -> adapter.newTranslation(Endpoint.COMPLETIONS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void embeddingsGoToInvokeModelSignedLikeEveryCall() {
        ProviderSettings provider = regional("us-east-1");
        UpstreamTarget target = adapter.target(provider, Endpoint.EMBEDDINGS, "amazon.titan-embed-text-v2:0", KEY, false);
        assertThat(target.url()).isEqualTo(
                "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke");
        assertThat(target.headers()).containsEntry("accept", "application/json");
        Map<String, String> signed = adapter.sign(provider, target, "{\"inputText\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                KEY, NOW);
        assertThat(signed.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY
                + "/20250102/us-east-1/bedrock/aws4_request");
    }

    private static String signature(Map<String, String> headers) {
        String authorization = headers.get("authorization");
        return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
    }

    private static byte[] json(String message) {
        return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
