package dev.tollgate.providers.bedrock;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 by the AWS SDK's own signer ({@link AwsV4HttpSigner}): no cryptography here. The
 * request is signed over its method, URL, the given headers (plus {@code host}) and the SHA-256 of the body;
 * the result is the headers the signer added ({@code authorization}, {@code x-amz-date}, and
 * {@code x-amz-security-token} for temporary credentials). Bedrock is not S3: paths are double-encoded in the
 * canonical request and normalised, the SDK's defaults.
 */
final class SigV4 {

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SigV4() {
    }

    /**
     * @param url           the absolute URL as it will be sent (path already percent-encoded)
     * @param signedHeaders headers sent with the request that the signature must cover ({@code host} is added)
     * @return the headers to add, names in lower case
     */
    static Map<String, String> sign(String service, String region, String method, String url,
                                    Map<String, String> signedHeaders, byte[] body, AwsKey key, Instant now) {
        URI uri = URI.create(url);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT)))
                .protocol(uri.getScheme())
                .host(uri.getHost())
                .encodedPath(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getPort() >= 0) {
            request.port(uri.getPort());
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                request.appendRawQueryParameter(decode(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? null : decode(pair.substring(eq + 1)));
            }
        }
        signedHeaders.forEach(request::putHeader);
        SdkHttpRequest unsigned = request.build();

        AwsCredentialsIdentity identity = key.sessionToken() == null
                ? AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
        byte[] payload = body == null ? new byte[0] : body;
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(identity)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));

        Map<String, String> added = new TreeMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (unsigned.firstMatchingHeader(name).isEmpty() && !values.isEmpty()) {
                added.put(name.toLowerCase(Locale.ROOT), values.getFirst());
            }
        });
        added.remove("host"); // the HTTP client sends its own, which is what was signed
        return added;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
