package dev.tollgate.simulator;

import static dev.tollgate.simulator.AnthropicMessagesTest.HEADERS;
import static dev.tollgate.simulator.AnthropicMessagesTest.PATH;
import static dev.tollgate.simulator.AnthropicMessagesTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.StreamResult;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forced failures on the Anthropic paths come in Anthropic's error shape, with its error types. */
class AnthropicFaultsTest {

  private static Simulator sim;
  private static SimHttp http;

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @ParameterizedTest
  @CsvSource({
      "400, invalid_request_error, false", "401, authentication_error, false", "402, billing_error, false",
      "403, permission_error, false", "404, not_found_error, false", "413, request_too_large, false",
      "429, rate_limit_error, true", "500, api_error, false", "502, api_error, false",
      "503, overloaded_error, true", "504, timeout_error, false", "529, overloaded_error, true"})
  void forcedStatusUsesAnthropicsErrorTypeAndRetryAfter(int status, String type, boolean retryAfter) {
    HttpResponse<String> response = http.postNoAuth(PATH, body("claude-x+status=" + status + "+retry_after=2", false, null), HEADERS);
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode json = SimHttp.json(response.body());
    assertThat(json.get("type").asText()).isEqualTo("error");
    assertThat(json.at("/error/type").asText()).isEqualTo(type);
    assertThat(json.at("/error/message").asText()).isNotBlank();
    assertThat(response.headers().firstValue("retry-after").isPresent()).isEqualTo(retryAfter);
  }

  @Test
  void forcedErrorOnAStreamComesBeforeAnyEvent() {
    StreamResult result = http.streamNoAuth(PATH, body("claude-x+status=529+error_message=busy%20now", true, null), HEADERS);
    assertThat(result.status()).isEqualTo(529);
    assertThat(result.contentType()).isEqualTo("application/json");
    JsonNode error = SimHttp.json(result.errorBody()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("overloaded_error");
    assertThat(error.get("message").asText()).isEqualTo("busy now");
  }

  @Test
  void headerDirectivesApplyToo() {
    HttpResponse<String> response = http.postNoAuth(PATH, body("claude-x", false, null),
        "x-api-key", "k", "x-sim-status", "429", "x-sim-retry-after", "5");
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("5");
  }

  @Test
  void badDirectivesAreInvalidRequestErrorsNamingThem() {
    HttpResponse<String> response = http.postNoAuth(PATH, body("claude-x+chunks=many", false, null), HEADERS);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode json = SimHttp.json(response.body());
    assertThat(json.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(json.at("/error/message").asText()).contains("'chunks'");
  }
}
