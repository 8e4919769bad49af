package dev.tollgate.core.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestRewriterTest {

    private final RequestSniffer sniffer = new RequestSniffer();
    private final RequestRewriter rewriter = new RequestRewriter();
    private final ObjectMapper json = new ObjectMapper();

    /** The body sits inside a larger array, as network buffers do: offsets must be honoured. */
    private static ByteView inLargerArray(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[bytes.length + 20];
        java.util.Arrays.fill(padded, (byte) '#');
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        return new ByteView(padded, 7, bytes.length);
    }

    private String rewrite(String body, String model, boolean streaming) throws Exception {
        ByteView view = inLargerArray(body);
        RequestFacts facts = sniffer.sniff(view);
        return rewriter.rewrite(view, facts, model, streaming).toString(StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheModelAndKeepsEveryOtherByte() throws Exception {
        String body = "{ \"messages\" : [{\"role\":\"user\",\"content\":\"hi \\\"there\\\" ü\"}],\n \"model\":\"alias\", \"temperature\":0.25}";
        String out = rewrite(body, "gpt-4o-2024-08-06", false);
        assertThat(out).isEqualTo(body.replace("\"alias\"", "\"gpt-4o-2024-08-06\""));
    }

    @Test
    void escapesTheUpstreamModelName() throws Exception {
        String out = rewrite("{\"model\":\"a\"}", "we\"ird\\name", false);
        assertThat(json.readTree(out).get("model").asText()).isEqualTo("we\"ird\\name");
    }

    @Test
    void addsIncludeUsageToStreamsThatDoNotAskForIt() throws Exception {
        String out = rewrite("{\"model\":\"a\",\"stream\":true,\"messages\":[]}", "b", true);
        JsonNode tree = json.readTree(out);
        assertThat(tree.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(tree.get("model").asText()).isEqualTo("b");
        assertThat(tree.get("messages").isArray()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"a\",\"stream\":true,\"stream_options\":{}}",
            "{\"stream_options\":{ },\"model\":\"a\",\"stream\":true}",
            "{\"model\":\"a\",\"stream\":true,\"stream_options\":{\"include_usage\":false}}",
            "{\"stream_options\":{\"include_usage\":false,\"x\":1},\"stream\":true,\"model\":\"a\"}",
            "{\"model\":\"a\",\"stream\":true,\"stream_options\":{\"other\":1}}",
            "{\"model\":\"a\",\"stream\":true,\"stream_options\":null}",
            "{\"stream_options\" : null ,\"model\":\"a\",\"stream\":true}"})
    void forcesIncludeUsageWhateverShapeStreamOptionsHas(String body) throws Exception {
        String out = rewrite(body, "b", true);
        assertThat(out.split("stream_options", -1)).as("stream_options appears once in " + out).hasSize(2);
        JsonNode tree = json.readTree(out);
        assertThat(tree.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(tree.get("model").asText()).isEqualTo("b");
    }

    @Test
    void leavesARequestThatAlreadyAsksForUsageAlone() throws Exception {
        String body = "{\"model\":\"a\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        assertThat(rewrite(body, "a", true)).isEqualTo(body);
    }

    @Test
    void sniffsStreamAndUsageFlags() throws Exception {
        RequestFacts f = sniffer.sniff(inLargerArray("{\"stream\":true,\"model\":\"m\",\"stream_options\":{\"include_usage\":true}}"));
        assertThat(f.model()).isEqualTo("m");
        assertThat(f.stream()).isTrue();
        assertThat(f.includeUsage()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":", "[1,2]", "{\"model\":\"a\"} trailing", "{\"model\":3}", "{\"messages\":[]}",
            "{\"model\":\"a\",\"stream\":\"yes\"}", ""})
    void rejectsBodiesItCannotUse(String body) {
        assertThatThrownBy(() -> sniffer.sniff(inLargerArray(body))).isInstanceOf(MalformedRequestException.class);
    }
}
