package dev.tollgate.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactionTest {

    @Test
    void masksKeyShapedSecretsAndBearerTokens() {
        assertThat(SecretRedaction.redact("key tg-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG used"))
                .isEqualTo("key [redacted] used");
        assertThat(SecretRedaction.redact("Authorization: Bearer sk-live-1234567890abcdef"))
                .isEqualTo("Authorization: Bearer [redacted]");
        assertThat(SecretRedaction.redact("{\"auth\":\"bearer abcdefgh12345\"}")).isEqualTo("{\"auth\":\"bearer [redacted]\"}");
        assertThat(SecretRedaction.redact("openai sk-proj-ABCDEFGHIJKLMNOP")).isEqualTo("openai [redacted]");
    }

    @Test
    void leavesOrdinaryLinesAndShortPrefixesAlone() {
        String access = "{\"message\":\"call\",\"key\":\"tg-gZ118no\",\"model\":\"gpt-4o-mini\",\"status\":200}";
        assertThat(SecretRedaction.mayHoldShapedSecret(access)).isFalse();
        assertThat(SecretRedaction.redact(access)).isEqualTo(access);
        assertThat(SecretRedaction.redact("curl -H \"Authorization: Bearer $TOLLGATE_KEY\"")).contains("$TOLLGATE_KEY");
    }

    @Test
    void secretsAnAdapterCameToHoldAreMaskedAndOnlyTheRecentOnesAreKept() {
        String first = "ya29.not-key-shaped-" + System.nanoTime();
        SecretRedaction.registerIssued(first);
        assertThat(SecretRedaction.redact("token " + first + " issued")).isEqualTo("token [redacted] issued");
        for (int i = 0; i < SecretRedaction.MAX_ISSUED; i++) {
            SecretRedaction.registerIssued("rotated-token-" + i + "-" + System.nanoTime());
        }
        assertThat(SecretRedaction.redact("token " + first)).isEqualTo("token " + first);
        SecretRedaction.registerIssued("short");
        assertThat(SecretRedaction.redact("a short word")).isEqualTo("a short word");
    }
}
