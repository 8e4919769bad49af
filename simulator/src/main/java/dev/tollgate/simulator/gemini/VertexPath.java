package dev.tollgate.simulator.gemini;

/**
 * A Gemini call on Vertex AI:
 * {@code /v1/projects/{project}/locations/{location}/publishers/google/models/{model}:{method}} (also under
 * {@code /v1beta1}). Project and location are not checked; the model segment is read as in
 * {@link GeminiPath} (percent-decoded, the method after the last colon).
 */
final class VertexPath {

  static final String[] PREFIXES = {"/v1/projects/", "/v1beta1/projects/"};
  private static final String PUBLISHER = "publishers/google/models/";

  private VertexPath() {
  }

  static boolean claims(String path) {
    for (String prefix : PREFIXES) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The model and method, or {@code null} when the path is not a Vertex model call. */
  static GeminiPath parse(String path) {
    String[] segments = path.split("/", 8);
    // "", version, "projects", {p}, "locations", {l}, "publishers", "google/models/{model}:{method}"
    if (segments.length != 8 || !segments[4].equals("locations") || segments[3].isEmpty() || segments[5].isEmpty()) {
      return null;
    }
    String rest = segments[6] + "/" + segments[7];
    if (!rest.startsWith(PUBLISHER)) {
      return null;
    }
    String decoded = GeminiPath.decode(rest.substring(PUBLISHER.length()));
    int colon = decoded.lastIndexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1 || decoded.indexOf('/') >= 0) {
      return null;
    }
    return new GeminiPath(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
