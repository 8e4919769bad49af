package dev.tollgate.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tollgate.server.SecretRedaction;
import net.logstash.logback.encoder.LogstashEncoder;

import java.nio.charset.StandardCharsets;

/**
 * One flat JSON object per line (Logstash layout: {@code @timestamp}, {@code level}, {@code logger_name},
 * {@code message}, and each SLF4J key-value as a top-level field), with secrets masked in the finished line.
 */
public final class RedactingJsonEncoder extends LogstashEncoder {

    @Override
    public byte[] encode(ILoggingEvent event) {
        return SecretRedaction.redact(new String(super.encode(event), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }
}
