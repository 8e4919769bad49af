package dev.tollgate.core.cache;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.ModelAccess;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheScopeTest {

    static Caller caller(String key, String org, String team, String user) {
        return new Caller(key, "tg-x", org, team, user, ModelAccess.of(List.of()), List.of());
    }

    @Test
    void theOwnerIsTheUserForAUsersKeyAndTheTeamForAServiceKey() {
        assertThat(CacheScope.OWNER.of(caller("k1", "o", "t", "u"))).isEqualTo("user:u");
        assertThat(CacheScope.OWNER.of(caller("k2", "o", "t", null))).isEqualTo("team:t");
        assertThat(CacheScope.OWNER.of(caller("k3", null, null, null))).isEqualTo("key:k3");
    }

    @Test
    void widerScopesFallBackToWhatTheKeyHas() {
        assertThat(CacheScope.KEY.of(caller("k1", "o", "t", "u"))).isEqualTo("key:k1");
        assertThat(CacheScope.TEAM.of(caller("k1", "o", "t", "u"))).isEqualTo("team:t");
        assertThat(CacheScope.TEAM.of(caller("k1", "o", null, "u"))).isEqualTo("user:u");
        assertThat(CacheScope.ORG.of(caller("k1", "o", "t", "u"))).isEqualTo("org:o");
        assertThat(CacheScope.ORG.of(caller("k1", null, null, null))).isEqualTo("key:k1");
    }
}
