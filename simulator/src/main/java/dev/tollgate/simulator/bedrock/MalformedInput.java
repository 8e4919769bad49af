package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.InvalidRequest;
import java.util.Iterator;
import java.util.Set;

/**
 * How Bedrock refuses an InvokeModel body that breaks the model's JSON schema: a
 * {@code ValidationException} saying {@code Malformed input request: #/<field>: <what>, please
 * reformat your input and try again.} (the schema path starts at {@code #}, the body's root).
 */
final class MalformedInput {

  private MalformedInput() {}

  static InvalidRequest at(String path, String what) {
    String field = path.equals("#") ? null : path.substring(path.lastIndexOf('/') + 1);
    return new InvalidRequest(field, "Malformed input request: " + path + ": " + what
        + ", please reformat your input and try again.");
  }

  /** Fails on the first key of {@code body} the schema does not declare. */
  static void onlyKeys(JsonNode body, Set<String> allowed) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw at("#", "extraneous key [" + name + "] is not permitted");
      }
    }
  }

  /** The required string at {@code body.field}, at most {@code maxLength} characters (0: no limit). */
  static String string(JsonNode body, String field, String path, boolean nonEmpty, int maxLength) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw at("#", "required key [" + field + "] not found");
    }
    if (!value.isTextual()) {
      throw at(path, "expected type: String, found: " + typeName(value));
    }
    String text = value.textValue();
    if (nonEmpty && text.isEmpty()) {
      throw at(path, "expected minLength: 1, actual: 0");
    }
    if (maxLength > 0 && text.length() > maxLength) {
      throw at(path, "expected maxLength: " + maxLength + ", actual: " + text.length());
    }
    return text;
  }

  /** An optional integer that must be one of {@code allowed}; {@code fallback} when absent. */
  static int oneOf(JsonNode value, String path, Set<Integer> allowed, int fallback) {
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber()) {
      throw at(path, "expected type: Integer, found: " + typeName(value));
    }
    if (!allowed.contains(value.intValue())) {
      throw at(path, value.intValue() + " is not a valid enum value");
    }
    return value.intValue();
  }

  /** An optional string that must be one of {@code allowed}; {@code required} makes it mandatory. */
  static void enumString(JsonNode body, String field, Set<String> allowed, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw at("#", "required key [" + field + "] not found");
      }
      return;
    }
    if (!value.isTextual() || !allowed.contains(value.textValue())) {
      throw at("#/" + field, value + " is not a valid enum value");
    }
  }

  /**
   * An optional list of embedding types; the simulator renders {@code float} only, so any other type
   * the model knows is refused with a message saying so (the real API would answer it).
   */
  static void floatTypesOnly(JsonNode value, String path, Set<String> known) {
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isArray() || value.isEmpty()) {
      throw at(path, "expected a non-empty array of embedding types");
    }
    for (JsonNode type : value) {
      if (!type.isTextual() || !known.contains(type.textValue())) {
        throw at(path, type + " is not a valid enum value");
      }
      if (!type.textValue().equals("float")) {
        throw new InvalidRequest(path.substring(2), "The simulator renders float embeddings only, not "
            + type.textValue() + ".");
      }
    }
  }

  static String typeName(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "JSONArray";
      case OBJECT -> "JSONObject";
      case BOOLEAN -> "Boolean";
      case NUMBER -> value.isIntegralNumber() ? "Integer" : "BigDecimal";
      case STRING -> "String";
      default -> "Null";
    };
  }
}
