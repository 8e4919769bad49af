package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A canonical (OpenAI Chat Completions) request as a Converse request body. The model travels in the URL,
 * and streaming is a different operation, so neither is in the body. Errors are the client's and name the
 * offending field; the gateway answers them with a 400.
 */
final class RequestTranslator {

    /** Used as {@code maxTokens} when thinking needs room and the client gave no cap. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    /** Thinking budgets for OpenAI's {@code reasoning_effort} on Claude; 1024 is Anthropic's minimum. */
    static final Map<String, Integer> EFFORT_BUDGETS =
            Map.of("minimal", 1024, "low", 1024, "medium", 4096, "high", 16384);

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
        JsonNode n = request.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            throw new TranslationException("n: Bedrock returns one choice per request, so only n=1 is supported");
        }
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
        boolean thinkingOn = thinking != null && !"disabled".equals(Json.text(thinking, "type"));
        Integer maxTokens = maxTokens(request);
        JsonNode budget = thinking == null ? null : thinking.get("budget_tokens");
        if (thinkingOn && budget != null && budget.canConvertToInt()
                && (maxTokens == null || Json.absent(request, "thinking"))) {
            int cap = maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
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
        stopSequences(request, inference);
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
        JsonNode explicit = request.get("thinking");
        if (explicit != null && !explicit.isNull()) {
            if (!explicit.isObject()) {
                throw new TranslationException("thinking must be an object such as {\"type\":\"enabled\",\"budget_tokens\":2048}");
            }
            ObjectNode thinking = explicit.deepCopy();
            additional.set("thinking", thinking);
            return thinking;
        }
        JsonNode effort = request.get("reasoning_effort");
        if (effort == null || effort.isNull()) {
            return null;
        }
        String level = effort.isTextual() ? effort.asText() : "";
        if (!level.equals("none") && !EFFORT_BUDGETS.containsKey(level)) {
            throw new TranslationException("reasoning_effort must be one of none, minimal, low, medium, high");
        }
        if (level.equals("none")) {
            return null;
        }
        if (isClaude(upstreamModel)) {
            ObjectNode thinking = Json.object();
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", EFFORT_BUDGETS.get(level));
            additional.set("thinking", thinking);
            return thinking;
        }
        if (isGptOss(upstreamModel)) {
            additional.put("reasoning_effort", level.equals("minimal") ? "low" : level);
        }
        return null;
    }

    private static Integer maxTokens(ObjectNode request) throws TranslationException {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = request.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                throw new TranslationException(field + " must be a positive integer");
            }
            return value.asInt();
        }
        return null;
    }

    private static void stopSequences(ObjectNode request, ObjectNode inference) throws TranslationException {
        JsonNode stop = request.get("stop");
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode sequences = Json.array();
        if (stop.isTextual()) {
            if (!stop.asText().isEmpty()) {
                sequences.add(stop.asText());
            }
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new TranslationException("stop must be a string or an array of strings");
                }
                if (!s.asText().isEmpty()) {
                    sequences.add(s.asText());
                }
            }
        } else {
            throw new TranslationException("stop must be a string or an array of strings");
        }
        if (!sequences.isEmpty()) {
            inference.set("stopSequences", sequences);
        }
    }

    private static void copyNumber(ObjectNode request, String field, ObjectNode out, String as) throws TranslationException {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw new TranslationException(field + " must be a number");
        }
        out.set(as, value.deepCopy());
    }
}
