package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Virtual-hosted-style S3 (the bucket in the Host: dev-bucket.localhost:PORT) through `hoop connect`, with SDK v2,
 * the aws CLI and boto3: hoop names the bucket from the Host for policy, and forwards path style to s3proxy,
 * re-signed (s3proxy checks that signature). boto3 also path style, as the third real client.
 */
class AwsS3AddressingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> session = new HashMap<>();
    String sessionId;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        fixture.s3.createBucket("prod-data");
        fixture.s3.put("prod-data", "report.txt", "quarterly".getBytes(StandardCharsets.UTF_8));
        JsonNode s = fixture.connect();
        sessionId = s.path("id").asText();
        session.putAll(AwsFixture.env(s));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** The session's endpoint by name: an IP address cannot carry a bucket, so clients fall back to path style. */
    private String byName() {
        return session.get("AWS_ENDPOINT_URL").replace("127.0.0.1", "localhost");
    }

    private static String resource(String name) throws Exception {
        return Path.of(AwsS3AddressingTest.class.getResource("/python/" + name).toURI()).toString();
    }

    @Test
    void sdkV2VirtualHostedRequestsAreJudgedByTheBucketInTheHost() throws Exception {
        List<String> hosts = new CopyOnWriteArrayList<>();
        ExecutionInterceptor spy = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
                hosts.add(c.httpRequest().host());
            }
        };
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(byName())).region(Region.US_EAST_1).forcePathStyle(false)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(session.get("AWS_ACCESS_KEY_ID"),
                        session.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(o -> o.addExecutionInterceptor(spy)).build()) {
            client.putObject(b -> b.bucket("dev-bucket").key("v/notes.txt"), RequestBody.fromString("virtual ops@example.com"));
            assertEquals("virtual ops@example.com", new String(fixture.s3.get("dev-bucket", "v/notes.txt"), StandardCharsets.UTF_8));
            assertEquals("virtual [EMAIL]", client.getObjectAsBytes(b -> b.bucket("dev-bucket").key("v/notes.txt")).asUtf8String());
            assertEquals(List.of("v/notes.txt"), client.listObjectsV2(b -> b.bucket("dev-bucket")).contents().stream().map(o -> o.key()).toList());
            S3Exception denied = assertThrows(S3Exception.class, () -> client.getObjectAsBytes(b -> b.bucket("prod-data").key("report.txt")));
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
            assertTrue(denied.getMessage().contains("production is read-only here"), denied.getMessage());
        }
        assertTrue(hosts.size() == 4 && hosts.stream().allMatch(h -> h.equals("dev-bucket.localhost") || h.equals("prod-data.localhost")), hosts.toString());
        String recording = fixture.gw.hoop("replay", sessionId, "--format", "json").out();
        assertTrue(recording.contains("s3:PutObject PUT /dev-bucket/v/notes.txt"), recording);
        assertTrue(recording.contains("s3:GetObject GET /prod-data/report.txt"), recording);
    }

    @Test
    void awsCliWithVirtualAddressingFromItsConfigFile() throws Exception {
        fixture.s3.put("dev-bucket", "notes.txt", "cli ops@example.com".getBytes(StandardCharsets.UTF_8));
        Path config = dir.resolve("aws-config");
        Files.writeString(config, "[default]\ns3 =\n  addressing_style = virtual\n");
        Map<String, String> env = new HashMap<>(session);
        env.put("AWS_CONFIG_FILE", config.toString());
        var cat = AwsProxyEndToEndTest.run(dir, env, List.of(PYTHON, resource("localhost.py"), "aws", "--debug", "--endpoint-url", byName(),
                "s3", "cp", "s3://dev-bucket/notes.txt", "-"));
        assertEquals(0, cat.exit(), cat.err());
        assertEquals("cli [EMAIL]", cat.out());
        assertTrue(cat.err().contains("dev-bucket.localhost:"), "the CLI addressed the bucket by host");
        var prod = AwsProxyEndToEndTest.run(dir, env, List.of(PYTHON, resource("localhost.py"), "aws", "--endpoint-url", byName(),
                "s3api", "delete-object", "--bucket", "prod-data", "--key", "report.txt"));
        assertEquals(254, prod.exit(), prod.err());
        assertTrue(prod.err().contains("AccessDenied") && prod.err().contains("production is read-only here"), prod.err());
        assertTrue(fixture.s3.get("prod-data", "report.txt") != null, "not deleted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "virtual"})
    void boto3PutsGetsAndIsDeniedDeleteBucket(String style) throws Exception {
        Map<String, String> env = new HashMap<>(session);
        if (style.equals("virtual")) env.put("AWS_ENDPOINT_URL", byName());
        var r = AwsProxyEndToEndTest.run(dir, env, List.of(PYTHON, resource("localhost.py"), resource("boto3_s3.py"), style));
        assertEquals(0, r.exit(), r.err());
        assertEquals("boto3 wrote ops@example.com", new String(fixture.s3.get("dev-bucket", "boto/notes.txt"), StandardCharsets.UTF_8));
        assertTrue(r.out().contains("get: boto3 wrote [EMAIL]\n"), r.out());
        assertTrue(r.out().contains("keys: ['boto/notes.txt']"), r.out());
        assertTrue(r.out().contains("delete-bucket: AccessDenied - hoop: ") && r.out().contains("aws-guard.bucket-delete"), r.out());
        assertTrue(fixture.s3.bucketExists("dev-bucket"));
    }
}
