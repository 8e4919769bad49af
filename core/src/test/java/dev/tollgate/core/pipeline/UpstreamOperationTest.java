package dev.tollgate.core.pipeline;

import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.dialect.anthropic.AnthropicDialect;
import dev.tollgate.core.dialect.openai.OpenAiDialect;
import dev.tollgate.core.dialect.responses.ResponsesDialect;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamOperationTest {

    /** An adapter of a wire format that supports exactly the given operations. */
    private static ProviderAdapter adapter(WireFormat format, Endpoint... supported) {
        Set<Endpoint> operations = Set.of(supported);
        return new ProviderAdapter() {
            public String type() { return "test"; }
            public WireFormat wireFormat() { return format; }
            public boolean supports(Endpoint endpoint) { return operations.contains(endpoint); }
            public UpstreamTarget target(ProviderSettings p, Endpoint e, String m, Secret k, boolean s) { return null; }
            public UpstreamError interpretError(int status, byte[] body) { return null; }
        };
    }

    private static Exchange call(Endpoint endpoint, ClientDialect dialect) {
        return new Exchange("req_test", endpoint, 0, Instant.EPOCH, null, dialect);
    }

    private static final ProviderAdapter OPENAI_WITH_RESPONSES = adapter(WireFormat.OPENAI,
            Endpoint.CHAT_COMPLETIONS, Endpoint.COMPLETIONS, Endpoint.EMBEDDINGS, Endpoint.RESPONSES);
    private static final ProviderAdapter OPENAI_CHAT_ONLY = adapter(WireFormat.OPENAI,
            Endpoint.CHAT_COMPLETIONS, Endpoint.COMPLETIONS, Endpoint.EMBEDDINGS);
    private static final ProviderAdapter ANTHROPIC = adapter(WireFormat.ANTHROPIC,
            Endpoint.CHAT_COMPLETIONS, Endpoint.MESSAGES);
    private static final ProviderAdapter GEMINI = adapter(WireFormat.GEMINI, Endpoint.CHAT_COMPLETIONS, Endpoint.EMBEDDINGS);

    @Test
    void aResponsesCallPassesThroughOnlyToAnUpstreamThatDeclaresTheResponsesApi() {
        Exchange responses = call(Endpoint.RESPONSES, new ResponsesDialect());
        assertThat(UpstreamOperation.passesThrough(responses, OPENAI_WITH_RESPONSES)).isTrue();
        assertThat(UpstreamOperation.of(responses, OPENAI_WITH_RESPONSES)).isEqualTo(Endpoint.RESPONSES);
        for (ProviderAdapter chatOnly : new ProviderAdapter[]{OPENAI_CHAT_ONLY, ANTHROPIC, GEMINI}) {
            assertThat(UpstreamOperation.passesThrough(responses, chatOnly)).isFalse();
            assertThat(UpstreamOperation.of(responses, chatOnly)).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        }
        assertThat(responses.endpoint).as("what the client called stays what it called").isEqualTo(Endpoint.RESPONSES);
    }

    @Test
    void aMessagesCallPassesThroughToAnthropicAndIsChatEverywhereElse() {
        Exchange messages = call(Endpoint.MESSAGES, new AnthropicDialect());
        assertThat(UpstreamOperation.passesThrough(messages, ANTHROPIC)).isTrue();
        assertThat(UpstreamOperation.of(messages, ANTHROPIC)).isEqualTo(Endpoint.MESSAGES);
        assertThat(UpstreamOperation.of(messages, OPENAI_WITH_RESPONSES)).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        assertThat(UpstreamOperation.passesThrough(messages, GEMINI)).isFalse();
    }

    @Test
    void openAisOwnEndpointsPassThroughWhereTheFormatIsTheSame() {
        Exchange chat = call(Endpoint.CHAT_COMPLETIONS, OpenAiDialect.INSTANCE);
        assertThat(UpstreamOperation.passesThrough(chat, OPENAI_CHAT_ONLY)).isTrue();
        assertThat(UpstreamOperation.passesThrough(chat, ANTHROPIC)).isFalse();
        assertThat(UpstreamOperation.of(chat, ANTHROPIC)).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        Exchange embeddings = call(Endpoint.EMBEDDINGS, OpenAiDialect.INSTANCE);
        assertThat(UpstreamOperation.passesThrough(embeddings, GEMINI)).isFalse();
        assertThat(UpstreamOperation.of(embeddings, GEMINI)).isEqualTo(Endpoint.EMBEDDINGS);
    }
}
