package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answer fields whose names hold a secret word but whose values are no secret, through the proxy with
 * password_assignment on: a client must still be able to use them. Neither service can run here: local doubles of
 * Secrets Manager's JSON protocol and IAM's query protocol answer the real aws CLI.
 */
class AwsSecretWordFieldsTest {
    static final String CURSOR = "AAMA-EFRSURBSGhXSTlQVUpkN2tGd0lUQjRqOUZ3PT0BRZ7k";

    @TempDir
    Path dir;

    /**
     * An answer's NextToken is a cursor the client sends back for the next page, no credential. Masked, the aws CLI asked
     * for page two with "[PASSWORD_ASSIGNMENT]" and the listing failed. The double refuses a cursor it did not hand out,
     * as the service does (InvalidNextTokenException).
     */
    @Test
    void everyPageOfAListingComesThrough() throws Exception {
        List<String> cursors = new CopyOnWriteArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int at = body.indexOf("\"NextToken\"");
            String sent = at < 0 ? null : body.substring(body.indexOf('"', body.indexOf(':', at)) + 1, body.indexOf('"', body.indexOf('"', body.indexOf(':', at)) + 1));
            cursors.add(String.valueOf(sent));
            String type = "application/x-amz-json-1.1";
            if (sent == null) {
                AwsFixture.reply(ex, 200, type, "{\"SecretList\": [{\"Name\": \"first-page-secret\"}], \"NextToken\": \"" + CURSOR + "\"}");
            } else if (sent.equals(CURSOR)) {
                AwsFixture.reply(ex, 200, type, "{\"SecretList\": [{\"Name\": \"second-page-secret\"}]}");
            } else {
                AwsFixture.reply(ex, 400, type, "{\"__type\": \"InvalidNextTokenException\", \"message\": \"The token is not valid\"}");
            }
        });
        api.start();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.passwords(AwsFixture.endpoint(yaml, url)))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            var proxy = AwsProxyEndToEndTest.aws(dir, env, "secretsmanager", "list-secrets", "--output", "text",
                    "--query", "SecretList[].Name");
            assertEquals(0, proxy.exit(), proxy.err() + " cursors sent: " + cursors);
            assertTrue(proxy.out().contains("first-page-secret") && proxy.out().contains("second-page-secret"), proxy.out());
            assertEquals(List.of("null", CURSOR), cursors);
        } finally {
            api.stop(0);
        }
    }

    /**
     * IAM's password policy and a user's PasswordLastUsed are numbers, booleans and a time in XML elements named with
     * "Password": masked as an element holding a password, the CLI could not parse them as their types.
     */
    @Test
    void typedFieldsNamedWithASecretWordKeepTheirValues() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String ns = " xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";
            String result = body.contains("Action=GetUser")
                    ? "<GetUserResponse" + ns + "><GetUserResult><User><Path>/</Path><UserName>dev</UserName><UserId>AIDAEXAMPLEUSERID1234</UserId>"
                    + "<Arn>arn:aws:iam::123456789012:user/dev</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate>"
                    + "<PasswordLastUsed>2024-05-01T12:30:45Z</PasswordLastUsed></User></GetUserResult></GetUserResponse>"
                    : "<GetAccountPasswordPolicyResponse" + ns + "><GetAccountPasswordPolicyResult><PasswordPolicy>"
                    + "<AllowUsersToChangePassword>true</AllowUsersToChangePassword><MinimumPasswordLength>12</MinimumPasswordLength>"
                    + "<ExpirePasswords>true</ExpirePasswords><MaxPasswordAge>90</MaxPasswordAge><PasswordReusePrevention>5</PasswordReusePrevention>"
                    + "<HardExpiry>false</HardExpiry></PasswordPolicy></GetAccountPasswordPolicyResult></GetAccountPasswordPolicyResponse>";
            AwsFixture.reply(ex, 200, "text/xml", result);
        });
        api.start();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        // The fixture denies IAM calls (the strictest rule wins): these two reads need its rule gone.
        java.util.function.UnaryOperator<String> iamReads = yaml -> yaml.replaceAll("(?m)^.*name: no-iam.*\n", "");
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> iamReads.apply(AwsFixture.passwords(AwsFixture.endpoint(yaml, url))))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            var policy = AwsProxyEndToEndTest.aws(dir, env, "iam", "get-account-password-policy", "--output", "json");
            assertEquals(0, policy.exit(), policy.err());
            assertTrue(policy.out().contains("\"MinimumPasswordLength\": 12") && policy.out().contains("\"MaxPasswordAge\": 90")
                    && policy.out().contains("\"HardExpiry\": false"), policy.out());
            var user = AwsProxyEndToEndTest.aws(dir, env, "iam", "get-user", "--output", "json");
            assertEquals(0, user.exit(), user.err());
            assertTrue(user.out().contains("\"PasswordLastUsed\": \"2024-05-01T12:30:45"), user.out());
        } finally {
            api.stop(0);
        }
    }
}
