package dev.tollgate.simulator.core;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/**
 * Synthesizes tool-call arguments that fit a JSON schema, deterministically: the same schema and
 * seed always give the same arguments.
 *
 * <p>An object gets every property of its schema, in declaration order; a string is a reply word
 * (or the first {@code enum} value, or the {@code const}); an integer or number is 1–100; a boolean
 * is {@code true}; an array holds one item; {@code null} is null. Type names are matched
 * case-insensitively (Gemini's schemas say {@code STRING}, {@code OBJECT}); a nullable type list
 * such as {@code ["string","null"]} uses its first non-null type; a schema without a type is an
 * object when it has properties, else a string. Nesting deeper than {@value #MAX_DEPTH} levels is
 * rendered empty. The top level is always an object (a missing or non-object schema gives
 * {@code {}}), as every provider requires.
 */
final class ToolArguments {

  static final int MAX_DEPTH = 4;

  private final long seed;
  private final StringBuilder out = new StringBuilder(64);
  private int values;

  private ToolArguments(long seed) {
    this.seed = seed;
  }

  static String render(JsonNode schema, long seed) {
    ToolArguments arguments = new ToolArguments(seed);
    if (schema != null && schema.isObject() && "object".equals(type(schema))) {
      arguments.value(schema, 0);
    } else {
      arguments.out.append("{}");
    }
    return arguments.out.toString();
  }

  private void value(JsonNode schema, int depth) {
    if (schema.has("const")) {
      out.append(schema.get("const").toString());
      return;
    }
    JsonNode enumeration = schema.get("enum");
    if (enumeration != null && enumeration.isArray() && !enumeration.isEmpty()) {
      out.append(enumeration.get(0).toString());
      return;
    }
    switch (type(schema)) {
      case "object" -> object(schema, depth);
      case "array" -> array(schema, depth);
      case "integer", "number" -> out.append(1 + Math.floorMod(seed + values++ * 31L, 100));
      case "boolean" -> out.append("true");
      case "null" -> out.append("null");
      default -> quoted(ReplyText.word(seed, values++));
    }
  }

  private void object(JsonNode schema, int depth) {
    JsonNode properties = schema.get("properties");
    if (depth >= MAX_DEPTH || properties == null || !properties.isObject() || properties.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> property : properties.properties()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      quoted(property.getKey());
      out.append(": ");
      JsonNode child = property.getValue();
      if (child != null && child.isObject()) {
        value(child, depth + 1);
      } else {
        quoted(ReplyText.word(seed, values++));
      }
    }
    out.append('}');
  }

  private void array(JsonNode schema, int depth) {
    JsonNode items = schema.get("items");
    if (depth >= MAX_DEPTH || items == null || !items.isObject()) {
      out.append("[]");
      return;
    }
    out.append('[');
    value(items, depth + 1);
    out.append(']');
  }

  private void quoted(String s) {
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
  }

  /** The schema's type in lower case: its first non-null type, else inferred. */
  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual()) {
      return type.textValue().toLowerCase(Locale.ROOT);
    }
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        if (t.isTextual() && !"null".equalsIgnoreCase(t.textValue())) {
          return t.textValue().toLowerCase(Locale.ROOT);
        }
      }
    }
    return schema.has("properties") ? "object" : "string";
  }
}
