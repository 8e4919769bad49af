package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Json;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * {@code GET /v1/models}: a fixed list, rendered once. Faults still apply (through defaults and
 * {@code x-sim-*} headers) because a health check against a failing provider should fail too.
 */
final class Models implements OpenAiEndpoint {

  static final List<String> IDS = List.of(
      "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3-mini",
      "text-embedding-3-small", "text-embedding-3-large");

  /** A fixed date (2024-05-13) rather than the start time, so responses are reproducible. */
  private static final long CREATED = 1_715_558_400L;

  private static final byte[] LIST = Json.bytes(g -> {
    g.writeStartObject();
    g.writeStringField("object", "list");
    g.writeArrayFieldStart("data");
    for (String id : IDS) {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("object", "model");
      g.writeNumberField("created", CREATED);
      g.writeStringField("owned_by", "simulator");
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  });

  private final BehaviourResolver resolver;

  Models(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public boolean needsBody() {
    return false;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    var behaviour = resolver.resolve(null, exchange).behaviour();
    FaultGate.run(exchange, behaviour, OpenAiErrors.INSTANCE, () -> exchange.reply(Buffer.buffer(LIST), behaviour));
  }
}
