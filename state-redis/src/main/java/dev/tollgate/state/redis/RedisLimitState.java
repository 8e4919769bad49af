package dev.tollgate.state.redis;

import dev.tollgate.core.limits.Limit;
import dev.tollgate.core.limits.LimitState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Rate-limit counters in Redis, shared by every gateway node: one Lua script checks and takes all of a call's
 * limits (one round trip), another gives back what the call did not use when it settles. Windows are hashes of
 * per-bucket counts, concurrency counters sorted sets of leases scored by their expiry; both expire on their own
 * once idle. Keys are {@code <prefix>limits:{rl}:<scope>:<id>:<kind>}: the one hash tag keeps every counter a call
 * touches (its key's, user's, team's, organisation's and model group's) in one Redis Cluster slot, which a
 * multi-key script needs. Asynchronous throughout (Vert.x's Redis client, which reconnects by itself).
 */
public final class RedisLimitState implements LimitState {

    private static final LuaScript ACQUIRE = LuaScript.resource("limits.lua");
    private static final LuaScript SETTLE = LuaScript.resource("limits_settle.lua");

    private final Redis client;
    private final RedisAPI redis;
    private final String prefix;
    private final String description;
    private final boolean ownsClient;

    /** Its own client for the server at {@code url} (tests; the gateway shares one: the other constructor). */
    public RedisLimitState(Vertx vertx, String url, String keyPrefix) {
        this(Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(16).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096)), keyPrefix,
                RedisLedgerState.describeUrl(url), true);
    }

    /** Over this node's shared client, which {@link #close()} leaves open (its owner closes it). */
    public RedisLimitState(RedisConnections connections, String keyPrefix) {
        this(connections.client(), keyPrefix, connections.describe(), false);
    }

    private RedisLimitState(Redis client, String keyPrefix, String description, boolean ownsClient) {
        this.client = client;
        this.redis = RedisAPI.api(client);
        this.prefix = keyPrefix;
        this.description = description;
        this.ownsClient = ownsClient;
        // opens a first connection and loads the scripts before calls need them; failing here is harmless (a call
        // falls back to EVAL, or to limits.on_state_unavailable while Redis is away)
        ACQUIRE.load(redis).compose(v -> SETTLE.load(redis));
    }

    String key(Limit l) {
        return prefix + "limits:{rl}:" + l.counter();
    }

    private List<String> keys(List<Limit> limits) {
        List<String> keys = new ArrayList<>(limits.size());
        for (Limit l : limits) {
            keys.add(key(l));
        }
        return keys;
    }

    private static String kind(Limit l) {
        return switch (l.kind()) {
            case REQUESTS -> "r";
            case TOKENS -> "t";
            case CONCURRENCY -> "c";
        };
    }

    @Override
    public Future<Outcome> acquire(List<Limit> limits, long tokens, String leaseId, long leaseMs) {
        List<String> args = new ArrayList<>(3 + 4 * limits.size());
        args.add(Long.toString(tokens));
        args.add(leaseId);
        args.add(Long.toString(leaseMs));
        for (Limit l : limits) {
            args.add(kind(l));
            args.add(Long.toString(l.max()));
            args.add(Long.toString(l.periodMs()));
            args.add(Long.toString(l.bucketMs()));
        }
        return ACQUIRE.run(redis, keys(limits), args).map(r -> {
            int n = limits.size();
            long[] remaining = new long[n];
            long[] reset = new long[n];
            for (int i = 0; i < n; i++) {
                remaining[i] = r.get(3 + 2 * i).toLong();
                reset[i] = r.get(4 + 2 * i).toLong();
            }
            return new Outcome(r.get(0).toInteger() - 1, r.get(1).toLong(), r.get(2).toLong(), remaining, reset);
        });
    }

    @Override
    public Future<Void> settle(List<Limit> limits, long atMs, long tokenDelta, String leaseId) {
        List<String> args = new ArrayList<>(3 + 3 * limits.size());
        args.add(Long.toString(atMs));
        args.add(Long.toString(tokenDelta));
        args.add(leaseId);
        for (Limit l : limits) {
            args.add(kind(l));
            args.add(Long.toString(l.periodMs()));
            args.add(Long.toString(l.bucketMs()));
        }
        return SETTLE.run(redis, keys(limits), args).mapEmpty();
    }

    /** Reads a concurrency counter's live leases, for tests and diagnostics. */
    public Future<Long> leases(Limit l) {
        return redis.zcard(key(l)).map(Response::toLong);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
