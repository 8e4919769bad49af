package dev.tollgate.simulator.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Deterministic embedding vectors: the same text and dimension always give the same unit-length
 * vector (a Gaussian direction seeded from a hash of the text), different texts give unrelated
 * ones. Good enough for similarity-cache and plumbing tests; meaningless semantically.
 */
public final class EmbeddingVectors {

  private EmbeddingVectors() {}

  /** A unit vector (Euclidean norm 1, up to float rounding) of {@code dimensions} floats. */
  public static float[] unit(String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed(text));
    double[] raw = new double[dimensions];
    double sumSquares = 0;
    for (int i = 0; i < dimensions; i++) {
      raw[i] = random.nextGaussian();
      sumSquares += raw[i] * raw[i];
    }
    double norm = Math.sqrt(sumSquares);
    float[] out = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      out[i] = (float) (raw[i] / norm);
    }
    return out;
  }

  /** OpenAI's {@code encoding_format: "base64"}: the float32 values, little-endian, base64-encoded. */
  public static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /** Inverse of {@link #base64(float[])}, for clients and tests. */
  public static float[] decodeBase64(String encoded) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  private static long seed(String text) {
    long h = 0xcbf29ce484222325L; // FNV-1a 64 over UTF-8
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }
}
