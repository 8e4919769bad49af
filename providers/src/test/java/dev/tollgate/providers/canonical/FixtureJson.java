package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** JSON for comparisons: keys sorted and numbers normalised (so 18.50 equals 18.5 and 5 as int equals 5 as long). */
public final class FixtureJson {

    private FixtureJson() {
    }

    public static String canonical(JsonNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(normalise(node));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode normalise(JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = f.objectNode();
            for (String name : names) {
                out.set(name, normalise(node.get(name)));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            node.forEach(n -> out.add(normalise(n)));
            return out;
        }
        if (node.isNumber()) {
            return f.numberNode(new BigDecimal(node.decimalValue().stripTrailingZeros().toPlainString()));
        }
        return node;
    }
}
