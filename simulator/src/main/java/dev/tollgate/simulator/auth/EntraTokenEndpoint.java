package dev.tollgate.simulator.auth;

import dev.tollgate.simulator.core.Exchange;
import java.util.Map;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token}: Microsoft Entra ID's token endpoint, client-credentials grant. Checks
 * the grant type, {@code client_id}, {@code client_secret} (against the registered one, if the test registered
 * one for the client) and a {@code scope} ending in {@code /.default}. Answers with a fresh {@code sim-entra-…}
 * token, or Entra's error shape with its {@code AADSTS} codes.
 */
final class EntraTokenEndpoint {

  private final IssuedTokens tokens;
  private final TrustedCredentials trusted;

  EntraTokenEndpoint(IssuedTokens tokens, TrustedCredentials trusted) {
    this.tokens = tokens;
    this.trusted = trusted;
  }

  void handle(Exchange exchange) {
    Map<String, String> form = FormBody.parse(exchange.body());
    if (!"client_credentials".equals(form.get("grant_type"))) {
      TokenAnswers.entraError(exchange, 400, "unsupported_grant_type", 70003,
          "The app requested an unsupported grant type; this endpoint takes client_credentials.");
      return;
    }
    String clientId = form.get("client_id");
    if (clientId == null || clientId.isBlank()) {
      TokenAnswers.entraError(exchange, 400, "invalid_request", 900144,
          "The request body must contain the following parameter: 'client_id'.");
      return;
    }
    String secret = form.get("client_secret");
    if (secret == null || secret.isBlank()) {
      TokenAnswers.entraError(exchange, 401, "invalid_client", 7000216,
          "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
      return;
    }
    String expected = trusted.clientSecret(clientId);
    if (trusted.checksClients() && (expected == null || !expected.equals(secret))) {
      TokenAnswers.entraError(exchange, 401, "invalid_client", 7000215,
          "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value,"
              + " not the client secret ID.");
      return;
    }
    String scope = form.get("scope");
    if (scope == null || !scope.endsWith("/.default")) {
      TokenAnswers.entraError(exchange, 400, "invalid_scope", 1002012,
          "The provided value for scope is not valid. Client credential flows must have a scope value with "
              + "/.default suffixed to the resource identifier.");
      return;
    }
    TokenAnswers.token(exchange, tokens.issue("sim-entra-"), true);
  }
}
