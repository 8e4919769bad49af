package dev.tollgate.simulator.gemini;

import dev.tollgate.simulator.core.PercentDecoding;

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
    return PercentDecoding.decode(s);
  }
}
