package dev.tollgate.server.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.spi.UsageEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The exported form of a usage event: one flat JSON object with the request log's fields (snake_case, money in
 * integer nano-USD). Never a key's secret: {@code key_id} is the key's id, as in the admin usage API.
 */
public final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    public static void write(JsonGenerator g, UsageEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("request_id", e.requestId());
        g.writeStringField("started_at", e.startedAt().toString());
        g.writeStringField("org_id", e.orgId());
        g.writeStringField("team_id", e.teamId());
        g.writeStringField("user_id", e.userId());
        g.writeStringField("key_id", e.keyId());
        g.writeStringField("endpoint", e.endpoint().openAiPath());
        g.writeStringField("model", e.model());
        g.writeStringField("provider", e.provider());
        g.writeStringField("upstream_model", e.upstreamModel());
        g.writeStringField("deployment", e.deployment());
        g.writeNumberField("attempts", e.attempts());
        g.writeBooleanField("stream", e.stream());
        g.writeNumberField("status", e.status());
        g.writeStringField("error_type", e.errorType());
        g.writeNumberField("prompt_tokens", e.usage().promptTokens());
        g.writeNumberField("completion_tokens", e.usage().completionTokens());
        g.writeNumberField("cached_tokens", e.usage().cachedTokens());
        g.writeNumberField("cache_write_tokens", e.usage().cacheWriteTokens());
        g.writeNumberField("reasoning_tokens", e.usage().reasoningTokens());
        g.writeBooleanField("tokens_estimated", e.usage().estimated());
        g.writeNumberField("cost_nano_usd", e.costNanoUsd());
        g.writeNumberField("charge_nano_usd", e.chargeNanoUsd());
        g.writeBooleanField("cache_hit", e.cacheHit());
        g.writeNumberField("latency_ms", e.latencyMicros() / 1_000.0);
        g.writeNumberField("ttft_ms", e.ttftMicros() / 1_000.0);
        g.writeEndObject();
    }

    /** One event as a JSON object. */
    public static byte[] object(UsageEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** A batch as newline-delimited JSON, one event a line. */
    public static byte[] lines(List<UsageEvent> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * batch.size());
        try {
            for (UsageEvent e : batch) {
                try (JsonGenerator g = JSON.createGenerator(out)) {
                    write(g, e);
                }
                out.write('\n');
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** {@code {"id":…,"type":"usage.events","events":[…]}}: a webhook delivery's body. */
    public static byte[] delivery(String id, List<UsageEvent> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * batch.size() + 64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("type", "usage.events");
            g.writeArrayFieldStart("events");
            for (UsageEvent e : batch) {
                write(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
