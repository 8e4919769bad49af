package dev.tollgate.simulator.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Deterministic embedding vectors: the same text and dimension always give the same unit-length
 * vector. A text with words is a bag of words by feature hashing: each word (a run of letters or
 * digits, lower-cased) adds +1 or -1 at a position chosen by its hash, and the sum is normalised.
 * So texts that share most of their words have a high cosine similarity (the same words in another
 * case or punctuation: 1; one word of ten changed: about 0.9) and texts with no word in common are
 * close to orthogonal, which is what semantic-cache tests need. A text without any word (empty,
 * only punctuation) gets a Gaussian direction seeded from a hash of the text. Meaningless
 * semantically: only shared words count.
 */
public final class EmbeddingVectors {

  private EmbeddingVectors() {}

  /** A unit vector (Euclidean norm 1, up to float rounding) of {@code dimensions} floats. */
  public static float[] unit(String text, int dimensions) {
    float[] words = bagOfWords(text, dimensions);
    return words != null ? words : gaussian(text, dimensions);
  }

  private static float[] bagOfWords(String text, int dimensions) {
    double[] sum = new double[dimensions];
    boolean any = false;
    for (String word : WORD_SEPARATORS.split(text.toLowerCase(java.util.Locale.ROOT))) {
      if (word.isEmpty()) {
        continue;
      }
      long h = seed(word);
      int at = (int) Long.remainderUnsigned(h, dimensions);
      sum[at] += (h >>> 63) == 0 ? 1 : -1;
      any = true;
    }
    double sumSquares = 0;
    for (double v : sum) {
      sumSquares += v * v;
    }
    if (!any || sumSquares == 0) {
      return null; // no word, or words that cancelled out (possible in very few dimensions)
    }
    double norm = Math.sqrt(sumSquares);
    float[] out = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      out[i] = (float) (sum[i] / norm);
    }
    return out;
  }

  private static final java.util.regex.Pattern WORD_SEPARATORS =
      java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  private static float[] gaussian(String text, int dimensions) {
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
