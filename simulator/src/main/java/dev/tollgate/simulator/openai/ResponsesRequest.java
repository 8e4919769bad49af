package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.TokenCounting;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a {@code POST /v1/responses} request the simulator acts on, validated with OpenAI's messages. The
 * whole body is kept, since a Response repeats the request's settings ({@code instructions}, {@code tools},
 * {@code text}, {@code reasoning}, …).
 *
 * <p>The prompt is counted as a chat prompt ({@link TokenCounting#chatPromptTokens}) whose messages are
 * {@code instructions} (when given) and then every input item: a {@code message} item's text (a string content,
 * or its {@code input_text}/{@code output_text} parts joined by a space), a {@code function_call_output}'s
 * output, no words for any other item. So a request and its Chat Completions translation cost the same.
 *
 * @param messageTexts the text of each message counted in the prompt, {@code null} for an item without words
 * @param maxTokens    {@code max_output_tokens}, or {@link TokenCounting#NO_LIMIT}
 * @param reasoning    whether {@code reasoning.effort} asks the model to reason first
 */
record ResponsesRequest(String model, List<String> messageTexts, int maxTokens, boolean stream, boolean reasoning,
    ResponsesTools tools, JsonNode body) {

  /** OpenAI refuses a smaller {@code max_output_tokens}. */
  static final int MIN_OUTPUT_TOKENS = 16;

  static ResponsesRequest parse(JsonNode body) {
    String model = RequestFields.model(body);
    JsonNode previous = body.get("previous_response_id");
    if (previous != null && !previous.isNull()) {
      // nothing is stored here, so no earlier response can be found, as OpenAI answers for an unknown id
      throw new InvalidRequest("previous_response_id",
          "Previous response with id '" + previous.asText() + "' not found.");
    }
    List<String> texts = new ArrayList<>();
    JsonNode instructions = body.get("instructions");
    if (instructions != null && instructions.isTextual()) {
      texts.add(instructions.textValue());
    }
    texts.addAll(inputTexts(body.get("input")));
    return new ResponsesRequest(model, texts, maxTokens(body), RequestFields.stream(body), reasoning(body),
        ResponsesTools.parse(body), body);
  }

  private static List<String> inputTexts(JsonNode input) {
    if (input != null && input.isTextual()) {
      return List.of(input.textValue());
    }
    if (input == null || !input.isArray() || input.isEmpty()) {
      throw new InvalidRequest("input", "'input' must be a string or a non-empty array of input items.");
    }
    List<String> texts = new ArrayList<>(input.size());
    for (JsonNode item : input) {
      String type = item.path("type").asText(item.has("role") ? "message" : "");
      texts.add(switch (type) {
        case "message" -> contentText(item.get("content"));
        case "function_call_output" -> item.path("output").isTextual() ? item.get("output").textValue() : null;
        default -> null;
      });
    }
    return texts;
  }

  private static String contentText(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      String type = part.path("type").asText();
      if ((type.equals("input_text") || type.equals("output_text")) && part.path("text").isTextual()) {
        if (!sb.isEmpty()) {
          sb.append(' ');
        }
        sb.append(part.get("text").textValue());
      }
    }
    return sb.toString();
  }

  private static int maxTokens(JsonNode body) {
    JsonNode value = body.get("max_output_tokens");
    if (value == null || value.isNull()) {
      return TokenCounting.NO_LIMIT;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new InvalidRequest("max_output_tokens", "Invalid type for 'max_output_tokens': expected an integer.");
    }
    if (value.intValue() < MIN_OUTPUT_TOKENS) {
      throw new InvalidRequest("max_output_tokens", "Invalid 'max_output_tokens': integer below minimum value. "
          + "Expected a value >= " + MIN_OUTPUT_TOKENS + ", but got " + value.intValue() + " instead.");
    }
    return value.intValue();
  }

  /** {@code reasoning.effort} other than {@code none} (or absent) makes the model reason first. */
  private static boolean reasoning(JsonNode body) {
    JsonNode effort = body.path("reasoning").get("effort");
    if (effort == null || effort.isNull()) {
      return false;
    }
    String level = effort.isTextual() ? effort.textValue() : "";
    return switch (level) {
      case "none" -> false;
      case "minimal", "low", "medium", "high", "xhigh" -> true;
      default -> throw new InvalidRequest("reasoning.effort", "Invalid value: '" + (effort.isTextual() ? level : effort.toString())
          + "'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', and 'xhigh'.");
    };
  }
}
