package dev.tollgate.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.ReplyText;
import dev.tollgate.simulator.core.TokenCounting;
import dev.tollgate.simulator.core.ToolCall;
import dev.tollgate.simulator.core.ToolSelection;
import dev.tollgate.simulator.core.ToolSelection.Declared;
import dev.tollgate.simulator.core.ToolSelection.Mode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Messages request, read and validated the way the real API does (the error messages follow its
 * {@code field: problem} style). Only what the simulator uses is kept.
 *
 * @param model        the model string as sent, directives included
 * @param system       the system prompt's text, or {@code null} when absent
 * @param messageTexts the text of each message: a string content as is; block content as its
 *                     {@code text} blocks and {@code tool_result} contents joined by a space
 *                     ({@code image}, {@code document}, {@code tool_use} and {@code thinking} blocks
 *                     carry no words)
 * @param maxTokens    {@code max_tokens}, or {@link TokenCounting#NO_LIMIT} for count_tokens
 * @param stream       {@code stream}
 * @param thinking     whether {@code thinking.type} is {@code enabled} or {@code adaptive}
 * @param tools        the declared tools with their {@code input_schema}
 * @param toolMode     {@code tool_choice.type}: auto (default), any, tool (forced by name) or none
 * @param forcedTool   {@code tool_choice.name} when the type is {@code tool}
 */
record MessagesRequest(String model, String system, List<String> messageTexts, int maxTokens, boolean stream,
    boolean thinking, List<Declared> tools, Mode toolMode, String forcedTool) {

  /** Anthropic rejects smaller thinking budgets. */
  static final int MIN_THINKING_BUDGET = 1024;

  /** @param counting for count_tokens, which takes no {@code max_tokens} and no {@code stream} */
  static MessagesRequest parse(JsonNode body, boolean counting) {
    String model = model(body);
    int maxTokens = counting ? TokenCounting.NO_LIMIT : maxTokens(body);
    List<String> texts = messageTexts(body);
    String system = system(body.get("system"));
    boolean thinking = thinking(body.get("thinking"), maxTokens);
    List<Declared> tools = tools(body.get("tools"));
    JsonNode choice = body.get("tool_choice");
    Mode mode = toolMode(choice, tools);
    String forced = forcedTool(choice, mode, tools);
    if (thinking && (forced != null || mode == Mode.ANY)) {
      throw new InvalidRequest("thinking", "Thinking may not be enabled when tool_choice forces tool use.");
    }
    return new MessagesRequest(model, system, texts, maxTokens, !counting && stream(body), thinking, tools, mode, forced);
  }

  /** Prompt tokens: the system prompt counts as one more message ({@link TokenCounting#promptTokens}). */
  int promptTokens() {
    return TokenCounting.promptTokens(system, messageTexts);
  }

  /** The reply seed: system prompt first, then the messages, as OpenAI's would be for the same conversation. */
  long seed() {
    if (system == null) {
      return ReplyText.seed(messageTexts);
    }
    List<String> all = new ArrayList<>(messageTexts.size() + 1);
    all.add(system);
    all.addAll(messageTexts);
    return ReplyText.seed(all);
  }

  private static String model(JsonNode body) {
    JsonNode model = body.get("model");
    if (model == null || model.isNull()) {
      throw new InvalidRequest("model", "model: Field required");
    }
    if (!model.isTextual() || model.textValue().isEmpty()) {
      throw new InvalidRequest("model", "model: Input should be a non-empty string");
    }
    return model.textValue();
  }

  private static int maxTokens(JsonNode body) {
    JsonNode value = body.get("max_tokens");
    if (value == null || value.isNull()) {
      throw new InvalidRequest("max_tokens", "max_tokens: Field required");
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new InvalidRequest("max_tokens", "max_tokens: Input should be a valid integer");
    }
    if (value.intValue() < 1) {
      throw new InvalidRequest("max_tokens", "max_tokens: Input should be greater than or equal to 1");
    }
    return value.intValue();
  }

  private static boolean stream(JsonNode body) {
    JsonNode value = body.get("stream");
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequest("stream", "stream: Input should be a valid boolean");
    }
    return value.booleanValue();
  }

  private static List<String> messageTexts(JsonNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw new InvalidRequest("messages", "messages: Field required");
    }
    if (!messages.isArray()) {
      throw new InvalidRequest("messages", "messages: Input should be a valid list");
    }
    if (messages.isEmpty()) {
      throw new InvalidRequest("messages", "messages: at least one message is required");
    }
    List<String> texts = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages." + i;
      if (!message.isObject()) {
        throw new InvalidRequest(at, at + ": Input should be a valid dictionary");
      }
      String role = message.path("role").asText();
      if (!role.equals("user") && !role.equals("assistant")) {
        throw new InvalidRequest(at + ".role", at + ".role: Input should be 'user' or 'assistant'");
      }
      texts.add(content(message.get("content"), at + ".content"));
    }
    return texts;
  }

  /** A string, or the words-bearing blocks of a block list joined by a space. */
  private static String content(JsonNode content, String at) {
    if (content == null || content.isNull()) {
      throw new InvalidRequest(at, at + ": Field required");
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (!content.isArray()) {
      throw new InvalidRequest(at, at + ": Input should be a valid string or a list of content blocks");
    }
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      if (!block.isObject() || !block.path("type").isTextual()) {
        throw new InvalidRequest(at + "." + j, at + "." + j + ".type: Field required");
      }
      String text = switch (block.get("type").textValue()) {
        case "text" -> block.path("text").asText("");
        case "tool_result" -> toolResultText(block.get("content"));
        default -> null; // image, document, tool_use, thinking, redacted_thinking, ...: no words
      };
      if (text != null) {
        if (!sb.isEmpty()) {
          sb.append(' ');
        }
        sb.append(text);
      }
    }
    return sb.toString();
  }

  private static String toolResultText(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    return textBlocks(content);
  }

  /** The {@code text} blocks of a block list joined by a space ("" when there are none). */
  private static String textBlocks(JsonNode blocks) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode block : blocks) {
      if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
        if (!sb.isEmpty()) {
          sb.append(' ');
        }
        sb.append(block.get("text").textValue());
      }
    }
    return sb.toString();
  }

  private static String system(JsonNode system) {
    if (system == null || system.isNull()) {
      return null;
    }
    if (system.isTextual()) {
      return system.textValue();
    }
    if (system.isArray()) {
      return textBlocks(system);
    }
    throw new InvalidRequest("system", "system: Input should be a valid string or a list of text blocks");
  }

  private static boolean thinking(JsonNode thinking, int maxTokens) {
    if (thinking == null || thinking.isNull()) {
      return false;
    }
    String type = thinking.path("type").asText("");
    switch (type) {
      case "disabled":
        return false;
      case "adaptive":
        return true;
      case "enabled":
        JsonNode budget = thinking.get("budget_tokens");
        if (budget == null || !budget.isIntegralNumber()) {
          throw new InvalidRequest("thinking", "thinking.enabled.budget_tokens: Field required");
        }
        if (budget.longValue() < MIN_THINKING_BUDGET) {
          throw new InvalidRequest("thinking", "thinking.enabled.budget_tokens: Input should be greater than or equal to " + MIN_THINKING_BUDGET);
        }
        if (maxTokens != TokenCounting.NO_LIMIT && maxTokens <= budget.longValue()) {
          throw new InvalidRequest("max_tokens", "`max_tokens` must be greater than `thinking.budget_tokens`.");
        }
        return true;
      default:
        throw new InvalidRequest("thinking", "thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'");
    }
  }

  private static List<Declared> tools(JsonNode tools) {
    if (tools == null || tools.isNull()) {
      return List.of();
    }
    if (!tools.isArray()) {
      throw new InvalidRequest("tools", "tools: Input should be a valid list");
    }
    List<Declared> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      JsonNode name = tools.get(i).get("name");
      if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
        throw new InvalidRequest("tools", "tools." + i + ".name: Field required");
      }
      out.add(new Declared(name.textValue(), tools.get(i).get("input_schema")));
    }
    return out;
  }

  private static Mode toolMode(JsonNode choice, List<Declared> tools) {
    if (choice == null || choice.isNull()) {
      return Mode.AUTO;
    }
    if (tools.isEmpty()) {
      throw new InvalidRequest("tool_choice", "tool_choice may only be specified while providing tools.");
    }
    return switch (choice.path("type").asText("")) {
      case "auto" -> Mode.AUTO;
      case "any", "tool" -> Mode.ANY;
      case "none" -> Mode.NONE;
      default -> throw new InvalidRequest("tool_choice", "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
    };
  }

  private static String forcedTool(JsonNode choice, Mode mode, List<Declared> tools) {
    if (mode != Mode.ANY || !"tool".equals(choice.path("type").asText())) {
      return null;
    }
    JsonNode name = choice.get("name");
    if (name == null || !name.isTextual()) {
      throw new InvalidRequest("tool_choice", "tool_choice.tool.name: Field required");
    }
    if (tools.stream().noneMatch(t -> t.name().equals(name.textValue()))) {
      throw new InvalidRequest("tool_choice", "tool_choice.name: tool '" + name.textValue() + "' is not among the provided tools");
    }
    return name.textValue();
  }

  /** The tool call this request's reply makes, given the {@code tool_call} directive (see {@link ToolSelection}). */
  ToolCall toolCall(String directive, long seed) {
    return ToolSelection.call(tools, toolMode, forcedTool, directive, seed);
  }
}
