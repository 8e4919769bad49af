package dev.tollgate.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A provider API request as the simulator received it, so tests can assert what a gateway sent
 * upstream (rewritten headers, injected credentials, forwarded body).
 *
 * @param method  HTTP method, e.g. {@code POST}
 * @param path    the request target as sent, including any query string
 * @param headers header names in lower case; repeated headers are joined with {@code ", "}
 * @param body    the body decoded as UTF-8 ({@code ""} when absent)
 * @param at      when the body had been fully received
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body, Instant at) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(at, "at");
  }

  /** The value of a header, looked up case-insensitively, or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
