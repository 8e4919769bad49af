package dev.tollgate.server.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tollgate.server.SecretRedaction;

import java.nio.charset.StandardCharsets;

/** Logback's human-readable encoder with secrets masked in the finished line. */
public final class RedactingPatternEncoder extends PatternLayoutEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        return SecretRedaction.redact(new String(super.encode(event), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }
}
