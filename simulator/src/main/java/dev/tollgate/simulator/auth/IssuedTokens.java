package dev.tollgate.simulator.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens the simulator's token endpoints handed out, and until when each is good. The provider
 * endpoints that take bearer tokens (Vertex AI, Azure with Entra ID) accept only these. Tokens survive
 * {@code POST /_sim/reset}: a gateway holding one must not be locked out by a test resetting its scripts.
 * Thread-safe.
 */
public final class IssuedTokens {

  /** What the endpoints answer as {@code expires_in}: the real services' hour. */
  public static final long LIFETIME_SECONDS = 3600;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
  private final Clock clock;

  public IssuedTokens(Clock clock) {
    this.clock = clock;
  }

  /** A new token that is good for {@link #LIFETIME_SECONDS}; random, so that a test can look for it in logs. */
  public String issue(String prefix) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = prefix + HexFormat.of().formatHex(bytes);
    expiries.put(token, clock.instant().plusSeconds(LIFETIME_SECONDS));
    return token;
  }

  /** Whether {@code token} was issued here and has not expired. */
  public boolean valid(String token) {
    Instant expiry = token == null ? null : expiries.get(token);
    return expiry != null && clock.instant().isBefore(expiry);
  }

  /** Whether the request carries {@code Authorization: Bearer <a valid token issued here>}. */
  public boolean authorizes(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return valid(header.substring(7).trim());
  }

  /** How many tokens were issued since the simulator started. */
  public int count() {
    return expiries.size();
  }
}
