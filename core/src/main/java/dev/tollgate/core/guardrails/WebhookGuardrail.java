package dev.tollgate.core.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A guardrail run by another service: the check is POSTed as JSON, signed with HMAC-SHA256 over
 * {@code <timestamp>.<body>} ({@code x-tollgate-signature: v1=<hex>}, {@code x-tollgate-timestamp}: Unix
 * seconds), and the service answers {@code {"decision":"allow"|"block"|"mutate","reason":…,"texts":[…]}}.
 * Anything else (a non-2xx status, a malformed answer, no answer in time) is an error, which the definition's
 * {@code on_error} turns into a pass or a refusal. Verdicts are cached by content for {@code cache_ttl_ms}.
 */
final class WebhookGuardrail implements Guardrail.Remote {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String url;
    private final byte[] secret;
    private final Map<String, String> headers;
    private final long timeoutMs;
    private final VerdictCache cache;

    WebhookGuardrail(String name, String url, String secret, Map<String, String> headers, long timeoutMs,
                     VerdictCache cache) {
        this.name = name;
        this.url = url;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.headers = Map.copyOf(headers);
        this.timeoutMs = timeoutMs;
        this.cache = cache;
    }

    @Override
    public Future<Verdict> evaluate(Check check, GuardrailContext context) {
        String cacheKey = cache.enabled() ? VerdictCache.key(check) : null;
        if (cacheKey != null) {
            Verdict cached = cache.get(cacheKey);
            if (cached != null) {
                return Future.succeededFuture(cached);
            }
        }
        ObjectNode payload = JSON.createObjectNode()
                .put("guardrail", name)
                .put("hook", check.hook().label())
                .put("request_id", check.requestId())
                .put("endpoint", check.endpoint().openAiPath())
                .put("model", check.model())
                .put("complete", check.complete());
        check.texts().forEach(payload.putArray("texts")::add);
        Buffer body = Buffer.buffer(payload.toString());
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
                .putHeader("content-type", "application/json")
                .putHeader("x-tollgate-timestamp", timestamp);
        if (secret != null) {
            options.putHeader("x-tollgate-signature", "v1=" + sign(timestamp, body));
        }
        headers.forEach(options::putHeader);
        int expected = check.texts().size();
        return context.http().request(options)
                .compose(req -> req.send(body))
                .compose(res -> res.body().map(b -> {
                    if (res.statusCode() / 100 != 2) {
                        throw new IllegalStateException("the webhook answered " + res.statusCode());
                    }
                    return b;
                }))
                .map(b -> parse(b, expected))
                .onSuccess(v -> {
                    if (cacheKey != null) {
                        cache.put(cacheKey, v);
                    }
                });
    }

    String sign(String timestamp, Buffer body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            mac.update(body.getBytes());
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Verdict parse(Buffer body, int expectedTexts) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the webhook's answer is not JSON");
        }
        String decision = answer.path("decision").asText("");
        return switch (decision) {
            case "allow" -> Verdict.ALLOW;
            case "block" -> Verdict.block(answer.path("reason").asText("Refused by a content policy."));
            case "mutate" -> {
                JsonNode texts = answer.path("texts");
                if (!texts.isArray() || texts.size() != expectedTexts) {
                    throw new IllegalStateException("a mutate answer must carry " + expectedTexts + " texts");
                }
                List<String> out = new ArrayList<>();
                texts.forEach(t -> out.add(t.asText()));
                yield new Verdict.Mutate(out, Map.of());
            }
            default -> throw new IllegalStateException("unknown decision '" + decision + "'");
        };
    }
}
