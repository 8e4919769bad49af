package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.EmbeddingVectors;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.RenderedVectors;
import dev.tollgate.simulator.core.TokenCounting;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: deterministic unit vectors (see {@link EmbeddingVectors}) as float
 * arrays or, with {@code encoding_format: "base64"} (the official Node SDK's default), as
 * little-endian float32 bytes in base64. Rendered vectors are cached ({@link RenderedVectors}).
 */
final class Embeddings implements OpenAiEndpoint {

  static final int DEFAULT_DIMENSIONS = 1536;
  static final int MAX_DIMENSIONS = 16384;

  private final BehaviourResolver resolver;
  private final RenderedVectors rendered = new RenderedVectors();

  Embeddings(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    String rawModel = RequestFields.model(body);
    List<String> inputs = RequestFields.texts(body.get("input"), "input", true);
    int dimensions = dimensions(body);
    boolean base64 = base64(body);
    var resolved = resolver.resolve(rawModel, exchange);
    int tokens = TokenCounting.textTokens(inputs);

    FaultGate.run(exchange, resolved.behaviour(), OpenAiErrors.INSTANCE, () -> {
      List<String> vectors = new ArrayList<>(inputs.size());
      for (String input : inputs) {
        vectors.add(rendered.json(input, dimensions, base64));
      }
      exchange.reply(Json.buffer(g -> {
        g.writeStartObject();
        g.writeStringField("object", "list");
        g.writeArrayFieldStart("data");
        for (int i = 0; i < vectors.size(); i++) {
          g.writeStartObject();
          g.writeStringField("object", "embedding");
          g.writeNumberField("index", i);
          g.writeFieldName("embedding");
          g.writeRawValue(vectors.get(i));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("model", resolved.model());
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", tokens);
        g.writeNumberField("total_tokens", tokens);
        g.writeEndObject();
        g.writeEndObject();
      }), resolved.behaviour());
    });
  }

  private static int dimensions(JsonNode body) {
    JsonNode value = body.get("dimensions");
    if (value == null || value.isNull()) {
      return DEFAULT_DIMENSIONS;
    }
    if (!value.isIntegralNumber() || value.intValue() < 1 || value.intValue() > MAX_DIMENSIONS) {
      throw new InvalidRequest("dimensions", "Invalid 'dimensions': expected an integer between 1 and " + MAX_DIMENSIONS + ".");
    }
    return value.intValue();
  }

  private static boolean base64(JsonNode body) {
    JsonNode value = body.get("encoding_format");
    if (value == null || value.isNull() || "float".equals(value.asText())) {
      return false;
    }
    if ("base64".equals(value.asText())) {
      return true;
    }
    throw new InvalidRequest("encoding_format", "Invalid 'encoding_format': expected 'float' or 'base64'.");
  }
}
