package dev.tollgate.providers.auth;

import dev.tollgate.spi.provider.CredentialsUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshingTokenTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Deque<Object> answers = new ArrayDeque<>(); // AccessToken or a failure message, in order
    private final List<String> secrets = new ArrayList<>();
    private final RefreshingToken token = new RefreshingToken("provider 'p', key 1", () -> {
        Object next = answers.removeFirst();
        if (next instanceof String failure) {
            throw new TokenFetchException(failure);
        }
        return (AccessToken) next;
    }, clock, secrets::add);

    private AccessToken lasting(String value, Duration lifetime) {
        return new AccessToken(value, clock.instant().plus(lifetime));
    }

    @Test
    void thereIsNoTokenBeforeTheFirstFetch() {
        assertThatThrownBy(token::current).isInstanceOf(CredentialsUnavailableException.class)
                .hasMessage("provider 'p', key 1: no access token yet");
    }

    @Test
    void aTokenIsRefreshedAtFourFifthsOfItsLifetimeSoItNeverExpiresInUse() {
        answers.add(lasting("t1", Duration.ofHours(1)));
        Duration wait = token.refresh();
        assertThat(wait).isEqualTo(Duration.ofMinutes(48));
        assertThat(token.current()).isEqualTo("t1");
        assertThat(secrets).containsExactly("t1"); // handed to the redaction before anyone could use it

        clock.advance(wait);
        assertThat(token.current()).isEqualTo("t1"); // still valid when the refresh is due
        answers.add(lasting("t2", Duration.ofHours(1)));
        assertThat(token.refresh()).isEqualTo(Duration.ofMinutes(48));
        assertThat(token.current()).isEqualTo("t2");

        clock.advance(Duration.ofMinutes(48));
        answers.add(lasting("t3", Duration.ofSeconds(100))); // a shorter lifetime is followed too
        assertThat(token.refresh()).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void whileFetchesFailTheTokenInHandServesUntilJustBeforeItsExpiry() {
        answers.add(lasting("t1", Duration.ofHours(1)));
        clock.advance(token.refresh());
        answers.add("the token endpoint refused: status 503");
        assertThat(token.refresh()).isEqualTo(Duration.ofSeconds(1));
        assertThat(token.current()).isEqualTo("t1");
        assertThat(token.lastFailure()).isEqualTo("the token endpoint refused: status 503");

        clock.advance(Duration.ofMinutes(12).minus(RefreshingToken.EXPIRY_MARGIN));
        assertThatThrownBy(token::current).isInstanceOf(CredentialsUnavailableException.class)
                .hasMessage("provider 'p', key 1: the access token expired "
                        + "(last attempt: the token endpoint refused: status 503)");

        answers.add(lasting("t2", Duration.ofHours(1)));
        token.refresh();
        assertThat(token.current()).isEqualTo("t2");
        assertThat(token.lastFailure()).isNull();
    }

    @Test
    void failedFetchesBackOffFromOneSecondToAMinute() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answers.add("down");
            waits.add(token.refresh().toSeconds());
        }
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        answers.add(lasting("t1", Duration.ofHours(1)));
        token.refresh();
        answers.add("down again");
        assertThat(token.refresh()).isEqualTo(Duration.ofSeconds(1)); // a success starts the backoff over
    }

    @Test
    void aBugInAFetcherIsAFailureWhoseMessageQuotesNothing() {
        RefreshingToken buggy = new RefreshingToken("provider 'p', key 1", () -> {
            throw new IllegalStateException("secret-material-in-a-message");
        }, clock, secrets::add);
        assertThat(buggy.refresh()).isEqualTo(Duration.ofSeconds(1));
        assertThat(buggy.lastFailure()).isEqualTo("unexpected IllegalStateException");
    }
}
