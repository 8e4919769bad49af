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
 * The function tools a Responses request declares ({@code tools[].name} and {@code .parameters}, flat, unlike
 * Chat Completions' {@code tools[].function}) and how {@code tool_choice} constrains them: {@code "auto"} (the
 * default), {@code "none"}, {@code "required"} or {@code {"type":"function","name":…}}. Tools of other types
 * (built-in tools such as {@code web_search}, {@code custom}) are accepted and never called.
 *
 * @param tools      the declared function tools, in order
 * @param mode       AUTO, ANY ({@code required} or a named function) or NONE
 * @param forcedTool the function {@code tool_choice} names, or {@code null}
 */
record ResponsesTools(List<Declared> tools, Mode mode, String forcedTool) {

  static ResponsesTools parse(JsonNode body) {
    List<Declared> tools = tools(body.get("tools"));
    JsonNode choice = body.get("tool_choice");
    if (choice == null || choice.isNull()) {
      return new ResponsesTools(tools, Mode.AUTO, null);
    }
    if (choice.isTextual()) {
      return switch (choice.textValue()) {
        case "auto" -> new ResponsesTools(tools, Mode.AUTO, null);
        case "required" -> new ResponsesTools(tools, Mode.ANY, null);
        case "none" -> new ResponsesTools(tools, Mode.NONE, null);
        default -> throw new InvalidRequest("tool_choice", "Invalid value: '" + choice.textValue()
            + "'. Supported values are: 'none', 'auto', and 'required'.");
      };
    }
    if (!choice.isObject()) {
      throw new InvalidRequest("tool_choice", "Invalid type for 'tool_choice': expected a string or an object.");
    }
    if (!"function".equals(choice.path("type").asText(""))) {
      return new ResponsesTools(tools, Mode.AUTO, null); // allowed_tools, built-in tool types: not simulated
    }
    JsonNode name = choice.get("name");
    if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
      throw new InvalidRequest("tool_choice.name", "Missing required parameter: 'tool_choice.name'.");
    }
    if (tools.stream().noneMatch(t -> t.name().equals(name.textValue()))) {
      throw new InvalidRequest("tool_choice", "Tool choice '" + name.textValue() + "' not found in 'tools' parameter.");
    }
    return new ResponsesTools(tools, Mode.ANY, name.textValue());
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
      if (!tool.isObject() || !tool.path("type").isTextual()) {
        throw new InvalidRequest(at + ".type", "Missing required parameter: '" + at + ".type'.");
      }
      if (!"function".equals(tool.get("type").textValue())) {
        continue; // built-in and custom tools: declared, never called by the simulator
      }
      JsonNode name = tool.get("name");
      if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
        throw new InvalidRequest(at + ".name", "Missing required parameter: '" + at + ".name'.");
      }
      out.add(new Declared(name.textValue(), tool.get("parameters")));
    }
    return out;
  }
}
