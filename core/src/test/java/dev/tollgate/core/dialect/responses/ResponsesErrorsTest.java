package dev.tollgate.core.dialect.responses;

import dev.tollgate.core.dialect.ClientDialect.StreamEncoder;
import dev.tollgate.core.pipeline.GatewayError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesErrorsTest {

    private final ResponsesDialect dialect = new ResponsesDialect();

    @Test
    void writesOpenAisErrorShape() {
        assertThat(dialect.errorBody(GatewayError.invalidRequest("'previous_response_id' cannot be used.", "previous_response_id"))
                .toString()).isEqualTo("{\"error\":{\"message\":\"'previous_response_id' cannot be used.\",\"type\":"
                + "\"invalid_request_error\",\"param\":\"previous_response_id\",\"code\":null}}");
        assertThat(dialect.errorBody(GatewayError.modelNotFound("gpt-x")).toString())
                .isEqualTo("{\"error\":{\"message\":\"The model 'gpt-x' does not exist or you do not have access to it.\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}");
    }

    @Test
    void writesStreamErrorsAsAnErrorEventWithItsFieldsBesideItsType() {
        StreamEncoder encoder = dialect.newStreamEncoder(ResponsesFixtures.parse("{\"model\":\"m\"}"));

        assertThat(encoder.error(GatewayError.timeout("The upstream took too long.")).toString())
                .isEqualTo("event: error\ndata: {\"type\":\"error\",\"code\":\"upstream_timeout\","
                        + "\"message\":\"The upstream took too long.\",\"param\":null,\"sequence_number\":0}\n\n");
    }

    @Test
    void aGatewayErrorWithoutCodeOrMessageIsStillAValidEvent() {
        ResponsesSpec.assertValid("ResponseErrorEvent",
                ResponsesErrors.event(new GatewayError(500, "server_error", null, null, null, 0)).put("sequence_number", 3));
    }
}
