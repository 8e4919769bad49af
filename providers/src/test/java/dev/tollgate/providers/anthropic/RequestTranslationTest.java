package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request translation rules too small for a golden case each. */
class RequestTranslationTest {

    private static ObjectNode canonical(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private static JsonNode translate(String json) throws Exception {
        return Json.MAPPER.readTree(new AnthropicTranslation(0).request(canonical(json), "claude-x", false));
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> translate(json)).isInstanceOf(TranslationException.class).hasMessage(message);
    }

    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @Test
    void maxTokensDefaultsAndPrefersMaxCompletionTokens() throws Exception {
        assertThat(translate("{" + HELLO + "}").get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(translate("{" + HELLO + ",\"max_tokens\":10,\"max_completion_tokens\":20}").get("max_tokens").asInt())
                .isEqualTo(20);
        assertRefused("{" + HELLO + ",\"max_tokens\":0}", "max_tokens must be a positive integer");
    }

    @ParameterizedTest
    @CsvSource({
            "low, , 1024, 4096",
            "medium, , 4096, 8192",
            "high, , 16384, 20480",
            "high, 32000, 16384, 32000",
            "minimal, 500, 1024, 1524"})
    void reasoningEffortBecomesABudgetBelowMaxTokens(String effort, Integer maxTokens, int budget, int expectedMax)
            throws Exception {
        JsonNode body = translate("{" + HELLO + ",\"reasoning_effort\":\"" + effort + "\""
                + (maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens) + "}");
        assertThat(body.at("/thinking/type").asText()).isEqualTo("enabled");
        assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(budget);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(expectedMax);
    }

    @Test
    void aNullThinkingFieldDoesNotStopTheBudgetFromBeingHonoured() throws Exception {
        JsonNode body = translate("{" + HELLO + ",\"thinking\":null,\"reasoning_effort\":\"high\"}");
        assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(16384);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(16384 + 4096);
    }

    @Test
    void reasoningEffortNoneOrUnknown() throws Exception {
        assertThat(translate("{" + HELLO + ",\"reasoning_effort\":\"none\"}").has("thinking")).isFalse();
        assertRefused("{" + HELLO + ",\"reasoning_effort\":\"extreme\"}",
                "reasoning_effort must be one of none, minimal, low, medium, high");
    }

    @Test
    void anExplicitThinkingObjectWinsOverReasoningEffort() throws Exception {
        JsonNode body = translate("{" + HELLO + ",\"max_tokens\":100,\"reasoning_effort\":\"high\","
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}");
        assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(2048);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(100); // the client's own settings are left alone
    }

    @Test
    void invalidToolArgumentsAreTheClientsError() {
        String bad = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]}";
        assertRefused(bad, "messages[1].tool_calls[0].function.arguments is not valid JSON");
        String array = bad.replace("{not json", "[1,2]");
        assertRefused(array, "messages[1].tool_calls[0].function.arguments must be a JSON object");
    }

    @Test
    void emptyToolArgumentsBecomeAnEmptyInput() throws Exception {
        JsonNode body = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"ok\"}]}");
        assertThat(Json.compact(body.at("/messages/1/content"))).isEqualTo(
                "[{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"f\",\"input\":{}}]");
    }

    @Test
    void consecutiveMessagesOfOneRoleAreMergedToolResultsFirst() throws Exception {
        JsonNode body = translate("""
                {"messages":[
                  {"role":"user","content":"one"},
                  {"role":"user","content":[{"type":"text","text":"two"}]},
                  {"role":"assistant","content":"a","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"assistant","content":"b"},
                  {"role":"user","content":"before the result"},
                  {"role":"tool","tool_call_id":"t1","content":"r"}
                ]}""");
        assertThat(Json.compact(body.get("messages"))).isEqualTo("""
                [{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},\
                {"role":"assistant","content":[{"type":"text","text":"a"},{"type":"tool_use","id":"t1","name":"f","input":{}},{"type":"text","text":"b"}]},\
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"r"},{"type":"text","text":"before the result"}]}]""");
    }

    @Test
    void systemMessagesAnywhereAreJoinedIntoOneString() throws Exception {
        JsonNode body = translate("""
                {"messages":[{"role":"system","content":"A"},{"role":"user","content":"hi"},
                {"role":"developer","content":[{"type":"text","text":"B"}]}]}""");
        assertThat(body.get("system").asText()).isEqualTo("A\n\nB");
        assertThat(body.get("messages")).hasSize(1);
    }

    @Test
    void aMessageLevelCacheControlMarksTheLastBlock() throws Exception {
        JsonNode body = translate("""
                {"messages":[{"role":"system","content":"long prompt","cache_control":{"type":"ephemeral"}},
                {"role":"user","content":"hi","cache_control":{"type":"ephemeral"}}]}""");
        assertThat(Json.compact(body.get("system"))).isEqualTo(
                "[{\"type\":\"text\",\"text\":\"long prompt\",\"cache_control\":{\"type\":\"ephemeral\"}}]");
        assertThat(Json.compact(body.at("/messages/0/content"))).isEqualTo(
                "[{\"type\":\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]");
    }

    @Test
    void toolChoiceVariants() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        assertThat(Json.compact(translate("{" + HELLO + tools + ",\"tool_choice\":\"auto\"}").get("tool_choice")))
                .isEqualTo("{\"type\":\"auto\"}");
        assertThat(Json.compact(translate("{" + HELLO + tools + ",\"tool_choice\":\"none\",\"parallel_tool_calls\":false}")
                .get("tool_choice"))).isEqualTo("{\"type\":\"none\"}");
        assertThat(Json.compact(translate("{" + HELLO + tools
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}").get("tool_choice")))
                .isEqualTo("{\"type\":\"tool\",\"name\":\"f\"}");
        assertThat(Json.compact(translate("{" + HELLO + tools + ",\"parallel_tool_calls\":false}").get("tool_choice")))
                .isEqualTo("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}");
        assertThat(translate("{" + HELLO + ",\"tool_choice\":\"required\"}").has("tool_choice")).isFalse();
        assertThat(Json.compact(translate("{" + HELLO + tools + "}").at("/tools/0/input_schema")))
                .isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertRefused("{" + HELLO + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}}",
                "tool_choice names the function 'g', which is not in tools");
        assertRefused("{" + HELLO + ",\"tools\":[{\"type\":\"web_search\"}]}",
                "tools[0].type 'web_search' is not supported; only function tools are");
    }

    @Test
    void jsonModeIsNotForcedBesideClientToolsOrWithThinking() throws Exception {
        String format = ",\"response_format\":{\"type\":\"json_object\"}";
        JsonNode withTools = translate("{" + HELLO + format
                + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"auto\"}");
        assertThat(withTools.get("tools")).hasSize(2);
        assertThat(withTools.at("/tools/1/name").asText()).isEqualTo("json_response");
        assertThat(Json.compact(withTools.get("tool_choice"))).isEqualTo("{\"type\":\"auto\"}");

        JsonNode thinking = translate("{" + HELLO + format + ",\"reasoning_effort\":\"low\"}");
        assertThat(thinking.at("/tools/0/name").asText()).isEqualTo("json_response");
        assertThat(thinking.has("tool_choice")).isFalse();

        assertThat(translate("{" + HELLO + ",\"response_format\":{\"type\":\"text\"}}").has("tools")).isFalse();
    }

    @Test
    void jsonSchemaRules() {
        assertRefused("{" + HELLO + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"f\","
                        + "\"schema\":{\"type\":\"object\"}}},\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}",
                "response_format: the schema name 'f' is also the name of a tool; rename one of them");
        assertRefused("{" + HELLO + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"list\","
                        + "\"schema\":{\"type\":\"array\"}}}}",
                "response_format.json_schema.schema must describe an object (\"type\": \"object\")");
    }

    @Test
    void userBecomesMetadataUnlessItIsAnEmailAddress() throws Exception {
        assertThat(translate("{" + HELLO + ",\"user\":\"a1b2c3\"}").at("/metadata/user_id").asText()).isEqualTo("a1b2c3");
        assertThat(translate("{" + HELLO + ",\"user\":\"jane@example.com\"}").has("metadata")).isFalse();
    }

    @Test
    void unsupportedInputsAreNamed() {
        assertRefused("{" + HELLO + ",\"n\":2}", "n: Anthropic returns one choice per request, so only n=1 is supported");
        assertRefused("{\"messages\":[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]}",
                "messages[0].role 'function' is not supported; use tools and tool_calls");
        assertRefused("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}",
                "messages[0].content[0].type 'input_audio' is not supported by Anthropic (text, image_url and file are)");
        assertRefused("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x/y.png\"}}]}]}",
                "messages[0].content[0].image_url.url must be a data: URL or an http(s) URL");
        assertRefused("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,abc\"}}]}]}",
                "messages[0].content[0].image_url.url must be a base64 data URL (data:<media type>;base64,…)");
        assertRefused("{\"messages\":[{\"role\":\"system\",\"content\":\"only a system prompt\"}]}",
                "messages must hold at least one user or assistant message with content");
        assertRefused("{\"messages\":[]}", "messages must be a non-empty array");
        assertRefused("{" + HELLO + ",\"stop\":[1]}", "stop must be a string or an array of strings");
    }

    @Test
    void pdfFilesBecomeDocuments() throws Exception {
        JsonNode body = translate("""
                {"messages":[{"role":"user","content":[{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}},
                {"type":"text","text":"Summarise"}]}]}""");
        assertThat(Json.compact(body.at("/messages/0/content/0"))).isEqualTo(
                "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBERi0x\"},\"title\":\"a.pdf\"}");
    }

    @Test
    void theStreamFlagComesFromTheCallerAndNumbersStayExact() throws Exception {
        ObjectNode request = canonical("{" + HELLO + ",\"stream\":true,\"temperature\":0.70,\"top_k\":5}");
        JsonNode body = Json.MAPPER.readTree(new AnthropicTranslation(0).request(request, "claude-x", true));
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("model").asText()).isEqualTo("claude-x");
        assertThat(Json.compact(body.get("temperature"))).isEqualTo("0.70");
        assertThat(body.get("top_k").asInt()).isEqualTo(5);
        assertThat(translate("{" + HELLO + ",\"stream\":true}").has("stream")).isFalse();
    }
}
