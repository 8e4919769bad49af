package dev.tollgate.simulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Decides whether a reply is a tool call, and of which tool, the same way in every wire format:
 * <ol>
 *   <li>no declared tools, or the request forbids tools ({@link Mode#NONE}): a text reply;</li>
 *   <li>the {@code tool_call} directive names a tool: that tool (a 400 naming the directive if the
 *       request does not declare it); an empty {@code tool_call} means "the forced tool, else the
 *       first declared one";</li>
 *   <li>the request forces a tool by name: that tool; it forces "some tool" ({@link Mode#ANY}): the
 *       first declared one;</li>
 *   <li>otherwise ({@link Mode#AUTO} without directive): a text reply.</li>
 * </ol>
 * The formats validate the forced name against the declared tools themselves, in their own words.
 */
public final class ToolSelection {

  /** How the request constrains tool use (Anthropic {@code tool_choice}, Gemini {@code functionCallingConfig.mode}). */
  public enum Mode { AUTO, ANY, NONE }

  /** A tool the request declares: its name and its parameters' JSON schema (or {@code null}). */
  public record Declared(String name, JsonNode schema) {}

  private ToolSelection() {}

  /**
   * @param forcedName the tool the request forces by name, or {@code null}
   * @param directive  the {@code tool_call} directive, or {@code null} when not set
   * @return the tool to call, or {@code null} for a text reply
   * @throws DirectiveException when {@code directive} names an undeclared tool
   */
  public static Declared choose(List<Declared> tools, Mode mode, String forcedName, String directive) {
    if (tools.isEmpty() || mode == Mode.NONE) {
      return null;
    }
    String wanted = directive != null && !directive.isEmpty() ? directive : forcedName;
    if (wanted != null) {
      for (Declared tool : tools) {
        if (tool.name().equals(wanted)) {
          return tool;
        }
      }
      if (wanted.equals(directive)) {
        throw new DirectiveException("tool_call", "Simulator directive 'tool_call' names '" + directive
            + "', which the request does not declare; declared tools: "
            + String.join(", ", tools.stream().map(Declared::name).toList()));
      }
      return null; // an undeclared forced name: the format has already rejected it
    }
    return directive != null || mode == Mode.ANY ? tools.getFirst() : null;
  }

  /** The call the reply makes, or {@code null}: {@link #choose} plus {@link ToolCall#synthesize}. */
  public static ToolCall call(List<Declared> tools, Mode mode, String forcedName, String directive, long seed) {
    Declared tool = choose(tools, mode, forcedName, directive);
    return tool == null ? null : ToolCall.synthesize(tool.name(), tool.schema(), seed);
  }
}
