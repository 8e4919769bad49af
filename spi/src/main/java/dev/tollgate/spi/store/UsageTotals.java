package dev.tollgate.spi.store;

/**
 * What a set of calls added up to. Money is integer nano-USD, so sums are exact.
 *
 * @param errors          calls the client saw a status of 400 or above for
 * @param cacheHits       calls the gateway's response cache answered
 * @param estimatedCalls  calls whose tokens were estimated because the upstream reported none
 */
public record UsageTotals(long requests, long errors, long promptTokens, long completionTokens, long cachedTokens,
                          long cacheWriteTokens, long reasoningTokens, long costNanoUsd, long chargeNanoUsd,
                          long cacheHits, long estimatedCalls) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public UsageTotals plus(UsageTotals o) {
        return new UsageTotals(requests + o.requests, errors + o.errors, promptTokens + o.promptTokens,
                completionTokens + o.completionTokens, cachedTokens + o.cachedTokens,
                cacheWriteTokens + o.cacheWriteTokens, reasoningTokens + o.reasoningTokens,
                costNanoUsd + o.costNanoUsd, chargeNanoUsd + o.chargeNanoUsd, cacheHits + o.cacheHits,
                estimatedCalls + o.estimatedCalls);
    }
}
