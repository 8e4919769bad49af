package dev.tollgate.state.redis;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the cluster's Redis is, parsed from {@code state.url}:
 * <ul>
 *   <li>{@code redis://[[user]:password@]host:port[/db]} (or {@code rediss://} for TLS): one server;</li>
 *   <li>{@code redis-sentinel://[[user]:password@]host1:26379,host2:26379/master-name[/db]}
 *       ({@code rediss-sentinel://} for TLS): the master that Sentinel names, followed through fail-overs; the
 *       password is the data nodes' (Sentinels without a password are the common case);</li>
 *   <li>{@code redis-cluster://[[user]:password@]host1:7000,host2:7001} ({@code rediss-cluster://}): a Redis Cluster,
 *       seeded from any of its nodes. Every key the gateway writes for one call carries one hash tag, so scripts
 *       run on one node.</li>
 * </ul>
 * Immutable; {@link #options()} gives Vert.x's client options for it.
 */
public record RedisEndpoint(RedisClientType type, boolean tls, List<HostPort> hosts, String user, String password,
                            String masterName, int database) {

    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    public RedisEndpoint {
        hosts = List.copyOf(hosts);
    }

    /** Whether {@code url} names Redis in one of the three forms (not whether it is well formed). */
    public static boolean isRedis(String url) {
        return url != null && (url.startsWith("redis://") || url.startsWith("rediss://")
                || url.startsWith("redis-sentinel://") || url.startsWith("rediss-sentinel://")
                || url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://"));
    }

    /** @throws IllegalArgumentException with a message fit for a configuration error (never the password) */
    public static RedisEndpoint parse(String url) {
        if (!isRedis(url)) {
            throw new IllegalArgumentException("expected redis://, rediss://, redis-sentinel:// or redis-cluster://");
        }
        int colon = url.indexOf("://");
        String scheme = url.substring(0, colon);
        boolean tls = scheme.startsWith("rediss");
        RedisClientType type = scheme.endsWith("-sentinel") ? RedisClientType.SENTINEL
                : scheme.endsWith("-cluster") ? RedisClientType.CLUSTER : RedisClientType.STANDALONE;
        String rest = url.substring(colon + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        List<String> path = new ArrayList<>();
        if (slash >= 0) {
            for (String part : rest.substring(slash + 1).split("/")) {
                if (!part.isEmpty()) {
                    path.add(part);
                }
            }
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int c = userInfo.indexOf(':');
            if (c < 0) {
                password = decode(userInfo);
            } else {
                user = userInfo.substring(0, c).isEmpty() ? null : decode(userInfo.substring(0, c));
                password = decode(userInfo.substring(c + 1));
            }
        }
        int defaultPort = type == RedisClientType.SENTINEL ? 26379 : 6379;
        List<HostPort> hosts = new ArrayList<>();
        for (String h : authority.split(",")) {
            if (!h.isBlank()) {
                hosts.add(hostPort(h.trim(), defaultPort));
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no host in the Redis URL");
        }
        if (type == RedisClientType.STANDALONE && hosts.size() > 1) {
            throw new IllegalArgumentException("redis:// names one server; use redis-sentinel:// or redis-cluster:// "
                    + "for several");
        }
        String master = null;
        if (type == RedisClientType.SENTINEL) {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("redis-sentinel:// needs the master's name: "
                        + "redis-sentinel://host:26379,host:26379/mymaster");
            }
            master = path.removeFirst();
        }
        int db = 0;
        if (!path.isEmpty()) {
            if (type == RedisClientType.CLUSTER) {
                throw new IllegalArgumentException("a Redis Cluster has only database 0");
            }
            try {
                db = Integer.parseInt(path.getFirst());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the database must be a number, got '" + path.getFirst() + "'");
            }
            if (db < 0 || path.size() > 1) {
                throw new IllegalArgumentException("unexpected path in the Redis URL");
            }
        }
        return new RedisEndpoint(type, tls, hosts, user, password, master, db);
    }

    private static HostPort hostPort(String text, int defaultPort) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in a Redis host");
            }
            host = text.substring(1, close);
            if (text.length() > close + 1) {
                if (text.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("bad Redis host '" + text + "'");
                }
                port = text.substring(close + 2);
            }
        } else {
            int c = text.lastIndexOf(':');
            host = c < 0 ? text : text.substring(0, c);
            port = c < 0 ? null : text.substring(c + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty Redis host");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad Redis port '" + port + "'");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("Redis port out of range: " + p);
            }
        }
        return new HostPort(host, p);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One node's connection string in Vert.x's form (credentials and database included). */
    private String connectionString(HostPort h, boolean withDatabase) {
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (password != null) {
            sb.append(user != null ? encode(user) : "").append(':').append(encode(password)).append('@');
        }
        sb.append(h);
        if (withDatabase && database != 0) {
            sb.append('/').append(database);
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Vert.x's options: the type, every endpoint, and for Sentinel the master's name with the MASTER role (writes
     * go to the master; the client asks a Sentinel for it on each new connection, so a fail-over is followed).
     * Pool sizes are the caller's.
     */
    public RedisOptions options() {
        RedisOptions o = new RedisOptions().setType(type);
        for (HostPort h : hosts) {
            // Sentinels are asked with the URL's credentials; the data node gets them too through the user/password
            o.addConnectionString(connectionString(h, type != RedisClientType.CLUSTER));
        }
        if (type == RedisClientType.SENTINEL) {
            o.setMasterName(masterName).setRole(RedisRole.MASTER);
        }
        if (type == RedisClientType.CLUSTER) {
            o.setUseReplicas(RedisReplicas.NEVER);
        }
        if (password != null) {
            o.setPassword(password);
            if (user != null) {
                o.setUser(user);
            }
        }
        return o;
    }

    /** For logs: the topology and hosts, never the password. */
    public String describe() {
        String where = hosts.stream().map(HostPort::toString).reduce((a, b) -> a + "," + b).orElse("");
        return switch (type) {
            case STANDALONE -> "redis " + where + (database != 0 ? "/" + database : "");
            case SENTINEL -> "redis sentinel " + where + " master " + masterName;
            case CLUSTER -> "redis cluster " + where;
            default -> "redis " + where;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
