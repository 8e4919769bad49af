package dev.tollgate.simulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.ToolSelection.Declared;
import dev.tollgate.simulator.core.ToolSelection.Mode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallTest {

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void argumentsFitTheSchemaAndAreDeterministic() {
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{"
        + "\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"},\"ratio\":{\"type\":[\"number\",\"null\"]},"
        + "\"metric\":{\"type\":\"boolean\"},\"unit\":{\"enum\":[\"c\",\"f\"]},\"kind\":{\"const\":\"k\"},"
        + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
        + "\"where\":{\"properties\":{\"lat\":{\"type\":\"NUMBER\"}}}}}");
    ToolCall call = ToolCall.synthesize("f", schema, 42L);
    JsonNode args = json(call.arguments());

    assertThat(args.properties()).extracting(e -> e.getKey())
        .containsExactly("city", "days", "ratio", "metric", "unit", "kind", "tags", "where");
    assertThat(ReplyText.vocabulary()).contains(args.get("city").asText());
    assertThat(args.get("days").asInt()).isBetween(1, 100);
    assertThat(args.get("ratio").isNumber()).isTrue();
    assertThat(args.get("metric").asBoolean()).isTrue();
    assertThat(args.get("unit").asText()).isEqualTo("c");
    assertThat(args.get("kind").asText()).isEqualTo("k");
    assertThat(args.get("tags")).hasSize(1);
    assertThat(args.at("/where/lat").isNumber()).isTrue();
    assertThat(ToolCall.synthesize("f", schema, 42L)).isEqualTo(call);
    assertThat(call.arguments()).startsWith("{\"city\": \"").contains(", \"days\": ");
  }

  @Test
  void piecesAreOneWordEachAndConcatenateToTheArguments() {
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"q\":{\"enum\":[\"two  words\"]},\"n\":{\"type\":\"integer\"}}}");
    ToolCall call = ToolCall.synthesize("f", schema, 1L);
    assertThat(String.join("", call.pieces())).isEqualTo(call.arguments());
    // {"q": | "two  | words", | "n": | 42}
    assertThat(call.tokens()).isEqualTo(TokenCounting.toolCallTokens(call.arguments())).isEqualTo(5);
    assertThat(call.pieces().get(1)).isEqualTo("\"two  ");
  }

  @Test
  void missingOrNonObjectSchemasGiveAnEmptyObject() {
    assertThat(ToolCall.synthesize("f", null, 1L).arguments()).isEqualTo("{}");
    assertThat(ToolCall.synthesize("f", json("{\"type\":\"string\"}"), 1L).arguments()).isEqualTo("{}");
    assertThat(ToolCall.synthesize("f", json("{\"type\":\"object\"}"), 1L).tokens()).isEqualTo(1);
  }

  @Test
  void deepNestingIsCutOff() {
    JsonNode schema = json("{\"properties\":{\"a\":{\"properties\":{\"b\":{\"properties\":{\"c\":{\"properties\":"
        + "{\"d\":{\"properties\":{\"e\":{\"type\":\"string\"}}}}}}}}}}}");
    assertThat(ToolCall.synthesize("f", schema, 1L).arguments()).isEqualTo("{\"a\": {\"b\": {\"c\": {\"d\": {}}}}}");
  }

  @Test
  void selectionFollowsDirectiveThenForcedChoice() {
    List<Declared> tools = List.of(new Declared("a", null), new Declared("b", null));
    assertThat(ToolSelection.choose(List.of(), Mode.ANY, null, "a")).isNull();
    assertThat(ToolSelection.choose(tools, Mode.AUTO, null, null)).isNull();
    assertThat(ToolSelection.choose(tools, Mode.NONE, null, "a")).isNull();
    assertThat(ToolSelection.choose(tools, Mode.AUTO, null, "").name()).isEqualTo("a");
    assertThat(ToolSelection.choose(tools, Mode.AUTO, null, "b").name()).isEqualTo("b");
    assertThat(ToolSelection.choose(tools, Mode.ANY, null, null).name()).isEqualTo("a");
    assertThat(ToolSelection.choose(tools, Mode.ANY, "b", null).name()).isEqualTo("b");
    assertThat(ToolSelection.choose(tools, Mode.ANY, "b", "").name()).isEqualTo("b");
    assertThat(ToolSelection.choose(tools, Mode.ANY, "b", "a").name()).as("the directive wins").isEqualTo("a");
    assertThatThrownBy(() -> ToolSelection.choose(tools, Mode.AUTO, null, "c"))
        .isInstanceOf(DirectiveException.class).hasMessageContaining("'c'").hasMessageContaining("a, b");
  }
}
