package dev.tollgate.core.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.Locale;

/**
 * A moderation model asked through the gateway itself (so it is routed, metered and booked like any call, on
 * the configured gateway key): a Chat Completions call to the gateway's own port with the text as the user
 * message. The answer is read Llama-Guard style: {@code safe}, or {@code unsafe} with the violated categories
 * on the next line ({@code unsafe\nS1}). A call to the moderation model itself is not moderated again.
 */
final class ModerationGuardrail implements Guardrail.Remote {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String model;
    private final String key;
    private final long timeoutMs;
    private final VerdictCache cache;

    ModerationGuardrail(String model, String key, long timeoutMs, VerdictCache cache) {
        this.model = model;
        this.key = key;
        this.timeoutMs = timeoutMs;
        this.cache = cache;
    }

    @Override
    public Future<Verdict> evaluate(Check check, GuardrailContext context) {
        if (model.equals(check.model())) {
            return Future.succeededFuture(Verdict.ALLOW);
        }
        String cacheKey = cache.enabled() ? VerdictCache.key(check) : null;
        if (cacheKey != null) {
            Verdict cached = cache.get(cacheKey);
            if (cached != null) {
                return Future.succeededFuture(cached);
            }
        }
        ObjectNode request = JSON.createObjectNode().put("model", model).put("max_tokens", 20);
        request.putArray("messages").addObject().put("role", "user").put("content", check.joined());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setHost("127.0.0.1").setPort(context.gatewayPort().getAsInt()).setURI("/v1/chat/completions")
                .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
                .putHeader("content-type", "application/json")
                .putHeader("authorization", "Bearer " + key);
        return context.http().request(options)
                .compose(req -> req.send(Buffer.buffer(request.toString())))
                .compose(res -> res.body().map(b -> {
                    if (res.statusCode() != 200) {
                        throw new IllegalStateException("the moderation model's call answered " + res.statusCode());
                    }
                    return b;
                }))
                .map(ModerationGuardrail::verdict)
                .onSuccess(v -> {
                    if (cacheKey != null) {
                        cache.put(cacheKey, v);
                    }
                });
    }

    static Verdict verdict(Buffer answer) {
        JsonNode root;
        try {
            root = JSON.readTree(answer.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the moderation model's answer is not JSON");
        }
        String content = root.path("choices").path(0).path("message").path("content").asText("").strip();
        String lower = content.toLowerCase(Locale.ROOT);
        if (lower.startsWith("unsafe")) {
            String categories = content.substring("unsafe".length()).strip().replaceAll("\\s+", " ");
            return Verdict.block("Flagged by the moderation model" + (categories.isEmpty() ? "." : " (" + categories + ")."));
        }
        if (lower.startsWith("safe")) {
            return Verdict.ALLOW;
        }
        throw new IllegalStateException("the moderation model answered neither safe nor unsafe");
    }
}
