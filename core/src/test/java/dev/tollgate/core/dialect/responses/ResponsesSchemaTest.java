package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixtures against the official OpenAPI document: the Responses requests decoded in the request tests
 * are valid {@code CreateResponse} bodies, the Responses the encoder wrote are valid {@code Response}
 * objects. (Every stream event of every stream test is validated as it is parsed, see
 * {@link ResponsesEvents}.) The validator is checked first: it must reject what the schemas forbid.
 */
class ResponsesSchemaTest {

    private final ResponsesSpec spec = ResponsesSpec.get();

    @ParameterizedTest
    @ValueSource(strings = {"string_input", "message_list", "function_call_round_trip", "images_and_files", "json_schema",
            "reasoning"})
    void theRequestFixturesAreValidCreateResponseBodies(String name) {
        ResponsesSpec.assertValid("CreateResponse", ResponsesFixtures.load("request/" + name + ".json").get("responses"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "tool_calls", "length_incomplete", "reasoning_usage", "refusal"})
    void theEncodedResponsesAreValidResponseObjects(String name) {
        ResponsesSpec.assertValid("Response", ResponsesFixtures.load("response/" + name + ".json").get("responses"));
    }

    @Test
    void theValidatorRejectsWhatTheSchemasForbid() {
        ObjectNode valid = (ObjectNode) ResponsesFixtures.load("response/tool_calls.json").get("responses");
        assertThat(spec.violations("Response", valid)).isEmpty();

        assertThat(spec.violations("Response", without(valid, "tools"))).as("a required property")
                .anyMatch(v -> v.contains("'tools' is missing"));
        assertThat(spec.violations("Response", with(valid, "/status", "done"))).as("an enum").isNotEmpty();
        assertThat(spec.violations("Response", with(valid, "/created_at", "yesterday"))).as("a type").isNotEmpty();
        ObjectNode noLogprobs = valid.deepCopy();
        ((ObjectNode) noLogprobs.at("/output/0/content/0")).remove("logprobs");
        assertThat(spec.violations("Response", noLogprobs)).as("a required property deep in a oneOf")
                .anyMatch(v -> v.contains("logprobs"));
        ObjectNode badItem = valid.deepCopy();
        ((ObjectNode) badItem.at("/output/1")).put("type", "tool_call");
        assertThat(spec.violations("Response", badItem)).as("an item of no known type").isNotEmpty();
        ObjectNode badUsage = valid.deepCopy();
        ((ObjectNode) badUsage.at("/usage/input_tokens_details")).remove("cache_write_tokens");
        assertThat(spec.violations("Response", badUsage)).as("ResponseUsage").isNotEmpty();
        assertThat(spec.violations("CreateResponse", ResponsesFixtures.parse("{\"model\":\"m\",\"max_output_tokens\":8}")))
                .as("a minimum").isNotEmpty();
        assertThat(spec.violations("ResponseErrorEvent", ResponsesFixtures.parse(
                "{\"type\":\"error\",\"code\":null,\"message\":\"m\",\"sequence_number\":0}")))
                .as("param is required, if null").anyMatch(v -> v.contains("'param' is missing"));
        assertThat(spec.violations("ResponseStreamEvent", ResponsesFixtures.parse(
                "{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"output_index\":0,\"content_index\":0,"
                        + "\"delta\":\"x\",\"sequence_number\":1}")))
                .as("a union member missing a field (logprobs)").isNotEmpty();
    }

    @Test
    void inputItemsOverlapAsTheValidatorSays() {
        ObjectNode message = ResponsesFixtures.parse("{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}");

        assertThat(spec.violations("EasyInputMessage", message)).isEmpty();
        assertThat(spec.violations("Item", message)).as("also an InputMessage: InputItem's oneOf is checked as anyOf").isEmpty();
        assertThat(spec.violations("InputItem", ResponsesFixtures.parse("{\"type\":\"function_call\",\"name\":\"f\"}")))
                .as("still checked").isNotEmpty();
    }

    private static ObjectNode without(ObjectNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static ObjectNode with(ObjectNode node, String pointer, String value) {
        ObjectNode copy = node.deepCopy();
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode parent = copy.at(pointer.substring(0, pointer.lastIndexOf('/')));
        ((ObjectNode) (parent.isMissingNode() ? copy : parent)).put(field, value);
        return copy;
    }
}
