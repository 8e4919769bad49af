package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.RequestFields;
import dev.tollgate.providers.messages.Thinking;
import dev.tollgate.spi.provider.TranslationException;

import java.util.Locale;

/**
 * A canonical (OpenAI Chat Completions) request as a Converse request body. The model travels in the URL,
 * and streaming is a different operation, so neither is in the body. Errors are the client's and name the
 * offending field; the gateway answers them with a 400.
 */
final class RequestTranslator {

    /**
     * @param body         the Converse request body
     * @param jsonToolName the tool standing in for {@code response_format}, whose call is the answer's
     *                     content, or null
     */
    record Result(ObjectNode body, String jsonToolName) {
    }

    private RequestTranslator() {
    }

    static Result translate(ObjectNode request, String upstreamModel) throws TranslationException {
        RequestFields.requireOneChoice(request, "Bedrock");
        boolean claude = isClaude(upstreamModel);
        ObjectNode out = Json.object();
        ObjectNode additional = Json.object();

        MessagesTranslator.Messages messages = MessagesTranslator.translate(request.get("messages"));
        out.set("messages", messages.messages());
        if (messages.system() != null) {
            out.set("system", messages.system());
        }

        // Thinking decides maxTokens and whether a tool may be forced.
        ObjectNode thinking = thinking(request, upstreamModel, additional);
        boolean thinkingOn = Thinking.on(thinking);
        Integer maxTokens = RequestFields.maxTokens(request);
        JsonNode budget = thinking == null ? null : thinking.get("budget_tokens");
        if (thinkingOn && budget != null && budget.canConvertToInt()
                && (maxTokens == null || Json.absent(request, "thinking"))) {
            int cap = maxTokens == null ? Thinking.DEFAULT_MAX_TOKENS : maxTokens;
            if (cap <= budget.asInt()) {
                cap += budget.asInt(); // Claude requires max_tokens > budget_tokens; keep the room for the answer
            }
            maxTokens = cap;
        }

        ObjectNode inference = Json.object();
        if (maxTokens != null) {
            inference.put("maxTokens", maxTokens);
        }
        copyNumber(request, "temperature", inference, "temperature");
        copyNumber(request, "top_p", inference, "topP");
        ArrayNode stop = RequestFields.stopSequences(request, true); // Converse refuses empty sequences
        if (!stop.isEmpty()) {
            inference.set("stopSequences", stop);
        }
        if (!inference.isEmpty()) {
            out.set("inferenceConfig", inference);
        }

        ToolConfigTranslator.Result tools = ToolConfigTranslator.translate(request, thinkingOn, messages.usesToolBlocks());
        if (tools.toolConfig() != null) {
            out.set("toolConfig", tools.toolConfig());
        }

        JsonNode topK = request.get("top_k");
        if (claude && topK != null && !topK.isNull()) {
            if (!topK.isIntegralNumber()) {
                throw new TranslationException("top_k must be an integer");
            }
            additional.set("top_k", topK.deepCopy());
        }
        if (!additional.isEmpty()) {
            out.set("additionalModelRequestFields", additional);
        }
        return new Result(out, tools.jsonToolName());
    }

    /**
     * Anthropic models on Bedrock: ids such as {@code anthropic.claude-sonnet-4-5-20250929-v1:0}, inference
     * profiles such as {@code us.anthropic.claude-…}, and their ARNs.
     */
    static boolean isClaude(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        return m.contains("anthropic.") || m.contains("claude");
    }

    private static boolean isGptOss(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        return m.contains("openai.gpt-oss");
    }

    /**
     * An explicit Anthropic-style {@code thinking} object goes as it is into
     * {@code additionalModelRequestFields.thinking}; otherwise {@code reasoning_effort} becomes a Claude
     * thinking budget, or {@code reasoning_effort} itself for OpenAI's open-weight models. Other models have
     * no documented reasoning switch in Converse, so the effort is left out for them.
     *
     * @return the thinking object sent, or null
     */
    private static ObjectNode thinking(ObjectNode request, String upstreamModel, ObjectNode additional)
            throws TranslationException {
        ObjectNode explicit = Thinking.explicit(request);
        if (explicit != null) {
            additional.set("thinking", explicit);
            return explicit;
        }
        String level = Thinking.effort(request);
        if (level == null) {
            return null;
        }
        if (isClaude(upstreamModel)) {
            ObjectNode thinking = Thinking.enabled(level);
            additional.set("thinking", thinking);
            return thinking;
        }
        if (isGptOss(upstreamModel)) {
            additional.put("reasoning_effort", level.equals("minimal") ? "low" : level);
        }
        return null;
    }

    private static void copyNumber(ObjectNode request, String field, ObjectNode out, String as) throws TranslationException {
        JsonNode value = RequestFields.number(request, field);
        if (value != null) {
            out.set(as, value);
        }
    }
}
