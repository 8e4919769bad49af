package dev.tollgate.providers.bedrock;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS SDK's signer, called the way {@link SigV4} calls it, reproduces published Signature Version 4
 * examples: the header-based authentication examples of the Amazon S3 API reference ("Signature Calculations
 * for the Authorization Header", example credentials {@code AKIAIOSFODNN7EXAMPLE}, 2013-05-24). They are the
 * published vectors that include {@code x-amz-content-sha256}, which the SDK signer always sends; the paths
 * have nothing to encode, so S3's single encoding and Bedrock's double encoding agree on them.
 */
class BedrockSigV4Test {

    static final AwsKey EXAMPLE_KEY = new AwsKey("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
    static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void getObjectExample() {
        Map<String, String> headers = SigV4.sign("s3", "us-east-1", "GET", "https://examplebucket.s3.amazonaws.com/test.txt",
                Map.of("range", "bytes=0-9"), new byte[0], EXAMPLE_KEY, EXAMPLE_TIME);
        assertThat(headers).containsOnlyKeys("authorization", "x-amz-date", "x-amz-content-sha256");
        assertThat(headers.get("authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(headers.get("x-amz-date")).isEqualTo("20130524T000000Z");
        assertThat(headers.get("x-amz-content-sha256")).isEqualTo(EMPTY_SHA256);
    }

    @Test
    void getBucketLifecycleExample() {
        Map<String, String> headers = SigV4.sign("s3", "us-east-1", "GET", "https://examplebucket.s3.amazonaws.com/?lifecycle",
                Map.of(), new byte[0], EXAMPLE_KEY, EXAMPLE_TIME);
        assertThat(headers.get("authorization"))
                .endsWith("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    }

    @Test
    void listObjectsExample() {
        Map<String, String> headers = SigV4.sign("s3", "us-east-1", "GET",
                "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", Map.of(), new byte[0], EXAMPLE_KEY,
                EXAMPLE_TIME);
        assertThat(headers.get("authorization"))
                .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }
}
