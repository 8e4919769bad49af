package dev.tollgate.providers.gemini;

import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiAdapterTest {

    private static final String KEY = "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW";
    private final GeminiAdapter adapter = new GeminiAdapter();

    private static ProviderSettings provider(String baseUrl) {
        return new ProviderSettings("google", "gemini", baseUrl, List.of(new Secret(KEY)),
                Map.of("x-goog-user-project", "tollgate"), Map.of(), 2000, 30000);
    }

    @Test
    void describesItself() {
        assertThat(adapter.type()).isEqualTo("gemini");
        assertThat(adapter.defaultBaseUrl()).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
        assertThat(adapter.wireFormat()).isEqualTo(WireFormat.GEMINI);
        assertThat(adapter.supports(Endpoint.CHAT_COMPLETIONS)).isTrue();
        assertThat(adapter.supports(Endpoint.EMBEDDINGS)).isTrue();
        assertThat(adapter.supports(Endpoint.COMPLETIONS)).isFalse();
        assertThat(adapter.newTranslation(Endpoint.CHAT_COMPLETIONS)).isInstanceOf(GeminiTranslation.class);
        assertThat(adapter.newTranslation(Endpoint.EMBEDDINGS)).isInstanceOf(EmbeddingsTranslation.class);
    }

    @Test
    void embedsWithBatchEmbedContentsWhateverTheNumberOfInputs() {
        UpstreamTarget target = adapter.target(provider("https://generativelanguage.googleapis.com/v1beta"),
                Endpoint.EMBEDDINGS, "gemini-embedding-001", new Secret(KEY), false);
        assertThat(target.url()).isEqualTo(
                "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(target.headers()).containsEntry("x-goog-api-key", KEY);
        assertThat(target.url()).doesNotContain(KEY);
    }

    @Test
    void targetsGenerateContentWithTheKeyInAHeader() {
        UpstreamTarget target = adapter.target(provider("https://generativelanguage.googleapis.com/v1beta"),
                Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash", new Secret(KEY), false);
        assertThat(target.url())
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(target.headers()).containsEntry("x-goog-api-key", KEY)
                .containsEntry("x-goog-user-project", "tollgate");
        assertThat(target.url()).doesNotContain(KEY).doesNotContain("key=");
    }

    @Test
    void streamsOnStreamGenerateContentWithServerSentEvents() {
        UpstreamTarget target = adapter.target(provider("https://generativelanguage.googleapis.com/v1beta/"),
                Endpoint.CHAT_COMPLETIONS, "gemini-2.5-pro", new Secret(KEY), true);
        assertThat(target.url()).isEqualTo(
                "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assertThat(target.url()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gemini-2.5-flash            | models/gemini-2.5-flash",
            "models/gemini-2.5-flash     | models/gemini-2.5-flash",
            "tunedModels/my-model-7      | tunedModels/my-model-7",
            "odd/model name?x=1#y        | models/odd%2Fmodel%20name%3Fx%3D1%23y"})
    void encodesTheModelAsOnePathSegment(String model, String path) {
        assertThat(GeminiAdapter.modelPath(model)).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource({"401,AUTHENTICATION", "403,AUTHENTICATION", "402,AUTHENTICATION", "429,RATE_LIMITED",
            "400,INVALID_REQUEST", "404,INVALID_REQUEST", "413,INVALID_REQUEST", "500,UNAVAILABLE",
            "503,UNAVAILABLE", "504,UNAVAILABLE", "408,UNAVAILABLE"})
    void classifiesStatuses(int status, UpstreamError.Kind kind) {
        UpstreamError error = adapter.interpretError(status, googleError(status, "STATUS", "something happened"));
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.upstreamStatus()).isEqualTo(status);
    }

    @Test
    void authenticationErrorsGetAFixedText() {
        UpstreamError error = adapter.interpretError(403, googleError(403, "PERMISSION_DENIED",
                "Method doesn't allow unregistered callers. Key " + KEY + " is blocked."));
        assertThat(error.message()).isEqualTo("the upstream provider rejected the gateway's credentials");
    }

    @Test
    void anInvalidKeyIsAnAuthenticationFailureThoughGoogleSays400() {
        String body = """
                {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                  "status": "INVALID_ARGUMENT",
                  "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                               "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}]}}
                """;
        UpstreamError error = adapter.interpretError(400, body.getBytes(StandardCharsets.UTF_8));
        assertThat(error.kind()).isEqualTo(UpstreamError.Kind.AUTHENTICATION);
        assertThat(error.message()).doesNotContain("API key not valid");
    }

    @Test
    void invalidRequestsPassTheScrubbedMessage() {
        UpstreamError error = adapter.interpretError(400, googleError(400, "INVALID_ARGUMENT",
                "Invalid JSON payload received. Unknown name \"additionalProperties\" at 'tools[0]' "
                        + "(url https://generativelanguage.googleapis.com/v1beta/models/x:generateContent?key=" + KEY
                        + "&alt=sse, token ya29.a0AfH6SMBx-secret)"));
        assertThat(error.kind()).isEqualTo(UpstreamError.Kind.INVALID_REQUEST);
        assertThat(error.message())
                .startsWith("Invalid JSON payload received. Unknown name \"additionalProperties\"")
                .contains("?key=[redacted]&alt=sse")
                .doesNotContain(KEY).doesNotContain("AIza").doesNotContain("ya29.");
    }

    @Test
    void notFoundKeepsGooglesMessage() {
        UpstreamError error = adapter.interpretError(404, googleError(404, "NOT_FOUND",
                "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent."));
        assertThat(error.message()).isEqualTo(
                "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.");
    }

    @Test
    void rateLimitsKeepTheirMessage() {
        UpstreamError error = adapter.interpretError(429, googleError(429, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details."));
        assertThat(error.kind()).isEqualTo(UpstreamError.Kind.RATE_LIMITED);
        assertThat(error.message()).isEqualTo("You exceeded your current quota, please check your plan and billing details.");
    }

    @Test
    void serverErrorsDoNotEchoTheUpstream() {
        UpstreamError error = adapter.interpretError(500, googleError(500, "INTERNAL", "internal detail " + KEY));
        assertThat(error.message()).isEqualTo("the upstream provider failed with status 500");
    }

    @Test
    void readsTheArrayFormAndSurvivesGarbage() {
        byte[] array = ("[{\"error\": {\"code\": 400, \"message\": \"Request contains an invalid argument.\","
                + " \"status\": \"INVALID_ARGUMENT\"}}]").getBytes(StandardCharsets.UTF_8);
        assertThat(adapter.interpretError(400, array).message()).isEqualTo("Request contains an invalid argument.");
        assertThat(adapter.interpretError(400, "<html>Bad Request</html>".getBytes(StandardCharsets.UTF_8)).message())
                .isEqualTo("the upstream provider rejected the request");
        assertThat(adapter.interpretError(429, new byte[0]).message())
                .isEqualTo("the upstream provider is rate limiting requests");
        assertThat(adapter.interpretError(503, null).kind()).isEqualTo(UpstreamError.Kind.UNAVAILABLE);
    }

    @Test
    void longMessagesAreCut() {
        String message = "x".repeat(5000);
        assertThat(adapter.interpretError(400, googleError(400, "INVALID_ARGUMENT", message)).message())
                .hasSize(1001).endsWith("…");
    }

    private static byte[] googleError(int code, String status, String message) {
        var error = Json.object();
        error.putObject("error").put("code", code).put("message", message).put("status", status);
        return Json.bytes(error);
    }
}
