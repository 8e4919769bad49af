package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AnthropicRequestDecoderTest {

    private final AnthropicDialect dialect = new AnthropicDialect();

    @ParameterizedTest
    @ValueSource(strings = {"plain", "sampling_and_stream", "system_blocks_cache_control", "images",
            "tool_use_round_trip", "tool_result_merge", "thinking_blocks"})
    void decodesTheFixture(String name) throws Exception {
        ObjectNode fixture = AnthropicFixtures.load("request/" + name + ".json");
        ObjectNode request = (ObjectNode) fixture.get("anthropic");
        ObjectNode untouched = request.deepCopy();

        JsonNode canonical = AnthropicFixtures.normalized(dialect.toCanonical(request));

        assertThat(canonical).as(AnthropicFixtures.pretty(canonical)).isEqualTo(fixture.get("canonical"));
        assertThat(request).as("the client request is left as it was").isEqualTo(untouched);
    }

    static Stream<JsonNode> toolChoiceCases() {
        return Stream.of(AnthropicFixtures.load("request/tool_choice_variants.json").get("cases")).flatMap(c -> {
            Stream.Builder<JsonNode> b = Stream.builder();
            c.forEach(b);
            return b.build();
        });
    }

    @ParameterizedTest
    @MethodSource("toolChoiceCases")
    void mapsToolChoice(JsonNode testCase) throws Exception {
        ObjectNode request = AnthropicFixtures.parse("""
                {"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"What is AAPL at?"}]}""");
        request.set("tools", AnthropicFixtures.load("request/tool_choice_variants.json").get("tools"));
        request.set("tool_choice", testCase.get("tool_choice"));

        ObjectNode canonical = dialect.toCanonical(request);

        assertThat(AnthropicFixtures.normalized(canonical.get("tool_choice"))).isEqualTo(testCase.get("expect").get("tool_choice"));
        JsonNode parallel = testCase.get("expect").get("parallel_tool_calls");
        if (parallel.isNull()) {
            assertThat(canonical.has("parallel_tool_calls")).isFalse();
        } else {
            assertThat(canonical.get("parallel_tool_calls")).isEqualTo(parallel);
        }
    }

    @Test
    void dropsToolChoiceWithoutTools() throws Exception {
        ObjectNode canonical = dialect.toCanonical(AnthropicFixtures.parse("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true}}"""));
        assertThat(canonical.has("tool_choice")).isFalse();
        assertThat(canonical.has("parallel_tool_calls")).isFalse();
        assertThat(canonical.has("tools")).isFalse();
    }

    static Stream<JsonNode> errorCases() {
        Stream.Builder<JsonNode> b = Stream.builder();
        AnthropicFixtures.load("request/errors.json").get("cases").forEach(b);
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("errorCases")
    void refusesMalformedRequestsNamingTheField(JsonNode testCase) {
        MalformedRequestException e = catchThrowableOfType(MalformedRequestException.class,
                () -> dialect.toCanonical((ObjectNode) testCase.get("request")));

        assertThat(e).as(testCase.get("name").asText()).isNotNull();
        assertThat(e.param()).as(testCase.get("name").asText()).isEqualTo(testCase.get("param").asText());
        String field = testCase.get("param").asText().replaceAll("\\.[a-z_]+$", "");
        assertThat(e.getMessage()).as("the message names the field").contains(field);
    }

    @ParameterizedTest
    @CsvSource({"1024,low", "2047,low", "2048,medium", "8191,medium", "8192,high", "32000,high"})
    void derivesReasoningEffortFromTheThinkingBudget(long budget, String effort) throws Exception {
        ObjectNode canonical = dialect.toCanonical(AnthropicFixtures.parse("""
                {"model":"m","max_tokens":40000,"messages":[{"role":"user","content":"Hi"}],
                 "thinking":{"type":"enabled","budget_tokens":%d}}""".formatted(budget)));
        assertThat(canonical.get("reasoning_effort").asText()).isEqualTo(effort);
        assertThat(AnthropicFixtures.normalized(canonical.get("thinking"))).isEqualTo(AnthropicFixtures.parse(
                "{\"type\":\"enabled\",\"budget_tokens\":" + budget + "}"));
    }

    @Test
    void disabledThinkingAsksForNone() throws Exception {
        ObjectNode canonical = dialect.toCanonical(AnthropicFixtures.parse("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"thinking":{"type":"disabled"}}"""));
        assertThat(canonical.has("thinking")).isFalse();
        assertThat(canonical.has("reasoning_effort")).isFalse();
    }

    @Test
    void aNonStreamingRequestAsksForNoStream() throws Exception {
        ObjectNode canonical = dialect.toCanonical(AnthropicFixtures.parse("""
                {"model":"m","max_tokens":10,"stream":false,"messages":[{"role":"user","content":"Hi"}]}"""));
        assertThat(canonical.has("stream")).isFalse();
        assertThat(canonical.has("stream_options")).isFalse();
    }

    @Test
    void countTokensDecodesTheSameWayWithoutMaxTokens() throws Exception {
        ObjectNode body = AnthropicFixtures.parse("""
                {"model":"claude-sonnet-4-5","system":"You are a scientist","tools":[{"name":"get_weather",
                 "input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"Hello, Claude"}]}""");

        ArrayNode messages = AnthropicDialect.countTokensMessages(body);

        assertThat(AnthropicFixtures.normalized(messages)).isEqualTo(AnthropicFixtures.parse("""
                {"m":[{"role":"system","content":"You are a scientist"},{"role":"user","content":"Hello, Claude"}]}""")
                .get("m"));
        assertThat(AnthropicRequestDecoder.countTokensRequest(body).get("tools")).hasSize(1);
        assertThatThrownBy(() -> dialect.toCanonical(body)).isInstanceOf(MalformedRequestException.class)
                .extracting(e -> ((MalformedRequestException) e).param()).isEqualTo("max_tokens");
    }

    @Test
    void countTokensStillNeedsModelAndMessages() {
        assertThatThrownBy(() -> AnthropicDialect.countTokensMessages(AnthropicFixtures.parse("{\"model\":\"m\"}")))
                .isInstanceOf(MalformedRequestException.class)
                .extracting(e -> ((MalformedRequestException) e).param()).isEqualTo("messages");
        assertThatThrownBy(() -> AnthropicDialect.countTokensMessages(AnthropicFixtures.parse(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")))
                .isInstanceOf(MalformedRequestException.class)
                .extracting(e -> ((MalformedRequestException) e).param()).isEqualTo("model");
    }
}
