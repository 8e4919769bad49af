package dev.tollgate.providers.anthropic;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamError.Kind;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicAdapterTest {

    private static final Secret KEY = new Secret("sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789");
    private final AnthropicAdapter adapter =
            new AnthropicAdapter(Clock.fixed(Instant.ofEpochSecond(1_700_000_123L), ZoneOffset.UTC));

    private static ProviderSettings provider(String baseUrl, Map<String, String> headers) {
        return new ProviderSettings("claude", "anthropic", baseUrl, List.of(KEY), headers, Map.of(), 1000, 1000);
    }

    @Test
    void describesItself() {
        assertThat(adapter.type()).isEqualTo("anthropic");
        assertThat(adapter.wireFormat()).isEqualTo(WireFormat.ANTHROPIC);
        assertThat(adapter.supports(Endpoint.CHAT_COMPLETIONS)).isTrue();
        assertThat(adapter.supports(Endpoint.MESSAGES)).as("Anthropic clients' calls pass through").isTrue();
        assertThat(adapter.supports(Endpoint.EMBEDDINGS)).isFalse();
        assertThat(adapter.supports(Endpoint.COMPLETIONS)).isFalse();
        assertThat(adapter.supports(Endpoint.RESPONSES)).isFalse();
    }

    @Test
    void aMessagesCallGoesToTheSameEndpointAndItsTranslationOnlyMeters() throws Exception {
        UpstreamTarget target = adapter.target(provider("https://api.anthropic.com/v1", Map.of()), Endpoint.MESSAGES,
                "claude-sonnet-4-5", KEY, false);
        assertThat(target.url()).isEqualTo("https://api.anthropic.com/v1/messages");
        var meter = adapter.newTranslation(Endpoint.MESSAGES);
        meter.response("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"hi"}],
                 "stop_reason":"end_turn","usage":{"input_tokens":5,"cache_read_input_tokens":2,"output_tokens":3}}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(meter.reportedUsage().promptTokens()).isEqualTo(7);
        assertThat(meter.reportedUsage().cachedTokens()).isEqualTo(2);
        assertThat(meter.reportedUsage().completionTokens()).isEqualTo(3);
    }

    @Test
    void targetsTheMessagesEndpointWithKeyAndVersion() {
        for (String base : List.of("https://api.anthropic.com/v1", "https://api.anthropic.com/v1/")) {
            UpstreamTarget target = adapter.target(provider(base, Map.of("anthropic-beta", "prompt-caching-2024-07-31")),
                    Endpoint.CHAT_COMPLETIONS, "claude-sonnet-4-5", KEY, true);
            assertThat(target.url()).isEqualTo("https://api.anthropic.com/v1/messages");
            assertThat(target.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "x-api-key", KEY.reveal(),
                    "anthropic-version", "2023-06-01",
                    "anthropic-beta", "prompt-caching-2024-07-31"));
        }
    }

    @Test
    void providerHeadersMayPinTheVersionButNeverSupplyTheKey() {
        UpstreamTarget target = adapter.target(provider("https://proxy.example/v1",
                        Map.of("Anthropic-Version", "2024-01-01", "X-Api-Key", "sk-ant-other-key-123456",
                                "authorization", "Bearer proxy-token")),
                Endpoint.CHAT_COMPLETIONS, "claude", KEY, false);
        assertThat(target.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "x-api-key", KEY.reveal(), "Anthropic-Version", "2024-01-01", "authorization", "Bearer proxy-token"));
    }

    @Test
    void refusesEndpointsAnthropicLacks() {
        assertThatThrownBy(() -> adapter.target(provider("https://api.anthropic.com/v1", Map.of()),
                Endpoint.EMBEDDINGS, "claude", KEY, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> adapter.newTranslation(Endpoint.COMPLETIONS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void translationsAreFreshAndStampedByTheClock() throws Exception {
        var first = adapter.newTranslation(Endpoint.CHAT_COMPLETIONS);
        assertThat(first).isNotSameAs(adapter.newTranslation(Endpoint.CHAT_COMPLETIONS));
        var completion = first.response("""
                {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":"end_turn"}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(completion.get("created").asLong()).isEqualTo(1_700_000_123L);
        assertThat(completion.at("/choices/0/message/content").asText()).isEmpty();
        assertThat(completion.has("usage")).isFalse();
        assertThat(first.reportedUsage()).isNull();
    }

    private static byte[] error(String type, String message) {
        return ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({
            "401, authentication_error, AUTHENTICATION",
            "403, permission_error, AUTHENTICATION",
            "429, rate_limit_error, RATE_LIMITED",
            "529, overloaded_error, UNAVAILABLE",
            "500, api_error, UNAVAILABLE",
            "502, api_error, UNAVAILABLE",
            "503, api_error, UNAVAILABLE",
            "504, timeout_error, UNAVAILABLE",
            "400, invalid_request_error, INVALID_REQUEST",
            "404, not_found_error, INVALID_REQUEST",
            "413, request_too_large, INVALID_REQUEST"})
    void classifiesErrors(int status, String type, Kind kind) {
        assertThat(adapter.interpretError(status, error(type, "something went wrong")).kind()).isEqualTo(kind);
    }

    @Test
    void authenticationErrorsNeverRepeatTheUpstreamMessage() {
        UpstreamError error = adapter.interpretError(401,
                error("authentication_error", "invalid x-api-key sk-ant-api03-abcdef****6789"));
        assertThat(error.upstreamStatus()).isEqualTo(401);
        assertThat(error.message()).isEqualTo("the upstream provider rejected the gateway's credentials");
    }

    @Test
    void invalidRequestsPassTheScrubbedMessageOn() {
        UpstreamError error = adapter.interpretError(400, error("invalid_request_error",
                "messages.1.content: key sk-ant-api03-abcdefghijkl is not allowed here"));
        assertThat(error.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(error.message()).isEqualTo("messages.1.content: key [redacted] is not allowed here");

        UpstreamError tooLarge = adapter.interpretError(413, error("request_too_large", "Request exceeds the maximum allowed number of bytes."));
        assertThat(tooLarge.message()).isEqualTo("Request exceeds the maximum allowed number of bytes.");
    }

    @Test
    void rateLimitMessagesLoseTheOrganisationId() {
        UpstreamError error = adapter.interpretError(429, error("rate_limit_error",
                "This request would exceed the rate limit for your organization (2c1f6e4a-9b7d-4c3e-8f21-0a5b6c7d8e9f) of 50,000 input tokens per minute."));
        assertThat(error.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(error.message()).isEqualTo(
                "This request would exceed the rate limit for your organization ([redacted]) of 50,000 input tokens per minute.");
    }

    @Test
    void overloadAndServerErrorsUseFixedTexts() {
        assertThat(adapter.interpretError(529, error("overloaded_error", "Overloaded")).message())
                .isEqualTo("the upstream provider is overloaded");
        assertThat(adapter.interpretError(500, error("api_error", "Internal server error")).message())
                .isEqualTo("the upstream provider failed with status 500");
    }

    @Test
    void bodiesThatAreNotAnthropicErrorsGetGenericTexts() {
        byte[] html = "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
        assertThat(adapter.interpretError(502, html).kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(adapter.interpretError(400, html).message()).isEqualTo("the upstream provider rejected the request");
        assertThat(adapter.interpretError(429, new byte[0]).message())
                .isEqualTo("the upstream provider is rate limiting requests");
        assertThat(adapter.interpretError(400, null).kind()).isEqualTo(Kind.INVALID_REQUEST);
    }

    @Test
    void longMessagesAreCapped() {
        UpstreamError error = adapter.interpretError(400, error("invalid_request_error", "x".repeat(5000)));
        assertThat(error.message()).hasSize(1001).endsWith("…");
    }
}
