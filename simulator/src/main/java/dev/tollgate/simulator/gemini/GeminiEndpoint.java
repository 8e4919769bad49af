package dev.tollgate.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Exchange;

/** One Gemini method, called after authentication with the model from the path and the parsed JSON object body. */
interface GeminiEndpoint {

  /**
   * @param rawModel the model segment of the path, decoded, directives included
   * @throws dev.tollgate.simulator.core.InvalidRequest for an invalid request
   * @throws dev.tollgate.simulator.core.DirectiveException for an invalid simulator directive
   */
  void handle(Exchange exchange, String rawModel, JsonNode body);
}
