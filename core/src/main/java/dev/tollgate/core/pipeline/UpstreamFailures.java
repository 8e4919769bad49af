package dev.tollgate.core.pipeline;

import dev.tollgate.core.routing.Route;
import dev.tollgate.spi.provider.UpstreamError;
import io.vertx.core.MultiMap;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Turns what went wrong upstream into an {@link AttemptFailure}: what the client would be told, what it says
 * about the deployment's health, whether another attempt may help, and how long the upstream asked us to wait.
 */
final class UpstreamFailures {

    /** A 429 without Retry-After still rests its key this long. */
    static final long DEFAULT_RATE_LIMIT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    // What providers say when a prompt does not fit (OpenAI, Azure, Anthropic, Gemini, Bedrock, Mistral wording).
    private static final Pattern CONTEXT_WINDOW = Pattern.compile(
            "context_length_exceeded|maximum context length|context window|prompt is too long|input is too long"
                    + "|too many (input )?tokens|exceeds the maximum number of tokens|input token count.*exceeds",
            Pattern.CASE_INSENSITIVE);
    // ... and when they refuse on content policy.
    private static final Pattern CONTENT_POLICY = Pattern.compile(
            "content_policy_violation|content management policy|content_filter|safety system|blocked by.*safety",
            Pattern.CASE_INSENSITIVE);

    private UpstreamFailures() {
    }

    /** The upstream answered with an error status. */
    static AttemptFailure rejected(UpstreamError error, MultiMap headers) {
        long retryAfter = retryAfterNanos(headers);
        return switch (error.kind()) {
            case INVALID_REQUEST -> {
                GatewayError toClient = new GatewayError(error.upstreamStatus(), "invalid_request_error", null, null,
                        error.message(), 0);
                AttemptFailure.Fallback fallback = CONTEXT_WINDOW.matcher(error.message()).find()
                        ? AttemptFailure.Fallback.CONTEXT_WINDOW
                        : CONTENT_POLICY.matcher(error.message()).find() ? AttemptFailure.Fallback.CONTENT_POLICY
                        : AttemptFailure.Fallback.NONE;
                yield new AttemptFailure(toClient, Route.Verdict.HEALTHY, false, 0, fallback);
            }
            case AUTHENTICATION -> AttemptFailure.retryable(
                    GatewayError.badGateway("The upstream provider rejected the gateway's credentials."),
                    Route.Verdict.KEY_REJECTED, 0);
            case RATE_LIMITED -> {
                long pause = retryAfter > 0 ? retryAfter : DEFAULT_RATE_LIMIT_PAUSE_NANOS;
                yield AttemptFailure.retryable(GatewayError.rateLimited(
                        "The upstream provider is rate limiting requests: " + error.message(), seconds(pause)),
                        Route.Verdict.RATE_LIMITED, pause);
            }
            case UNAVAILABLE -> AttemptFailure.retryable(
                    error.upstreamStatus() == 503 || error.upstreamStatus() == 529
                            ? GatewayError.unavailable("The upstream provider is unavailable.", seconds(retryAfter))
                            : GatewayError.badGateway("The upstream provider failed (status "
                                    + error.upstreamStatus() + ")."),
                    Route.Verdict.FAULT, retryAfter);
        };
    }

    /** The connection failed or timed out before an answer. */
    static AttemptFailure connection(Throwable cause) {
        return AttemptFailure.retryable(isTimeout(cause)
                        ? GatewayError.timeout("The upstream provider did not answer in time.")
                        : GatewayError.badGateway(cause instanceof ConnectException
                                ? "The gateway could not connect to the upstream provider."
                                : "The connection to the upstream provider failed."),
                Route.Verdict.FAULT, 0);
    }

    /** A stream broke off before its first event reached the client. */
    static AttemptFailure brokenStream(Throwable cause) {
        return AttemptFailure.retryable(isTimeout(cause)
                        ? GatewayError.timeout("The upstream provider did not answer in time.")
                        : GatewayError.badGateway("The upstream provider broke off the stream."),
                Route.Verdict.FAULT, 0);
    }

    /** The answer could not be read: a provider bug, which another try of the same request will likely repeat. */
    static AttemptFailure malformed(String message) {
        return AttemptFailure.terminal(GatewayError.badGateway(message), Route.Verdict.FAULT);
    }

    /** Vert.x reports its connect and idle timeouts with its own exception types, named *Timeout*. */
    static boolean isTimeout(Throwable cause) {
        return cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
    }

    /** {@code retry-after-ms} (Azure, OpenAI), else {@code Retry-After} in seconds or as an HTTP date; 0 if none. */
    static long retryAfterNanos(MultiMap headers) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                return Math.max(0, (long) (Double.parseDouble(ms.trim()) * 1_000_000));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String value = headers.get("retry-after");
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, (long) (Double.parseDouble(value.trim()) * 1_000_000_000L));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toNanos());
            } catch (RuntimeException notADate) {
                return 0;
            }
        }
    }

    /** Whole seconds for a client's Retry-After, rounded up; at least 1. */
    static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }
}
