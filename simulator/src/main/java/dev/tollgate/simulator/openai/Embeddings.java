package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.EmbeddingVectors;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.TokenCounting;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /v1/embeddings}: deterministic unit vectors (see {@link EmbeddingVectors}) as float
 * arrays or, with {@code encoding_format: "base64"} (the official Node SDK's default), as
 * little-endian float32 bytes in base64.
 *
 * <p>Rendering 1536 floats costs far more than anything else the simulator does, and benchmarks
 * repeat their inputs, so each rendered vector is cached by (dimensions, format, text) in a
 * bounded map that is simply emptied when full.
 */
final class Embeddings implements OpenAiEndpoint {

  static final int DEFAULT_DIMENSIONS = 1536;
  static final int MAX_DIMENSIONS = 16384;
  /** A 1536-float vector renders to ~18 KB of text, so this caps the cache at a few MB. */
  private static final int MAX_CACHED = 256;

  private final BehaviourResolver resolver;
  private final ConcurrentHashMap<String, String> rendered = new ConcurrentHashMap<>();

  Embeddings(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    String rawModel = RequestFields.model(body);
    List<String> inputs = RequestFields.texts(body.get("input"), "input", true);
    int dimensions = dimensions(body);
    boolean base64 = base64(body);
    var resolved = resolver.resolve(rawModel, exchange.request().headers());
    int tokens = TokenCounting.textTokens(inputs);

    FaultGate.run(exchange, resolved.behaviour(), OpenAiErrors.INSTANCE, () -> {
      List<String> vectors = new ArrayList<>(inputs.size());
      for (String input : inputs) {
        vectors.add(vectorJson(input, dimensions, base64));
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

  private String vectorJson(String input, int dimensions, boolean base64) {
    String key = dimensions + (base64 ? "|b|" : "|f|") + input;
    String json = rendered.get(key);
    if (json == null) {
      float[] vector = EmbeddingVectors.unit(input, dimensions);
      json = base64 ? "\"" + EmbeddingVectors.base64(vector) + "\"" : floats(vector);
      if (rendered.size() >= MAX_CACHED) {
        rendered.clear();
      }
      rendered.put(key, json);
    }
    return json;
  }

  private static String floats(float[] vector) {
    StringBuilder sb = new StringBuilder(vector.length * 12).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(vector[i]); // Float.toString: shortest text that parses back to the same float
    }
    return sb.append(']').toString();
  }

  private static int dimensions(JsonNode body) {
    JsonNode value = body.get("dimensions");
    if (value == null || value.isNull()) {
      return DEFAULT_DIMENSIONS;
    }
    if (!value.isIntegralNumber() || value.intValue() < 1 || value.intValue() > MAX_DIMENSIONS) {
      throw new BadRequest("dimensions", "Invalid 'dimensions': expected an integer between 1 and " + MAX_DIMENSIONS + ".");
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
    throw new BadRequest("encoding_format", "Invalid 'encoding_format': expected 'float' or 'base64'.");
  }
}
