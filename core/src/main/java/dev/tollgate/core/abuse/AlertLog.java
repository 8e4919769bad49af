package dev.tollgate.core.abuse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The node's most recent abuse alerts (the last {@value #CAPACITY}), newest first, for {@code GET /admin/v1/alerts}.
 * In memory: each node lists what its own detectors raised; the webhook is the durable record. Thread-safe.
 */
public final class AlertLog {

    static final int CAPACITY = 1_000;

    private final ArrayDeque<AbuseAlert> alerts = new ArrayDeque<>();

    public synchronized void add(AbuseAlert alert) {
        alerts.addFirst(alert);
        if (alerts.size() > CAPACITY) {
            alerts.removeLast();
        }
    }

    /** Up to {@code limit} alerts the filter lets through, newest first. */
    public synchronized List<AbuseAlert> list(Predicate<AbuseAlert> visible, int limit) {
        List<AbuseAlert> out = new ArrayList<>(Math.min(limit, alerts.size()));
        for (Iterator<AbuseAlert> it = alerts.iterator(); it.hasNext() && out.size() < limit; ) {
            AbuseAlert a = it.next();
            if (visible.test(a)) {
                out.add(a);
            }
        }
        return out;
    }
}
