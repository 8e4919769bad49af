package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Exchange;

/** One Bedrock Runtime operation, called after authentication with the model id from the path and the parsed body. */
interface BedrockEndpoint {

  /**
   * @param rawModel the model segment of the path, decoded, directives included
   * @throws dev.tollgate.simulator.core.InvalidRequest for an invalid request
   * @throws dev.tollgate.simulator.core.DirectiveException for an invalid simulator directive
   */
  void handle(Exchange exchange, String rawModel, JsonNode body);
}
