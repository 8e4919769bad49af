package dev.tollgate.core.guardrails;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A heuristic for prompt injection and jailbreak attempts: weighted phrases that try to override the
 * instructions, extract the system prompt, switch the model's persona or fake a role boundary. A text whose
 * signals add up to the threshold is refused. A heuristic, not a classifier: it catches the common phrasings
 * (see the labelled examples in the tests) and is cheap enough to run on every call; a moderation-model guardrail
 * is the stronger check.
 */
final class PromptInjectionGuardrail implements Guardrail.Local {

    record Signal(Pattern pattern, double weight) {
        static Signal of(String regex, double weight) {
            return new Signal(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), weight);
        }
    }

    static final List<Signal> SIGNALS = List.of(
            // overriding what came before
            Signal.of("\\b(?:ignore|disregard|forget|override|bypass)\\b[^.\\n]{0,40}\\b(?:previous|prior|above|earlier|preceding|all|any|your|the)\\b[^.\\n]{0,30}\\b(?:instructions?|prompts?|rules|directions|guidelines|context|messages?)\\b", 1.0),
            Signal.of("\\bnew (?:instructions|rules)\\b\\s*:", 0.6),
            // extracting the hidden instructions
            Signal.of("\\b(?:reveal|show|print|repeat|output|tell me|disclose|leak)\\b[^.\\n]{0,30}\\b(?:system|hidden|initial|original|secret)\\s+(?:prompt|instructions|message)", 1.0),
            Signal.of("\\bwhat (?:is|are|was|were) your (?:system )?(?:prompt|instructions)\\b", 0.7),
            // persona switches and jailbreak names
            Signal.of("\\byou are (?:now|no longer)\\b", 0.5),
            new Signal(Pattern.compile("\\bDAN\\b"), 0.5), // upper case only: Dan is a name
            Signal.of("\\b(?:do anything now|developer mode|jailbreak(?:ed)?|god mode)\\b", 0.7),
            Signal.of("\\bpretend (?:that )?you (?:are|have) no (?:restrictions|rules|filters|guidelines)\\b", 1.0),
            Signal.of("\\bwithout (?:any )?(?:restrictions|filters|censorship|limitations)\\b", 0.4),
            Signal.of("\\bact as (?:an? )?(?:unfiltered|uncensored|unrestricted)\\b", 0.8),
            // fake role boundaries and chat-template tokens
            Signal.of("<\\|(?:im_start|im_end|system|endoftext)\\|>", 1.0),
            Signal.of("(?m)^\\s*(?:#{2,}\\s*)?(?:system|assistant)\\s*:\\s*", 0.5),
            Signal.of("\\[/?INST]", 0.6),
            Signal.of("<</?SYS>>", 0.6));

    private final double threshold;

    PromptInjectionGuardrail(double threshold) {
        this.threshold = threshold;
    }

    static double score(String text) {
        double score = 0;
        for (Signal s : SIGNALS) {
            if (s.pattern().matcher(text).find()) {
                score += s.weight();
            }
        }
        return score;
    }

    @Override
    public Verdict evaluate(Check check) {
        for (String text : check.texts()) {
            if (score(text) >= threshold) {
                return Verdict.block("The request looks like a prompt injection attempt.");
            }
        }
        return Verdict.ALLOW;
    }
}
