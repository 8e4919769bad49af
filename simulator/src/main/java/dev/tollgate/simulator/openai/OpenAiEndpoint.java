package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Exchange;

/** One OpenAI endpoint, called after authentication with the parsed JSON body. */
interface OpenAiEndpoint {

  /** Whether the endpoint takes a JSON object body (POST) or none (GET). */
  default boolean needsBody() {
    return true;
  }

  /**
   * @param body the parsed JSON object, or {@code null} when {@link #needsBody()} is false
   * @throws dev.tollgate.simulator.core.InvalidRequest for an invalid request
   * @throws dev.tollgate.simulator.core.DirectiveException for an invalid simulator directive
   */
  void handle(Exchange exchange, JsonNode body);
}
