package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import dev.tollgate.simulator.SimHttp.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates what the simulator sends against the official OpenAI OpenAPI document
 * ({@code specs/openai-openapi.yaml} at the repository root, found above the working directory or via
 * {@code -Dtollgate.openai.spec}). The document still uses OpenAPI 3.0's {@code nullable} in places
 * the real API sends null (stream {@code finish_reason}, {@code logprobs}), so that keyword is
 * honoured on top of the OpenAPI 3.1 dialect. Its unions ({@code OutputItem}, {@code InputItem},
 * {@code ResponseStreamEvent}, …) name a {@code discriminator} without a {@code mapping}, whose implicit
 * mapping (value → component name, e.g. {@code message} → {@code #/components/schemas/message}) points
 * nowhere; the discriminator is only a hint over the {@code oneOf}/{@code anyOf} it sits on, so it is
 * dropped and the union itself is enforced as written. Nothing else is relaxed.
 */
class OpenAiContractTest {

  private static final String DOCUMENT = "https://spec.tollgate.test/openai-openapi.yaml";

  private static SchemaRegistry registry;
  private static Simulator sim;
  private static SimHttp http;

  @BeforeAll
  static void start() throws IOException {
    Path spec = locateSpec();
    if (spec == null) {
      throw new IllegalStateException("specs/openai-openapi.yaml not found above " + Path.of("").toAbsolutePath()
          + "; set -Dtollgate.openai.spec");
    }
    Dialect dialect = Dialect.builder(Dialects.getOpenApi31()).keyword(new NonValidationKeyword("nullable"))
        .keywords(k -> k.remove("discriminator"))
        .keyword(new NonValidationKeyword("discriminator"))
        .build();
    // The document has a whitespace-only line inside a "|+" example scalar that the strict YAML
    // parser rejects; blanking whitespace-only lines changes no schema.
    String yaml = Files.readString(spec).replaceAll("(?m)^[ \\t]+$", "");
    registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(Map.of(DOCUMENT, yaml)));
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private static Path locateSpec() {
    String configured = System.getProperty("tollgate.openai.spec");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("specs/openai-openapi.yaml");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static void assertValid(String schemaName, String json) {
    assertValid(schemaName, json, null);
  }

  /** @param tolerated an instance location whose violations are a known, documented divergence */
  private static void assertValid(String schemaName, String json, String tolerated) {
    List<String> violations = violations(schemaName, json).stream()
        .filter(v -> tolerated == null || !v.startsWith(tolerated + ": "))
        .toList();
    assertThat(violations).as("%s against %s", json, schemaName).isEmpty();
  }

  private static List<String> violations(String schemaName, String json) {
    Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + schemaName));
    return schema.validate(json, InputFormat.JSON).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
  }

  @Test
  void chatCompletionMatchesTheSpec() {
    assertValid("CreateChatCompletionResponse", http.post("/v1/chat/completions",
        chat("gpt-4o-mini+cached_tokens=2+reasoning_tokens=1", false, "\"max_tokens\":4")).body());
  }

  @Test
  void chatStreamChunksMatchTheSpec() {
    List<Event> events = http.stream("/v1/chat/completions",
        chat("gpt-4o-mini+chunks=3", true, "\"stream_options\":{\"include_usage\":true}")).events();
    assertThat(events).hasSize(1 + 3 + 1 + 1 + 1);
    for (Event e : events.subList(0, events.size() - 1)) {
      assertValid("CreateChatCompletionStreamResponse", e.data());
    }
  }

  @Test
  void textCompletionsMatchTheSpec() {
    assertValid("CreateCompletionResponse", http.post("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"hi there\"}").body());
    List<Event> events = http.stream("/v1/completions",
        "{\"model\":\"gpt-4o-mini+chunks=2\",\"prompt\":\"hi\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}").events();
    assertThat(events).hasSize(2 + 1 + 1 + 1);
    // The spec reuses CreateCompletionResponse for stream chunks, whose finish_reason must be a
    // string; the real API (and the simulator) send null until the finish chunk.
    for (Event e : events.subList(0, 2)) {
      assertValid("CreateCompletionResponse", e.data(), "/choices/0/finish_reason");
    }
    for (Event e : events.subList(2, 4)) {
      assertValid("CreateCompletionResponse", e.data());
    }
  }

  @Test
  void responsesMatchTheSpec() {
    String tools = "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}}}}]";
    for (String request : List.of(
        ResponsesTest.request("gpt-4o-mini", false, "\"max_output_tokens\":32,\"store\":false"),
        ResponsesTest.request("gpt-4o-mini+cached_tokens=2+cache_write_tokens=1", false, "\"reasoning\":{\"effort\":\"low\"}"),
        ResponsesTest.request("gpt-4o-mini+tool_call", false, tools),
        ResponsesTest.request("gpt-4o-mini+chunks=20", false, "\"max_output_tokens\":16"),
        ResponsesTest.request("gpt-4o-mini+no_usage", false, null))) {
      assertValid("Response", http.post("/v1/responses", request).body());
    }
    // with the discriminators dropped, the unions must still be enforced
    assertThat(violations("Response", http.post("/v1/responses", ResponsesTest.request("gpt-4o-mini", false, null)).body()
        .replace("\"type\":\"message\"", "\"type\":\"no_such_item\""))).isNotEmpty();
    assertThat(violations("ResponseStreamEvent", "{\"type\":\"response.output_text.delta\",\"sequence_number\":1}"))
        .as("a delta without its item").isNotEmpty();
  }

  @Test
  void responsesStreamEventsMatchTheSpec() {
    String tools = "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}}}}]";
    for (String request : List.of(
        ResponsesTest.request("gpt-4o-mini+chunks=3", true, "\"reasoning\":{\"effort\":\"low\"}"),
        ResponsesTest.request("gpt-4o-mini+tool_call", true, tools),
        ResponsesTest.request("gpt-4o-mini+chunks=20", true, "\"max_output_tokens\":16"))) {
      List<Event> events = http.stream("/v1/responses", request).events();
      assertThat(events).hasSizeGreaterThan(5);
      for (Event e : events) {
        assertValid(RESPONSE_EVENT_SCHEMAS.get(e.name()), e.data());
        assertValid("ResponseStreamEvent", e.data());
      }
    }
  }

  /** The spec's schema of each Responses stream event the simulator sends. */
  private static final Map<String, String> RESPONSE_EVENT_SCHEMAS = Map.ofEntries(
      Map.entry("response.created", "ResponseCreatedEvent"),
      Map.entry("response.in_progress", "ResponseInProgressEvent"),
      Map.entry("response.output_item.added", "ResponseOutputItemAddedEvent"),
      Map.entry("response.output_item.done", "ResponseOutputItemDoneEvent"),
      Map.entry("response.content_part.added", "ResponseContentPartAddedEvent"),
      Map.entry("response.content_part.done", "ResponseContentPartDoneEvent"),
      Map.entry("response.output_text.delta", "ResponseTextDeltaEvent"),
      Map.entry("response.output_text.done", "ResponseTextDoneEvent"),
      Map.entry("response.function_call_arguments.delta", "ResponseFunctionCallArgumentsDeltaEvent"),
      Map.entry("response.function_call_arguments.done", "ResponseFunctionCallArgumentsDoneEvent"),
      Map.entry("response.completed", "ResponseCompletedEvent"),
      Map.entry("response.incomplete", "ResponseIncompleteEvent"));

  @Test
  void embeddingsModelsAndErrorsMatchTheSpec() {
    assertValid("CreateEmbeddingResponse", http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":[\"a\",\"b c\"],\"dimensions\":4}").body());
    assertValid("ListModelsResponse", http.get("/v1/models", "Authorization", SimHttp.KEY).body());
    assertValid("ErrorResponse", http.post("/v1/chat/completions", chat("gpt-4o-mini+status=429", false, null)).body());
    assertValid("ErrorResponse", http.postNoAuth("/v1/chat/completions", chat("gpt-4o-mini", false, null)).body());
    assertValid("ErrorResponse", http.post("/v1/chat/completions", "{").body());
  }
}
