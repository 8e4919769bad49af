package dev.tollgate.providers.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * An OAuth 2.0 token endpoint (RFC 6749 §5): POSTs a form, reads {@code access_token} and {@code expires_in}
 * from the answer. Google's and Microsoft's endpoints both speak this. Blocking; for refresher threads only.
 *
 * <p>Failure messages carry the HTTP status and the endpoint's {@code error} code (and Entra's numeric
 * {@code AADSTS} code), never its {@code error_description}: what the endpoint writes there is not ours to vouch
 * for, and the codes are what an operator looks up.
 */
public final class TokenEndpoint {

    /** An endpoint that never answers must not hold a credential's refresh forever. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Used when an answer leaves out {@code expires_in} (optional in RFC 6749): short, so a guess cannot go stale. */
    static final long DEFAULT_LIFETIME_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final HttpClient http;
    private final Clock clock;

    public TokenEndpoint(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A client for token endpoints: HTTP/1.1 (plain-http test endpoints need no h2c upgrade), bounded connect. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public AccessToken post(URI url, Map<String, String> form) throws TokenFetchException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TokenFetchException("the token endpoint at " + url.getHost() + " could not be reached ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenFetchException("interrupted while waiting for the token endpoint");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new TokenFetchException("the token endpoint at " + url.getHost() + " refused: status "
                    + response.statusCode() + errorCodes(body));
        }
        String token = body == null ? null : body.path("access_token").asText(null);
        if (token == null || token.isBlank()) {
            throw new TokenFetchException("the token endpoint at " + url.getHost() + " answered without an access_token");
        }
        long lifetime = body.path("expires_in").asLong(0); // a number, or a numeric string (older Entra endpoints)
        if (lifetime <= 0) {
            lifetime = DEFAULT_LIFETIME_SECONDS;
        }
        return new AccessToken(token, clock.instant().plusSeconds(lifetime));
    }

    static String encode(Map<String, String> form) {
        StringJoiner out = new StringJoiner("&");
        form.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String errorCodes(JsonNode body) {
        if (body == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        String error = body.path("error").asText("");
        if (ERROR_CODE.matcher(error).matches()) {
            out.append(", error ").append(error);
        }
        JsonNode codes = body.path("error_codes");
        if (codes.isArray() && !codes.isEmpty() && codes.get(0).canConvertToLong()) {
            out.append(" (AADSTS").append(codes.get(0).asLong()).append(')');
        }
        return out.toString();
    }
}
