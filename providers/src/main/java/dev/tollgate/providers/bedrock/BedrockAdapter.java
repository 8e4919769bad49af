package dev.tollgate.providers.bedrock;

import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.FramedStreams;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.SigningAdapter;
import dev.tollgate.spi.provider.TranslatingAdapter;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock Runtime: chat completions translated to the Converse API, {@code POST /model/{modelId}/converse}
 * and, streamed, {@code /converse-stream} (binary {@code application/vnd.amazon.eventstream} frames); embeddings
 * to {@code POST /model/{modelId}/invoke} with the model vendor's own body. Signed with AWS Signature Version 4.
 * Stateless and thread-safe; each call gets its own {@link BedrockTranslation} or {@link EmbeddingsTranslation}
 * and each stream its own {@link EventStreamDecoder}.
 *
 * <p>Configuration: {@code options.region} (e.g. {@code us-east-1}) names the signing region and the default
 * endpoint {@code https://bedrock-runtime.{region}.amazonaws.com}; a {@code base_url} (a VPC endpoint, a proxy,
 * the simulator) replaces the endpoint, and when it is a regional Bedrock host the region may be left out.
 * Each key is {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY} or {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN}.
 */
public final class BedrockAdapter implements TranslatingAdapter, SigningAdapter, FramedStreams {

    public static final String TYPE = "bedrock";
    /** AWS's signing name for bedrock-runtime. */
    static final String SIGNING_SERVICE = "bedrock";
    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    /**
     * What {@link #defaultBaseUrl()} gives: the configuration wants a URL before the region is known, so this
     * placeholder stands for "the region's own endpoint" and {@link #target} puts the region in.
     */
    public static final String REGIONAL_BASE_URL = "https://bedrock-runtime.region.amazonaws.com";

    private static final Pattern REGIONAL_HOST =
            Pattern.compile("bedrock-runtime(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d+");
    /** Headers the signer computes: never taken from the provider's extra headers. */
    private static final Set<String> SIGNATURE_HEADERS =
            Set.of("authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "host");

    private final Clock clock;
    private final Supplier<String> ids;

    public BedrockAdapter() {
        this(Clock.systemUTC(), randomIds());
    }

    /**
     * @param clock stamps {@code created} on translated answers, which Converse's lack
     * @param ids   the {@code id} of each translated answer, which Converse's lack too
     */
    public BedrockAdapter(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String defaultBaseUrl() {
        return REGIONAL_BASE_URL;
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.BEDROCK;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.EMBEDDINGS;
    }

    /**
     * {@code {base}/model/{modelId}/converse} or {@code /converse-stream}, or {@code /invoke} for embeddings, the
     * model id percent-encoded as one path segment (a model id has a {@code :}, an ARN a {@code /}). The headers
     * are the provider's extra headers and {@code accept}; the signature headers come from {@link #sign} once
     * the body is final.
     */
    @Override
    public UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                                 boolean stream) {
        requireSupported(endpoint);
        AwsKey.parse(key); // fail early on a key that cannot sign
        String base = baseUrl(provider);
        String operation = endpoint == Endpoint.EMBEDDINGS ? "/invoke" : stream ? "/converse-stream" : "/converse";
        String url = base + "/model/" + pathSegment(upstreamModel) + operation;
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> header : provider.headers().entrySet()) {
            if (!SIGNATURE_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(header.getKey(), header.getValue());
            }
        }
        headers.put("accept", stream ? EVENT_STREAM : "application/json");
        return new UpstreamTarget(url, headers);
    }

    /**
     * SigV4 over the final body, by the AWS SDK's signer, for service {@code bedrock} in the provider's region,
     * at {@code now}: {@code authorization}, {@code x-amz-date}, {@code x-amz-content-sha256} and, for
     * temporary credentials, {@code x-amz-security-token}. Signed: {@code host} and the target's
     * {@code x-amz-*} headers; other headers (content type, accept, the provider's extras) are not, so the
     * HTTP client may set them as it likes.
     */
    @Override
    public Map<String, String> sign(ProviderSettings provider, UpstreamTarget target, byte[] body, Secret key,
                                    Instant now) {
        Map<String, String> signed = new TreeMap<>();
        target.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !SIGNATURE_HEADERS.contains(lower)) {
                signed.put(lower, value);
            }
        });
        return SigV4.sign(SIGNING_SERVICE, region(provider, target.url()), "POST", target.url(), signed, body,
                AwsKey.parse(key), now);
    }

    /**
     * Bedrock answers errors with {@code {"message":…}} and the error's type in {@code x-amzn-ErrorType}; the
     * status tells them apart (a {@code __type} in the body, which some front ends add, refines it):
     * 401/403 credentials, 429 throttling, 408 and 5xx unavailable, other 4xx (400 validation, 404 unknown
     * model, 413, 424 model error) the request's fault, with the message scrubbed of anything key-shaped.
     */
    @Override
    public UpstreamError interpretError(int status, byte[] body) {
        String message = BedrockErrorBody.message(body);
        String type = errorType(body);
        if (status == 401 || status == 403 || type.contains("AccessDenied") || type.contains("UnrecognizedClient")
                || type.contains("ExpiredToken") || type.contains("InvalidSignature")) {
            return new UpstreamError(UpstreamError.Kind.AUTHENTICATION, status,
                    "the upstream provider rejected the gateway's credentials");
        }
        if (type.contains("ModelNotReady") || type.contains("ServiceUnavailable") || type.contains("InternalServer")) {
            return new UpstreamError(UpstreamError.Kind.UNAVAILABLE, status,
                    "the upstream provider is unavailable (" + type + ")");
        }
        if (status == 429 || type.contains("Throttling") || type.contains("ServiceQuotaExceeded")) {
            return new UpstreamError(UpstreamError.Kind.RATE_LIMITED, status,
                    message != null ? message : "the upstream provider is rate limiting requests");
        }
        if (status == 408 || status >= 500) {
            return new UpstreamError(UpstreamError.Kind.UNAVAILABLE, status,
                    status == 408 ? "the upstream model timed out" : "the upstream provider failed with status " + status);
        }
        return new UpstreamError(UpstreamError.Kind.INVALID_REQUEST, status,
                message != null ? message : "the upstream provider rejected the request");
    }

    @Override
    public ChatTranslation newTranslation(Endpoint endpoint) {
        requireSupported(endpoint);
        if (endpoint == Endpoint.EMBEDDINGS) {
            return new EmbeddingsTranslation();
        }
        return new BedrockTranslation(ids.get(), clock.instant().getEpochSecond());
    }

    @Override
    public String streamContentType() {
        return EVENT_STREAM;
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new EventStreamDecoder();
    }

    /** The API root: the configured {@code base_url}, or the region's endpoint; no trailing slash. */
    static String baseUrl(ProviderSettings provider) {
        String base = provider.baseUrl();
        if (base == null || base.isBlank() || stripSlashes(base).equalsIgnoreCase(REGIONAL_BASE_URL)) {
            base = "https://bedrock-runtime." + region(provider, null) + ".amazonaws.com";
        }
        return stripSlashes(base);
    }

    /** {@code options.region}, else the region in a regional Bedrock host name. */
    static String region(ProviderSettings provider, String url) {
        String region = provider.options().get("region");
        if (region != null && !region.isBlank()) {
            region = region.strip().toLowerCase(Locale.ROOT);
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("bedrock provider '" + provider.name() + "': options.region '"
                        + region + "' is not an AWS region such as us-east-1");
            }
            return region;
        }
        for (String candidate : new String[] {url, provider.baseUrl()}) {
            String host = candidate == null ? null : hostOf(candidate);
            Matcher m = host == null ? null : REGIONAL_HOST.matcher(host);
            if (m != null && m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalArgumentException("bedrock provider '" + provider.name()
                + "' needs options.region (e.g. us-east-1) to sign its requests");
    }

    /** RFC 3986 percent-encoding of one path segment: everything but unreserved characters is escaped. */
    static String pathSegment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String errorType(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            String type = Json.text(Json.MAPPER.readTree(body), "__type");
            if (type == null) {
                return "";
            }
            int hash = type.lastIndexOf('#');
            type = hash >= 0 ? type.substring(hash + 1) : type;
            int colon = type.indexOf(':');
            type = colon >= 0 ? type.substring(0, colon) : type;
            return type.matches("[A-Za-z]{1,64}") ? type : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String stripSlashes(String base) {
        String out = base.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    private static Supplier<String> randomIds() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[12];
            random.nextBytes(bytes);
            return "chatcmpl-" + HexFormat.of().formatHex(bytes);
        };
    }

    private void requireSupported(Endpoint endpoint) {
        if (!supports(endpoint)) {
            throw new IllegalArgumentException("the bedrock adapter serves chat completions and embeddings, not " + endpoint);
        }
    }
}
