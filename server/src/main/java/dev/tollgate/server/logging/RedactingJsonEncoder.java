package dev.tollgate.server.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tollgate.server.SecretRedaction;

import java.nio.charset.StandardCharsets;

/** Logback's JSON encoder with secrets masked in the finished line (message, key-values and stack traces alike). */
public final class RedactingJsonEncoder extends JsonEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        return SecretRedaction.redact(new String(super.encode(event), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }
}
