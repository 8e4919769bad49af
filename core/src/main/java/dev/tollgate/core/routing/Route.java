package dev.tollgate.core.routing;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;

/**
 * One attempt's choice: a deployment and the provider key to call it with, holding a slot of that
 * deployment (in flight, breaker permit) until the attempt reports how it went. Exactly the first report
 * counts; later ones are ignored, so every path may report without double counting. Per attempt,
 * event-loop only.
 */
public final class Route {

    /** How an attempt went, as far as the health of the deployment and the key are concerned. */
    public enum Verdict {
        /** The upstream did its job (an answer, or an error about the caller's request). */
        HEALTHY,
        /** The upstream failed: 5xx, timeout, connection error, broken or malformed answer. */
        FAULT,
        /** The upstream rate-limited this key for this deployment. */
        RATE_LIMITED,
        /** The upstream rejected this key (401/403). */
        KEY_REJECTED
    }

    private final GatewayConfig.Deployment deployment;
    private final ProviderSettings provider;
    private final Secret key;
    private final int keyIndex;
    private final DeploymentHealth health;
    private final KeyHealth keyHealth;
    private final CircuitBreaker.Permit permit;
    private boolean reported;

    Route(GatewayConfig.Deployment deployment, ProviderSettings provider, int keyIndex, DeploymentHealth health,
          KeyHealth keyHealth, CircuitBreaker.Permit permit) {
        this.deployment = deployment;
        this.provider = provider;
        this.keyIndex = keyIndex;
        this.key = provider.keys().get(keyIndex);
        this.health = health;
        this.keyHealth = keyHealth;
        this.permit = permit;
        health.started();
    }

    public GatewayConfig.Deployment deployment() {
        return deployment;
    }

    public ProviderSettings provider() {
        return provider;
    }

    public Secret key() {
        return key;
    }

    /** This deployment's recent 95th percentile time to first byte; 0 while it has too few samples. */
    public long ttftP95Nanos() {
        return health.ttftP95Nanos();
    }

    /** The first byte of the answer arrived this long after the attempt started. */
    public void firstByte(long nanos) {
        health.sampleTtft(nanos);
    }

    /** The call this attempt served used this many tokens (for the deployment's {@code tpm} cap). */
    public void tokensUsed(long n) {
        health.addTokens(n);
    }

    /** The attempt ended with a whole answer after this long. */
    public void succeeded(long nanos) {
        if (report()) {
            health.sampleTotal(nanos);
            health.breaker().onSuccess(permit);
        }
    }

    /**
     * @param retryAfterNanos how long the upstream asked us to wait (0 if it did not say)
     */
    public void failed(Verdict verdict, long retryAfterNanos) {
        if (!report()) {
            return;
        }
        switch (verdict) {
            case HEALTHY -> health.breaker().onSuccess(permit);
            case FAULT -> {
                health.breaker().onFailure(permit);
                if (retryAfterNanos > 0) {
                    health.breaker().openFor(retryAfterNanos);
                }
            }
            case RATE_LIMITED -> {
                health.breaker().release(permit);
                health.restKey(keyIndex, retryAfterNanos);
            }
            case KEY_REJECTED -> {
                health.breaker().release(permit);
                keyHealth.quarantine();
            }
        }
    }

    /** The attempt ended without a verdict (the client left, the gateway gave up): frees its slot. */
    public void release() {
        if (report()) {
            health.breaker().release(permit);
        }
    }

    private boolean report() {
        if (reported) {
            return false;
        }
        reported = true;
        health.ended();
        return true;
    }
}
