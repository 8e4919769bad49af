package dev.tollgate.core.openai;

import io.vertx.core.buffer.Buffer;

/** Builds error bodies and stream error events in OpenAI's format: {@code {"error":{message,type,param,code}}}. */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    public static Buffer body(String message, String type, String param, String code) {
        StringBuilder sb = new StringBuilder(96 + message.length());
        sb.append("{\"error\":{\"message\":").append(JsonStrings.quoteToString(message))
                .append(",\"type\":").append(JsonStrings.quoteToString(type))
                .append(",\"param\":").append(param == null ? "null" : JsonStrings.quoteToString(param))
                .append(",\"code\":").append(code == null ? "null" : JsonStrings.quoteToString(code))
                .append("}}");
        return Buffer.buffer(sb.toString());
    }

    /** The same error as a final stream event, for failures after the first byte was sent. */
    public static Buffer streamEvent(String message, String type, String code) {
        return Buffer.buffer("data: ").appendBuffer(body(message, type, null, code)).appendString("\n\n");
    }
}
