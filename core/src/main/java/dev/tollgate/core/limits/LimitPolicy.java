package dev.tollgate.core.limits;

/**
 * A named set of rate limits ({@code limits.policies.<name>}, or a model group's {@code limits}). Zero means no
 * limit of that kind.
 *
 * @param rpm         requests per minute (sliding window)
 * @param rps         requests per second (sliding window)
 * @param tpm         tokens per minute, prompt + completion: the worst case is taken on entry and corrected to the
 *                    actual count when the call settles
 * @param concurrency calls in flight at once
 */
public record LimitPolicy(long rpm, long rps, long tpm, long concurrency) {

    public static final LimitPolicy NONE = new LimitPolicy(0, 0, 0, 0);

    public boolean isEmpty() {
        return rpm <= 0 && rps <= 0 && tpm <= 0 && concurrency <= 0;
    }
}
