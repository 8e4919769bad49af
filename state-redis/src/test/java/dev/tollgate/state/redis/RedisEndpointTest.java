package dev.tollgate.state.redis;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code state.url} in its three forms, and the Vert.x options each becomes (no server needed). */
class RedisEndpointTest {

    @Test
    void aStandaloneUrlNamesOneServerWithItsDatabaseAndPassword() {
        RedisEndpoint e = RedisEndpoint.parse("redis://:s3cret@cache.internal:6380/2");
        assertThat(e.type()).isEqualTo(RedisClientType.STANDALONE);
        assertThat(e.hosts()).containsExactly(new RedisEndpoint.HostPort("cache.internal", 6380));
        assertThat(e.database()).isEqualTo(2);
        assertThat(e.password()).isEqualTo("s3cret");
        RedisOptions o = e.options();
        assertThat(o.getType()).isEqualTo(RedisClientType.STANDALONE);
        assertThat(o.getEndpoints()).containsExactly("redis://:s3cret@cache.internal:6380/2");
        assertThat(e.describe()).isEqualTo("redis cache.internal:6380/2").doesNotContain("s3cret");
    }

    @Test
    void tlsAndTheDefaultPort() {
        RedisEndpoint e = RedisEndpoint.parse("rediss://user:pw@cache.internal");
        assertThat(e.tls()).isTrue();
        assertThat(e.user()).isEqualTo("user");
        assertThat(e.hosts()).containsExactly(new RedisEndpoint.HostPort("cache.internal", 6379));
        assertThat(e.options().getEndpoints()).containsExactly("rediss://user:pw@cache.internal:6379");
    }

    @Test
    void aSentinelUrlNamesTheSentinelsAndTheMaster() {
        RedisEndpoint e = RedisEndpoint.parse("redis-sentinel://:pw@10.0.0.1:26379,10.0.0.2,[::1]:26380/mymaster/1");
        assertThat(e.type()).isEqualTo(RedisClientType.SENTINEL);
        assertThat(e.hosts()).containsExactly(new RedisEndpoint.HostPort("10.0.0.1", 26379),
                new RedisEndpoint.HostPort("10.0.0.2", 26379), new RedisEndpoint.HostPort("::1", 26380));
        assertThat(e.masterName()).isEqualTo("mymaster");
        assertThat(e.database()).isEqualTo(1);
        RedisOptions o = e.options();
        assertThat(o.getType()).isEqualTo(RedisClientType.SENTINEL);
        assertThat(o.getMasterName()).isEqualTo("mymaster");
        assertThat(o.getRole()).isEqualTo(RedisRole.MASTER);
        assertThat(o.getPassword()).isEqualTo("pw");
        assertThat(o.getEndpoints()).containsExactly("redis://:pw@10.0.0.1:26379/1", "redis://:pw@10.0.0.2:26379/1",
                "redis://:pw@[::1]:26380/1");
        assertThat(e.describe()).isEqualTo("redis sentinel 10.0.0.1:26379,10.0.0.2:26379,[::1]:26380 master mymaster");
    }

    @Test
    void aClusterUrlNamesItsSeedNodesAndReadsFromMastersOnly() {
        RedisEndpoint e = RedisEndpoint.parse("rediss-cluster://node-a:7000,node-b:7001");
        assertThat(e.type()).isEqualTo(RedisClientType.CLUSTER);
        assertThat(e.tls()).isTrue();
        RedisOptions o = e.options();
        assertThat(o.getType()).isEqualTo(RedisClientType.CLUSTER);
        assertThat(o.getUseReplicas()).isEqualTo(RedisReplicas.NEVER);
        assertThat(o.getEndpoints()).isEqualTo(List.of("rediss://node-a:7000", "rediss://node-b:7001"));
    }

    @Test
    void malformedUrlsAreRefusedWithAReasonAndWithoutThePassword() {
        assertThatThrownBy(() -> RedisEndpoint.parse("memcached://x")).hasMessageContaining("redis-sentinel://");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://:pw@h:26379"))
                .hasMessageContaining("master's name").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://a:1,b:2")).hasMessageContaining("one server");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis-cluster://a:1/3")).hasMessageContaining("database 0");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://:secret@h:99999")).hasMessageContaining("out of range")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://h/x")).hasMessageContaining("number");
    }
}
