package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request translation cases the golden fixtures do not cover: refusals and model-dependent fields. */
class BedrockRequestTest {

    static final String CLAUDE = "anthropic.claude-haiku-4-5-20251001-v1:0";
    static final String NOVA = "amazon.nova-pro-v1:0";

    private static JsonNode translate(String request, String model) throws TranslationException {
        try {
            byte[] body = new BedrockTranslation("id", 0).request((ObjectNode) Json.MAPPER.readTree(request), model, false);
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String user(String content) {
        return "\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]";
    }

    @Test
    void refusesWhatConverseCannotCarry() {
        assertThatThrownBy(() -> translate("{\"n\":2," + user("\"hi\"") + "}", CLAUDE))
                .hasMessage("n: Bedrock returns one choice per request, so only n=1 is supported");
        assertThatThrownBy(() -> translate("{" + user("[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/bmp;base64,Qk0=\"}}]") + "}", CLAUDE))
                .hasMessage("messages[0].content[0].image_url.url has media type 'image/bmp'; Bedrock accepts image/png, image/jpeg, image/gif and image/webp");
        assertThatThrownBy(() -> translate("{" + user("[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x/y.png\"}}]") + "}", CLAUDE))
                .hasMessage("messages[0].content[0].image_url.url must be a base64 data URL (data:<media type>;base64,…)");
        assertThatThrownBy(() -> translate("{" + user("[{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc\"}}]") + "}", CLAUDE))
                .hasMessage("messages[0].content[0].file.file_data is required (uploaded file ids cannot be sent to Bedrock)");
        assertThatThrownBy(() -> translate("{" + user("[{\"type\":\"input_audio\",\"input_audio\":{}}]") + "}", CLAUDE))
                .hasMessage("messages[0].content[0].type 'input_audio' is not supported by Bedrock (text, image_url and file are)");
        assertThatThrownBy(() -> translate("{\"messages\":[{\"role\":\"system\",\"content\":\"only a system prompt\"}]}", CLAUDE))
                .hasMessage("messages must hold at least one user or assistant message with content");
        assertThatThrownBy(() -> translate("{\"reasoning_effort\":\"max\"," + user("\"hi\"") + "}", CLAUDE))
                .hasMessage("reasoning_effort must be one of none, minimal, low, medium, high");
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"city_info\"}}]";
        assertThatThrownBy(() -> translate("{" + tools + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"other\"}},"
                + user("\"hi\"") + "}", CLAUDE))
                .hasMessage("tool_choice names the function 'other', which is not in tools");
        assertThatThrownBy(() -> translate("{" + tools + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city_info\"}},"
                + user("\"hi\"") + "}", CLAUDE))
                .hasMessage("response_format: the schema name 'city_info' is also the name of a tool; rename one of them");
        assertThatThrownBy(() -> translate("{\"max_tokens\":0," + user("\"hi\"") + "}", CLAUDE))
                .hasMessage("max_tokens must be a positive integer");
    }

    @Test
    void reasoningEffortDependsOnTheModel() throws Exception {
        JsonNode claude = translate("{\"reasoning_effort\":\"low\"," + user("\"hi\"") + "}", CLAUDE);
        assertThat(claude.at("/additionalModelRequestFields/thinking/budget_tokens").asInt()).isEqualTo(1024);
        assertThat(claude.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(4096);

        JsonNode profile = translate("{\"reasoning_effort\":\"medium\",\"max_tokens\":1000," + user("\"hi\"") + "}",
                "us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(profile.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(1000 + 4096);

        JsonNode nova = translate("{\"reasoning_effort\":\"high\",\"top_k\":40," + user("\"hi\"") + "}", NOVA);
        assertThat(nova.has("additionalModelRequestFields")).isFalse();
        assertThat(nova.has("inferenceConfig")).isFalse();

        JsonNode none = translate("{\"reasoning_effort\":\"none\"," + user("\"hi\"") + "}", CLAUDE);
        assertThat(none.has("additionalModelRequestFields")).isFalse();

        JsonNode topK = translate("{\"top_k\":40," + user("\"hi\"") + "}", CLAUDE);
        assertThat(topK.at("/additionalModelRequestFields/top_k").asInt()).isEqualTo(40);
    }

    @Test
    void theJsonToolIsNotForcedBesideClientToolsOrThinking() throws Exception {
        String format = "\"response_format\":{\"type\":\"json_object\"}";
        JsonNode plain = translate("{" + format + "," + user("\"hi\"") + "}", CLAUDE);
        assertThat(plain.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("json_response");
        assertThat(plain.at("/toolConfig/tools/0/toolSpec/inputSchema/json/additionalProperties").asBoolean()).isTrue();

        JsonNode thinking = translate("{" + format + ",\"reasoning_effort\":\"low\"," + user("\"hi\"") + "}", CLAUDE);
        assertThat(thinking.at("/toolConfig").has("toolChoice")).isFalse();

        JsonNode withTools = translate("{" + format + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":\"auto\"," + user("\"hi\"") + "}", CLAUDE);
        assertThat(withTools.at("/toolConfig/tools")).hasSize(2);
        assertThat(withTools.at("/toolConfig/toolChoice").has("auto")).isTrue();
    }

    @Test
    void turnsAreMergedAndCachePointsFollowWhatTheyMark() throws Exception {
        JsonNode body = translate("{\"messages\":["
                + "{\"role\":\"developer\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"one\"},"
                + "{\"role\":\"user\",\"content\":\"two\",\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"three\"}]}", NOVA);
        assertThat(Json.compact(body.get("system"))).isEqualTo("[{\"text\":\"Be brief.\"}]");
        assertThat(Json.compact(body.get("messages"))).isEqualTo("[{\"role\":\"user\",\"content\":[{\"text\":\"one\"},"
                + "{\"text\":\"two\"},{\"cachePoint\":{\"type\":\"default\"}}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"three\"}]}]");
    }
}
