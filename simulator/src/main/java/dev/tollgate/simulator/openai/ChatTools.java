package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.ToolCall;
import dev.tollgate.simulator.core.ToolSelection;
import dev.tollgate.simulator.core.ToolSelection.Declared;
import dev.tollgate.simulator.core.ToolSelection.Mode;
import java.util.ArrayList;
import java.util.List;

/**
 * The function tools a chat request declares ({@code tools[].function.name} and
 * {@code .parameters}) and how {@code tool_choice} constrains them: {@code "auto"} (the default),
 * {@code "none"}, {@code "required"} (some tool) or {@code {"type":"function","function":{"name":…}}}
 * (that tool). Tools of other types ({@code custom}) are accepted and never called; the legacy
 * {@code functions} / {@code function_call} fields are ignored. Validated with OpenAI's messages.
 *
 * @param tools      the declared function tools, in order
 * @param mode       AUTO, ANY ({@code required} or a named function) or NONE
 * @param forcedTool the function {@code tool_choice} names, or {@code null}
 */
record ChatTools(List<Declared> tools, Mode mode, String forcedTool) {

  static ChatTools parse(JsonNode body) {
    List<Declared> tools = tools(body.get("tools"));
    JsonNode choice = body.get("tool_choice");
    if (choice == null || choice.isNull()) {
      return new ChatTools(tools, Mode.AUTO, null);
    }
    if (!body.has("tools") || body.get("tools").isNull() || body.get("tools").isEmpty()) {
      throw new InvalidRequest("tool_choice",
          "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.");
    }
    if (choice.isTextual()) {
      return switch (choice.textValue()) {
        case "auto" -> new ChatTools(tools, Mode.AUTO, null);
        case "required" -> new ChatTools(tools, Mode.ANY, null);
        case "none" -> new ChatTools(tools, Mode.NONE, null);
        default -> throw new InvalidRequest("tool_choice", "Invalid value: '" + choice.textValue()
            + "'. Supported values are: 'none', 'auto', and 'required'.");
      };
    }
    if (!choice.isObject()) {
      throw new InvalidRequest("tool_choice", "Invalid type for 'tool_choice': expected a string or an object.");
    }
    String type = choice.path("type").asText("");
    if (!"function".equals(type)) {
      return new ChatTools(tools, Mode.AUTO, null); // allowed_tools, custom, ...: not simulated
    }
    JsonNode name = choice.path("function").get("name");
    if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
      throw new InvalidRequest("tool_choice.function.name", "Missing required parameter: 'tool_choice.function.name'.");
    }
    if (tools.stream().noneMatch(t -> t.name().equals(name.textValue()))) {
      throw new InvalidRequest("tool_choice", "Invalid value for 'tool_choice': function '" + name.textValue()
          + "' is not among the function tools in 'tools'.");
    }
    return new ChatTools(tools, Mode.ANY, name.textValue());
  }

  /** The call this request's reply makes, given the {@code tool_call} directive (see {@link ToolSelection}). */
  ToolCall call(String directive, long seed) {
    return ToolSelection.call(tools, mode, forcedTool, directive, seed);
  }

  private static List<Declared> tools(JsonNode tools) {
    if (tools == null || tools.isNull()) {
      return List.of();
    }
    if (!tools.isArray()) {
      throw new InvalidRequest("tools", "Invalid type for 'tools': expected an array, but got "
          + tools.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " instead.");
    }
    List<Declared> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String at = "tools[" + i + "]";
      if (!tool.isObject()) {
        throw new InvalidRequest(at, "Invalid type for '" + at + "': expected an object.");
      }
      JsonNode type = tool.get("type");
      if (type == null || !type.isTextual()) {
        throw new InvalidRequest(at + ".type", "Missing required parameter: '" + at + ".type'.");
      }
      if (!"function".equals(type.textValue())) {
        continue; // custom tools: declared, never called by the simulator
      }
      JsonNode function = tool.get("function");
      JsonNode name = function == null ? null : function.get("name");
      if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
        throw new InvalidRequest(at + ".function.name", "Missing required parameter: '" + at + ".function.name'.");
      }
      out.add(new Declared(name.textValue(), function.get("parameters")));
    }
    return out;
  }
}
