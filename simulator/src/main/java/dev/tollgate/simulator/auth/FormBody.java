package dev.tollgate.simulator.auth;

import io.vertx.core.buffer.Buffer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body, as token requests are sent. */
final class FormBody {

  private FormBody() {
  }

  /** The fields (the first of a repeated name wins); malformed pairs are skipped. */
  static Map<String, String> parse(Buffer body) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : body.toString(StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        fields.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformedEscape) {
        // skipped, as a lenient server would; the missing field is reported by the endpoint
      }
    }
    return fields;
  }
}
