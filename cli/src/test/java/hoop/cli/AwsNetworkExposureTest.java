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

    /**
     * More ways to open what a network keeps private: egress to the internet, other
     * groups on an instance or interface (whose rules hoop does not see), a public address (an Elastic IP, one given at
     * launch, a subnet handing them out), an internet gateway or a route to one, EMR's public access block lifted, an
     * identity pool serving unauthenticated identities, another account's role let into an EKS cluster, a database made
     * publicly accessible. Each was a plain write; now admin through the proxy (EC2's and RDS's query protocol,
     * Redshift Serverless's JSON) and hoop exec. EKS, MSK and Amazon MQ speak REST, which the proxy does not name
     * (refused as unknown): through exec a public cluster endpoint, public brokers are admin too.
     */
    @Test
    void publicAddressesAclsEgressAndEndpointsAreAdmin() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer api = upstream(seen);
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            // Network ACL entries were admin already (their name says Acl), whatever they allow.
            for (List<String> argv : List.of(
                    List.of("ec2", "authorize-security-group-egress", "--group-id", "sg-1", "--ip-permissions",
                            "IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]"),
                    List.of("ec2", "create-network-acl-entry", "--network-acl-id", "acl-1", "--rule-number", "100", "--protocol", "-1",
                            "--rule-action", "allow", "--ingress", "--cidr-block", "0.0.0.0/0"),
                    List.of("ec2", "replace-network-acl-entry", "--network-acl-id", "acl-1", "--rule-number", "100", "--protocol", "6",
                            "--port-range", "From=22,To=22", "--rule-action", "allow", "--ingress", "--ipv6-cidr-block", "::/0"),
                    List.of("ec2", "modify-instance-attribute", "--instance-id", "i-1", "--groups", "sg-open"),
                    List.of("ec2", "modify-network-interface-attribute", "--network-interface-id", "eni-1", "--groups", "sg-open"),
                    List.of("ec2", "associate-address", "--instance-id", "i-1", "--allocation-id", "eipalloc-1"),
                    List.of("ec2", "run-instances", "--image-id", "ami-1", "--subnet-id", "subnet-1", "--associate-public-ip-address"),
                    List.of("ec2", "modify-subnet-attribute", "--subnet-id", "subnet-1", "--map-public-ip-on-launch"),
                    // A template whose instances get a public address, launched later by a command naming none.
                    List.of("ec2", "create-launch-template", "--launch-template-name", "web", "--launch-template-data",
                            "{\"NetworkInterfaces\":[{\"DeviceIndex\":0,\"AssociatePublicIpAddress\":true}]}"),
                    List.of("ec2", "attach-internet-gateway", "--internet-gateway-id", "igw-1", "--vpc-id", "vpc-1"),
                    List.of("ec2", "create-route", "--route-table-id", "rtb-1", "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", "igw-1"),
                    List.of("emr", "put-block-public-access-configuration", "--block-public-access-configuration",
                            "{\"BlockPublicSecurityGroupRules\":false}"),
                    List.of("cognito-identity", "create-identity-pool", "--identity-pool-name", "pool", "--allow-unauthenticated-identities"),
                    List.of("cognito-identity", "set-identity-pool-roles", "--identity-pool-id", "us-east-1:11111111-2222-3333-4444-555555555555",
                            "--roles", "unauthenticated=arn:aws:iam::123456789012:role/anyone"),
                    List.of("rds", "restore-db-cluster-from-snapshot", "--db-cluster-identifier", "c", "--snapshot-identifier", "s",
                            "--engine", "mysql", "--db-cluster-instance-class", "db.m5d.large", "--publicly-accessible"),
                    List.of("redshift-serverless", "create-workgroup", "--workgroup-name", "wg1", "--namespace-name", "ns1", "--publicly-accessible"))) {
                assertDenied(fixture, env, argv);
            }
            for (List<String> argv : List.of(
                    List.of("eks", "create-cluster", "--name", "c", "--role-arn", "arn:aws:iam::123456789012:role/eks", "--resources-vpc-config",
                            "subnetIds=subnet-1,subnet-2"),
                    List.of("eks", "update-cluster-config", "--name", "c", "--resources-vpc-config",
                            "{\"endpointPublicAccess\":true,\"publicAccessCidrs\":[\"0.0.0.0/0\"]}"),
                    List.of("kafka", "update-connectivity", "--cluster-arn", "arn:aws:kafka:us-east-1:123456789012:cluster/c/1", "--current-version",
                            "K1", "--connectivity-info", "{\"PublicAccess\":{\"Type\":\"SERVICE_PROVIDED_EIPS\"}}"),
                    List.of("mq", "create-broker", "--broker-name", "b", "--engine-type", "RABBITMQ", "--engine-version", "3.11",
                            "--host-instance-type", "mq.m5.large", "--deployment-mode", "SINGLE_INSTANCE", "--publicly-accessible",
                            "--auto-minor-version-upgrade", "--users", "Username=u,Password=passwordpassword"),
                    // Another account's role let into the cluster.
                    List.of("eks", "associate-access-policy", "--cluster-name", "c", "--principal-arn", "arn:aws:iam::210987654321:role/r",
                            "--policy-arn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "--access-scope", "type=cluster"))) {
                var exec = exec(fixture, argv);
                assertEquals(3, exec.exit(), argv + ": " + exec.err());
                assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
            }
            assertTrue(seen.stream().noneMatch(s -> s.contains("Egress") || s.contains("NetworkAcl") || s.contains("Attribute")
                    || s.contains("Address") || s.contains("RunInstances") || s.contains("InternetGateway") || s.contains("Snapshot")
                    || s.contains("Workgroup") || s.contains("/clusters") || s.contains("connectivity") || s.contains("/brokers")
                    || s.contains("CreateRoute") || s.contains("BlockPublicAccess") || s.contains("IdentityPool")),
                    "no opening reached AWS: " + seen);

            // Kept private: a private range, another attribute, an endpoint kept off the internet.
            for (List<String> argv : List.of(
                    List.of("ec2", "authorize-security-group-egress", "--group-id", "sg-1", "--ip-permissions",
                            "IpProtocol=-1,IpRanges=[{CidrIp=172.16.0.0/12}]"),
                    List.of("ec2", "modify-instance-attribute", "--instance-id", "i-1", "--instance-type", "Value=t3.micro"),
                    List.of("ec2", "modify-subnet-attribute", "--subnet-id", "subnet-1", "--no-map-public-ip-on-launch"),
                    List.of("ec2", "create-route", "--route-table-id", "rtb-1", "--destination-cidr-block", "0.0.0.0/0", "--nat-gateway-id", "nat-1"),
                    List.of("cognito-identity", "create-identity-pool", "--identity-pool-name", "pool", "--no-allow-unauthenticated-identities"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(0, proxy.exit(), argv + ": " + proxy.err());
                var exec = exec(fixture, argv);
                assertEquals(0, exec.exit(), argv + ": " + exec.err());
            }
            var privateEndpoint = exec(fixture, List.of("eks", "create-cluster", "--name", "c", "--role-arn", "arn:aws:iam::123456789012:role/eks",
                    "--resources-vpc-config", "subnetIds=subnet-1,subnet-2,endpointPublicAccess=false,endpointPrivateAccess=true"));
            assertFalse(privateEndpoint.err().contains("denied"), privateEndpoint.err());
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("POST /clusters") && s.contains("\"endpointPublicAccess\": false")), seen.toString());
        } finally {
            api.stop(0);
        }
    }

    /**
     * Delivery whose other account the old table missed: a replica or inventory in a bucket named only by its ARN
     * (which names no account: S3 delivers into any bucket whose policy lets it), an IoT rule's queue named by its URL
     * or its HTTP action. And two calls the proxy named none of, refused as unknown whoever they delivered to: a
     * function's event-invoke configuration and IoT's topic rules are named now, and judged by where they deliver.
     */
    @Test
    void deliveriesNamedByBucketQueueUrlOrRouteAreJudged() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer api = upstream(seen);
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            String replication = "{\"Role\":\"arn:aws:iam::123456789012:role/r\",\"Rules\":[{\"Status\":\"Enabled\",\"Priority\":1,"
                    + "\"Filter\":{},\"DeleteMarkerReplication\":{\"Status\":\"Disabled\"},\"Destination\":{\"Bucket\":\"arn:aws:s3:::their-bucket\"%s}}]}";
            assertDenied(fixture, env, List.of("s3api", "put-bucket-replication", "--bucket", "dev-bucket", "--replication-configuration",
                    replication.formatted("")));
            assertDenied(fixture, env, List.of("s3api", "put-bucket-analytics-configuration", "--bucket", "dev-bucket", "--id", "a",
                    "--analytics-configuration", "{\"Id\":\"a\",\"StorageClassAnalysis\":{\"DataExport\":{\"OutputSchemaVersion\":\"V_1\","
                            + "\"Destination\":{\"S3BucketDestination\":{\"Format\":\"CSV\",\"Bucket\":\"arn:aws:s3:::their-bucket\"}}}}}"));
            String theirQueue = "{\"sql\":\"SELECT * FROM 'd'\",\"actions\":[{\"sqs\":{\"queueUrl\":"
                    + "\"https://sqs.us-east-1.amazonaws.com/210987654321/theirs\",\"roleArn\":\"arn:aws:iam::123456789012:role/r\"}}]}";
            String http = "{\"sql\":\"SELECT * FROM 'd'\",\"actions\":[{\"http\":{\"url\":\"https://collector.example/in\"}}]}";
            // The aws CLI 2.9 signs IoT's calls as execute-api (its model's old signing name), which hoop names no call of:
            // through the proxy a client signing them as iot (newer SDKs) is stood in for by a raw signed request.
            for (String[] rule : new String[][] {{"POST", "create-topic-rule", theirQueue}, {"PATCH", "replace-topic-rule", http}}) {
                String answer = AwsEvasionTest.send(env, "iot", rule[0], "/rules/r", "", Map.of("content-type", "application/json"),
                        rule[2].getBytes(StandardCharsets.UTF_8), java.time.Instant.now());
                assertTrue(answer.startsWith("HTTP/1.1 403") && answer.contains(AwsAccessParametersTest.NO_ADMIN), answer);
                var exec = exec(fixture, List.of("iot", rule[1], "--rule-name", "r", "--topic-rule-payload", rule[2]));
                assertEquals(3, exec.exit(), exec.err());
                assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
            }
            assertDenied(fixture, env, List.of("lambda", "put-function-event-invoke-config", "--function-name", "f", "--destination-config",
                    "{\"OnSuccess\":{\"Destination\":\"arn:aws:sqs:us-east-1:210987654321:theirs\"}}"));
            assertTrue(seen.stream().noneMatch(s -> s.contains("replication") || s.contains("analytics") || s.contains("/rules/")
                    || s.contains("event-invoke-config")), "nothing reached AWS: " + seen);

            // Named as the connection's, or its own resources: writes, through the proxy and exec.
            for (List<String> argv : List.of(
                    List.of("s3api", "put-bucket-replication", "--bucket", "dev-bucket", "--replication-configuration",
                            replication.formatted(",\"Account\":\"123456789012\"")),
                    List.of("lambda", "put-function-event-invoke-config", "--function-name", "f", "--destination-config",
                            "{\"OnSuccess\":{\"Destination\":\"arn:aws:sqs:us-east-1:123456789012:ours\"}}"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(0, proxy.exit(), argv + ": " + proxy.err());
                var exec = exec(fixture, argv);
                assertEquals(0, exec.exit(), argv + ": " + exec.err());
            }
            String ours = theirQueue.replace("210987654321", "123456789012");
            String answer = AwsEvasionTest.send(env, "iot", "POST", "/rules/r", "", Map.of("content-type", "application/json"),
                    ours.getBytes(StandardCharsets.UTF_8), java.time.Instant.now());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            var exec = exec(fixture, List.of("iot", "create-topic-rule", "--rule-name", "r", "--topic-rule-payload", ours));
            assertEquals(0, exec.exit(), exec.err());
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("PUT /2019-09-25/functions/f/event-invoke-config")), seen.toString());
            assertTrue(seen.stream().anyMatch(s -> s.startsWith("POST /rules/r")), seen.toString());
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
