package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials the aws CLI prints under no key: `ecr get-login-password` decodes ECR's token and prints the registry
 * password alone, `codecommit credential-helper get` prints a git user (the access key and session token) and a
 * password signed with the session's secret; and a Windows instance's password (EC2's PasswordData). Where a policy
 * allows these admin calls, each reached the client whole (the aws_credential detector finds credentials by their
 * key); now they are masked as [AWS_CREDENTIAL]. ECR and EC2 cannot run here: a local double answers as they do.
 */
class AwsBareCredentialsTest {
    static final String REGISTRY_PASSWORD = "eyJwYXlsb2FkIjoiRWNyUmVnaXN0cnlQYXNzd29yZDc3In0=";
    static final String WINDOWS_PASSWORD = "EncryptedAdminPasswordZ9q8w7e6r5t4";

    @TempDir
    Path dir;

    static HttpServer upstream() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            if (target.endsWith(".GetAuthorizationToken")) {
                String token = Base64.getEncoder().encodeToString(("AWS:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
                AwsFixture.reply(ex, 200, "application/x-amz-json-1.1", "{\"authorizationData\":[{\"authorizationToken\":\"" + token
                        + "\",\"expiresAt\":1700000000,\"proxyEndpoint\":\"https://123456789012.dkr.ecr.us-east-1.amazonaws.com\"}]}");
            } else if (target.endsWith(".DescribeRepositories")) {
                AwsFixture.reply(ex, 200, "application/x-amz-json-1.1", "{\"repositories\":[{\"repositoryName\":\"app\",\"repositoryUri\":"
                        + "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/app\",\"imageTagMutability\":\"MUTABLE\"}]}");
            } else if (body.contains("Action=GetPasswordData")) {
                AwsFixture.reply(ex, 200, "text/xml", "<GetPasswordDataResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>r</requestId><instanceId>i-1</instanceId><timestamp>2026-01-01T00:00:00Z</timestamp><passwordData>"
                        + WINDOWS_PASSWORD + "</passwordData></GetPasswordDataResponse>");
            } else {
                AwsFixture.reply(ex, 200, "application/x-amz-json-1.1", "{}");
            }
        });
        api.start();
        return api;
    }

    private static String[] exec(String... argv) {
        return Stream.concat(Stream.of("exec", "aws-dev", "--"), Stream.of(argv)).toArray(String[]::new);
    }

    @Test
    void aCredentialTheCliPrintsBareIsMasked() throws Exception {
        HttpServer api = upstream();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        // Admin calls are allowed here (no no-iam rule): what they print is under test.
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url)
                .replaceFirst("(?m)^\\s+- \\{ name: no-iam,.*\\n", ""))) {
            var login = fixture.gw.hoop(exec("ecr", "get-login-password"));
            assertEquals(0, login.exit(), login.err());
            assertEquals("[AWS_CREDENTIAL]\n", login.out());
            // Global options before or between the words change nothing.
            var placed = fixture.gw.hoop(exec("--region", "us-east-1", "ecr", "--no-paginate", "get-login-password"));
            assertEquals(0, placed.exit(), placed.err());
            assertEquals("[AWS_CREDENTIAL]\n", placed.out());

            var git = fixture.gw.hoopWithInput(new ByteArrayInputStream(
                    "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=/v1/repos/app\n\n".getBytes(StandardCharsets.UTF_8)),
                    exec("codecommit", "credential-helper", "get"));
            assertEquals(0, git.exit(), git.err());
            assertEquals("username=[AWS_CREDENTIAL]\npassword=[AWS_CREDENTIAL]\n", git.out());

            Map<String, String> env = AwsFixture.env(fixture.connect());
            var proxied = AwsProxyEndToEndTest.aws(dir, env, "ec2", "get-password-data", "--instance-id", "i-1");
            var executed = fixture.gw.hoop(exec("ec2", "get-password-data", "--instance-id", "i-1"));
            for (String out : List.of(proxied.out(), executed.out())) {
                assertTrue(out.contains("\"PasswordData\": \"[AWS_CREDENTIAL]\""), out);
                assertTrue(out.contains("\"InstanceId\": \"i-1\""), out);
            }
            for (String out : List.of(login.out(), login.err(), placed.out(), git.out(), proxied.out(), executed.out())) {
                assertFalse(out.contains(REGISTRY_PASSWORD) || out.contains(WINDOWS_PASSWORD), out);
            }

            // Neighbours: the registry's description prints as it came, in json and as text.
            var repos = fixture.gw.hoop(exec("ecr", "describe-repositories", "--output", "text"));
            assertEquals(0, repos.exit(), repos.err());
            assertEquals("REPOSITORIES\tMUTABLE\tapp\t123456789012.dkr.ecr.us-east-1.amazonaws.com/app\n", repos.out());
            var json = fixture.gw.hoop(exec("ecr", "describe-repositories"));
            assertTrue(json.out().contains("\"repositoryUri\": \"123456789012.dkr.ecr.us-east-1.amazonaws.com/app\""), json.out());
        } finally {
            api.stop(0);
        }
    }
}
