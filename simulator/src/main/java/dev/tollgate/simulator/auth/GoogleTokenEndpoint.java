package dev.tollgate.simulator.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Exchange;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /token}: Google's OAuth 2.0 token endpoint for service accounts (the JWT-bearer grant). Checks
 * what Google checks: the grant type, an RS256 JWT whose claims name the issuer, a scope, this endpoint as the
 * audience and a lifetime of at most an hour that has not ended; and, when the test registered the account's
 * public key, the signature. Answers with a fresh {@code ya29.sim…} token, or Google's
 * {@code {"error":"invalid_grant",…}} with status 400.
 */
final class GoogleTokenEndpoint {

  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  /** Google allows some clock skew on {@code iat} and {@code exp}. */
  private static final long SKEW_SECONDS = 300;

  private final IssuedTokens tokens;
  private final TrustedCredentials trusted;
  private final Clock clock;

  GoogleTokenEndpoint(IssuedTokens tokens, TrustedCredentials trusted, Clock clock) {
    this.tokens = tokens;
    this.trusted = trusted;
    this.clock = clock;
  }

  void handle(Exchange exchange) {
    Map<String, String> form = FormBody.parse(exchange.body());
    String grant = form.get("grant_type");
    if (!GRANT_TYPE.equals(grant)) {
      TokenAnswers.googleError(exchange, 400, "unsupported_grant_type", "Invalid grant_type: " + (grant == null ? "" : grant));
      return;
    }
    String assertion = form.get("assertion");
    if (assertion == null || assertion.isBlank()) {
      TokenAnswers.googleError(exchange, 400, "invalid_request", "Missing required parameter: assertion");
      return;
    }
    String problem = check(assertion, audience(exchange));
    if (problem != null) {
      TokenAnswers.googleError(exchange, 400, "invalid_grant", problem);
      return;
    }
    TokenAnswers.token(exchange, tokens.issue("ya29.sim-"), false);
  }

  /** What is wrong with the assertion, in Google's words where there are some, or null. */
  private String check(String compact, String audience) {
    JwtAssertion jwt;
    try {
      jwt = JwtAssertion.parse(compact);
    } catch (IllegalArgumentException e) {
      return "Invalid JWT: " + e.getMessage();
    }
    if (!"RS256".equals(jwt.header().path("alg").asText())) {
      return "Invalid JWT: the algorithm must be RS256";
    }
    JsonNode claims = jwt.claims();
    String iss = claims.path("iss").asText("");
    if (iss.isBlank()) {
      return "Invalid JWT: iss is missing";
    }
    if (claims.path("scope").asText("").isBlank()) {
      return "Invalid JWT: scope is missing (invalid_scope)";
    }
    if (!audience.equals(claims.path("aud").asText())) {
      return "Invalid JWT: aud must be " + audience;
    }
    long now = clock.instant().getEpochSecond();
    long iat = claims.path("iat").asLong(-1);
    long exp = claims.path("exp").asLong(-1);
    if (iat < 0 || exp < 0 || exp <= iat || exp - iat > 3600 || iat > now + SKEW_SECONDS || exp < now - SKEW_SECONDS) {
      return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
          + "Check your iat and exp values in the JWT claim.";
    }
    if (trusted.checksServiceAccounts()) {
      PublicKey key = trusted.serviceAccountKey(iss);
      if (key == null) {
        return "Invalid grant: account not found";
      }
      if (!jwt.verifies(key)) {
        return "Invalid JWT Signature.";
      }
    }
    return null;
  }

  /** This endpoint's own URL, as the service-account file's {@code token_uri} names it. */
  private static String audience(Exchange exchange) {
    String uri = exchange.request().absoluteURI();
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}
