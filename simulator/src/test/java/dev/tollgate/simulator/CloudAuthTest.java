package dev.tollgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token endpoints (Google's JWT-bearer grant, Entra's client credentials) and the provider paths that take
 * their tokens: Vertex AI's Gemini calls and Azure OpenAI's deployments.
 */
class CloudAuthTest {

  static final String ACCOUNT = "gateway@sim-project.iam.gserviceaccount.com";
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  static final String VERTEX = "/v1/projects/sim-project/locations/us-central1/publishers/google/models/";
  static final String CONTENTS = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";
  static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  private static Simulator sim;
  private static SimHttp http;
  private static KeyPair accountKey;

  @BeforeAll
  static void start() throws GeneralSecurityException {
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    accountKey = rsa.generateKeyPair();
    sim.trustServiceAccount(ACCOUNT, accountKey.getPublic());
    sim.trustEntraClient("app-1", "entra-secret-1");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  // ---- Google ---------------------------------------------------------------------------------------

  @Test
  void aSignedAssertionBuysATokenThatVertexTakes() {
    HttpResponse<String> r = googleToken(assertion(accountKey.getPrivate(), ACCOUNT, audience(), Instant.now()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode token = SimHttp.json(r.body());
    assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(token.path("expires_in").asLong()).isEqualTo(3600);
    String access = token.path("access_token").asText();
    assertThat(sim.issued(access)).isTrue();

    HttpResponse<String> answer = http.postNoAuth(VERTEX + "gemini-2.5-flash:generateContent", CONTENTS,
        "authorization", "Bearer " + access);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(SimHttp.json(answer.body()).path("modelVersion").asText()).isEqualTo("gemini-2.5-flash");

    SimHttp.StreamResult stream = http.streamNoAuth(VERTEX + "gemini-2.5-flash:streamGenerateContent?alt=sse",
        CONTENTS, "authorization", "Bearer " + access);
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.content()).isNotEmpty();
  }

  @Test
  void vertexRefusesCallersWithoutAnIssuedToken() {
    HttpResponse<String> none = http.postNoAuth(VERTEX + "gemini-2.5-flash:generateContent", CONTENTS);
    HttpResponse<String> invented = http.postNoAuth(VERTEX + "gemini-2.5-flash:generateContent", CONTENTS,
        "authorization", "Bearer ya29.not-from-here");
    HttpResponse<String> apiKey = http.postNoAuth(VERTEX + "gemini-2.5-flash:generateContent", CONTENTS,
        "x-goog-api-key", "AIza-test");
    for (HttpResponse<String> r : java.util.List.of(none, invented, apiKey)) {
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(SimHttp.json(r.body()).path("error").path("status").asText()).isEqualTo("UNAUTHENTICATED");
    }
  }

  @Test
  void vertexCarriesDirectivesInTheModelSegment() {
    String access = SimHttp.json(googleToken(assertion(accountKey.getPrivate(), ACCOUNT, audience(), Instant.now()))
        .body()).path("access_token").asText();
    HttpResponse<String> r = http.postNoAuth(VERTEX + "gemini-2.5-flash%2Bstatus%3D429:generateContent", CONTENTS,
        "authorization", "Bearer " + access);
    assertThat(r.statusCode()).isEqualTo(429);
  }

  @Test
  void badAssertionsAreRefusedAsGoogleDoes() throws GeneralSecurityException {
    HttpResponse<String> grant = http.postNoAuth("/token", "grant_type=password&assertion=x",
        "content-type", "application/x-www-form-urlencoded");
    assertThat(grant.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(grant.body()).path("error").asText()).isEqualTo("unsupported_grant_type");

    assertRefused(googleToken("not.a-jwt"), "Invalid JWT");
    assertRefused(googleToken(assertion(accountKey.getPrivate(), ACCOUNT, "https://oauth2.googleapis.com/token",
        Instant.now())), "aud must be");
    assertRefused(googleToken(assertion(accountKey.getPrivate(), ACCOUNT, audience(),
        Instant.now().minusSeconds(7200))), "short-lived token");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PrivateKey stranger = rsa.generateKeyPair().getPrivate();
    assertRefused(googleToken(assertion(stranger, ACCOUNT, audience(), Instant.now())), "Invalid JWT Signature.");
    assertRefused(googleToken(assertion(accountKey.getPrivate(), "other@x.iam.gserviceaccount.com", audience(),
        Instant.now())), "account not found");
  }

  private static void assertRefused(HttpResponse<String> r, String why) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode body = SimHttp.json(r.body());
    assertThat(body.path("error").asText()).isEqualTo("invalid_grant");
    assertThat(body.path("error_description").asText()).contains(why);
  }

  // ---- Entra and Azure ------------------------------------------------------------------------------

  @Test
  void theClientCredentialsGrantBuysATokenThatAzureTakes() {
    HttpResponse<String> r = entraToken("client_credentials", "app-1", "entra-secret-1",
        "https://cognitiveservices.azure.com/.default");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode token = SimHttp.json(r.body());
    assertThat(token.path("expires_in").asLong()).isEqualTo(3600);
    assertThat(token.path("ext_expires_in").asLong()).isEqualTo(3600);
    String access = token.path("access_token").asText();
    assertThat(sim.issued(access)).isTrue();

    HttpResponse<String> answer = http.postNoAuth("/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21",
        CHAT, "authorization", "Bearer " + access);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(SimHttp.json(answer.body()).path("model").asText()).isEqualTo("my-gpt");
  }

  @Test
  void wrongSecretsScopesAndGrantsAreRefusedAsEntraDoes() {
    HttpResponse<String> secret = entraToken("client_credentials", "app-1", "wrong",
        "https://cognitiveservices.azure.com/.default");
    assertThat(secret.statusCode()).isEqualTo(401);
    assertThat(SimHttp.json(secret.body()).path("error").asText()).isEqualTo("invalid_client");
    assertThat(SimHttp.json(secret.body()).path("error_codes").get(0).asInt()).isEqualTo(7000215);

    HttpResponse<String> scope = entraToken("client_credentials", "app-1", "entra-secret-1",
        "https://cognitiveservices.azure.com");
    assertThat(scope.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(scope.body()).path("error").asText()).isEqualTo("invalid_scope");

    HttpResponse<String> grant = entraToken("password", "app-1", "entra-secret-1",
        "https://cognitiveservices.azure.com/.default");
    assertThat(grant.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(grant.body()).path("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void azureTakesAnApiKeyAndRefusesMadeUpTokens() {
    String path = "/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21";
    HttpResponse<String> key = http.postNoAuth(path, CHAT, "api-key", "azure-key-1");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
    SimHttp.StreamResult stream = http.streamNoAuth(path, CHAT.replace("{", "{\"stream\":true,"), "api-key", "k");
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.events()).last().matches(SimHttp.Event::done);

    HttpResponse<String> madeUp = http.postNoAuth(path, CHAT, "authorization", "Bearer sim-entra-made-up");
    assertThat(madeUp.statusCode()).isEqualTo(401);
    assertThat(SimHttp.json(madeUp.body()).path("error").path("message").asText()).contains("Access token");
    assertThat(http.postNoAuth(path, CHAT).statusCode()).isEqualTo(401);
    assertThat(http.postNoAuth("/openai/deployments/my-gpt/chat/completions", CHAT, "api-key", "k").statusCode())
        .isEqualTo(404);
    HttpResponse<String> limited = http.postNoAuth(
        "/openai/deployments/my-gpt%2Bstatus%3D429/chat/completions?api-version=1", CHAT, "api-key", "k");
    assertThat(limited.statusCode()).isEqualTo(429);
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private static String audience() {
    return sim.baseUrl() + "/token";
  }

  private static HttpResponse<String> googleToken(String assertion) {
    return http.postNoAuth("/token", "grant_type=" + enc("urn:ietf:params:oauth:grant-type:jwt-bearer")
        + "&assertion=" + enc(assertion), "content-type", "application/x-www-form-urlencoded");
  }

  private static HttpResponse<String> entraToken(String grant, String client, String secret, String scope) {
    return http.postNoAuth("/my-tenant/oauth2/v2.0/token", "grant_type=" + enc(grant) + "&client_id=" + enc(client)
        + "&client_secret=" + enc(secret) + "&scope=" + enc(scope), "content-type", "application/x-www-form-urlencoded");
  }

  static String assertion(PrivateKey key, String iss, String aud, Instant iat) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"iss\":\"" + iss + "\",\"scope\":\"" + SCOPE + "\",\"aud\":\"" + aud
        + "\",\"iat\":" + iat.getEpochSecond() + ",\"exp\":" + (iat.getEpochSecond() + 3600) + "}")
        .getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
      return header + "." + claims + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
