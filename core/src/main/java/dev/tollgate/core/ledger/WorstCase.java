package dev.tollgate.core.ledger;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.ModelCatalog;
import dev.tollgate.core.metering.Price;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.spi.TokenUsage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The most a call can cost, reserved before it is made. Prompt: one token per byte of the body (a BPE token is
 * at least one byte, so no tokenizer counts more) plus a small overhead for the tokens a provider adds around
 * messages; output: the call's max_tokens (or max_completion_tokens, max_output_tokens), or the configured
 * allowance when it names none. Priced at the dearest deployment the call could reach (its group and every
 * fallback group), with each deployment's price in force when the call started, and with the prompt and the
 * output split the dearest way (cache writes, reasoning).
 */
public final class WorstCase {

    private WorstCase() {
    }

    public static long costNanoUsd(GatewayConfig.ModelGroup group, String wildcardPart,
                                   Map<String, GatewayConfig.ModelGroup> groups, PriceTable prices, long bodyBytes,
                                   long maxOutputTokens, GatewayConfig.Ledger settings, Instant at) {
        long prompt = bodyBytes + settings.promptOverheadTokens();
        long output = maxOutputTokens >= 0 ? maxOutputTokens : settings.defaultOutputTokens();
        // the dearest split the upstream could report: all prompt tokens written to a cache or not, all output
        // spent on reasoning or not
        List<TokenUsage> splits = List.of(new TokenUsage(prompt, output, 0, 0, 0, false),
                new TokenUsage(prompt, output, 0, prompt, 0, false),
                new TokenUsage(prompt, output, 0, 0, output, false),
                new TokenUsage(prompt, output, 0, prompt, output, false));
        long worst = 0;
        Set<String> seen = new HashSet<>();
        Deque<GatewayConfig.ModelGroup> todo = new ArrayDeque<>();
        todo.add(group);
        seen.add(group.name());
        while (!todo.isEmpty()) {
            GatewayConfig.ModelGroup g = todo.poll();
            for (GatewayConfig.Deployment d : g.deployments()) {
                Price price = prices.priceOf(ModelCatalog.upstreamModel(d, wildcardPart), d.provider(), d.name(), at);
                for (TokenUsage split : splits) {
                    worst = Math.max(worst, price.costNanoUsd(split, true));
                }
            }
            for (var names : List.of(g.fallbacks(), g.contextWindowFallbacks(), g.contentPolicyFallbacks())) {
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
