package dev.tollgate.core.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.spi.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in guardrail against a small labelled set written for it (src/test/resources/guardrails/*.tsv):
 * each true positive must be caught and each true negative let through.
 */
class GuardrailsLabelledTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void piiDetectorFindsEachLabelledEntityAndNothingInTheNegatives() throws IOException {
        PiiDetector detector = new PiiDetector(java.util.EnumSet.allOf(PiiDetector.Entity.class));
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows("pii.tsv")) {
            var found = detector.find(row[2]).stream().map(f -> f.entity().name().toLowerCase(Locale.ROOT)).toList();
            boolean ok = row[0].equals("1") ? found.contains(row[1])
                    : row[1].equals("-") ? found.isEmpty() : !found.contains(row[1]);
            if (!ok) {
                wrong.add(row[0] + " " + row[1] + " '" + row[2] + "' found " + found);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void piiRedactsToStablePlaceholdersAndKeepsTheValuesToRestore() {
        Guardrail.Local pii = (Guardrail.Local) build("pii", "{}").guardrail();
        Verdict v = pii.evaluate(pre("mail a@b.io or a@b.io", "card 4111 1111 1111 1111"));
        assertThat(v).isInstanceOf(Verdict.Mutate.class);
        Verdict.Mutate m = (Verdict.Mutate) v;
        assertThat(m.texts()).containsExactly("mail [EMAIL_1] or [EMAIL_1]", "card [CARD_1]");
        assertThat(m.restore()).containsEntry("[EMAIL_1]", "a@b.io").containsEntry("[CARD_1]", "4111 1111 1111 1111");
        assertThat(pii.evaluate(pre("nothing personal here"))).isEqualTo(Verdict.ALLOW);
        Guardrail.Local blocking = (Guardrail.Local) build("pii", "{\"action\":\"block\",\"entities\":[\"iban\"]}").guardrail();
        assertThat(blocking.evaluate(pre("IBAN GB82WEST12345698765432"))).isInstanceOf(Verdict.Block.class);
        assertThat(blocking.evaluate(pre("mail a@b.io"))).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void denyListCatchesWordsAndPatternsButNotNearMisses() throws IOException {
        Guardrail.Local deny = (Guardrail.Local) build("deny_list",
                "{\"words\":[\"project-zeus\",\"confidential\"],\"patterns\":[\"\\\\binternal-[0-9]{4}\\\\b\"]}").guardrail();
        assertLabelled("deny.tsv", deny);
    }

    @Test
    void promptInjectionHeuristicSeparatesTheLabelledAttemptsFromOrdinaryRequests() throws IOException {
        assertLabelled("injection.tsv", (Guardrail.Local) build("prompt_injection", "{}").guardrail());
    }

    @Test
    void jsonSchemaRefusesAnswersThatDoNotMatch() throws IOException {
        Guardrail.Local schema = (Guardrail.Local) build("json_schema", """
                {"schema":{"type":"object","required":["name","age"],
                  "properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0}}}}""").guardrail();
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows("schema.tsv")) {
            String text = row[1].replace("\\n", "\n");
            Verdict v = schema.evaluate(new Check(Hook.POST, Endpoint.CHAT_COMPLETIONS, "m", "r", List.of(text), -1, true));
            if ((v instanceof Verdict.Block) != row[0].equals("1")) {
                wrong.add(row[0] + " " + text + " → " + v);
            }
        }
        assertThat(wrong).isEmpty();
        Verdict partial = schema.evaluate(new Check(Hook.POST, Endpoint.CHAT_COMPLETIONS, "m", "r", List.of("{\"na"), -1, false));
        assertThat(partial).as("a stream checkpoint is not judged").isEqualTo(Verdict.ALLOW);
    }

    @Test
    void promptSizeAndMaxTokensPolicies() {
        Guardrail.Local size = (Guardrail.Local) build("max_prompt_size", "{\"max_chars\":20,\"max_tokens\":5}").guardrail();
        assertThat(size.evaluate(pre("short"))).isEqualTo(Verdict.ALLOW);
        assertThat(size.evaluate(pre("this prompt is longer than twenty chars"))).isInstanceOf(Verdict.Block.class);
        assertThat(size.evaluate(pre("one two three four five six"))).as("7 chars short of the cap, 6+ tokens")
                .isInstanceOf(Verdict.Block.class);
        Guardrail.Local max = (Guardrail.Local) build("max_tokens", "{\"max\":100}").guardrail();
        assertThat(max.evaluate(withMax(50))).isEqualTo(Verdict.ALLOW);
        assertThat(max.evaluate(withMax(-1))).isEqualTo(Verdict.ALLOW);
        assertThat(max.evaluate(withMax(101))).isInstanceOf(Verdict.Block.class);
        Guardrail.Local required = (Guardrail.Local) build("max_tokens", "{\"max\":100,\"required\":true}").guardrail();
        assertThat(required.evaluate(withMax(-1))).isInstanceOf(Verdict.Block.class);
    }

    @Test
    void placeholderSplitAcrossDeltasIsRecognisedAsUnfinished() {
        Placeholders p = new Placeholders(Map.of("[EMAIL_1]", "a@b.io", "[CARD_12]", "4111"));
        assertThat(p.partialTail("write to [EMA")).isEqualTo(9);
        assertThat(p.partialTail("write to [")).isEqualTo(9);
        assertThat(p.partialTail("write to [CARD_1")).isEqualTo(9);
        assertThat(p.partialTail("a list [x")).isEqualTo(-1);
        assertThat(p.partialTail("done [EMAIL_1]")).isEqualTo(-1);
        assertThat(p.restore("to [EMAIL_1].")).isEqualTo("to a@b.io.");
        assertThat(p.restoreJson("{\"c\":\"[EMAIL_1]\"}")).isEqualTo("{\"c\":\"a@b.io\"}");
    }

    @Test
    void requestTextsAreFoundInEveryDialectAndWrittenBackInPlace() throws IOException {
        var chat = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"model":"m","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":[{"type":"text","text":"hi a@b.io"},{"type":"image_url","image_url":{"url":"x"}}]}],
                 "tools":[{"type":"function","function":{"description":"not a prompt"}}],"max_tokens":9}""");
        RequestTexts texts = RequestTexts.of(chat);
        assertThat(texts.values()).containsExactly("be brief", "hi a@b.io");
        assertThat(RequestTexts.maxTokens(chat)).isEqualTo(9);
        texts.replace(List.of("be brief", "hi [EMAIL_1]"));
        assertThat(chat.at("/messages/1/content/0/text").asText()).isEqualTo("hi [EMAIL_1]");
        var anthropic = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"model":"m","system":"sys","max_tokens":5,"messages":[{"role":"user","content":"q"}]}""");
        assertThat(RequestTexts.of(anthropic).values()).containsExactly("sys", "q");
        var responses = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"model":"m","instructions":"i","input":[{"role":"user","content":[{"type":"input_text","text":"t"}]}]}""");
        assertThat(RequestTexts.of(responses).values()).containsExactly("i", "t");
    }

    @Test
    void definitionsAreValidatedWithFieldPaths() {
        List<String> problems = new ArrayList<>();
        GuardrailFactory.build("g[0]", "x", "deny_list", List.of("pre"), node("{\"patterns\":[\"(\"],\"colour\":1}"),
                null, "sometimes", -1, problems);
        GuardrailFactory.build("g[1]", "y", "json_schema", List.of("pre"), node("{}"), null, null, null, problems);
        GuardrailFactory.build("g[2]", "z", "nonsense", null, null, null, null, null, problems);
        assertThat(problems).anyMatch(p -> p.startsWith("g[0].settings.patterns[0]: not a valid regular expression"))
                .anyMatch(p -> p.equals("g[0].settings.colour: unknown field"))
                .anyMatch(p -> p.startsWith("g[0].on_error:"))
                .anyMatch(p -> p.startsWith("g[0].every_chars:"))
                .anyMatch(p -> p.equals("g[1].hooks[0]: a json_schema guardrail cannot run at pre"))
                .anyMatch(p -> p.startsWith("g[1].settings.schema: required"))
                .anyMatch(p -> p.startsWith("g[2].type: unknown guardrail type 'nonsense'"));
    }

    private static void assertLabelled(String file, Guardrail.Local guardrail) throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows(file)) {
            boolean blocked = guardrail.evaluate(pre(row[1])) instanceof Verdict.Block;
            if (blocked != row[0].equals("1")) {
                wrong.add(row[0] + " '" + row[1] + "'");
            }
        }
        assertThat(wrong).as("misjudged examples").isEmpty();
    }

    private static GuardrailDefinition build(String type, String settings) {
        List<String> problems = new ArrayList<>();
        GuardrailDefinition d = GuardrailFactory.build("t", type, type, null, node(settings), null, null, null, problems);
        assertThat(problems).isEmpty();
        return d;
    }

    private static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Check pre(String... texts) {
        return new Check(Hook.PRE, Endpoint.CHAT_COMPLETIONS, "m", "r", List.of(texts), -1, true);
    }

    private static Check withMax(long max) {
        return new Check(Hook.PRE, Endpoint.CHAT_COMPLETIONS, "m", "r", List.of("x"), max, true);
    }

    private static List<String[]> rows(String name) throws IOException {
        try (InputStream in = GuardrailsLabelledTest.class.getResourceAsStream("/guardrails/" + name)) {
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t"));
                }
            }
            return out;
        }
    }
}
