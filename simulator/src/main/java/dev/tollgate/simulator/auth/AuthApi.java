package dev.tollgate.simulator.auth;

import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.ProviderApi;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * The token endpoints of the identity services in front of cloud providers: Google's ({@code POST /token}, what a
 * service-account file's {@code token_uri} points to when a test writes {@code <simulator>/token} there) and
 * Microsoft Entra ID's ({@code POST /{tenant}/oauth2/v2.0/token}).
 */
public final class AuthApi implements ProviderApi {

  private static final Pattern ENTRA = Pattern.compile("/[^/]+/oauth2/v2\\.0/token");

  private final GoogleTokenEndpoint google;
  private final EntraTokenEndpoint entra;

  public AuthApi(IssuedTokens tokens, TrustedCredentials trusted, Clock clock) {
    this.google = new GoogleTokenEndpoint(tokens, trusted, clock);
    this.entra = new EntraTokenEndpoint(tokens, trusted);
  }

  @Override
  public Handler<Exchange> route(HttpMethod method, String path) {
    if (method != HttpMethod.POST) {
      return null;
    }
    if (path.equals("/token")) {
      return google::handle;
    }
    return ENTRA.matcher(path).matches() ? entra::handle : null;
  }
}
