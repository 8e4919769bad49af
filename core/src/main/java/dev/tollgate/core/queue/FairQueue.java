package dev.tollgate.core.queue;

import dev.tollgate.core.routing.Route;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;

/**
 * The in-process capacity queue: one {@link GroupQueue} per model group, granted when a slot frees (a call
 * ends: {@link #capacityFreed}) or when a rolling rpm/tpm window lets more through (one timer per group at
 * the moment the oldest counted second leaves the window, armed only while calls wait). No polling.
 *
 * <p>Order: strict priority classes (higher first); within a class, weighted fair queueing across tenants
 * (each waiting call gets the finish tag {@code max(tenant's last tag, virtual time) + 1/weight}; the smallest
 * tag is granted next and becomes the virtual time), FIFO within a tenant. A waiter whose tags no free
 * deployment carries holds the head of the line until something it can use frees; groups mixing routing
 * tags should not rely on the queue's order.
 */
public final class FairQueue implements CapacityQueue {

    private final Map<String, GroupQueue> groups = new ConcurrentHashMap<>();
    private final Timers timers;
    private volatile ObjIntConsumer<String> onNewGroup = (group, depth) -> { };

    public FairQueue(Timers timers) {
        this.timers = timers;
    }

    /** Told once per group when it first queues (metrics register its depth gauge). */
    public void onNewGroup(ObjIntConsumer<String> listener) {
        this.onNewGroup = listener;
    }

    @Override
    public boolean enqueue(Waiter waiter, int maxDepth) {
        GroupQueue q = groups.get(waiter.group);
        if (q == null) {
            q = groups.computeIfAbsent(waiter.group, g -> {
                onNewGroup.accept(g, 0);
                return new GroupQueue();
            });
        }
        synchronized (q) {
            if (q.size >= maxDepth) {
                return false;
            }
            q.add(waiter);
        }
        pump(q);
        return true;
    }

    @Override
    public boolean leave(Waiter waiter) {
        GroupQueue q = groups.get(waiter.group);
        if (q == null) {
            return false;
        }
        synchronized (q) {
            return q.remove(waiter);
        }
    }

    @Override
    public void capacityFreed(String group) {
        GroupQueue q = groups.get(group);
        if (q != null && q.size > 0) {
            pump(q);
        }
    }

    @Override
    public boolean hasWaiters(String group) {
        GroupQueue q = groups.get(group);
        return q != null && q.size > 0;
    }

    @Override
    public int depth(String group) {
        GroupQueue q = groups.get(group);
        return q == null ? 0 : q.size;
    }

    /** Grants waiters in order while the router finds them a slot; arms the window timer when it does not. */
    private void pump(GroupQueue q) {
        List<Waiter> waiters = null;
        List<Route> routes = null;
        synchronized (q) {
            while (q.size > 0) {
                Waiter next = q.peek();
                Route route = next.tryAcquire();
                if (route == null) {
                    armWindowTimer(q, next);
                    break;
                }
                q.remove(next);
                q.virtualTime(next);
                if (waiters == null) {
                    waiters = new ArrayList<>();
                    routes = new ArrayList<>();
                }
                waiters.add(next);
                routes.add(route);
            }
        }
        if (waiters != null) {
            for (int i = 0; i < waiters.size(); i++) {
                waiters.get(i).granted(routes.get(i));
            }
        }
    }

    private void armWindowTimer(GroupQueue q, Waiter head) {
        if (q.timerArmed) {
            return;
        }
        long nanos = head.nanosUntilWindowRolls();
        if (nanos == Long.MAX_VALUE) {
            return; // only concurrency holds the group: a call's end will pump
        }
        q.timerArmed = true;
        timers.schedule(nanos, () -> {
            synchronized (q) {
                q.timerArmed = false;
            }
            pump(q);
        });
    }

    /** One model group's waiting calls. Guarded by its own monitor; {@code size} is read without it. */
    private static final class GroupQueue {
        /** Priority class → its tenants, highest class first. */
        final TreeMap<Integer, ClassQueue> classes = new TreeMap<>(java.util.Comparator.reverseOrder());
        volatile int size;
        boolean timerArmed;

        void add(Waiter w) {
            classes.computeIfAbsent(w.priority, p -> new ClassQueue()).add(w);
            size++;
        }

        Waiter peek() {
            for (ClassQueue c : classes.values()) {
                Waiter w = c.peek();
                if (w != null) {
                    return w;
                }
            }
            return null;
        }

        boolean remove(Waiter w) {
            ClassQueue c = classes.get(w.priority);
            if (c == null || !c.remove(w)) {
                return false;
            }
            size--;
            if (c.isEmpty()) {
                classes.remove(w.priority);
            }
            return true;
        }

        void virtualTime(Waiter granted) {
            ClassQueue c = classes.get(granted.priority);
            if (c != null) {
                c.virtualTime = Math.max(c.virtualTime, granted.tag);
            }
        }
    }

    /** One priority class: per-tenant FIFO queues balanced by weighted fair queueing. */
    private static final class ClassQueue {
        final Map<String, ArrayDeque<Waiter>> tenants = new LinkedHashMap<>();
        final Map<String, Double> lastTag = new HashMap<>();
        double virtualTime;

        void add(Waiter w) {
            double start = Math.max(lastTag.getOrDefault(w.tenant, 0.0), virtualTime);
            w.tag = start + 1.0 / w.weight;
            lastTag.put(w.tenant, w.tag);
            tenants.computeIfAbsent(w.tenant, t -> new ArrayDeque<>()).add(w);
        }

        Waiter peek() {
            Waiter best = null;
            for (ArrayDeque<Waiter> queue : tenants.values()) {
                Waiter head = queue.peekFirst();
                if (head != null && (best == null || head.tag < best.tag
                        || head.tag == best.tag && head.enqueuedNanos < best.enqueuedNanos)) {
                    best = head;
                }
            }
            return best;
        }

        boolean remove(Waiter w) {
            ArrayDeque<Waiter> queue = tenants.get(w.tenant);
            if (queue == null || !queue.remove(w)) {
                return false;
            }
            if (queue.isEmpty()) {
                tenants.remove(w.tenant);
                lastTag.remove(w.tenant); // an idle tenant starts again from the virtual time
            }
            return true;
        }

        boolean isEmpty() {
            return tenants.isEmpty();
        }
    }
}
