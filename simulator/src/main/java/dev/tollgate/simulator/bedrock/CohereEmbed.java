package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.RenderedVectors;
import dev.tollgate.simulator.core.TokenCounting;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A Cohere Embed body, validated as Bedrock does: {@code texts} (required, at most 96, each at most 2048
 * characters), {@code input_type} (required: {@code search_document}, {@code search_query},
 * {@code classification}, {@code clustering}), {@code truncate} and {@code embedding_types}; v4
 * ({@code cohere.embed-v4:0}) also {@code output_dimension} (256, 512, 1024 or 1536, default 1536) and
 * {@code max_tokens}. v3 vectors have 1024 floats. The answer is {@code {"id", "embeddings", "texts",
 * "response_type"}}: with {@code embedding_types} the vectors are under {@code embeddings.float}
 * ({@code embeddings_by_type}), without it {@code embeddings} is the list itself
 * ({@code embeddings_floats}). Like Bedrock's, the body carries no token count.
 *
 * @param texts      the texts, in order
 * @param dimensions the vector size
 * @param byType     whether {@code embedding_types} was given
 */
record CohereEmbed(List<String> texts, int dimensions, boolean byType) {

  static final int MAX_TEXTS = 96;
  static final int MAX_CHARACTERS = 2048;
  static final int V3_DIMENSIONS = 1024;
  static final int V4_DEFAULT_DIMENSIONS = 1536;
  private static final Set<String> V3_KEYS = Set.of("texts", "input_type", "truncate", "embedding_types");
  private static final Set<String> V4_KEYS = Set.of("texts", "input_type", "truncate", "embedding_types",
      "output_dimension", "max_tokens");
  private static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification",
      "clustering");
  private static final Set<String> TYPES = Set.of("float", "int8", "uint8", "binary", "ubinary");

  static CohereEmbed parse(JsonNode body, boolean v4) {
    MalformedInput.onlyKeys(body, v4 ? V4_KEYS : V3_KEYS);
    List<String> texts = texts(body.get("texts"));
    MalformedInput.enumString(body, "input_type", INPUT_TYPES, true);
    MalformedInput.enumString(body, "truncate", v4 ? Set.of("NONE", "LEFT", "RIGHT") : Set.of("NONE", "START", "END"),
        false);
    JsonNode types = body.get("embedding_types");
    MalformedInput.floatTypesOnly(types, "#/embedding_types", TYPES);
    int dimensions = v4
        ? MalformedInput.oneOf(body.get("output_dimension"), "#/output_dimension", Set.of(256, 512, 1024, 1536),
            V4_DEFAULT_DIMENSIONS)
        : V3_DIMENSIONS;
    return new CohereEmbed(texts, dimensions, types != null && !types.isNull());
  }

  private static List<String> texts(JsonNode texts) {
    if (texts == null || texts.isNull()) {
      throw MalformedInput.at("#", "required key [texts] not found");
    }
    if (!texts.isArray()) {
      throw MalformedInput.at("#/texts", "expected type: JSONArray, found: " + MalformedInput.typeName(texts));
    }
    if (texts.size() > MAX_TEXTS) {
      throw MalformedInput.at("#/texts", "expected maximum item count: " + MAX_TEXTS + ", found: " + texts.size());
    }
    List<String> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      JsonNode text = texts.get(i);
      String path = "#/texts/" + i;
      if (!text.isTextual()) {
        throw MalformedInput.at(path, "expected type: String, found: " + MalformedInput.typeName(text));
      }
      if (text.textValue().length() > MAX_CHARACTERS) {
        throw MalformedInput.at(path, "expected maxLength: " + MAX_CHARACTERS + ", actual: " + text.textValue().length());
      }
      out.add(text.textValue());
    }
    return out;
  }

  int tokens() {
    return TokenCounting.textTokens(texts);
  }

  Buffer render(RenderedVectors rendered) {
    List<String> vectors = new ArrayList<>(texts.size());
    for (String text : texts) {
      vectors.add(rendered.json(text, dimensions, false));
    }
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeStringField("id", UUID.randomUUID().toString());
      if (byType) {
        g.writeObjectFieldStart("embeddings");
        g.writeArrayFieldStart("float");
      } else {
        g.writeArrayFieldStart("embeddings");
      }
      for (String values : vectors) {
        g.writeRawValue(values);
      }
      g.writeEndArray();
      if (byType) {
        g.writeEndObject();
      }
      g.writeArrayFieldStart("texts");
      for (String text : texts) {
        g.writeString(text);
      }
      g.writeEndArray();
      g.writeStringField("response_type", byType ? "embeddings_by_type" : "embeddings_floats");
      g.writeEndObject();
    });
  }
}
