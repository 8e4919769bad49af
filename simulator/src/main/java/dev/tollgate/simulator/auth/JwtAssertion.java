package dev.tollgate.simulator.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A compact JWS as a service account sends it: header and claims decoded, signature kept for
 * {@link #verifies}.
 */
record JwtAssertion(JsonNode header, JsonNode claims, String signingInput, byte[] signature) {

  /** @throws IllegalArgumentException when it is not three base64url parts of which the first two are JSON objects */
  static JwtAssertion parse(String compact) {
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a JWT: expected three dot-separated parts");
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonNode header = Json.MAPPER.readTree(b64.decode(parts[0]));
      JsonNode claims = Json.MAPPER.readTree(b64.decode(parts[1]));
      if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
        throw new IllegalArgumentException("not a JWT: header and claims must be JSON objects");
      }
      return new JwtAssertion(header, claims, parts[0] + "." + parts[1], b64.decode(parts[2]));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JWT: a part is not JSON");
    }
  }

  boolean verifies(PublicKey key) {
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return rs256.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
