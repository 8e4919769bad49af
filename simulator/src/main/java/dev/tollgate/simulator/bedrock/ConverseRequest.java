package dev.tollgate.simulator.bedrock;

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
 * A Converse request, read and validated the way the real API does (its
 * {@code ValidationException} messages). Only what the simulator uses is kept.
 *
 * @param system       the text of the {@code system} blocks joined by a space, or {@code null} when
 *                     there are none
 * @param messageTexts the text of each message: its {@code text} blocks and the text of its
 *                     {@code toolResult} contents ({@code text} blocks and the string values of
 *                     {@code json} blocks) joined by a space; {@code image}, {@code document},
 *                     {@code toolUse}, {@code reasoningContent} and {@code cachePoint} blocks carry
 *                     no words
 * @param maxTokens    {@code inferenceConfig.maxTokens}, or {@link TokenCounting#NO_LIMIT}
 * @param thinking     whether {@code additionalModelRequestFields.thinking.type} is {@code enabled}
 *                     or {@code adaptive} (Claude's extended thinking on Bedrock)
 * @param tools        the {@code toolConfig.tools[].toolSpec}s with their {@code inputSchema.json}
 * @param toolMode     {@code toolConfig.toolChoice}: {@code auto} (default), {@code any} or
 *                     {@code tool} (forced by name); Converse has no "none"
 * @param forcedTool   {@code toolChoice.tool.name}, or {@code null}
 */
record ConverseRequest(String system, List<String> messageTexts, int maxTokens, boolean thinking,
    List<Declared> tools, Mode toolMode, String forcedTool) {

  /** Claude rejects smaller thinking budgets. */
  static final int MIN_THINKING_BUDGET = 1024;

  static ConverseRequest parse(JsonNode body) {
    boolean[] toolBlocks = new boolean[1];
    List<String> texts = messages(body.get("messages"), toolBlocks);
    String system = system(body.get("system"));
    int maxTokens = maxTokens(body.path("inferenceConfig").get("maxTokens"));
    JsonNode toolConfig = body.get("toolConfig");
    List<Declared> tools = tools(toolConfig);
    if (toolBlocks[0] && (toolConfig == null || toolConfig.isNull())) {
      throw new InvalidRequest("toolConfig", "The toolConfig field must be defined when using toolUse and toolResult content blocks.");
    }
    JsonNode choice = toolConfig == null ? null : toolConfig.get("toolChoice");
    Mode mode = mode(choice);
    String forced = forced(choice, tools);
    boolean thinking = thinking(body.path("additionalModelRequestFields").get("thinking"), maxTokens);
    if (thinking && mode == Mode.ANY) {
      throw new InvalidRequest("toolChoice", "The model returned the following errors: Thinking may not be enabled when tool_choice forces tool use.");
    }
    return new ConverseRequest(system, texts, maxTokens, thinking, tools, mode, forced);
  }

  /** Prompt tokens: the system blocks count as one more message ({@link TokenCounting#promptTokens}). */
  int promptTokens() {
    return TokenCounting.promptTokens(system, messageTexts);
  }

  /** The reply seed: system first, then the messages, as OpenAI's would be for the same conversation. */
  long seed() {
    if (system == null) {
      return ReplyText.seed(messageTexts);
    }
    List<String> all = new ArrayList<>(messageTexts.size() + 1);
    all.add(system);
    all.addAll(messageTexts);
    return ReplyText.seed(all);
  }

  /** The tool call this request's reply makes, given the {@code tool_call} directive (see {@link ToolSelection}). */
  ToolCall toolCall(String directive, long seed) {
    return ToolSelection.call(tools, toolMode, forcedTool, directive, seed);
  }

  private static List<String> messages(JsonNode messages, boolean[] toolBlocks) {
    if (messages == null || messages.isNull()) {
      throw new InvalidRequest("messages", "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw new InvalidRequest("messages", "A conversation must start with a user message. Try again with a conversation that starts with a user message.");
    }
    List<String> texts = new ArrayList<>(messages.size());
    String previous = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw new InvalidRequest("messages", "1 validation error detected: Value '" + role + "' at 'messages." + (i + 1)
            + ".member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
      }
      if (i == 0 && !role.equals("user")) {
        throw new InvalidRequest("messages", "A conversation must start with a user message. Try again with a conversation that starts with a user message.");
      }
      if (role.equals(previous)) {
        throw new InvalidRequest("messages", "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
      }
      previous = role;
      texts.add(content(message.get("content"), "messages." + i, toolBlocks));
    }
    return texts;
  }

  private static String content(JsonNode content, String at, boolean[] toolBlocks) {
    if (content == null || !content.isArray()) {
      throw new InvalidRequest("content", "1 validation error detected: Value null at '" + at + ".content' failed to satisfy constraint: Member must not be null");
    }
    if (content.isEmpty()) {
      throw new InvalidRequest("content", "The content field in the Message object at " + at + " is empty. Add a ContentBlock object to the content field and try again.");
    }
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String text = null;
      if (block.has("text")) {
        text = block.path("text").asText("");
        if (text.isBlank()) {
          throw new InvalidRequest("text", "The text field in the ContentBlock object at " + at + ".content." + j
              + " is blank. Add text to the text field, and try again.");
        }
      } else if (block.has("toolResult")) {
        toolBlocks[0] = true;
        text = toolResultText(block.get("toolResult").get("content"));
      } else if (block.has("toolUse")) {
        toolBlocks[0] = true;
      }
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
    StringBuilder sb = new StringBuilder();
    if (content != null && content.isArray()) {
      for (JsonNode block : content) {
        if (block.path("text").isTextual()) {
          append(sb, block.get("text").textValue());
        } else if (block.has("json")) {
          strings(block.get("json"), sb);
        }
      }
    }
    return sb.toString();
  }

  /** Appends every string value under {@code node}, depth first, separated by spaces. */
  private static void strings(JsonNode node, StringBuilder out) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      append(out, node.textValue());
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) {
        strings(child, out);
      }
    }
  }

  private static void append(StringBuilder sb, String text) {
    if (!sb.isEmpty()) {
      sb.append(' ');
    }
    sb.append(text);
  }

  private static String system(JsonNode system) {
    if (system == null || system.isNull()) {
      return null;
    }
    if (!system.isArray()) {
      throw new InvalidRequest("system", "1 validation error detected: Value at 'system' failed to satisfy constraint: Member must be a list of SystemContentBlock");
    }
    StringBuilder sb = new StringBuilder();
    boolean any = false;
    for (int j = 0; j < system.size(); j++) {
      JsonNode block = system.get(j);
      if (block.has("text")) {
        String text = block.path("text").asText("");
        if (text.isBlank()) {
          throw new InvalidRequest("system", "The text field in the SystemContentBlock object at system." + j
              + " is blank. Add text to the text field, and try again.");
        }
        append(sb, text);
        any = true;
      }
    }
    return any ? sb.toString() : null;
  }

  private static int maxTokens(JsonNode value) {
    if (value == null || value.isNull()) {
      return TokenCounting.NO_LIMIT;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
      throw new InvalidRequest("maxTokens", "1 validation error detected: Value '" + value.asText()
          + "' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }
    return value.intValue();
  }

  private static List<Declared> tools(JsonNode toolConfig) {
    if (toolConfig == null || toolConfig.isNull()) {
      return List.of();
    }
    JsonNode tools = toolConfig.get("tools");
    if (tools == null || !tools.isArray() || tools.isEmpty()) {
      throw new InvalidRequest("toolConfig", "1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    List<Declared> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      JsonNode spec = tools.get(i).get("toolSpec");
      if (spec == null) {
        continue; // a cachePoint between tools
      }
      JsonNode name = spec.get("name");
      if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
        throw new InvalidRequest("toolConfig", "1 validation error detected: Value null at 'toolConfig.tools." + (i + 1)
            + ".member.toolSpec.name' failed to satisfy constraint: Member must not be null");
      }
      out.add(new Declared(name.textValue(), spec.path("inputSchema").get("json")));
    }
    return out;
  }

  private static Mode mode(JsonNode choice) {
    if (choice == null || choice.isNull() || choice.has("auto")) {
      return Mode.AUTO;
    }
    if (choice.has("any") || choice.has("tool")) {
      return Mode.ANY;
    }
    throw new InvalidRequest("toolChoice", "1 validation error detected: Value at 'toolConfig.toolChoice' failed to satisfy constraint: Member must have exactly one of auto, any, tool");
  }

  private static String forced(JsonNode choice, List<Declared> tools) {
    if (choice == null || !choice.has("tool")) {
      return null;
    }
    String name = choice.get("tool").path("name").asText("");
    if (tools.stream().noneMatch(t -> t.name().equals(name))) {
      throw new InvalidRequest("toolChoice", "The tool choice '" + name + "' is not among the tools in toolConfig.tools.");
    }
    return name;
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
          throw new InvalidRequest("thinking", "The model returned the following errors: thinking.enabled.budget_tokens: Field required");
        }
        if (budget.longValue() < MIN_THINKING_BUDGET) {
          throw new InvalidRequest("thinking", "The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to " + MIN_THINKING_BUDGET);
        }
        if (maxTokens != TokenCounting.NO_LIMIT && maxTokens <= budget.longValue()) {
          throw new InvalidRequest("maxTokens", "The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`.");
        }
        return true;
      default:
        throw new InvalidRequest("thinking", "The model returned the following errors: thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'");
    }
  }
}
