package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Calls that change who may reach a resource through a parameter, not their name: a queue's Policy attribute, an
 * object's ACL set by `s3 cp --acl`, a function URL anyone may call. Judged by name they were writes, and under the
 * fixture's rule keeping admin calls out an agent made a queue readable by every account. They are admin now,
 * through the proxy (the CLI's query protocol, SDK v2's JSON protocol, Lambda's REST-JSON) and through hoop exec.
 */
class AwsAccessParametersTest {
    static final String PUBLIC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"sqs:ReceiveMessage\",\"Resource\":\"*\"}]}";
    static final String NO_ADMIN = "no IAM or credential export";

    @TempDir
    Path dir;

    @Test
    void aQueuePolicyGivenAsAnAttributeIsAdmin() throws Exception {
        try (SqsServer sqs = new SqsServer(); StsDouble sts = new StsDouble(S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
             TestGateway gw = new TestGateway(dir.resolve("home"), AwsExecEndToEndTest.config(sts.endpoint().toString(),
                     sqs.endpoint().toString(), ""), Map.of("GW_AWS_KEY", AwsExecEndToEndTest.LONG_KEY, "GW_AWS_SECRET", AwsExecEndToEndTest.LONG_SECRET))) {
            var r = gw.hoop("connect", "aws-dev", "--json");
            assertEquals(0, r.exit(), r.err());
            Map<String, String> env = AwsFixture.env(new ObjectMapper().readTree(r.out()));
            String url = new ObjectMapper().readTree(AwsProxyEndToEndTest.aws(dir, env, "sqs", "create-queue", "--queue-name", "jobs").out())
                    .path("QueueUrl").asText();
            String attributes = new ObjectMapper().writeValueAsString(Map.of("Policy", PUBLIC));

            var cli = AwsProxyEndToEndTest.aws(dir, env, "sqs", "set-queue-attributes", "--queue-url", url, "--attributes", attributes);
            assertEquals(254, cli.exit(), cli.err());
            assertTrue(cli.err().contains("(AccessDenied)") && cli.err().contains(NO_ADMIN), cli.err());
            var created = AwsProxyEndToEndTest.aws(dir, env, "sqs", "create-queue", "--queue-name", "open", "--attributes", attributes);
            assertEquals(254, created.exit(), created.err());
            assertNotEquals(0, AwsProxyEndToEndTest.aws(dir, env, "sqs", "get-queue-url", "--queue-name", "open").exit(), "no queue was made");
            // Other attributes stay writes.
            var timeout = AwsProxyEndToEndTest.aws(dir, env, "sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "VisibilityTimeout=45");
            assertEquals(0, timeout.exit(), timeout.err());

            try (SqsClient client = SqsClient.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL"))).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                            env.get("AWS_SECRET_ACCESS_KEY"))))
                    .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
                SqsException denied = assertThrows(SqsException.class, () -> client.setQueueAttributes(b -> b.queueUrl(url)
                        .attributes(Map.of(QueueAttributeName.POLICY, PUBLIC))));
                assertTrue(denied.getMessage().contains(NO_ADMIN), denied.getMessage());
                client.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.DELAY_SECONDS, "1")));
                assertNull(client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes()
                        .get(QueueAttributeName.POLICY), "the queue has no policy");
            }

            var exec = gw.hoop("exec", "aws-dev", "--", "sqs", "set-queue-attributes", "--queue-url", url, "--attributes", attributes);
            assertEquals(3, exec.exit(), exec.err());
            assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
            var execCreate = gw.hoop("exec", "aws-dev", "--", "sqs", "create-queue", "--queue-name", "open", "--attributes", attributes);
            assertEquals(3, execCreate.exit(), execCreate.err());
            var execTimeout = gw.hoop("exec", "aws-dev", "--", "sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "VisibilityTimeout=50");
            assertEquals(0, execTimeout.exit(), execTimeout.err());
        }
    }

    /** `aws s3 cp --acl` / `--grants` send x-amz-acl / x-amz-grant-*: the object's ACL is set as it is written. */
    @Test
    void anObjectAclGivenToTheHighLevelCopyIsAdmin() throws Exception {
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"))) {
            Path local = Files.writeString(dir.resolve("x.txt"), "x");
            var acl = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", local.toString(), "s3://dev-bucket/pub/x.txt", "--acl", "public-read");
            assertEquals(3, acl.exit(), acl.err());
            assertTrue(acl.err().contains("denied by aws-guard.no-iam"), acl.err());
            var grants = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", local.toString(), "s3://dev-bucket/pub/y.txt", "--grants",
                    "read=uri=http://acs.amazonaws.com/groups/global/AllUsers");
            assertEquals(3, grants.exit(), grants.err());
            assertNull(fixture.s3.get("dev-bucket", "pub/x.txt"));
            assertNull(fixture.s3.get("dev-bucket", "pub/y.txt"));
            var plain = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", local.toString(), "s3://dev-bucket/pub/x.txt");
            assertEquals(0, plain.exit(), plain.err());
        }
    }

    /**
     * A function URL with AuthType NONE is anyone's to call, an https subscription gets every later message, a publicly
     * accessible database is reachable from anywhere: admin, through the proxy (REST-JSON, query) and exec.
     */
    @Test
    void aFunctionUrlWithoutAuthIsAdmin() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            AwsFixture.reply(ex, 201, "application/json", "{\"FunctionUrl\":\"https://x.lambda-url.us-east-1.on.aws/\",\"AuthType\":\"AWS_IAM\"}");
        });
        api.start();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            for (List<String> argv : List.of(List.of("lambda", "create-function-url-config", "--function-name", "f", "--auth-type", "NONE"),
                    List.of("lambda", "update-function-url-config", "--function-name", "f", "--auth-type", "NONE"),
                    // A subscription delivering the topic's messages outside AWS; a database opened to the internet.
                    List.of("sns", "subscribe", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--protocol", "https",
                            "--notification-endpoint", "https://collector.example/hook"),
                    List.of("rds", "modify-db-instance", "--db-instance-identifier", "db", "--publicly-accessible"),
                    // Another account's queue subscribed to the topic (the connection's role is in 123456789012).
                    List.of("sns", "subscribe", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:t", "--protocol", "sqs",
                            "--notification-endpoint", "arn:aws:sqs:us-east-1:210987654321:theirs"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(254, proxy.exit(), proxy.err());
                assertTrue(proxy.err().contains(NO_ADMIN), proxy.err());
                var exec = fixture.gw.hoop(java.util.stream.Stream.concat(java.util.stream.Stream.of("exec", "aws-dev", "--"), argv.stream())
                        .toArray(String[]::new));
                assertEquals(3, exec.exit(), exec.err());
                assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
            }
            // argparse reads --auth as --auth-type.
            var abbreviated = fixture.gw.hoop("exec", "aws-dev", "--", "lambda", "create-function-url-config", "--function-name", "f", "--auth", "NONE");
            assertEquals(3, abbreviated.exit(), abbreviated.err());
            assertTrue(abbreviated.err().contains("denied by aws-guard.no-iam"), abbreviated.err());
            var iam = AwsProxyEndToEndTest.aws(dir, env, "lambda", "create-function-url-config", "--function-name", "f", "--auth-type", "AWS_IAM");
            assertEquals(0, iam.exit(), iam.err());
        } finally {
            api.stop(0);
        }
    }

    /**
     * Grants an S3 call carries in its body, not in x-amz-acl: the ACL S3 puts on every log object it delivers
     * (TargetGrants to AllUsers), on a restore's output objects (CannedACL), and ownership controls that switch a
     * bucket's ACLs back on (ObjectWriter, or none at all). Judged by their names they were writes, and passed the
     * fixture's rule keeping admin calls out; they are admin through the proxy and hoop exec alike. S3's configurations
     * that s3proxy does not implement: a double answers as S3 does.
     */
    @Test
    void grantsInsideAnS3ConfigurationAreAdmin() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            AwsFixture.reply(ex, 200, "application/xml", "");
        });
        api.start();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        String allUsers = "{\"Grantee\":{\"Type\":\"Group\",\"URI\":\"http://acs.amazonaws.com/groups/global/AllUsers\"},\"Permission\":\"READ\"}";
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            for (List<String> argv : List.of(
                    List.of("s3api", "put-bucket-logging", "--bucket", "dev-bucket", "--bucket-logging-status",
                            "{\"LoggingEnabled\":{\"TargetBucket\":\"dev-bucket\",\"TargetPrefix\":\"logs/\",\"TargetGrants\":[" + allUsers + "]}}"),
                    List.of("s3api", "put-bucket-ownership-controls", "--bucket", "dev-bucket", "--ownership-controls",
                            "Rules=[{ObjectOwnership=ObjectWriter}]"),
                    List.of("s3api", "delete-bucket-ownership-controls", "--bucket", "dev-bucket"),
                    List.of("s3api", "restore-object", "--bucket", "dev-bucket", "--key", "k", "--restore-request",
                            "{\"OutputLocation\":{\"S3\":{\"BucketName\":\"dev-bucket\",\"Prefix\":\"out/\",\"CannedACL\":\"public-read\"}}}"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(254, proxy.exit(), argv + ": " + proxy.err());
                assertTrue(proxy.err().contains(NO_ADMIN), argv + ": " + proxy.err());
                var exec = fixture.gw.hoop(java.util.stream.Stream.concat(java.util.stream.Stream.of("exec", "aws-dev", "--"), argv.stream())
                        .toArray(String[]::new));
                assertEquals(3, exec.exit(), argv + ": " + exec.err());
                assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
            }
            // The same configurations without a grant stay writes.
            for (List<String> argv : List.of(
                    List.of("s3api", "put-bucket-logging", "--bucket", "dev-bucket", "--bucket-logging-status",
                            "{\"LoggingEnabled\":{\"TargetBucket\":\"dev-bucket\",\"TargetPrefix\":\"logs/\"}}"),
                    List.of("s3api", "put-bucket-ownership-controls", "--bucket", "dev-bucket", "--ownership-controls",
                            "Rules=[{ObjectOwnership=BucketOwnerEnforced}]"),
                    List.of("s3api", "restore-object", "--bucket", "dev-bucket", "--key", "k", "--restore-request", "Days=1"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(0, proxy.exit(), argv + ": " + proxy.err());
                var exec = fixture.gw.hoop(java.util.stream.Stream.concat(java.util.stream.Stream.of("exec", "aws-dev", "--"), argv.stream())
                        .toArray(String[]::new));
                assertEquals(0, exec.exit(), argv + ": " + exec.err());
            }
        } finally {
            api.stop(0);
        }
    }
}
