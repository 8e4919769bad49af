package dev.tollgate.server.export;

import dev.tollgate.server.ledger.WebhookAlerts;
import dev.tollgate.spi.UsageEvent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Usage events POSTed in batches as JSON ({@code {"id","type":"usage.events","events":[…]}}), signed like the
 * ledger's budget alerts: {@code x-tollgate-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}
 * when a secret is set. A delivery keeps its {@code x-tollgate-delivery} id across retries, so a receiver can drop
 * a repeated one; each event carries its request id for the same purpose across deliveries.
 */
final class WebhookSink implements EventSink {

    private final URI url;
    private final String secret;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The batch being retried and its delivery id: a retry is the same delivery. */
    private List<UsageEvent> pending;
    private String pendingId;

    WebhookSink(String url, String secret, Clock clock) {
        this.url = URI.create(url);
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public void deliver(List<UsageEvent> batch) throws IOException, InterruptedException {
        if (batch != pending) {
            pending = batch;
            pendingId = "whd_" + UUID.randomUUID().toString().replace("-", "");
        }
        byte[] body = EventJson.delivery(pendingId, batch);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("user-agent", "tollgate-webhooks")
                .header("x-tollgate-event", "usage.events")
                .header("x-tollgate-delivery", pendingId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null && !secret.isEmpty()) {
            request.header("x-tollgate-signature", WebhookAlerts.signature(secret, clock.instant().getEpochSecond(),
                    new String(body, StandardCharsets.UTF_8)));
        }
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status < 200 || status >= 300) {
            throw new IOException("webhook answered " + status);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
