package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls that open a resource to more of the network or hand its data to another account by their parameters:
 * a security group's ingress from outside the private networks (0.0.0.0/0, ::/0, two halves of the internet, a
 * prefix list, another account's group), a bucket's notifications to another account's queue, its replicas to
 * another account. They were plain writes; under the fixture's rule keeping admin calls out they are denied now,
 * through the proxy (the aws CLI: EC2's query protocol, S3's XML) and through hoop exec. A local double stands in for
 * EC2 and S3 (the fixture's connection role is in 123456789012).
 */
class AwsNetworkExposureTest {
    @TempDir
    Path dir;

    /** Answers EC2's query calls with their XML, S3's PUTs with 200, anything else with {}; records what reached it. */
    static HttpServer upstream(List<String> seen) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + body);
            Matcher action = Pattern.compile("(?:^|&)Action=(\\w+)").matcher(body);
            byte[] b;
            if (action.find()) {
                b = ("<" + action.group(1) + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>"
                        + "<return>true</return></" + action.group(1) + "Response>").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/xml");
            } else if (ex.getRequestMethod().equals("PUT")) {
                b = new byte[0];
            } else {
                b = "{}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
            }
            ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
            if (b.length > 0) ex.getResponseBody().write(b);
            ex.close();
        });
        api.start();
        return api;
    }

    @Test
    void ingressFromOutsideThePrivateNetworksOrAnotherAccountIsAdmin() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer api = upstream(seen);
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            List<String> ingress = List.of("ec2", "authorize-security-group-ingress", "--group-id", "sg-1");
            for (List<String> tail : List.of(List.of("--protocol", "tcp", "--port", "22", "--cidr", "0.0.0.0/0"),
                    // The second range of the shorthand, half of the internet.
                    List.of("--ip-permissions", "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/8},{CidrIp=0.0.0.0/1}]"),
                    List.of("--ip-permissions", "[{\"IpProtocol\":\"tcp\",\"FromPort\":22,\"ToPort\":22,\"Ipv6Ranges\":[{\"CidrIpv6\":\"::/0\"}]}]"),
                    List.of("--ip-permissions", "[{\"IpProtocol\":\"-1\",\"PrefixListIds\":[{\"PrefixListId\":\"pl-12345678\"}]}]"),
                    // One public address is someone outside the account's networks too.
                    List.of("--protocol", "tcp", "--port", "5432", "--cidr", "203.0.113.7/32"),
                    List.of("--protocol", "tcp", "--port", "22", "--source-group", "sg-2", "--group-owner", "210987654321"))) {
                List<String> argv = Stream.concat(ingress.stream(), tail.stream()).toList();
                assertDenied(fixture, env, argv);
            }
            assertDenied(fixture, env, List.of("ec2", "modify-security-group-rules", "--group-id", "sg-1", "--security-group-rules",
                    "SecurityGroupRuleId=sgr-1,SecurityGroupRule={IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=0.0.0.0/0}"));
            // A load balancer facing the internet (as it does when no scheme is given).
            assertDenied(fixture, env, List.of("elbv2", "create-load-balancer", "--name", "lb", "--subnets", "subnet-1", "subnet-2"));
            assertDenied(fixture, env, List.of("elbv2", "create-load-balancer", "--name", "lb", "--subnets", "subnet-1", "--scheme", "internet-facing"));
            // A peering with another account's network.
            assertDenied(fixture, env, List.of("ec2", "create-vpc-peering-connection", "--vpc-id", "vpc-1", "--peer-vpc-id", "vpc-2",
                    "--peer-owner-id", "210987654321"));
            assertTrue(seen.stream().noneMatch(s -> s.contains("SecurityGroup") || s.contains("Peering")), "no opening reached EC2: " + seen);

            // Private ranges and the account's own groups stay writes.
            for (List<String> tail : List.of(List.of("--protocol", "tcp", "--port", "22", "--cidr", "10.1.0.0/16"),
                    List.of("--ip-permissions", "IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/8},{CidrIp=192.168.0.0/24}]"),
                    List.of("--protocol", "tcp", "--port", "22", "--source-group", "sg-2", "--group-owner", "123456789012"))) {
                List<String> argv = Stream.concat(ingress.stream(), tail.stream()).toList();
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(0, proxy.exit(), proxy.err());
                var exec = exec(fixture, argv);
                assertEquals(0, exec.exit(), exec.err());
            }
            List<String> internal = List.of("elbv2", "create-load-balancer", "--name", "lb", "--subnets", "subnet-1", "--scheme", "internal");
            var internalRun = exec(fixture, internal);  // the double's answer is EC2's shape, which the CLI may not parse: judged is enough
            assertFalse(internalRun.err().contains("denied"), internalRun.err());
            assertTrue(seen.stream().anyMatch(s -> s.contains("Action=CreateLoadBalancer") && s.contains("Scheme=internal")), seen.toString());
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aBucketDeliveringToAnotherAccountIsAdmin() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer api = upstream(seen);
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            String theirs = "{\"QueueConfigurations\":[{\"QueueArn\":\"arn:aws:sqs:us-east-1:210987654321:theirs\",\"Events\":[\"s3:ObjectCreated:*\"]}]}";
            assertDenied(fixture, env, List.of("s3api", "put-bucket-notification-configuration", "--bucket", "dev-bucket",
                    "--notification-configuration", theirs));
            assertDenied(fixture, env, List.of("s3api", "put-bucket-replication", "--bucket", "dev-bucket", "--replication-configuration",
                    "{\"Role\":\"arn:aws:iam::123456789012:role/r\",\"Rules\":[{\"Status\":\"Enabled\",\"Priority\":1,\"Filter\":{},"
                            + "\"DeleteMarkerReplication\":{\"Status\":\"Disabled\"},\"Destination\":{\"Bucket\":\"arn:aws:s3:::dev-bucket\","
                            + "\"Account\":\"210987654321\"}}]}"));
            assertDenied(fixture, env, List.of("s3api", "put-bucket-inventory-configuration", "--bucket", "dev-bucket", "--id", "inv",
                    "--inventory-configuration", "{\"Id\":\"inv\",\"IsEnabled\":true,\"IncludedObjectVersions\":\"Current\",\"Schedule\":"
                            + "{\"Frequency\":\"Daily\"},\"Destination\":{\"S3BucketDestination\":{\"Bucket\":\"arn:aws:s3:::dev-bucket\","
                            + "\"AccountId\":\"210987654321\",\"Format\":\"CSV\"}}}"));
            // Event rules delivering to an HTTP endpoint outside AWS.
            assertDenied(fixture, env, List.of("events", "create-api-destination", "--name", "out", "--connection-arn",
                    "arn:aws:events:us-east-1:123456789012:connection/c/1", "--invocation-endpoint", "https://collector.example/hook",
                    "--http-method", "POST"));
            assertTrue(seen.stream().noneMatch(s -> s.contains("notification") || s.contains("replication") || s.contains("inventory")
                    || s.contains("collector")), "nothing reached S3 or EventBridge: " + seen);
            // A function's results sent to another account's queue (through the proxy no route names the call: refused as unknown).
            var lambda = exec(fixture, List.of("lambda", "put-function-event-invoke-config", "--function-name", "f", "--destination-config",
                    "{\"OnSuccess\":{\"Destination\":\"arn:aws:sqs:us-east-1:210987654321:theirs\"}}"));
            assertEquals(3, lambda.exit(), lambda.err());
            assertTrue(lambda.err().contains("denied by aws-guard.no-iam"), lambda.err());

            List<String> own = List.of("s3api", "put-bucket-notification-configuration", "--bucket", "dev-bucket", "--notification-configuration",
                    theirs.replace("210987654321", "123456789012"));
            var proxy = AwsProxyEndToEndTest.aws(dir, env, own.toArray(String[]::new));
            assertEquals(0, proxy.exit(), proxy.err());
            var exec = exec(fixture, own);
            assertEquals(0, exec.exit(), exec.err());
        } finally {
            api.stop(0);
        }
    }

    private void assertDenied(AwsFixture fixture, Map<String, String> env, List<String> argv) throws Exception {
        var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
        assertEquals(254, proxy.exit(), argv + ": " + proxy.err());
        assertTrue(proxy.err().contains(AwsAccessParametersTest.NO_ADMIN), proxy.err());
        var exec = exec(fixture, argv);
        assertEquals(3, exec.exit(), argv + ": " + exec.err());
        assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
        assertFalse(exec.err().contains("Traceback"), exec.err());
    }

    private static TestGateway.Run exec(AwsFixture fixture, List<String> argv) throws Exception {
        return fixture.gw.hoop(Stream.concat(Stream.of("exec", "aws-dev", "--"), argv.stream()).toArray(String[]::new));
    }
}
