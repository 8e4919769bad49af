package dev.tollgate.core.ledger;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.ModelCatalog;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.spi.TokenUsage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The most a call can cost, reserved before it is made. Prompt: one token per byte of the body (a BPE token is
 * at least one byte, so no tokenizer counts more) plus a small overhead for the tokens a provider adds around
 * messages; output: the call's max_tokens (or max_completion_tokens, max_output_tokens), or the configured
 * allowance when it names none. Priced at the dearest deployment the call could reach (its group and every
 * fallback group), with the prompt at the dearer of the input and cache-write prices.
 */
public final class WorstCase {

    private WorstCase() {
    }

    public static long costNanoUsd(GatewayConfig.ModelGroup group, String wildcardPart,
                                   Map<String, GatewayConfig.ModelGroup> groups, PriceTable prices, long bodyBytes,
                                   long maxOutputTokens, GatewayConfig.Ledger settings) {
        long prompt = bodyBytes + settings.promptOverheadTokens();
        long output = maxOutputTokens >= 0 ? maxOutputTokens : settings.defaultOutputTokens();
        TokenUsage plain = new TokenUsage(prompt, output, 0, 0, 0, false);
        TokenUsage written = new TokenUsage(prompt, output, 0, prompt, 0, false);
        long worst = 0;
        Set<String> seen = new HashSet<>();
        Deque<GatewayConfig.ModelGroup> todo = new ArrayDeque<>();
        todo.add(group);
        seen.add(group.name());
        while (!todo.isEmpty()) {
            GatewayConfig.ModelGroup g = todo.poll();
            for (GatewayConfig.Deployment d : g.deployments()) {
                String model = ModelCatalog.upstreamModel(d, wildcardPart);
                worst = Math.max(worst, Math.max(prices.costNanoUsd(model, plain), prices.costNanoUsd(model, written)));
            }
            for (var names : java.util.List.of(g.fallbacks(), g.contextWindowFallbacks(), g.contentPolicyFallbacks())) {
                for (String name : names) {
                    GatewayConfig.ModelGroup next = groups.get(name);
                    if (next != null && seen.add(name)) {
                        todo.add(next);
                    }
                }
            }
        }
        return worst;
    }
}
