package dev.tollgate.simulator.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The target of a Bedrock Runtime call, {@code /model/{modelId}/{operation}}: the model id,
 * percent-decoded and with its directives, and the operation such as {@code converse}.
 *
 * <p>Clients encode the model id as one path segment ({@code anthropic.claude-v2%3A1}, an ARN's
 * {@code /} as {@code %2F}, a directive's {@code +} as {@code %2B}); an unencoded {@code +} stays a
 * {@code +}, so {@code /model/claude+status=429/converse} carries the directive {@code status=429}.
 * The operation follows the last {@code /}, so an unencoded ARN works too.
 *
 * @param model     the model id with its directives, e.g. {@code claude+status=429}
 * @param operation e.g. {@code converse} or {@code converse-stream}
 */
record BedrockPath(String model, String operation) {

  static final String PREFIX = "/model/";

  /** The target of {@code path} (without query), or {@code null} when it is not {@code /model/{id}/{op}}. */
  static BedrockPath parse(String path) {
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String rest = path.substring(PREFIX.length());
    int slash = rest.lastIndexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      return null;
    }
    return new BedrockPath(decode(rest.substring(0, slash)), rest.substring(slash + 1));
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
