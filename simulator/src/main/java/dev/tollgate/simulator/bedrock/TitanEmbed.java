package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.RenderedVectors;
import dev.tollgate.simulator.core.TokenCounting;
import io.vertx.core.buffer.Buffer;
import java.util.Set;

/**
 * An Amazon Titan Text Embeddings body, validated as Bedrock does: v2 ({@code amazon.titan-embed-text-v2:0})
 * takes {@code inputText} (required, not empty), {@code dimensions} (256, 512 or 1024, default 1024),
 * {@code normalize} (a boolean) and {@code embeddingTypes}; v1 takes {@code inputText} only and answers
 * 1536 floats. The answer is {@code {"embedding":[…], "inputTextTokenCount":N}} (v2 adds
 * {@code embeddingsByType.float}). Vectors are unit vectors whatever {@code normalize} says.
 *
 * @param text       the {@code inputText}
 * @param dimensions the vector size
 * @param v2         whether the model is v2
 */
record TitanEmbed(String text, int dimensions, boolean v2) {

  static final int V1_DIMENSIONS = 1536;
  static final int V2_DEFAULT_DIMENSIONS = 1024;
  private static final Set<String> V1_KEYS = Set.of("inputText");
  private static final Set<String> V2_KEYS = Set.of("inputText", "dimensions", "normalize", "embeddingTypes");

  static TitanEmbed parse(JsonNode body, boolean v2) {
    MalformedInput.onlyKeys(body, v2 ? V2_KEYS : V1_KEYS);
    String text = MalformedInput.string(body, "inputText", "#/inputText", true, 0);
    if (!v2) {
      return new TitanEmbed(text, V1_DIMENSIONS, false);
    }
    int dimensions = MalformedInput.oneOf(body.get("dimensions"), "#/dimensions", Set.of(256, 512, 1024),
        V2_DEFAULT_DIMENSIONS);
    JsonNode normalize = body.get("normalize");
    if (normalize != null && !normalize.isNull() && !normalize.isBoolean()) {
      throw MalformedInput.at("#/normalize", "expected type: Boolean, found: " + MalformedInput.typeName(normalize));
    }
    MalformedInput.floatTypesOnly(body.get("embeddingTypes"), "#/embeddingTypes", Set.of("float", "binary"));
    return new TitanEmbed(text, dimensions, true);
  }

  int tokens() {
    return TokenCounting.words(text);
  }

  Buffer render(RenderedVectors rendered, boolean withUsage) {
    String values = rendered.json(text, dimensions, false);
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeFieldName("embedding");
      g.writeRawValue(values);
      if (withUsage) {
        g.writeNumberField("inputTextTokenCount", tokens());
      }
      if (v2) {
        g.writeObjectFieldStart("embeddingsByType");
        g.writeFieldName("float");
        g.writeRawValue(values);
        g.writeEndObject();
      }
      g.writeEndObject();
    });
  }
}
