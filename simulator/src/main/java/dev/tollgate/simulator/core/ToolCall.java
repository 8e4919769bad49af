package dev.tollgate.simulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A call of one declared tool, with deterministic arguments synthesized from the tool's JSON schema
 * ({@link ToolArguments}).
 *
 * <p>The arguments are rendered with {@code ": "} and {@code ", "} separators, e.g.
 * {@code {"city": "gateway", "days": 42}}, so that they have words: a stream sends one piece per
 * word (the word and the whitespace after it), the pieces concatenate to exactly
 * {@link #arguments()}, and the call costs as many output tokens as there are pieces
 * ({@link TokenCounting#toolCallTokens}).
 *
 * @param name      the tool's name, as declared
 * @param arguments the arguments, a JSON object
 * @param pieces    the stream pieces of {@code arguments}, in order
 */
public record ToolCall(String name, String arguments, List<String> pieces) {

  public ToolCall {
    pieces = List.copyOf(pieces);
  }

  /** The call of tool {@code name} with arguments for {@code schema} ({@code null}: no schema), chosen by {@code seed}. */
  public static ToolCall synthesize(String name, JsonNode schema, long seed) {
    String arguments = ToolArguments.render(schema, seed);
    return new ToolCall(name, arguments, split(arguments));
  }

  /** Output tokens of the call: one per piece. */
  public int tokens() {
    return pieces.size();
  }

  /** Splits after each whitespace run, so every piece is one word plus the whitespace that follows it. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }
}
