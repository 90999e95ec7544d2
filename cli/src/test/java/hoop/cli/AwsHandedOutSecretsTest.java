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
}
