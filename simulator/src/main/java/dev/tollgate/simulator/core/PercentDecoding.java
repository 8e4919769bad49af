package dev.tollgate.simulator.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a path segment that carries a model (or deployment) with its directives: clients may encode what they
 * put in a path ({@code gemini-2.5-flash%2Bstatus%3D429}), and a {@code +} in a path is not a space.
 */
public final class PercentDecoding {

  private PercentDecoding() {
  }

  /** RFC 3986 percent-decoding as UTF-8, leaving {@code +} and malformed escapes as they are. */
  public static String decode(String s) {
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
