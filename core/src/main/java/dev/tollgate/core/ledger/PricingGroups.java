package dev.tollgate.core.ledger;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.spi.store.PricingGroup;
import dev.tollgate.spi.store.PricingGroupStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What a caller is charged for a call (relay mode): its cost × the caller's pricing group's multiplier × the
 * group's ratio for the model, the two factors multiplied exactly and the product rounded half-up to a whole
 * nano-USD once. A caller in no group, or in a group this node does not know (yet), is charged the cost.
 *
 * <p>The groups are an in-memory snapshot swapped whole by {@link #refresh}; the caller's group comes from the key
 * snapshot (read with the key from its owning user), so charging never queries the database and, for factors
 * that fit in a long, allocates nothing. Thread-safe and lock-free.
 */
public final class PricingGroups implements ChargeRule {

    private static final Logger log = LoggerFactory.getLogger(PricingGroups.class);

    /** One group's factors, multiplier folded in: per model, and for every model not listed. */
    private record Rates(ChargeFactor anyModel, Map<String, ChargeFactor> byModel) {

        static Rates of(PricingGroup group) {
            ChargeFactor base = ChargeFactor.of(group.multiplier());
            Map<String, ChargeFactor> byModel = new HashMap<>();
            group.modelRatios().forEach((model, ratio) -> byModel.put(model, base.times(ratio)));
            return new Rates(base, Map.copyOf(byModel));
        }

        ChargeFactor factor(String model) {
            return model == null ? anyModel : byModel.getOrDefault(model, anyModel);
        }
    }

    private volatile Map<String, Rates> byName = Map.of();

    /** Replaces the snapshot with {@code groups}. */
    public void replace(Collection<PricingGroup> groups) {
        Map<String, Rates> next = new HashMap<>();
        for (PricingGroup g : groups) {
            next.put(g.name(), Rates.of(g));
        }
        byName = Map.copyOf(next);
    }

    /**
     * Blocking: reads every group from the store. Call from a worker thread. Synchronized, so a background refresh
     * that read the store before a change cannot land after the refresh the change made itself.
     */
    public synchronized void refresh(PricingGroupStore store) {
        replace(store.all());
        log.debug("pricing groups refreshed: {}", byName.size());
    }

    /**
     * What {@code caller} is charged for a call to {@code model} that cost {@code costNanoUsd}.
     *
     * @param model the model as the client named it (the name the group's ratios are keyed by); null when unknown
     */
    @Override
    public long charge(Caller caller, String model, long costNanoUsd) {
        String group = caller.pricingGroup();
        if (group == null) {
            return costNanoUsd;
        }
        Rates rates = byName.get(group);
        return rates == null ? costNanoUsd : rates.factor(model).apply(costNanoUsd);
    }

    /** The factor a member of {@code group} pays on {@code model}, or null when this node knows no such group. */
    public ChargeFactor factor(String group, String model) {
        Rates rates = byName.get(group);
        return rates == null ? null : rates.factor(model);
    }

    public int size() {
        return byName.size();
    }
}
