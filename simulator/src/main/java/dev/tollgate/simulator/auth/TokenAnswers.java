package dev.tollgate.simulator.auth;

import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OAuth 2.0 token endpoint answers (RFC 6749 §5.1 and §5.2), in the shapes Google and Entra use. */
final class TokenAnswers {

  private TokenAnswers() {
  }

  static void token(Exchange exchange, String accessToken, boolean entra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    body.put("expires_in", IssuedTokens.LIFETIME_SECONDS);
    if (entra) {
      body.put("ext_expires_in", IssuedTokens.LIFETIME_SECONDS);
    }
    body.put("access_token", accessToken);
    exchange.sendJson(200, write(body));
  }

  /** Google's {@code {"error","error_description"}}. */
  static void googleError(Exchange exchange, int status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    exchange.sendJson(status, write(body));
  }

  /** Entra's: the same two fields plus its {@code AADSTS} number in {@code error_codes}. */
  static void entraError(Exchange exchange, int status, String error, int code, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", "AADSTS" + code + ": " + description + " (simulated)");
    body.put("error_codes", List.of(code));
    exchange.sendJson(status, write(body));
  }

  private static Buffer write(Object value) {
    try {
      return Buffer.buffer(Json.MAPPER.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // maps of strings and numbers always serialize
    }
  }
}
