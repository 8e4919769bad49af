package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request translation corners the golden cases do not show. */
class GeminiRequestTest {

    private static JsonNode translate(String canonical) throws TranslationException, IOException {
        byte[] body = new GeminiTranslation().request((ObjectNode) Json.MAPPER.readTree(canonical), "gemini-2.5-flash", false);
        return Json.MAPPER.readTree(body);
    }

    private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";

    @ParameterizedTest
    @CsvSource({"none,0", "minimal,512", "low,1024", "medium,8192", "high,24576"})
    void mapsReasoningEffortToABudget(String effort, int budget) throws Exception {
        JsonNode body = translate("{\"messages\":[" + USER + "],\"reasoning_effort\":\"" + effort + "\"}");
        JsonNode thinking = body.path("generationConfig").path("thinkingConfig");
        assertThat(thinking.path("thinkingBudget").asInt()).isEqualTo(budget);
        assertThat(thinking.path("includeThoughts").asBoolean()).isEqualTo(budget != 0);
    }

    @Test
    void rejectsAnUnknownEffort() {
        assertThatThrownBy(() -> translate("{\"messages\":[" + USER + "],\"reasoning_effort\":\"max\"}"))
                .isInstanceOf(TranslationException.class).hasMessage("reasoning_effort 'max' is not supported");
    }

    @Test
    void ignoresParametersGeminiLacks() throws Exception {
        JsonNode body = translate("{\"messages\":[" + USER + "],\"n\":3,\"logit_bias\":{\"50256\":-100},"
                + "\"user\":\"u\",\"stream_options\":{\"include_usage\":true},\"seed\":7,\"presence_penalty\":0.5}");
        assertThat(body.path("generationConfig").has("candidateCount")).isFalse();
        assertThat(body.path("generationConfig").path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("generationConfig").path("presencePenalty").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(body.has("model")).isFalse();
    }

    @Test
    void aToolResultNeedsAnEarlierCall() {
        assertThatThrownBy(() -> translate("{\"messages\":[" + USER
                + ",{\"role\":\"tool\",\"tool_call_id\":\"call_x\",\"content\":\"42\"}]}"))
                .isInstanceOf(TranslationException.class)
                .hasMessage("messages[1].tool_call_id 'call_x' does not match a tool call of an earlier assistant message");
    }

    @Test
    void nonObjectToolResultsAreWrapped() throws Exception {
        JsonNode body = translate("{\"messages\":[" + USER + ","
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"count\",\"arguments\":\"\"}},"
                + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"list\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":[{\"type\":\"text\",\"text\":\"[1,\"},{\"type\":\"text\",\"text\":\"2]\"}]}]}");
        JsonNode model = body.path("contents").get(1);
        assertThat(model.path("parts").get(0).path("functionCall").path("args").isObject()).isTrue();
        assertThat(model.path("parts").get(0).path("thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
        assertThat(model.path("parts").get(1).has("thoughtSignature")).isFalse(); // only the first call of a step
        JsonNode results = body.path("contents").get(2).path("parts");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).path("functionResponse").path("name").asText()).isEqualTo("count");
        assertThat(results.get(0).path("functionResponse").path("response").path("content").asInt()).isEqualTo(42);
        assertThat(results.get(1).path("functionResponse").path("response").path("content").isArray()).isTrue();
    }

    @Test
    void badToolArgumentsAreTheCallersProblem() {
        assertThatThrownBy(() -> translate("{\"messages\":[" + USER + ",{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}"))
                .isInstanceOf(TranslationException.class)
                .hasMessage("messages[1].tool_calls[0].function.arguments must be a JSON object");
    }

    @Test
    void rejectsWhatGeminiCannotTake() {
        assertThatThrownBy(() -> translate("{\"messages\":[]}")).hasMessage("messages must be a non-empty array");
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"system\",\"content\":\"only rules\"}]}"))
                .hasMessage("messages must hold at least one user or assistant message with content");
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png,notbase64\"}}]}]}"))
                .hasMessage("messages[0].content[0].image_url.url must be a base64 data: URL");
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"ftp://example.com/a.png\"}}]}]}"))
                .hasMessage("messages[0].content[0].image_url.url must be an http(s) URL or a data: URL");
        assertThatThrownBy(() -> translate("{\"messages\":[" + USER + "],\"tools\":[{\"type\":\"web_search\"}]}"))
                .hasMessage("tools[0].type 'web_search' is not supported by Gemini");
        assertThatThrownBy(() -> translate("{\"messages\":[" + USER + "],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":"
                + "{\"$ref\":\"https://example.com/s.json\"}}}}}]}"))
                .hasMessageStartingWith("tools[0].function.parameters: only local $refs");
    }

    @Test
    void audioAndFilesGoInline() throws Exception {
        JsonNode parts = translate("{\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklGRg==\",\"format\":\"wav\"}},"
                + "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\"}}]}]}")
                .path("contents").get(0).path("parts");
        assertThat(parts.get(0).path("inlineData").path("mimeType").asText()).isEqualTo("audio/wav");
        assertThat(parts.get(1).path("inlineData").path("mimeType").asText()).isEqualTo("application/pdf");
        assertThat(parts.get(1).path("inlineData").path("data").asText()).isEqualTo("JVBERi0=");
    }

    @Test
    void recursiveSchemasStayFinite() throws Exception {
        JsonNode parameters = translate("{\"messages\":[" + USER + "],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"tree\",\"parameters\":{\"type\":\"object\",\"properties\":{\"root\":{\"$ref\":\"#/$defs/Node\"}},"
                + "\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"children\":{\"type\":\"array\","
                + "\"items\":{\"$ref\":\"#/$defs/Node\"}}}}}}}}]}")
                .path("tools").get(0).path("functionDeclarations").get(0).path("parameters");
        JsonNode node = parameters.path("properties").path("root");
        assertThat(node.path("type").asText()).isEqualTo("object");
        assertThat(node.path("properties").path("children").path("items").path("type").asText()).isEqualTo("object");
        assertThat(parameters.has("$defs")).isFalse();
    }

    @Test
    void finishReasons() {
        assertThat(FinishReasons.of("STOP", false)).isEqualTo("stop");
        assertThat(FinishReasons.of("STOP", true)).isEqualTo("tool_calls");
        assertThat(FinishReasons.of(null, false)).isEqualTo("stop");
        assertThat(FinishReasons.of("MAX_TOKENS", true)).isEqualTo("length");
        for (String filtered : new String[] {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII"}) {
            assertThat(FinishReasons.of(filtered, false)).isEqualTo("content_filter");
        }
        assertThat(FinishReasons.of("MALFORMED_FUNCTION_CALL", false)).isEqualTo("stop");
    }
}
