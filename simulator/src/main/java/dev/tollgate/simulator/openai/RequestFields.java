package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.TokenCounting;
import java.util.ArrayList;
import java.util.List;

/** Reading and validating the request fields shared by the OpenAI endpoints. */
final class RequestFields {

  private RequestFields() {}

  static String model(JsonNode body) {
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.textValue().isEmpty()) {
      throw new InvalidRequest("model", "You must provide a model parameter.");
    }
    return model.textValue();
  }

  static boolean stream(JsonNode body) {
    return body.path("stream").asBoolean(false);
  }

  static boolean includeUsage(JsonNode body) {
    return body.path("stream_options").path("include_usage").asBoolean(false);
  }

  /**
   * Whether the request asks for reasoning, as o-series and gpt-5 requests do with
   * {@code reasoning_effort} ({@code minimal}, {@code low}, {@code medium}, {@code high},
   * {@code xhigh}); {@code none} or an absent field means no reasoning.
   */
  static boolean reasoning(JsonNode body) {
    JsonNode effort = body.get("reasoning_effort");
    if (effort == null || effort.isNull()) {
      return false;
    }
    String level = effort.isTextual() ? effort.textValue() : "";
    return switch (level) {
      case "none" -> false;
      case "minimal", "low", "medium", "high", "xhigh" -> true;
      default -> throw new InvalidRequest("reasoning_effort", "Invalid value: '" + (effort.isTextual() ? level : effort.toString())
          + "'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', and 'xhigh'.");
    };
  }

  /** {@code max_completion_tokens}, else {@code max_tokens}, else no limit. */
  static int maxTokens(JsonNode body) {
    String name = "max_completion_tokens";
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      name = "max_tokens";
      value = body.get(name);
    }
    if (value == null || value.isNull()) {
      return TokenCounting.NO_LIMIT;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
      throw new InvalidRequest(name, "Invalid '" + name + "': expected an integer >= 1.");
    }
    return value.intValue();
  }

  /**
   * The text of each chat message: a string content as is, an array content as its text parts
   * joined by a space (other part types carry no words), anything else as {@code null}.
   */
  static List<String> messageTexts(JsonNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new InvalidRequest("messages", "'messages' must be a non-empty array.");
    }
    List<String> texts = new ArrayList<>(messages.size());
    for (JsonNode message : messages) {
      texts.add(contentText(message.get("content")));
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
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
          if (!sb.isEmpty()) {
            sb.append(' ');
          }
          sb.append(part.get("text").textValue());
        }
      }
      return sb.toString();
    }
    return null;
  }

  /**
   * A text or embedding input: a string, an array of strings, an array of token ids, or an array
   * of token-id arrays. Each element becomes one text; a token array becomes its ids joined by
   * spaces, so that it counts its length in words.
   */
  static List<String> texts(JsonNode value, String param, boolean required) {
    List<String> out = new ArrayList<>();
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidRequest(param, "'" + param + "' is required.");
      }
      return out;
    }
    if (value.isTextual()) {
      out.add(value.textValue());
    } else if (value.isArray() && !value.isEmpty() && value.get(0).isIntegralNumber()) {
      out.add(tokens(value, param));
    } else if (value.isArray()) {
      for (JsonNode element : value) {
        if (element.isTextual()) {
          out.add(element.textValue());
        } else if (element.isArray()) {
          out.add(tokens(element, param));
        } else {
          throw new InvalidRequest(param, "'" + param + "' must be a string, an array of strings or an array of token arrays.");
        }
      }
    } else {
      throw new InvalidRequest(param, "'" + param + "' must be a string, an array of strings or an array of token arrays.");
    }
    if (required && out.isEmpty()) {
      throw new InvalidRequest(param, "'" + param + "' must not be empty.");
    }
    return out;
  }

  private static String tokens(JsonNode array, String param) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode token : array) {
      if (!token.isIntegralNumber()) {
        throw new InvalidRequest(param, "Token arrays in '" + param + "' must contain integers.");
      }
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(token.longValue());
    }
    return sb.toString();
  }
}
