package dev.tollgate.server.export;

import dev.tollgate.spi.UsageEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Usage events as OpenTelemetry log records over OTLP/HTTP ({@code /v1/logs}): body = the event's JSON, event
 * name {@code tollgate.usage}, the main fields also as attributes (so a backend can filter without parsing), the
 * timestamp = the call's start. The SDK's batch processor sends them from its own thread.
 */
final class OtlpLogSink implements EventSink {

    private final SdkLoggerProvider provider;
    private final Logger logger;

    OtlpLogSink(String endpoint, String serviceName) {
        OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(endpoint.endsWith("/v1/logs") ? endpoint : endpoint.replaceAll("/+$", "") + "/v1/logs")
                .setTimeout(Duration.ofSeconds(10))
                .build();
        this.provider = SdkLoggerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), serviceName))))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter)
                        .setScheduleDelay(Duration.ofMillis(200)).build())
                .build();
        this.logger = provider.get("dev.tollgate.usage");
    }

    @Override
    public void deliver(List<UsageEvent> batch) {
        for (UsageEvent e : batch) {
            AttributesBuilder a = Attributes.builder()
                    .put("event.name", "tollgate.usage")
                    .put("tollgate.request_id", e.requestId())
                    .put("gen_ai.request.model", e.model() == null ? "" : e.model())
                    .put("gen_ai.usage.input_tokens", e.usage().promptTokens())
                    .put("gen_ai.usage.output_tokens", e.usage().completionTokens())
                    .put("tollgate.cost_nano_usd", e.costNanoUsd())
                    .put("http.response.status_code", e.status());
            if (e.teamId() != null) {
                a.put("tollgate.team_id", e.teamId());
            }
            if (e.provider() != null) {
                a.put("gen_ai.provider.name", e.provider());
            }
            logger.logRecordBuilder()
                    .setTimestamp(e.startedAt())
                    .setSeverity(e.status() >= 500 ? Severity.WARN : Severity.INFO)
                    .setBody(new String(EventJson.object(e), StandardCharsets.UTF_8))
                    .setAllAttributes(a.build())
                    .emit();
        }
    }

    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
