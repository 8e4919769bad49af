package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.openai.ByteView;
import dev.tollgate.core.openai.RequestFacts;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderSettings;

import java.time.Instant;

/**
 * The state of one call as it walks the pipeline. Confined to the event loop that received the request.
 *
 * <pre>
 * attribute        set by              read by
 * requestId        Pipeline (ingress)  every stage, logs, booking
 * caller           authenticate        authorize, booking
 * dialect          Pipeline (ingress)  decode, answers, errors
 * body, facts      decode              route, upstream call, estimate
 * canonical, translation  route (formats differ)  upstream call, relay
 * group            authorize           route, metrics
 * provider, upstreamModel  route       upstream call, metering
 * firstByteNanos   relay               metrics, booking (TTFT)
 * usage            relay               settle (cost), booking
 * status, error    respond / relay     metrics, booking, log
 * </pre>
 */
final class Exchange {

    final String requestId;
    final Endpoint endpoint;
    final long startNanos;
    final Instant startedAt;
    final ActiveConfig active;
    /** The protocol the client speaks; errors and answers go back in it. */
    final ClientDialect dialect;

    Caller caller;
    /** The request body as received; read in place, never copied. */
    ByteView body;
    RequestFacts facts;
    GatewayConfig.ModelGroup group;
    /** Set when client and upstream formats differ: the call's canonical request and its translation. */
    ObjectNode canonical;
    ChatTranslation translation;
    ProviderSettings provider;
    String upstreamModel;
    long firstByteNanos;
    TokenUsage usage;
    /** Generated text seen so far, kept only to estimate tokens when the upstream reports none. */
    StringBuilder generatedText;
    int status;
    String errorType;
    boolean finished;

    Exchange(String requestId, Endpoint endpoint, long startNanos, Instant startedAt, ActiveConfig active,
             ClientDialect dialect) {
        this.dialect = dialect;
        this.requestId = requestId;
        this.endpoint = endpoint;
        this.startNanos = startNanos;
        this.startedAt = startedAt;
        this.active = active;
    }

    boolean streaming() {
        return facts != null && facts.stream() && endpoint.canStream();
    }

    /** The model label for metrics: a configured group name, never free text from the client. */
    String modelLabel() {
        return group != null ? group.name() : "unknown";
    }
}
