package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets AWS hands out in answers to reads and plain writes under keys the aws_credential detector did not know: a
 * VPN connection's pre-shared keys (in its tunnel options, and escaped inside the customer gateway configuration's own
 * XML), a Direct Connect interface's BGP key, a Lightsail key pair's private key (base64), a Storage Gateway's CHAP
 * secrets.
 * No detector of the connection's profile sees them (no pattern, no password assignment); each reached the client
 * whole, through the proxy (the aws CLI reading EC2's XML and the JSON protocols) and through hoop exec. A local
 * double answers as the services do.
 */
class AwsHandedOutSecretsTest {
    static final String PSK = "q7Zt_Kp3mWx9Lr2Vb8Nc";
    static final String CONFIG_PSK = "Yh4Gd6Sa1Jk8Fe3Rt5Uw";
    static final String BGP_KEY = "0xBgPaUtHkEy7731";
    static final String PRIVATE_KEY = "TUlJRXBRSUJBQUtDQVFFQTNxN2VkZ2U=";
    static final String CHAP_IN = "chapInitiator12";
    static final String CHAP_OUT = "chapTargetSecret9";
    static final String GLUE_PASSWORD = "Gl0e-conn-pass";
    static final String APPSYNC_KEY = "da2-appsynckeyzq7m4x2nvb";
    static final String API_KEY = "apigwKeyValue0123456789abcdefghij";
    static final String STREAM_KEY = "sk_us-east-1_streamKeyValueXyZ";
    static final String AUTH_CODE = "Dom4inTransferC0de";
    static final String GRAFANA_KEY = "eyJrIjoiZ3JhZmFuYWtleSJ9";
    static final String CODEARTIFACT_TOKEN = "eyJ2ZXIiOjEsImlzdSI6MTcwMDAwMDAwMH0.codeartifactTok";

    @TempDir
    Path dir;

    static HttpServer upstream() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            String reply;
            String type = "application/x-amz-json-1.1";
            if (body.contains("Action=DescribeVpnConnections")) {
                String gateway = "<?xml version=\"1.0\"?><vpn_connection id=\"vpn-1\"><ipsec_tunnel><ike><pre_shared_key>" + CONFIG_PSK
                        + "</pre_shared_key></ike></ipsec_tunnel></vpn_connection>";
                reply = "<DescribeVpnConnectionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>"
                        + "<vpnConnectionSet><item><vpnConnectionId>vpn-1</vpnConnectionId><state>available</state>"
                        + "<customerGatewayConfiguration>" + gateway.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        + "</customerGatewayConfiguration><type>ipsec.1</type><options><tunnelOptionSet><item><outsideIpAddress>1.2.3.4"
                        + "</outsideIpAddress><preSharedKey>" + PSK + "</preSharedKey></item></tunnelOptionSet></options></item>"
                        + "</vpnConnectionSet></DescribeVpnConnectionsResponse>";
                type = "text/xml";
            } else if (target.endsWith("DescribeVirtualInterfaces")) {
                reply = "{\"virtualInterfaces\":[{\"virtualInterfaceId\":\"dxvif-1\",\"asn\":65000,\"authKey\":\"" + BGP_KEY + "\"}]}";
            } else if (target.endsWith("CreateKeyPair")) {
                reply = "{\"keyPair\":{\"name\":\"k\"},\"publicKeyBase64\":\"c3NoLXJzYQ==\",\"privateKeyBase64\":\"" + PRIVATE_KEY
                        + "\",\"operation\":{\"id\":\"op\",\"status\":\"Succeeded\"}}";
            } else if (target.endsWith("DescribeChapCredentials")) {
                reply = "{\"ChapCredentials\":[{\"TargetARN\":\"arn:aws:storagegateway:us-east-1:123456789012:gateway/sgw-1/target/t\","
                        + "\"InitiatorName\":\"iqn.1991-05.com.microsoft:host\",\"SecretToAuthenticateInitiator\":\"" + CHAP_IN + "\","
                        + "\"SecretToAuthenticateTarget\":\"" + CHAP_OUT + "\"}]}";
            } else if (target.endsWith("GetConnection")) {
                reply = "{\"Connection\":{\"Name\":\"db\",\"ConnectionType\":\"JDBC\",\"ConnectionProperties\":{\"USERNAME\":\"app\","
                        + "\"PASSWORD\":\"" + GLUE_PASSWORD + "\"}}}";
            } else if (ex.getRequestURI().getPath().endsWith("/apikeys") && ex.getRequestURI().getPath().startsWith("/v1/apis/")) {
                reply = "{\"apiKeys\":[{\"id\":\"" + APPSYNC_KEY + "\",\"expires\":1700000000,\"deletes\":1700000000}]}";
                type = "application/json";
            } else if (ex.getRequestURI().getPath().startsWith("/apikeys") || ex.getRequestURI().getPath().startsWith("/usageplans/")) {
                // As API Gateway: a key's value only when asked for (includeValue), always in a usage plan's keys.
                String query = String.valueOf(ex.getRequestURI().getQuery());
                String value = query.contains("includeValue") || ex.getRequestURI().getPath().startsWith("/usageplans/")
                        ? ",\"value\":\"" + API_KEY + "\"" : "";
                reply = ex.getRequestURI().getPath().equals("/apikeys/k1") ? "{\"id\":\"k1\",\"name\":\"partner\",\"enabled\":true" + value + "}"
                        : "{\"items\":[{\"id\":\"k1\",\"name\":\"partner\",\"type\":\"API_KEY\"" + value + "}]}";
                type = "application/json";
            } else if (ex.getRequestURI().getPath().equals("/v1/authorization-token")) {
                reply = "{\"authorizationToken\":\"" + CODEARTIFACT_TOKEN + "\",\"expiration\":1700000000}";
                type = "application/json";
            } else if (ex.getRequestURI().getPath().equals("/v1/repository/endpoint")) {
                reply = "{\"repositoryEndpoint\":\"https://d-123456789012.d.codeartifact.us-east-1.amazonaws.com/pypi/r/\"}";
                type = "application/json";
            } else if (target.endsWith("RetrieveDomainAuthCode")) {
                reply = "{\"AuthCode\":\"" + AUTH_CODE + "\"}";
            } else if (ex.getRequestURI().getPath().endsWith("/apikeys") && ex.getRequestURI().getPath().startsWith("/workspaces/")) {
                reply = "{\"key\":\"" + GRAFANA_KEY + "\",\"keyName\":\"k\",\"workspaceId\":\"g-1\"}";
                type = "application/json";
            } else if (ex.getRequestURI().getPath().equals("/GetStreamKey")) {
                reply = "{\"streamKey\":{\"arn\":\"arn:aws:ivs:us-east-1:123456789012:stream-key/k\",\"channelArn\":"
                        + "\"arn:aws:ivs:us-east-1:123456789012:channel/c\",\"value\":\"" + STREAM_KEY + "\"}}";
                type = "application/json";
            } else {
                reply = "{}";
            }
            AwsFixture.reply(ex, 200, type, reply);
        });
        api.start();
        return api;
    }

    @Test
    void secretsInAnswersUnderTheirOwnKeysAreMasked() throws Exception {
        HttpServer api = upstream();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            for (List<String> argv : List.of(List.of("ec2", "describe-vpn-connections"), List.of("directconnect", "describe-virtual-interfaces"),
                    List.of("lightsail", "create-key-pair", "--key-pair-name", "k"),
                    List.of("storagegateway", "describe-chap-credentials", "--target-arn", "arn:aws:storagegateway:us-east-1:123456789012:gateway/sgw-1/target/t"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(0, proxy.exit(), argv + ": " + proxy.err());
                var exec = fixture.gw.hoop(Stream.concat(Stream.of("exec", "aws-dev", "--"), argv.stream()).toArray(String[]::new));
                assertEquals(0, exec.exit(), argv + ": " + exec.err());
                for (String out : List.of(proxy.out(), exec.out())) {
                    assertTrue(out.contains("\"") && out.length() > 20, out);
                    for (String secret : List.of(PSK, CONFIG_PSK, BGP_KEY, PRIVATE_KEY, CHAP_IN, CHAP_OUT)) assertFalse(out.contains(secret), argv + ": " + out);
                }
            }
            // Bearer URLs into a service's console: handed out, they are used without hoop between (admin, as credentials are).
            for (List<String> argv : List.of(List.of("sagemaker", "create-presigned-domain-url", "--domain-id", "d-1", "--user-profile-name", "u"),
                    List.of("appstream", "create-streaming-url", "--stack-name", "s", "--fleet-name", "f", "--user-id", "agent"),
                    List.of("gamelift", "get-instance-access", "--fleet-id", "fleet-1", "--instance-id", "i-1"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(254, proxy.exit(), argv + ": " + proxy.err());
                assertTrue(proxy.err().contains(AwsAccessParametersTest.NO_ADMIN), proxy.err());
                var exec = fixture.gw.hoop(Stream.concat(Stream.of("exec", "aws-dev", "--"), argv.stream()).toArray(String[]::new));
                assertEquals(3, exec.exit(), argv + ": " + exec.err());
                assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
            }
            // Printed bare, a key is just a word: exec refuses to shape such answers.
            var bare = fixture.gw.hoop("exec", "aws-dev", "--", "ec2", "describe-vpn-connections", "--query",
                    "VpnConnections[].Options.TunnelOptions[].PreSharedKey", "--output", "text");
            assertEquals(3, bare.exit(), bare.err());
            assertFalse(bare.out().contains(PSK), bare.out());
            var glue = fixture.gw.hoop("exec", "aws-dev", "--", "glue", "get-connection", "--name", "db", "--output", "text");
            assertEquals(3, glue.exit(), glue.err());
            assertFalse(glue.out().contains(GLUE_PASSWORD), glue.out());
        } finally {
            api.stop(0);
        }
    }

    /**
     * Bearer keys AWS hands out under names no detector can mask by: an AppSync API key is its "id", an API Gateway
     * key's value (asked for with --include-value, or in a usage plan's keys) and an IVS stream key's are a "value"; `codeartifact login --dry-run` prints its token in a URL.
     * Through exec each was a read that printed the key whole; now admin. Through the proxy these REST services are
     * named by no route: refused as unknown.
     */
    @Test
    void bearerKeysUnderGenericNamesAreCredentials() throws Exception {
        HttpServer api = upstream();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            for (List<String> argv : List.of(List.of("appsync", "list-api-keys", "--api-id", "api-1"),
                    List.of("apigateway", "get-api-key", "--api-key", "k1", "--include-value"),
                    List.of("apigateway", "get-api-keys", "--include-values"),
                    List.of("apigateway", "get-usage-plan-keys", "--usage-plan-id", "u1"),
                    List.of("ivs", "get-stream-key", "--arn", "arn:aws:ivs:us-east-1:123456789012:stream-key/k"),
                    // A domain's transfer code (JSON, named by the proxy: was a write), a Grafana workspace's key.
                    List.of("route53domains", "retrieve-domain-auth-code", "--domain-name", "example.com"),
                    List.of("grafana", "create-workspace-api-key", "--workspace-id", "g-1", "--key-name", "k", "--key-role", "ADMIN",
                            "--seconds-to-live", "3600"),
                    // --dry-run prints the pip command it would run, the token in its index URL.
                    List.of("codeartifact", "login", "--tool", "pip", "--domain", "dom", "--repository", "repo", "--dry-run"))) {
                var exec = fixture.gw.hoop(Stream.concat(Stream.of("exec", "aws-dev", "--"), argv.stream()).toArray(String[]::new));
                assertEquals(3, exec.exit(), argv + ": " + exec.err() + exec.out());
                assertTrue(exec.err().contains("denied by aws-guard.no-iam"), exec.err());
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(254, proxy.exit(), argv + ": " + proxy.err());
                for (String out : List.of(exec.out(), exec.err(), proxy.out(), proxy.err())) {
                    for (String key : List.of(APPSYNC_KEY, API_KEY, STREAM_KEY, CODEARTIFACT_TOKEN, AUTH_CODE, GRAFANA_KEY)) assertFalse(out.contains(key), argv + ": " + out);
                }
            }
            // Without its value an API key's description stays a read.
            var described = fixture.gw.hoop("exec", "aws-dev", "--", "apigateway", "get-api-key", "--api-key", "k1");
            assertEquals(0, described.exit(), described.err());
            assertTrue(described.out().contains("partner") && !described.out().contains(API_KEY), described.out());
        } finally {
            api.stop(0);
        }
    }
}
