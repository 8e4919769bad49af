package dev.tollgate.core.dialect.anthropic;

import dev.tollgate.core.pipeline.GatewayError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicErrorsTest {

    private final AnthropicDialect dialect = new AnthropicDialect();

    @ParameterizedTest
    @CsvSource({"400,invalid_request_error", "401,authentication_error", "402,billing_error", "403,permission_error",
            "404,not_found_error", "405,invalid_request_error", "413,request_too_large", "429,rate_limit_error",
            "500,api_error", "502,api_error", "503,overloaded_error", "504,api_error", "529,overloaded_error"})
    void typesErrorsByStatus(int status, String type) {
        assertThat(AnthropicErrors.errorType(status)).isEqualTo(type);
    }

    @Test
    void writesAnthropicsErrorShape() {
        GatewayError error = GatewayError.invalidRequest("max_tokens: Field required", "max_tokens");

        assertThat(dialect.errorBody(error).toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}}");
        assertThat(dialect.errorBody(GatewayError.rateLimited("Slow \"down\"", 3)).toString())
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow \\\"down\\\"\"}}");
        assertThat(dialect.errorBody(GatewayError.modelNotFound("claude-x")).toString())
                .contains("\"type\":\"not_found_error\"").contains("claude-x");
    }

    @Test
    void writesStreamErrorsAsAnErrorEvent() {
        assertThat(AnthropicErrors.streamEvent(GatewayError.timeout("The upstream took too long.")).toString())
                .isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                        + "\"message\":\"The upstream took too long.\"}}\n\n");
    }
}
