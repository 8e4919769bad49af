package dev.tollgate.state.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The cluster's message bus over Redis pub/sub, one channel ({@code <prefix>bus}): nudges ("the database changed,
 * look now") and facts that are cheap to lose (a breaker opened). Nothing on it is needed for correctness: each
 * node still polls the database, and breakers still judge on their own; the bus only makes other nodes learn
 * sooner. Messages are {@code <node>\t<topic>\t<body>}; a node hears its own messages and ignores them.
 *
 * <p>The subscription has its own connection (a subscribed connection can do nothing else). When it drops, it is
 * made again with backoff (100 ms doubling to 5 s), and the {@code resubscribed} hook runs: what was published
 * while this node was deaf is lost, so the caller re-reads what matters. Publishing uses the shared client; a
 * failed publish is dropped (logged at debug). Handlers run on an event loop and must not block.
 */
public final class RedisBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Vertx vertx;
    private final Redis publisher;
    private final Redis subscriberClient;
    private final String channel;
    private final String nodeId = UUID.randomUUID().toString().substring(0, 8);
    private final List<Subscription> handlers = new CopyOnWriteArrayList<>();
    private final List<Runnable> onResubscribed = new CopyOnWriteArrayList<>();
    private volatile RedisConnection subscription;
    private volatile boolean closed;
    private volatile boolean everSubscribed;
    private long backoffMs = FIRST_BACKOFF_MS;

    private record Subscription(String topic, BiConsumer<String, String> handler) {
    }

    public RedisBus(RedisConnections connections, String keyPrefix) {
        this.vertx = connections.vertx();
        this.publisher = connections.client();
        this.channel = keyPrefix + "bus";
        RedisEndpoint e = connections.endpoint();
        // PUBLISH on any node of a Redis Cluster reaches subscribers on every node, so one node will do; a
        // standalone client over the seeds (the first that answers) keeps the subscription simple
        this.subscriberClient = e.type() == RedisClientType.CLUSTER
                ? Redis.createClient(vertx, standaloneOver(e))
                : Redis.createClient(vertx, e.options());
    }

    private static RedisOptions standaloneOver(RedisEndpoint e) {
        RedisEndpoint first = new RedisEndpoint(RedisClientType.STANDALONE, e.tls(), List.of(e.hosts().getFirst()),
                e.user(), e.password(), null, 0);
        return first.options();
    }

    /** This node's id on the bus. */
    public String nodeId() {
        return nodeId;
    }

    /** @param handler gets (sender node, body) for every message on {@code topic} from another node */
    public RedisBus on(String topic, BiConsumer<String, String> handler) {
        handlers.add(new Subscription(topic, handler));
        return this;
    }

    /** Runs after every subscription but the first: messages may have been missed while it was down. */
    public RedisBus onResubscribed(Runnable hook) {
        onResubscribed.add(hook);
        return this;
    }

    public RedisBus start() {
        connect();
        return this;
    }

    /** Whether the subscription is up (for readiness and tests). */
    public boolean subscribed() {
        return subscription != null;
    }

    public void publish(String topic, String body) {
        if (closed) {
            return;
        }
        publisher.send(Request.cmd(Command.PUBLISH).arg(channel).arg(nodeId + "\t" + topic + "\t" + body))
                .onFailure(e -> log.debug("bus message {} not published: {}", topic, e.toString()));
    }

    private void connect() {
        if (closed) {
            return;
        }
        subscriberClient.connect().onSuccess(conn -> {
            if (closed) {
                conn.close();
                return;
            }
            conn.handler(this::received);
            conn.exceptionHandler(e -> lost(conn, e.toString()));
            conn.endHandler(v -> lost(conn, "connection closed"));
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onSuccess(ok -> {
                subscription = conn;
                backoffMs = FIRST_BACKOFF_MS;
                if (everSubscribed) {
                    log.info("cluster bus subscribed again on {}", channel);
                    onResubscribed.forEach(RedisBus::runQuietly);
                }
                everSubscribed = true;
            }).onFailure(e -> {
                conn.close();
                retry(e.toString());
            });
        }).onFailure(e -> retry(e.toString()));
    }

    private void lost(RedisConnection conn, String why) {
        if (subscription == conn) {
            subscription = null;
            log.warn("cluster bus subscription lost ({}); reconnecting", why);
            retry(why);
        }
    }

    private void retry(String why) {
        if (closed) {
            return;
        }
        long wait = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        log.debug("cluster bus: no subscription ({}), trying again in {} ms", why, wait);
        vertx.setTimer(wait, t -> connect());
    }

    private void received(Response r) {
        // RESP2: ["message", channel, payload]; RESP3: a push of the same three
        if (r == null || (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) || r.size() < 3
                || !"message".equals(r.get(0).toString())) {
            return;
        }
        String text = r.get(2).toString();
        int a = text.indexOf('\t');
        int b = a < 0 ? -1 : text.indexOf('\t', a + 1);
        if (b < 0) {
            return;
        }
        String sender = text.substring(0, a);
        if (sender.equals(nodeId)) {
            return;
        }
        String topic = text.substring(a + 1, b);
        String body = text.substring(b + 1);
        for (Subscription s : handlers) {
            if (s.topic().equals(topic)) {
                try {
                    s.handler().accept(sender, body);
                } catch (RuntimeException e) {
                    log.warn("cluster bus handler for {} failed: {}", topic, e.toString());
                }
            }
        }
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("cluster bus resubscribe hook failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection c = subscription;
        subscription = null;
        if (c != null) {
            c.close();
        }
        subscriberClient.close();
    }
}
