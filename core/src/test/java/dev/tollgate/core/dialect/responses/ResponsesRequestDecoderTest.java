package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ResponsesRequestDecoderTest {

    private final ResponsesDialect dialect = new ResponsesDialect();

    @ParameterizedTest
    @ValueSource(strings = {"string_input", "message_list", "function_call_round_trip", "images_and_files", "json_schema",
            "reasoning"})
    void decodesTheFixture(String name) throws Exception {
        ObjectNode fixture = ResponsesFixtures.load("request/" + name + ".json");
        ObjectNode request = (ObjectNode) fixture.get("responses");
        ObjectNode untouched = request.deepCopy();

        JsonNode canonical = ResponsesFixtures.normalized(dialect.toCanonical(request));

        assertThat(canonical).as(ResponsesFixtures.pretty(canonical)).isEqualTo(fixture.get("canonical"));
        assertThat(request).as("the client request is left as it was").isEqualTo(untouched);
    }

    static Stream<JsonNode> toolChoiceCases() {
        return ResponsesFixtures.cases("request/tool_choice_variants.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("toolChoiceCases")
    void mapsToolChoice(JsonNode testCase) throws Exception {
        ObjectNode request = ResponsesFixtures.parse("""
                {"model":"gpt-4.1","input":"What is the weather in Paris?","parallel_tool_calls":false}""");
        request.set("tools", ResponsesFixtures.load("request/tool_choice_variants.json").get("tools"));
        request.set("tool_choice", testCase.get("tool_choice"));

        ObjectNode canonical = dialect.toCanonical(request);

        assertThat(ResponsesFixtures.normalized(canonical.get("tool_choice"))).isEqualTo(testCase.get("expect"));
        assertThat(canonical.get("parallel_tool_calls").booleanValue()).isFalse();
        assertThat(canonical.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    }

    @Test
    void dropsToolChoiceAndParallelToolCallsWithoutTools() throws Exception {
        ObjectNode canonical = dialect.toCanonical(ResponsesFixtures.parse("""
                {"model":"gpt-4.1","input":"Hi","tools":[],"tool_choice":"required","parallel_tool_calls":false}"""));

        assertThat(canonical.has("tools")).isFalse();
        assertThat(canonical.has("tool_choice")).isFalse();
        assertThat(canonical.has("parallel_tool_calls")).isFalse();
    }

    static Stream<JsonNode> errorCases() {
        return ResponsesFixtures.cases("request/errors.json", "cases");
    }

    @ParameterizedTest
    @MethodSource("errorCases")
    void refusesMalformedRequestsNamingTheField(JsonNode testCase) {
        String name = testCase.get("name").asText();
        MalformedRequestException e = catchThrowableOfType(MalformedRequestException.class,
                () -> dialect.toCanonical((ObjectNode) testCase.get("request")));

        assertThat(e).as(name).isNotNull();
        assertThat(e.param()).as(name).isEqualTo(testCase.get("param").asText());
        assertThat(e.getMessage()).as("the message names the field: " + name).contains(testCase.get("param").asText());
    }

    @Test
    void refusedToolsAreNamedInTheMessage() {
        MalformedRequestException builtIn = catchThrowableOfType(MalformedRequestException.class, () -> dialect.toCanonical(
                ResponsesFixtures.parse("{\"model\":\"m\",\"input\":\"Hi\",\"tools\":[{\"type\":\"web_search\"}]}")));
        MalformedRequestException custom = catchThrowableOfType(MalformedRequestException.class, () -> dialect.toCanonical(
                ResponsesFixtures.parse("{\"model\":\"m\",\"input\":\"Hi\",\"tools\":[{\"type\":\"custom\",\"name\":\"apply_patch\"}]}")));

        assertThat(builtIn.getMessage()).contains("built-in tool 'web_search'").contains("only function tools");
        assertThat(custom.getMessage()).contains("custom tool 'apply_patch'");
    }

    @Test
    void previousResponseIdIsRefusedWithAWayOut() {
        MalformedRequestException e = catchThrowableOfType(MalformedRequestException.class, () -> dialect.toCanonical(
                ResponsesFixtures.parse("{\"model\":\"m\",\"input\":\"And then?\",\"previous_response_id\":\"resp_abc\"}")));

        assertThat(e.getMessage()).contains("keeps no conversation state").contains("whole conversation in 'input'");
    }

    @Test
    void nullsMeanNotGiven() throws Exception {
        ObjectNode canonical = dialect.toCanonical(ResponsesFixtures.parse("""
                {"model":"gpt-4.1","input":"Hi","instructions":null,"previous_response_id":null,"conversation":null,
                 "background":false,"prompt":null,"max_output_tokens":null,"temperature":null,"top_p":null,"stream":null,
                 "tools":null,"tool_choice":null,"parallel_tool_calls":null,"text":null,"reasoning":null,"user":null}"""));

        assertThat(ResponsesFixtures.normalized(canonical)).isEqualTo(ResponsesFixtures.parse("""
                {"model":"gpt-4.1","messages":[{"role":"user","content":"Hi"}]}"""));
    }

    @Test
    void aNonStreamingRequestAsksForNoStream() throws Exception {
        ObjectNode canonical = dialect.toCanonical(ResponsesFixtures.parse("{\"model\":\"m\",\"input\":\"Hi\",\"stream\":false}"));

        assertThat(canonical.has("stream")).isFalse();
        assertThat(canonical.has("stream_options")).isFalse();
    }

    @Test
    void mapsJsonObjectAndPlainTextFormats() throws Exception {
        ObjectNode json = dialect.toCanonical(ResponsesFixtures.parse("""
                {"model":"m","input":"List three colors as JSON.","text":{"format":{"type":"json_object"}}}"""));
        ObjectNode text = dialect.toCanonical(ResponsesFixtures.parse("""
                {"model":"m","input":"Hi","text":{"format":{"type":"text"}}}"""));

        assertThat(ResponsesFixtures.normalized(json.get("response_format"))).isEqualTo(ResponsesFixtures.parse("{\"type\":\"json_object\"}"));
        assertThat(text.has("response_format")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "minimal", "low", "medium", "high", "xhigh"})
    void passesReasoningEffortOn(String effort) throws Exception {
        ObjectNode canonical = dialect.toCanonical(ResponsesFixtures.parse("""
                {"model":"o4-mini","input":"Hi","reasoning":{"effort":"%s","summary":"detailed"}}""".formatted(effort)));

        assertThat(canonical.get("reasoning_effort").asText()).isEqualTo(effort);
        assertThat(canonical.has("reasoning")).isFalse();
    }

    @Test
    void consecutiveAssistantTextsStayApartAndReasoningOnlyTurnsAreDropped() throws Exception {
        ObjectNode canonical = dialect.toCanonical(ResponsesFixtures.parse("""
                {"model":"m","input":[
                  {"role":"user","content":"Hi"},
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Greet back."}]},
                  {"role":"user","content":"Still there?"},
                  {"role":"assistant","content":"Yes."},
                  {"role":"assistant","content":[{"type":"output_text","text":"Sorry,"},{"type":"refusal","refusal":"I can't."}]}]}"""));

        assertThat(ResponsesFixtures.normalized(canonical.get("messages"))).isEqualTo(ResponsesFixtures.parse("""
                {"m":[{"role":"user","content":"Hi"},
                      {"role":"user","content":"Still there?"},
                      {"role":"assistant","content":"Yes."},
                      {"role":"assistant","content":[{"type":"text","text":"Sorry,"},{"type":"refusal","refusal":"I can't."}]}]}""").get("m"));
    }

    @Test
    void aTurnWithTextAndToolCallsIsOneAssistantMessage() throws Exception {
        ObjectNode canonical = dialect.toCanonical(ResponsesFixtures.parse("""
                {"model":"m","input":[
                  {"role":"user","content":"Weather in Paris and Rome?"},
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Two cities."}]},
                  {"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Checking.","annotations":[],"logprobs":[]}]},
                  {"type":"function_call","call_id":"call_p","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                  {"type":"function_call","call_id":"call_r","name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"},
                  {"type":"function_call_output","call_id":"call_p","output":"18C"},
                  {"type":"function_call_output","call_id":"call_r","output":"24C"},
                  {"type":"function_call","call_id":"call_x","name":"get_weather","arguments":"{}"},
                  {"type":"function_call_output","call_id":"call_x","output":""}]}"""));

        JsonNode messages = canonical.get("messages");
        assertThat(messages).hasSize(6);
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Checking.");
        assertThat(messages.get(1).get("reasoning_content").asText()).isEqualTo("Two cities.");
        assertThat(messages.get(1).get("tool_calls")).extracting(c -> c.get("id").asText()).containsExactly("call_p", "call_r");
        assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_p");
        assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_r");
        assertThat(messages.get(4).get("content").isNull()).as("a second turn of tool calls").isTrue();
        assertThat(messages.get(4).get("tool_calls")).extracting(c -> c.get("id").asText()).containsExactly("call_x");
        assertThat(messages.get(5).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(5).get("content").asText()).isEmpty();
    }
}
