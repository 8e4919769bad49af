package dev.tollgate.core.guardrails;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;

import java.util.List;

/**
 * Structured output: the complete answer text must be JSON valid against a configured JSON Schema (draft
 * 2020-12 unless the schema says otherwise). Intermediate stream checkpoints are not judged (a half-written
 * object is not an error).
 */
final class JsonSchemaGuardrail implements Guardrail.Local {

    private final Schema schema;

    JsonSchemaGuardrail(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Verdict evaluate(Check check) {
        if (!check.complete()) {
            return Verdict.ALLOW;
        }
        String text = strippedFence(check.joined().strip());
        List<Error> errors;
        try {
            errors = schema.validate(text, InputFormat.JSON);
        } catch (RuntimeException e) {
            return Verdict.block("The answer is not JSON.");
        }
        if (errors.isEmpty()) {
            return Verdict.ALLOW;
        }
        return Verdict.block("The answer does not match the required schema: " + errors.get(0).getMessage());
    }

    /** Models often wrap JSON in a Markdown code fence; the fence is not part of the value. */
    private static String strippedFence(String text) {
        if (text.startsWith("```") && text.endsWith("```") && text.length() >= 6) {
            int firstLine = text.indexOf('\n');
            return firstLine < 0 ? text : text.substring(firstLine + 1, text.length() - 3).strip();
        }
        return text;
    }
}
