package dev.tollgate.simulator.core;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Embedding vectors rendered as JSON values, cached. Rendering a few thousand floats costs far more
 * than anything else the simulator does, and benchmarks repeat their inputs, so each rendered vector
 * is kept by (dimensions, encoding, text) in a bounded map that is simply emptied when full (a
 * re-render, never a wrong answer, and no eviction bookkeeping).
 */
public final class RenderedVectors {

  /** A 1536-float vector renders to ~18 KB of text, so this caps the cache at a few MB. */
  private static final int MAX_CACHED = 256;

  private final ConcurrentHashMap<String, String> rendered = new ConcurrentHashMap<>();

  /**
   * The vector of {@code text} (see {@link EmbeddingVectors#unit}) as a JSON array of floats or,
   * with {@code base64}, as a JSON string of little-endian float32 bytes.
   */
  public String json(String text, int dimensions, boolean base64) {
    String key = dimensions + (base64 ? "|b|" : "|f|") + text;
    String json = rendered.get(key);
    if (json == null) {
      float[] vector = EmbeddingVectors.unit(text, dimensions);
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
}
