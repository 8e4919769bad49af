package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicResponseEncoderTest {

    private final AnthropicDialect dialect = new AnthropicDialect();

    @ParameterizedTest
    @ValueSource(strings = {"text", "tools", "thinking", "reasoning_content_only", "usage_with_cache", "refusal"})
    void encodesTheFixture(String name) {
        ObjectNode fixture = AnthropicFixtures.load("response/" + name + ".json");

        JsonNode message = AnthropicFixtures.normalized(AnthropicResponseEncoder.fromCanonical((ObjectNode) fixture.get("canonical")));

        assertThat(message).as(AnthropicFixtures.pretty(message)).isEqualTo(fixture.get("anthropic"));
    }

    @ParameterizedTest
    @CsvSource({"stop,false,end_turn", "stop,true,tool_use", "length,false,max_tokens", "length,true,max_tokens",
            "tool_calls,true,tool_use", "function_call,true,tool_use", "content_filter,false,refusal",
            "something_new,false,end_turn", ",false,end_turn", ",true,tool_use"})
    void mapsFinishReasons(String finish, boolean calledTools, String stopReason) {
        assertThat(AnthropicResponseEncoder.stopReason(finish, calledTools)).isEqualTo(stopReason);
    }

    @Test
    void givesMessagesWithoutIdsAnIdAndToolCallsWithoutIdsAToolUseId() {
        ObjectNode message = AnthropicResponseEncoder.fromCanonical(AnthropicFixtures.parse("""
                {"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                  {"type":"function","function":{"name":"f","arguments":"[1,2]"}}]},"finish_reason":"tool_calls"}]}"""));

        assertThat(message.get("id").asText()).matches("msg_[0-9a-f]{32}");
        assertThat(message.get("model").asText()).isEmpty();
        assertThat(message.at("/content/0/id").asText()).matches("toolu_[0-9a-f]{32}");
        assertThat(message.at("/content/0/input")).isEqualTo(AnthropicFixtures.parse("{}"));
    }
}
