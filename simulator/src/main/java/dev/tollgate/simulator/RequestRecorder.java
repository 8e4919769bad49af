package dev.tollgate.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The last {@value #CAPACITY} provider API requests, oldest first. Copying happens outside the
 * lock; the lock only guards a deque append, so recording stays cheap under benchmark load.
 */
final class RequestRecorder {

  static final int CAPACITY = 256;

  private final ArrayDeque<RecordedRequest> ring = new ArrayDeque<>(CAPACITY);

  void record(HttpServerRequest request, Buffer body) {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
    }
    add(new RecordedRequest(request.method().name(), request.uri(), headers, body.toString(StandardCharsets.UTF_8), Instant.now()));
  }

  synchronized void add(RecordedRequest recorded) {
    if (ring.size() == CAPACITY) {
      ring.removeFirst();
    }
    ring.addLast(recorded);
  }

  synchronized List<RecordedRequest> snapshot() {
    return List.copyOf(ring);
  }

  synchronized void clear() {
    ring.clear();
  }
}
