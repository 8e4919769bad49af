package dev.tollgate.core.observe.tracing;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tracing with the OpenTelemetry SDK: a SERVER span per client call and a CLIENT span per upstream attempt, named
 * and attributed after the GenAI semantic conventions ({@code gen_ai.*}), exported over OTLP/HTTP (protobuf) in
 * batches from the SDK's own thread. The incoming W3C {@code traceparent} is the call's parent; each attempt's
 * context goes upstream in its request. Spans are started and ended explicitly (no thread-local context), since
 * a call hops between callbacks on its event loop.
 */
public final class OtelTracing implements Tracing {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    /** The older name of {@code gen_ai.provider.name}, still what many backends read. */
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("tollgate.request_id");
    static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("tollgate.deployment");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tollgate.attempt");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("tollgate.attempts");
    static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("tollgate.cache_hit");
    static final AttributeKey<Long> COST = AttributeKey.longKey("tollgate.cost_nano_usd");
    static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("tollgate.stream");
    static final AttributeKey<Boolean> TOKENS_ESTIMATED = AttributeKey.booleanKey("tollgate.tokens_estimated");

    /** Provider types whose semantic-convention name differs from Tollgate's type name. */
    private static final Map<String, String> PROVIDER_NAMES = Map.of(
            "bedrock", "aws.bedrock", "vertex", "gcp.vertex_ai", "gemini", "gcp.gemini", "azure", "azure.ai.openai",
            "xai", "x_ai", "mistral", "mistral_ai");

    private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final W3CTraceContextPropagator propagator = W3CTraceContextPropagator.getInstance();

    /**
     * @param endpoint     the collector's OTLP/HTTP base URL ({@code http://collector:4318}); {@code /v1/traces} is
     *                     added unless the URL already ends with it
     * @param sampleRatio  share of new traces kept (0..1); a call whose client sent a sampled traceparent is kept
     * @param exportDelayMs how long spans wait in the batch before export
     */
    public OtelTracing(String endpoint, double sampleRatio, Map<String, String> headers, String serviceName,
                       long exportDelayMs) {
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.endsWith("/v1/traces") ? endpoint
                        : endpoint.replaceAll("/+$", "") + "/v1/traces")
                .setTimeout(Duration.ofSeconds(10));
        headers.forEach(exporter::addHeader);
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), serviceName))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio)))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build())
                        .setScheduleDelay(Duration.ofMillis(exportDelayMs))
                        .setMaxQueueSize(8192)
                        .build())
                .build();
        this.tracer = provider.get("dev.tollgate");
    }

    @Override
    public CallSpan start(Endpoint endpoint, String requestId, MultiMap headers) {
        Context parent = propagator.extract(Context.root(), headers, HEADERS);
        String operation = operation(endpoint);
        Span span = tracer.spanBuilder(operation).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(OPERATION, operation)
                .setAttribute(REQUEST_ID, requestId)
                .startSpan();
        return new OtelCallSpan(span, operation);
    }

    static String operation(Endpoint endpoint) {
        return switch (endpoint) {
            case COMPLETIONS -> "text_completion";
            case EMBEDDINGS -> "embeddings";
            default -> "chat";
        };
    }

    static String providerName(String type) {
        return PROVIDER_NAMES.getOrDefault(type, type);
    }

    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    private final class OtelCallSpan extends CallSpan {

        private final Span span;
        private final String operation;
        private String provider;

        OtelCallSpan(Span span, String operation) {
            this.span = span;
            this.operation = operation;
        }

        @Override
        public void request(String model, long maxTokens, boolean stream) {
            if (model != null) {
                span.updateName(operation + " " + model);
                span.setAttribute(REQUEST_MODEL, model);
            }
            if (maxTokens > 0) {
                span.setAttribute(MAX_TOKENS, maxTokens);
            }
            span.setAttribute(STREAM, stream);
        }

        @Override
        public AttemptSpan attempt(int number, String deployment, String providerType, String upstreamModel) {
            provider = providerName(providerType);
            Span child = tracer.spanBuilder(operation + " " + upstreamModel)
                    .setParent(Context.root().with(span))
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(OPERATION, operation)
                    .setAttribute(PROVIDER, provider)
                    .setAttribute(SYSTEM, provider)
                    .setAttribute(REQUEST_MODEL, upstreamModel)
                    .setAttribute(DEPLOYMENT, deployment)
                    .setAttribute(ATTEMPT, (long) number)
                    .startSpan();
            return new OtelAttemptSpan(child);
        }

        @Override
        public void end(int status, String errorType, TokenUsage usage, long costNanoUsd, boolean cacheHit,
                        String upstreamModel, String deployment, int attempts) {
            if (provider != null) {
                span.setAttribute(PROVIDER, provider);
                span.setAttribute(SYSTEM, provider);
            }
            if (upstreamModel != null) {
                span.setAttribute(RESPONSE_MODEL, upstreamModel);
            }
            if (deployment != null) {
                span.setAttribute(DEPLOYMENT, deployment);
            }
            if (usage != null && (usage.promptTokens() > 0 || usage.completionTokens() > 0)) {
                span.setAttribute(INPUT_TOKENS, usage.promptTokens());
                span.setAttribute(OUTPUT_TOKENS, usage.completionTokens());
                span.setAttribute(TOKENS_ESTIMATED, usage.estimated());
            }
            span.setAttribute(HTTP_STATUS, (long) status);
            span.setAttribute(ATTEMPTS, (long) attempts);
            span.setAttribute(CACHE_HIT, cacheHit);
            span.setAttribute(COST, costNanoUsd);
            if (errorType != null) {
                span.setAttribute(ERROR_TYPE, errorType);
                if (status >= 500) { // a refused client request is the client's error, not the gateway's
                    span.setStatus(StatusCode.ERROR);
                }
            }
            span.end();
        }
    }

    private final class OtelAttemptSpan extends AttemptSpan {

        private final Span span;
        private boolean ended;

        OtelAttemptSpan(Span span) {
            this.span = span;
        }

        @Override
        public void inject(RequestOptions request) {
            propagator.inject(Context.root().with(span), request, (r, name, value) -> r.putHeader(name, value));
        }

        @Override
        public void target(String url) {
            try {
                URI uri = URI.create(url);
                span.setAttribute(SERVER_ADDRESS, uri.getHost());
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
                span.setAttribute(SERVER_PORT, (long) port);
            } catch (IllegalArgumentException e) {
                // not a URL we can name; the span goes without server.address
            }
        }

        @Override
        public void status(int status) {
            span.setAttribute(HTTP_STATUS, (long) status);
        }

        @Override
        public void failed(String errorType) {
            if (!ended) {
                span.setAttribute(ERROR_TYPE, errorType);
                span.setStatus(StatusCode.ERROR);
                end();
            }
        }

        @Override
        public void end() {
            if (!ended) {
                ended = true;
                span.end();
            }
        }
    }
}
