package dev.tollgate.state.redis;

import dev.tollgate.core.ledger.Account;
import dev.tollgate.core.ledger.LedgerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The ledger's counters in Redis, shared by every gateway node: one Lua script per reserve and per settle, so
 * each is atomic over all of a call's accounts and costs one round trip. A counter is a hash
 * ({@code s} spent, {@code r} reserved, {@code a} alerts announced) under
 * {@code <prefix>ledger:{<organisation>}:<counter>}; the braces are a Redis Cluster hash tag, so every counter a
 * call touches (all in one organisation) lives in one slot, and organisations spread over the cluster. Counters
 * of a period expire an hour after it ends. Asynchronous throughout (Vert.x's Redis client, on event loops).
 */
public final class RedisLedgerState implements LedgerState {

    private static final LuaScript RESERVE = LuaScript.resource("reserve.lua");
    private static final LuaScript SETTLE = LuaScript.resource("settle.lua");
    private static final LuaScript HYDRATE = LuaScript.resource("hydrate.lua");

    private final Redis client;
    private final RedisAPI redis;
    private final String prefix;
    private final String description;
    private final boolean ownsClient;

    /** Its own client for the server at {@code url} (tests; the gateway shares one: the other constructor). */
    public RedisLedgerState(Vertx vertx, String url, String keyPrefix) {
        this(Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(16).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096)), keyPrefix, describeUrl(url), true);
    }

    /** Over this node's shared client, which {@link #close()} leaves open (its owner closes it). */
    public RedisLedgerState(RedisConnections connections, String keyPrefix) {
        this(connections.client(), keyPrefix, connections.describe(), false);
    }

    private RedisLedgerState(Redis client, String keyPrefix, String description, boolean ownsClient) {
        this.client = client;
        this.redis = RedisAPI.api(client);
        this.prefix = keyPrefix;
        this.description = description;
        this.ownsClient = ownsClient;
    }

    /** host:port only: a URL may carry a password. */
    static String describeUrl(String url) {
        try {
            URI uri = URI.create(url);
            return "redis " + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
        } catch (IllegalArgumentException e) {
            return "redis";
        }
    }

    String key(Account a) {
        return prefix + "ledger:{" + a.shard() + "}:" + a.counter();
    }

    private List<String> keys(List<Account> accounts) {
        List<String> keys = new ArrayList<>(accounts.size());
        for (Account a : accounts) {
            keys.add(key(a));
        }
        return keys;
    }

    @Override
    public Future<ReserveOutcome> reserve(List<Account> accounts, long amount) {
        List<String> args = new ArrayList<>(1 + 2 * accounts.size());
        args.add(Long.toString(amount));
        for (Account a : accounts) {
            args.add(Long.toString(a.limit()));
            args.add(a.hard() ? "1" : "0");
        }
        return RESERVE.run(redis, keys(accounts), args).map(r -> {
            long status = r.get(0).toLong();
            if (status == 1) {
                return ReserveOutcome.GRANTED;
            }
            if (status == -1) {
                return ReserveOutcome.refusedBy(r.get(1).toInteger() - 1);
            }
            int[] missing = new int[r.size() - 1];
            for (int i = 1; i < r.size(); i++) {
                missing[i - 1] = r.get(i).toInteger() - 1;
            }
            return ReserveOutcome.missing(missing);
        });
    }

    @Override
    public Future<SettleOutcome> settle(List<Account> accounts, long reserved, long actual) {
        List<String> args = new ArrayList<>(2 + 3 * accounts.size());
        args.add(Long.toString(reserved));
        args.add(Long.toString(actual));
        for (Account a : accounts) {
            args.add(Long.toString(a.limit()));
            args.add(a.balance() ? "1" : "0");
            StringJoiner thresholds = new StringJoiner(",");
            for (long t : a.thresholds()) {
                thresholds.add(Long.toString(t));
            }
            args.add(thresholds.toString());
        }
        return SETTLE.run(redis, keys(accounts), args).map(r -> {
            int n = accounts.size();
            int[] from = new int[n];
            int[] to = new int[n];
            long[] spent = new long[n];
            for (int i = 0; i < n; i++) {
                from[i] = r.get(1 + 3 * i).toInteger();
                to[i] = r.get(2 + 3 * i).toInteger();
                spent[i] = r.get(3 + 3 * i).toLong();
            }
            return new SettleOutcome(r.get(0).toLong(), from, to, spent);
        });
    }

    @Override
    public Future<Void> hydrate(Account account, long spent) {
        int reached = 0;
        while (reached < account.thresholds().length && spent >= account.thresholds()[reached]) {
            reached++;
        }
        return HYDRATE.run(redis, List.of(key(account)), List.of(Long.toString(spent), Integer.toString(reached),
                Long.toString(account.expiresAtEpochSecond()))).mapEmpty();
    }

    @Override
    public Future<Counter> read(Account account) {
        return redis.hmget(List.of(key(account), "s", "r")).map(r -> {
            Response s = r.get(0);
            Response res = r.get(1);
            return s == null ? new Counter(false, 0, 0)
                    : new Counter(true, s.toLong(), res == null ? 0 : res.toLong());
        });
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
