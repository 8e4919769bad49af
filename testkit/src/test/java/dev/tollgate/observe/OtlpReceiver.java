package dev.tollgate.observe;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP collector in the test: accepts protobuf exports on {@code /v1/traces} and {@code /v1/logs}, decodes
 * them with the OpenTelemetry protocol classes and keeps the spans and log records, with the headers they came with.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    final List<Span> spans = new CopyOnWriteArrayList<>();
    final List<LogRecord> logs = new CopyOnWriteArrayList<>();
    final List<Map<String, List<String>>> exportHeaders = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
            exportHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            request.getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(s -> spans.addAll(s.getSpansList())));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/v1/logs", exchange -> {
            ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(exchange.getRequestBody());
            request.getResourceLogsList().forEach(r -> r.getScopeLogsList().forEach(s -> logs.addAll(s.getLogRecordsList())));
            byte[] answer = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans of one call: those whose trace holds a span tagged with this request id. */
    List<Span> trace(String requestId) {
        String traceId = spans.stream().filter(s -> requestId.equals(attribute(s.getAttributesList(), "tollgate.request_id")))
                .map(s -> hex(s.getTraceId().toByteArray())).findFirst().orElse(null);
        return traceId == null ? List.of()
                : spans.stream().filter(s -> hex(s.getTraceId().toByteArray()).equals(traceId)).toList();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** An attribute's value as text (strings as they are, numbers and booleans printed), or null. */
    static String attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                AnyValue v = kv.getValue();
                return switch (v.getValueCase()) {
                    case STRING_VALUE -> v.getStringValue();
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                    default -> v.toString();
                };
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
