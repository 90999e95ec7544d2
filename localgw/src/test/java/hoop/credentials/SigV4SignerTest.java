package hoop.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hoop.core.AwsCredentials;
import hoop.core.SigV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Our SigV4 against the AWS SDK's signer, used here only as an independent implementation of the spec. */
class SigV4SignerTest {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final SigV4Signer OURS = new SigV4Signer();

    private static SdkHttpRequest sdkSigned(String service, String path, String query, byte[] body, boolean presign) {
        var b = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create("https://127.0.0.1:9000" + path + (query == null ? "" : "?" + query)))
                .putHeader("Content-Type", "text/plain").putHeader("X-Amz-Meta-Note", "  two   spaces ");
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
                .request(b.build()).payload(() -> new java.io.ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service).putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !service.equals("s3"))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, !presign)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, presign ? AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING : AwsV4FamilyHttpSigner.AuthLocation.HEADER)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presign ? java.time.Duration.ofMinutes(5) : null));
        return signed.request();
    }

    private static SigV4.Request ours(SdkHttpRequest r) {
        Map<String, List<String>> h = new TreeMap<>();
        r.headers().forEach((k, v) -> h.put(k.toLowerCase(), new ArrayList<>(v)));
        h.put("host", List.of(r.host() + ":" + r.port()));
        return new SigV4.Request(r.method().name(), r.encodedPath(), r.encodedQueryParameters().orElse(null), h);
    }

    @Test
    void acceptsWhatTheSdkSignsHeaderAndQuery() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String bodyHash = HexFormat.of().formatHex(SigV4Signer.sha256(body));
        for (String path : List.of("/bucket/a%20key/%E2%82%AC.txt", "/bucket/plain")) {
            SigV4.Request h = ours(sdkSigned("s3", path, "tagging&x=a%2Fb", body, false));
            assertNull(OURS.check(h, OURS.parse(h), bodyHash, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NOW));
            assertEquals("SignatureDoesNotMatch", OURS.check(h, OURS.parse(h), bodyHash, "wrong", NOW));
            SigV4.Request q = ours(sdkSigned("s3", path, null, body, true));
            SigV4.Signature s = OURS.parse(q);
            assertEquals(true, s.presigned());
            assertNull(OURS.check(q, s, null, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NOW));
            assertEquals("Request has expired", OURS.check(q, s, null, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NOW.plusSeconds(301)));
        }
        SigV4.Request dynamo = ours(sdkSigned("dynamodb", "/", null, body, false));
        assertNull(OURS.check(dynamo, OURS.parse(dynamo), bodyHash, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NOW));
        assertEquals("RequestTimeTooSkewed", OURS.check(dynamo, OURS.parse(dynamo), bodyHash,
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NOW.plusSeconds(16 * 60)));
    }

    @Test
    void signsExactlyAsTheSdkDoes() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String bodyHash = HexFormat.of().formatHex(SigV4Signer.sha256(body));
        SdkHttpRequest sdk = sdkSigned("s3", "/bucket/k%3Dv", "acl", body, false);
        SigV4.Request unsigned = ours(sdk);
        unsigned.headers().remove("authorization");
        var s = OURS.sign(unsigned, "127.0.0.1:9000", List.of("content-type", "x-amz-meta-note"), bodyHash,
                new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, null), "us-east-1", "s3", NOW);
        assertEquals(sdk.firstMatchingHeader("Authorization").orElseThrow(), s.headers().get("authorization"));
    }

    @Test
    void theCachedChunkChainSignsAsTheOneShotSignatures() {
        byte[] sha = SigV4Signer.sha256("chunk".getBytes(StandardCharsets.UTF_8));
        String scope = "20261128/us-east-1/s3/aws4_request";
        var chain = OURS.chunkChain("secret", "20261128T120000Z", scope);
        assertEquals(OURS.chunkSignature("secret", "20261128T120000Z", scope, "prev", sha), chain.chunk("prev", sha));
        assertEquals(OURS.trailerSignature("secret", "20261128T120000Z", scope, "prev", sha), chain.trailer("prev", sha));
        assertEquals(chain.chunk("p2", sha), chain.chunk("p2", sha));
    }
}
