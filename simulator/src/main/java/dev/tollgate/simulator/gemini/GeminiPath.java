package dev.tollgate.simulator.gemini;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The target of a Gemini call, {@code /v1beta/models/{model}:{method}} (or {@code /v1/...}, or a
 * {@code tunedModels/} model): the model, directives included, and the method such as
 * {@code generateContent}.
 *
 * <p>The model segment is percent-decoded, because clients may encode what they put in a path
 * ({@code gemini-2.5-flash%2Bstatus%3D429}). A {@code +} stays a {@code +}: in a path it is not a
 * space, so {@code gemini-2.5-flash+status=429:generateContent} carries the directive
 * {@code status=429}. The method follows the last {@code :}, so a directive value may contain one.
 *
 * @param model  the model string with its directives, e.g. {@code gemini-2.5-flash+status=429}
 * @param method the method after the colon, e.g. {@code streamGenerateContent}
 */
record GeminiPath(String model, String method) {

  static final String V1_PREFIX = "/v1/";
  static final String BETA_PREFIX = "/v1beta/";
  private static final String[] COLLECTIONS = {"models/", "tunedModels/"};

  /**
   * The target of {@code path} (without query), or {@code null} when it is not
   * {@code /v1beta/models/{model}:{method}}, {@code /v1/models/...} or the same under
   * {@code tunedModels/}.
   */
  static GeminiPath parse(String path) {
    String rest = stripVersion(path);
    if (rest == null) {
      return null;
    }
    String collection = null;
    for (String c : COLLECTIONS) {
      if (rest.startsWith(c)) {
        collection = c;
      }
    }
    if (collection == null) {
      return null;
    }
    String decoded = decode(rest.substring(collection.length()));
    int colon = decoded.lastIndexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1 || decoded.indexOf('/') >= 0) {
      return null;
    }
    return new GeminiPath(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private static String stripVersion(String path) {
    if (path.startsWith(BETA_PREFIX)) {
      return path.substring(BETA_PREFIX.length());
    }
    return path.startsWith(V1_PREFIX) ? path.substring(V1_PREFIX.length()) : null;
  }

  /** RFC 3986 percent-decoding as UTF-8, leaving {@code +} and malformed escapes as they are. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int hi;
      int lo;
      if (bytes[i] == '%' && i + 2 < bytes.length && (hi = Character.digit(bytes[i + 1], 16)) >= 0
          && (lo = Character.digit(bytes[i + 2], 16)) >= 0) {
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
