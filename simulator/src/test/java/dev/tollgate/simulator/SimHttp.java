package dev.tollgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small java.net.http client for the simulator tests (HTTP/1.1, real sockets). */
final class SimHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "Bearer sk-test";

  /** One SSE {@code data:} payload, the {@code event:} name before it (or {@code null}) and when it arrived. */
  record Event(String name, String data, long arrivedNanos) {
    JsonNode json() {
      return SimHttp.json(data);
    }

    boolean done() {
      return data.equals("[DONE]");
    }
  }

  /** A streamed response: status, content type, the events received and how the stream ended. */
  record StreamResult(int status, String contentType, List<Event> events, String errorBody, IOException failure, long sentNanos) {
    List<Event> content() {
      return events.stream().filter(e -> !e.done()).toList();
    }
  }

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  SimHttp(Simulator simulator) {
    this.base = simulator.baseUrl();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b;
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POST with a valid API key. */
  HttpResponse<String> post(String path, String body, String... headers) {
    return send(request(path, withAuth(headers)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> postNoAuth(String path, String body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  /** POSTs with a valid OpenAI key and reads the SSE stream; see {@link #streamNoAuth}. */
  StreamResult stream(String path, String body, String... headers) {
    return streamNoAuth(path, body, withAuth(headers));
  }

  /** POSTs and reads the SSE stream line by line, timestamping each event, until it ends or breaks. */
  StreamResult streamNoAuth(String path, String body, String... headers) {
    HttpRequest request = request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    long sent = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      return new StreamResult(-1, null, List.of(), null, e, sent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String contentType = response.headers().firstValue("content-type").orElse("");
    List<Event> events = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        return new StreamResult(response.statusCode(), contentType, events, String.join("\n", reader.lines().toList()), null, sent);
      }
      String line;
      String name = null;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          events.add(new Event(name, line.substring(6), System.nanoTime()));
          name = null;
        }
      }
      return new StreamResult(200, contentType, events, null, null, sent);
    } catch (IOException | UncheckedIOException e) {
      IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      return new StreamResult(response.statusCode(), contentType, events, null, io, sent);
    }
  }

  private static String[] withAuth(String[] headers) {
    String[] out = new String[headers.length + 2];
    out[0] = "Authorization";
    out[1] = KEY;
    System.arraycopy(headers, 0, out, 2, headers.length);
    return out;
  }

  /** A chat request body. */
  static String chat(String model, boolean stream, String extra) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse\"},{\"role\":\"user\",\"content\":\"Say hello\"}]"
        + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
  }

  /** Prompt tokens of {@link #chat}'s messages: (3+3) + (2+3) + 3. */
  static final int CHAT_PROMPT_TOKENS = 14;
}
