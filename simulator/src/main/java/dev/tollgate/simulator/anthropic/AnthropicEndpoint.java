package dev.tollgate.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Exchange;

/** One Anthropic endpoint, called after authentication with the parsed JSON object body. */
interface AnthropicEndpoint {

  /**
   * @throws dev.tollgate.simulator.core.InvalidRequest for an invalid request
   * @throws dev.tollgate.simulator.core.DirectiveException for an invalid simulator directive
   */
  void handle(Exchange exchange, JsonNode body);
}
