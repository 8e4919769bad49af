package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsesResponseEncoderTest {

    private final ResponsesDialect dialect = new ResponsesDialect();

    @ParameterizedTest
    @ValueSource(strings = {"text", "tool_calls", "length_incomplete", "reasoning_usage", "refusal"})
    void encodesTheFixture(String name) {
        ObjectNode fixture = ResponsesFixtures.load("response/" + name + ".json");
        ObjectNode canonical = (ObjectNode) fixture.get("canonical");
        ObjectNode request = fixture.has("request") ? (ObjectNode) fixture.get("request") : null;
        ObjectNode untouched = canonical.deepCopy();

        JsonNode response = ResponsesFixtures.normalized(dialect.fromCanonical(canonical, request));

        assertThat(response).as(ResponsesFixtures.pretty(response)).isEqualTo(fixture.get("responses"));
        assertThat(canonical).as("the canonical answer is left as it was").isEqualTo(untouched);
        if (request == null) {
            assertThat(ResponsesFixtures.normalized(ResponsesResponseEncoder.fromCanonical(canonical))).isEqualTo(fixture.get("responses"));
        }
    }

    @Test
    void aContentFilterFinishIsIncomplete() {
        ObjectNode response = encode("""
                {"id":"chatcmpl-cf","created":1,"model":"m","choices":[{"index":0,
                 "message":{"role":"assistant","content":"I was going to"},"finish_reason":"content_filter"}]}""");

        assertThat(response.get("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("content_filter");
        assertThat(response.at("/output/0/status").asText()).isEqualTo("incomplete");
    }

    @Test
    void aCutShortToolCallIsIncompleteButTheReasoningBeforeItHasNoStatus() {
        ObjectNode response = encode("""
                {"id":"c","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
                 "reasoning_content":"Need the weather.","tool_calls":[{"id":"call_1","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"loc"}}]},"finish_reason":"length"}]}""");

        assertThat(response.get("output")).hasSize(2);
        assertThat(response.at("/output/0/type").asText()).isEqualTo("reasoning");
        assertThat(response.at("/output/0").has("status")).isFalse();
        assertThat(response.at("/output/1/status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/output/1/arguments").asText()).isEqualTo("{\"loc");
    }

    @Test
    void fillsWhatTheUpstreamLeftOut() {
        long before = System.currentTimeMillis() / 1000;
        ObjectNode response = encode("""
                {"choices":[{"index":0,"message":{"role":"assistant","content":"",
                 "tool_calls":[{"type":"function","function":{"name":"ping","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""");

        assertThat(response.get("id").asText()).startsWith("resp_").hasSizeGreaterThan(10);
        assertThat(response.get("created_at").asLong()).isBetween(before, before + 60);
        assertThat(response.get("model").asText()).isEmpty();
        assertThat(response.has("usage")).as("no usage reported, none invented").isFalse();
        assertThat(response.get("output")).as("no empty message item").hasSize(1);
        assertThat(response.at("/output/0/call_id").asText()).startsWith("call_");
        assertThat(response.at("/output/0/id").asText()).isEqualTo("fc_" + response.get("id").asText().substring(5) + "_0");
    }

    @Test
    void theModelComesFromTheRequestWhenTheAnswerNamesNone() {
        ObjectNode response = ResponsesResponseEncoder.fromCanonical(ResponsesFixtures.parse("""
                {"id":"c","created":1,"choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}]}"""),
                ResponsesFixtures.parse("{\"model\":\"my-alias\",\"messages\":[]}"));

        assertThat(response.get("model").asText()).isEqualTo("my-alias");
    }

    @Test
    void redactedThinkingAloneIsAReasoningItemWithoutSummary() {
        ObjectNode response = encode("""
                {"id":"c","created":1,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":"Done.",
                 "thinking_blocks":[{"type":"redacted_thinking","data":"EmwKAhgB"}]},"finish_reason":"stop"}]}""");

        JsonNode reasoning = response.at("/output/0");
        assertThat(reasoning.get("summary")).isEmpty();
        assertThat(ResponsesReasoning.decode(reasoning.get("encrypted_content").asText()))
                .isEqualTo(ResponsesFixtures.parse("{\"b\":[{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB\"}]}").get("b"));
        assertThat(response.at("/output/1/content/0/text").asText()).isEqualTo("Done.");
    }

    @Test
    void thinkingBlocksWithoutReasoningContentGiveTheSummary() {
        ObjectNode response = encode("""
                {"id":"c","created":1,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":"42",
                 "thinking_blocks":[{"type":"thinking","thinking":"First.","signature":"s1"},
                                    {"type":"thinking","thinking":"Second.","signature":"s2"}]},"finish_reason":"stop"}]}""");

        assertThat(response.at("/output/0/summary/0/text").asText()).isEqualTo("First.\n\nSecond.");
    }

    @Test
    void textPartsAreJoinedAndOnlyTheFirstChoiceCounts() {
        ObjectNode response = encode("""
                {"id":"c","created":1,"model":"m","choices":[
                 {"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"Hello, "},{"type":"text","text":"world."}]},"finish_reason":"stop"},
                 {"index":1,"message":{"role":"assistant","content":"Other."},"finish_reason":"stop"}]}""");

        assertThat(response.get("output")).hasSize(1);
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("Hello, world.");
    }

    @Test
    void echoesTheRequestsFormatEffortAndSampling() {
        ObjectNode response = ResponsesResponseEncoder.fromCanonical(ResponsesFixtures.parse("""
                {"id":"c","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"{}"},"finish_reason":"stop"}]}"""),
                ResponsesFixtures.parse("""
                {"model":"m","messages":[],"top_p":0.5,"reasoning_effort":"low","verbosity":"high","user":"u-1",
                 "parallel_tool_calls":false,"tool_choice":{"type":"function","function":{"name":"f"}},
                 "response_format":{"type":"json_schema","json_schema":{"name":"out","schema":{"type":"object"},"strict":true}}}"""));

        assertThat(response.get("top_p").asDouble()).isEqualTo(0.5);
        assertThat(response.at("/reasoning/effort").asText()).isEqualTo("low");
        assertThat(response.get("parallel_tool_calls").booleanValue()).isFalse();
        assertThat(response.get("tool_choice")).isEqualTo(ResponsesFixtures.parse("{\"type\":\"function\",\"name\":\"f\"}"));
        assertThat(response.get("text")).isEqualTo(ResponsesFixtures.parse("""
                {"format":{"type":"json_schema","name":"out","schema":{"type":"object"},"strict":true},"verbosity":"high"}"""));
        assertThat(response.get("user").asText()).isEqualTo("u-1");
        ResponsesSpec.assertValid("Response", response);
    }

    private ObjectNode encode(String canonical) {
        ObjectNode response = ResponsesResponseEncoder.fromCanonical(ResponsesFixtures.parse(canonical));
        ResponsesSpec.assertValid("Response", response);
        return response;
    }
}
