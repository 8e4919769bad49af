package dev.tollgate.server.ledger;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.ledger.AlertSink;
import dev.tollgate.core.ledger.BudgetAlert;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Budget alerts as signed webhooks: a JSON POST to the budget's {@code webhook_url} (or {@code ledger.webhook_url}),
 * signed with {@code ledger.webhook_secret} as {@code x-tollgate-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">} (Stripe's scheme: the receiver recomputes it and rejects old timestamps). Retried with exponential
 * backoff (1, 2, 4, 8, 16 s) until a 2xx answer; every attempt carries the same {@code x-tollgate-delivery} id so
 * that a receiver can drop duplicates. Sent from one background thread, never from an event loop.
 */
public final class WebhookAlerts implements AlertSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookAlerts.class);
    static final int ATTEMPTS = 6;

    private final Supplier<GatewayConfig.Ledger> settings;
    private final Clock clock;
    private final long firstBackoffMs;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tollgate-ledger-alerts");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookAlerts(Supplier<GatewayConfig.Ledger> settings, Clock clock, long firstBackoffMs) {
        this.settings = settings;
        this.clock = clock;
        this.firstBackoffMs = firstBackoffMs;
    }

    @Override
    public void send(BudgetAlert alert) {
        GatewayConfig.Ledger s = settings.get();
        String url = alert.budget().webhookUrl() != null ? alert.budget().webhookUrl() : s.webhookUrl();
        log.info("budget {} ({} {}) reached {}% of its {} amount: {} of {} nano-USD spent", alert.budget().id(),
                alert.budget().scopeKind(), alert.budget().scopeId(), alert.thresholdPercent(), alert.budget().period(),
                alert.spentNanoUsd(), alert.budget().amountNanoUsd());
        if (url == null) {
            return;
        }
        post(url, s.webhookSecret(), "budget.threshold_reached", delivery -> payload(alert, delivery));
    }

    /**
     * Delivers any event the same way (signed, retried, one delivery id): budget alerts and abuse alerts.
     *
     * @param payload the body, given the delivery id (bodies carry it as {@code id})
     */
    public void post(String url, String secret, String eventType,
                     java.util.function.Function<String, JsonObject> payload) {
        String delivery = "whd_" + UUID.randomUUID().toString().replace("-", "");
        String body = payload.apply(delivery).encode();
        sender.execute(() -> attempt(url, body, delivery, eventType, secret, 1));
    }

    static JsonObject payload(BudgetAlert alert, String delivery) {
        return new JsonObject()
                .put("id", delivery)
                .put("type", "budget.threshold_reached")
                .put("budget_id", alert.budget().id())
                .put("scope_kind", alert.budget().scopeKind())
                .put("scope_id", alert.budget().scopeId())
                .put("period", alert.budget().period())
                .put("period_start", alert.window().start().toString())
                .put("period_end", alert.window().end() == null ? null : alert.window().end().toString())
                .put("threshold_percent", alert.thresholdPercent())
                .put("amount_nano_usd", alert.budget().amountNanoUsd())
                .put("spent_nano_usd", alert.spentNanoUsd())
                .put("enforcement", alert.budget().hard() ? "hard" : "soft")
                .put("at", alert.at().toString());
    }

    private void attempt(String url, String body, String delivery, String eventType, String secret, int attempt) {
        int status = -1;
        String failure;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    .header("user-agent", "tollgate-webhooks")
                    .header("x-tollgate-event", eventType)
                    .header("x-tollgate-delivery", delivery)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (secret != null && !secret.isEmpty()) {
                request.header("x-tollgate-signature", signature(secret, clock.instant().getEpochSecond(), body));
            }
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return;
            }
            failure = "status " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            failure = e.toString();
        }
        if (attempt >= ATTEMPTS) {
            log.warn("{} alert {} to {} given up after {} attempts: {}", eventType, delivery, url, attempt, failure);
            return;
        }
        long wait = firstBackoffMs << (attempt - 1);
        log.debug("{} alert {} attempt {} failed ({}); retrying in {} ms", eventType, delivery, attempt, failure, wait);
        sender.schedule(() -> attempt(url, body, delivery, eventType, secret, attempt + 1), wait, TimeUnit.MILLISECONDS);
    }

    /** {@code t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>}. */
    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
