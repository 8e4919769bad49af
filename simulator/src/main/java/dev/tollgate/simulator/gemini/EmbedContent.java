package dev.tollgate.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.EmbeddingVectors;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.RenderedVectors;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code :embedContent} ({@code {"embedding":{"values":[...]}}}) and {@code :batchEmbedContents}
 * ({@code {"embeddings":[{"values":[...]}, ...]}}, one per request, in order). The embedded text of a
 * {@code content} is its text parts joined by a space; vectors are deterministic unit vectors
 * ({@link EmbeddingVectors}) of {@code outputDimensionality} floats (default
 * {@value #DEFAULT_DIMENSIONS}, gemini-embedding-001's size). Like the real API, no usage is reported.
 *
 * <p>A batch holds 1 to {@value #MAX_BATCH} requests, and each names the batch's model
 * ({@code models/<the model in the path>}), as Google's reference requires.
 */
final class EmbedContent {

  static final int DEFAULT_DIMENSIONS = 3072;
  static final int MAX_BATCH = 100;

  private final BehaviourResolver resolver;
  private final RenderedVectors rendered = new RenderedVectors();

  EmbedContent(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  void embed(Exchange exchange, String rawModel, JsonNode body) {
    String text = text(body.get("content"), "EmbedContentRequest");
    int dimensions = dimensions(body.get("outputDimensionality"), "EmbedContentRequest");
    var behaviour = resolver.resolve(rawModel, exchange).behaviour();
    FaultGate.run(exchange, behaviour, GeminiErrors.INSTANCE, () -> {
      String values = rendered.json(text, dimensions, false);
      exchange.reply(Json.buffer(g -> {
        g.writeStartObject();
        g.writeObjectFieldStart("embedding");
        g.writeFieldName("values");
        g.writeRawValue(values);
        g.writeEndObject();
        g.writeEndObject();
      }), behaviour);
    });
  }

  void batch(Exchange exchange, String rawModel, JsonNode body) {
    JsonNode requests = body.get("requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      throw new InvalidRequest("requests", "* BatchEmbedContentsRequest.requests: requests is not specified");
    }
    if (requests.size() > MAX_BATCH) {
      throw new InvalidRequest("requests", "* BatchEmbedContentsRequest.requests: at most " + MAX_BATCH
          + " requests can be in one batch");
    }
    var resolved = resolver.resolve(rawModel, exchange);
    List<String> texts = new ArrayList<>(requests.size());
    List<Integer> dimensions = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      String at = "BatchEmbedContentsRequest.requests[" + i + "]";
      checkModel(requests.get(i).get("model"), resolved.model(), at);
      texts.add(text(requests.get(i).get("content"), at));
      dimensions.add(dimensions(requests.get(i).get("outputDimensionality"), at));
    }
    var behaviour = resolved.behaviour();
    FaultGate.run(exchange, behaviour, GeminiErrors.INSTANCE, () -> {
      List<String> vectors = new ArrayList<>(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        vectors.add(rendered.json(texts.get(i), dimensions.get(i), false));
      }
      exchange.reply(Json.buffer(g -> {
        g.writeStartObject();
        g.writeArrayFieldStart("embeddings");
        for (String values : vectors) {
          g.writeStartObject();
          g.writeFieldName("values");
          g.writeRawValue(values);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }), behaviour);
    });
  }

  /**
   * A batch's request must name the batch's model as a resource ({@code models/<id>} or
   * {@code tunedModels/<id>}); directives after a {@code +} do not count.
   */
  private static void checkModel(JsonNode model, String batchModel, String at) {
    if (model == null || !model.isTextual() || model.textValue().isEmpty()) {
      throw new InvalidRequest("model", "* " + at + ".model: model is not specified");
    }
    String name = model.textValue();
    int slash = name.indexOf('/');
    String collection = slash < 0 ? "" : name.substring(0, slash);
    if (!collection.equals("models") && !collection.equals("tunedModels")) {
      throw new InvalidRequest("model", "* " + at + ".model: unexpected model name format");
    }
    if (!name.substring(slash + 1).split("\\+", 2)[0].equals(batchModel)) {
      throw new InvalidRequest("model", "* " + at + ".model: the model of each request must be the batch's model ("
          + batchModel + ")");
    }
  }

  private static String text(JsonNode content, String at) {
    if (content == null || !content.isObject()) {
      throw new InvalidRequest("content", "* " + at + ".content: content is not specified");
    }
    JsonNode parts = content.get("parts");
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw new InvalidRequest("parts", "* " + at + ".content.parts: contents.parts must not be empty.");
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : parts) {
      if (part.path("text").isTextual()) {
        if (!sb.isEmpty()) {
          sb.append(' ');
        }
        sb.append(part.get("text").textValue());
      }
    }
    return sb.toString();
  }

  private static int dimensions(JsonNode value, String at) {
    if (value == null || value.isNull()) {
      return DEFAULT_DIMENSIONS;
    }
    if (!value.isIntegralNumber() || value.intValue() < 1 || value.intValue() > DEFAULT_DIMENSIONS) {
      throw new InvalidRequest("outputDimensionality", "* " + at + ".output_dimensionality: must be between 1 and "
          + DEFAULT_DIMENSIONS + ".");
    }
    return value.intValue();
  }
}
