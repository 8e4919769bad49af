package dev.tollgate.simulator.gemini;

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
import java.util.Locale;

/**
 * A {@code GenerateContentRequest}, read and validated the way the real API does (error messages in
 * its {@code * Request.field: problem} style). Only what the simulator uses is kept.
 *
 * @param system          the text of {@code systemInstruction}, or {@code null} when absent
 * @param contentTexts    the text of each content: its parts joined by a space, where a
 *                        {@code text} part counts (unless it is a {@code thought}), a
 *                        {@code functionResponse} counts the string values of its {@code response},
 *                        and {@code functionCall}, {@code inlineData} and {@code fileData} carry no words
 * @param maxTokens       {@code generationConfig.maxOutputTokens}, or {@link TokenCounting#NO_LIMIT}
 * @param thinking        whether {@code generationConfig.thinkingConfig} is given without
 *                        {@code thinkingBudget: 0}
 * @param includeThoughts {@code thinkingConfig.includeThoughts}: whether thought parts are sent
 * @param tools           the {@code functionDeclarations} of all {@code tools}
 * @param toolMode        {@code toolConfig.functionCallingConfig.mode}: AUTO (default, also
 *                        VALIDATED), ANY or NONE
 * @param forcedTool      with mode ANY, the first of {@code allowedFunctionNames}, if any
 */
record GenerateRequest(String system, List<String> contentTexts, int maxTokens, boolean thinking,
    boolean includeThoughts, List<Declared> tools, Mode toolMode, String forcedTool) {

  static GenerateRequest parse(JsonNode body) {
    return parse(body, "GenerateContentRequest");
  }

  /** @param name the request type named in error messages */
  static GenerateRequest parse(JsonNode body, String name) {
    List<String> texts = contents(body.get("contents"), name);
    String system = system(body.get("systemInstruction"), name);
    JsonNode config = body.path("generationConfig");
    int maxTokens = maxTokens(config.get("maxOutputTokens"), name);
    JsonNode thinkingConfig = config.get("thinkingConfig");
    boolean thinking = thinkingConfig != null && thinkingConfig.isObject() && thinkingConfig.path("thinkingBudget").asInt(-1) != 0;
    boolean includeThoughts = thinking && thinkingConfig.path("includeThoughts").asBoolean(false);
    List<Declared> tools = tools(body.get("tools"), name);
    JsonNode calling = body.path("toolConfig").path("functionCallingConfig");
    Mode mode = mode(calling.path("mode").asText("AUTO"), name);
    String forced = forced(calling.get("allowedFunctionNames"), mode, tools, name);
    return new GenerateRequest(system, texts, maxTokens, thinking, includeThoughts, tools, mode, forced);
  }

  /** Prompt tokens: {@code systemInstruction} counts as one more content ({@link TokenCounting#promptTokens}). */
  int promptTokens() {
    return TokenCounting.promptTokens(system, contentTexts);
  }

  /** The reply seed: system instruction first, then the contents, as OpenAI's would be for the same conversation. */
  long seed() {
    if (system == null) {
      return ReplyText.seed(contentTexts);
    }
    List<String> all = new ArrayList<>(contentTexts.size() + 1);
    all.add(system);
    all.addAll(contentTexts);
    return ReplyText.seed(all);
  }

  /** The function call this request's reply makes, given the {@code tool_call} directive (see {@link ToolSelection}). */
  ToolCall toolCall(String directive, long seed) {
    return ToolSelection.call(tools, toolMode, forcedTool, directive, seed);
  }

  /** The text of each content; also used by countTokens. */
  static List<String> contents(JsonNode contents, String name) {
    if (contents == null || contents.isNull() || (contents.isArray() && contents.isEmpty())) {
      throw new InvalidRequest("contents", "* " + name + ".contents: contents is not specified");
    }
    if (!contents.isArray()) {
      throw new InvalidRequest("contents", "Invalid JSON payload received. Invalid value at 'contents': expected a list of Content.");
    }
    List<String> texts = new ArrayList<>(contents.size());
    for (int i = 0; i < contents.size(); i++) {
      JsonNode content = contents.get(i);
      JsonNode role = content.get("role");
      if (role != null && !role.isNull() && !"user".equals(role.asText()) && !"model".equals(role.asText())) {
        throw new InvalidRequest("contents", "Please use a valid role: user, model.");
      }
      texts.add(parts(content.get("parts"), name + ".contents[" + i + "].parts"));
    }
    return texts;
  }

  private static String parts(JsonNode parts, String at) {
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw new InvalidRequest("parts", "* " + at + ": contents.parts must not be empty.");
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : parts) {
      String text = null;
      if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
        text = part.get("text").textValue();
      } else if (part.has("functionResponse")) {
        StringBuilder values = new StringBuilder();
        strings(part.get("functionResponse").get("response"), values);
        text = values.toString();
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

  /** Appends every string value under {@code node}, depth first, separated by spaces. */
  private static void strings(JsonNode node, StringBuilder out) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(node.textValue());
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) {
        strings(child, out);
      }
    }
  }

  private static String system(JsonNode system, String name) {
    if (system == null || system.isNull()) {
      return null;
    }
    if (!system.isObject()) {
      throw new InvalidRequest("systemInstruction", "Invalid JSON payload received. Invalid value at 'system_instruction': expected a Content object.");
    }
    return parts(system.get("parts"), name + ".system_instruction.parts");
  }

  private static int maxTokens(JsonNode value, String name) {
    if (value == null || value.isNull()) {
      return TokenCounting.NO_LIMIT;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
      throw new InvalidRequest("maxOutputTokens", "* " + name + ".generation_config.max_output_tokens: max_output_tokens must be positive.");
    }
    return value.intValue();
  }

  private static List<Declared> tools(JsonNode tools, String name) {
    if (tools == null || tools.isNull()) {
      return List.of();
    }
    if (!tools.isArray()) {
      throw new InvalidRequest("tools", "Invalid JSON payload received. Invalid value at 'tools': expected a list of Tool.");
    }
    List<Declared> out = new ArrayList<>();
    for (JsonNode tool : tools) {
      for (JsonNode declaration : tool.path("functionDeclarations")) {
        JsonNode fn = declaration.get("name");
        if (fn == null || !fn.isTextual() || fn.textValue().isEmpty()) {
          throw new InvalidRequest("tools", "* " + name + ".tools[0].function_declarations[0].name: Name cannot be empty.");
        }
        JsonNode schema = declaration.has("parameters") ? declaration.get("parameters") : declaration.get("parametersJsonSchema");
        out.add(new Declared(fn.textValue(), schema));
      }
    }
    return out;
  }

  private static Mode mode(String mode, String name) {
    return switch (mode.toUpperCase(Locale.ROOT)) {
      case "AUTO", "VALIDATED", "MODE_UNSPECIFIED" -> Mode.AUTO;
      case "ANY" -> Mode.ANY;
      case "NONE" -> Mode.NONE;
      default -> throw new InvalidRequest("mode", "Invalid JSON payload received. Invalid value at 'tool_config.function_calling_config.mode' (" + mode + ").");
    };
  }

  private static String forced(JsonNode allowed, Mode mode, List<Declared> tools, String name) {
    if (mode != Mode.ANY || allowed == null || !allowed.isArray() || allowed.isEmpty()) {
      return null;
    }
    String first = allowed.get(0).asText();
    if (tools.stream().noneMatch(t -> t.name().equals(first))) {
      throw new InvalidRequest("allowedFunctionNames", "* " + name + ".tool_config.function_calling_config.allowed_function_names: '"
          + first + "' is not a declared function.");
    }
    return first;
  }
}
