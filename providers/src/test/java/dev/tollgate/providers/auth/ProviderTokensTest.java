package dev.tollgate.providers.auth;

import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.CredentialsUnavailableException;
import dev.tollgate.spi.provider.ProviderSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderTokensTest {

    private static final Secret KEY = new Secret("client-secret-value-1");
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private final List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ProviderTokens tokens = new ProviderTokens("test", (provider, key, sink) -> {
        if (provider.options().containsKey("no_token")) {
            return null;
        }
        String name = provider.name();
        return () -> {
            int n = fetches.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (provider.options().containsKey("fail")) {
                throw new TokenFetchException("the token endpoint at login.example refused: status 401, error invalid_client");
            }
            return new AccessToken(name + "-token-" + n, Instant.now().plusSeconds(3600));
        };
    }, Clock.systemUTC());

    @AfterEach
    void close() {
        tokens.close();
    }

    private static ProviderSettings provider(String name, Map<String, String> options) {
        return new ProviderSettings(name, "azure", "https://x.example", List.of(KEY), Map.of(), options, 1000, 1000);
    }

    @Test
    void configureReturnsWithTheFirstTokensInHand() {
        ProviderSettings p = provider("a", Map.of());
        tokens.configure(List.of(p), secrets::add);
        assertThat(tokens.token(p, KEY)).isEqualTo("a-token-1");
        assertThat(secrets).containsExactly("a-token-1");
    }

    @Test
    void aTokenThatCannotBeHadFailsTheCallWithTheReasonAndNoSecret() {
        ProviderSettings p = provider("a", Map.of("fail", "yes"));
        tokens.configure(List.of(p), secrets::add);
        assertThatThrownBy(() -> tokens.token(p, KEY)).isInstanceOf(CredentialsUnavailableException.class)
                .hasMessage("provider 'a', key 1: no access token yet (last attempt: the token endpoint at "
                        + "login.example refused: status 401, error invalid_client)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY.reveal()));
    }

    @Test
    void aReloadKeepsTokensOfUnchangedProvidersAndDropsRemovedOnes() {
        ProviderSettings a = provider("a", Map.of());
        ProviderSettings b = provider("b", Map.of());
        tokens.configure(List.of(a, b), secrets::add);
        ProviderSettings bChanged = provider("b", Map.of("scope", "other/.default"));
        tokens.configure(List.of(provider("a", Map.of()), bChanged), secrets::add);

        assertThat(tokens.token(a, KEY)).isEqualTo("a-token-1");
        assertThat(fetches.get("a")).hasValue(1);
        assertThat(tokens.token(bChanged, KEY)).isEqualTo("b-token-2"); // other options: fetched anew
        assertThatThrownBy(() -> tokens.token(b, KEY)).hasMessageContaining("not in force");

        tokens.configure(List.of(bChanged), secrets::add);
        assertThatThrownBy(() -> tokens.token(a, KEY)).isInstanceOf(CredentialsUnavailableException.class);
    }

    @Test
    void providersThatNeedNoTokenGetNone() {
        ProviderSettings p = provider("a", Map.of("no_token", "yes"));
        tokens.configure(List.of(p), secrets::add);
        assertThat(fetches).isEmpty();
        assertThatThrownBy(() -> tokens.token(p, KEY)).isInstanceOf(CredentialsUnavailableException.class);
    }

    @Test
    void closingStopsHandingOutTokens() {
        ProviderSettings p = provider("a", Map.of());
        tokens.configure(List.of(p), secrets::add);
        tokens.close();
        assertThatThrownBy(() -> tokens.token(p, KEY)).isInstanceOf(CredentialsUnavailableException.class);
        tokens.configure(List.of(p), secrets::add); // after close: ignored, no thread started
        assertThat(fetches.get("a")).hasValue(1);
    }
}
