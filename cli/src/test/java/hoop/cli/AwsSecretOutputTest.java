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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets Manager answers read through `hoop exec` with the real aws CLI: the secret values are masked in what
 * the caller sees and in the recording, the metadata around them is not. Secrets Manager cannot run here: a
 * small double answers GetSecretValue as the JSON protocol does; the CLI parses and prints its answer.
 */
class AwsSecretOutputTest {
    static final String JSON_SECRET = "Hunter2-Db-Pa55";
    static final String PLAIN_SECRET = "plain-api-value-7Q2x";
    static final String SSM_SECRET = "ssm-Pa55-w0rd-value";
    static final String DEBUG_SECRET = "Json-Pa55-in-param";

    @TempDir
    Path dir;
    AwsFixture fixture;
    HttpServer secrets;

    @BeforeEach
    void start() throws Exception {
        secrets = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secrets.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            String reply;
            if (target.endsWith("GetSecretValue") && body.contains("prod/db")) {
                reply = """
                        {"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf","Name":"prod/db",
                         "VersionId":"v-0001","SecretString":"{\\"username\\":\\"admin\\",\\"password\\":\\"%s\\"}",
                         "VersionStages":["AWSCURRENT"],"CreatedDate":1.7E9}""".formatted(JSON_SECRET);
            } else if (target.endsWith("GetParameter") && body.contains("/db/json")) {
                // A JSON document as a parameter's value: its quotes come escaped, doubled again in the debug log.
                reply = """
                        {"Parameter":{"ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/db/json","DataType":"text",
                         "Name":"/db/json","Type":"String","Value":"{\\"user\\":\\"app\\",\\"password\\":\\"%s\\"}","Version":1}}"""
                        .formatted(DEBUG_SECRET);
            } else if (target.endsWith("GetParameter")) {
                reply = """
                        {"Parameter":{"ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/db/pw","DataType":"text",
                         "LastModifiedDate":1.7E9,"Name":"/db/pw","Type":"SecureString","Value":"%s","Version":3}}"""
                        .formatted(SSM_SECRET);
            } else if (target.endsWith("GetSecretValue")) {
                reply = """
                        {"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:api-AbCdEf","Name":"api",
                         "VersionId":"v-0002","SecretString":"%s","VersionStages":["AWSCURRENT"],"CreatedDate":1.7E9}"""
                        .formatted(PLAIN_SECRET);
            } else {
                reply = "{\"__type\":\"InvalidAction\"}";
            }
            byte[] b = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(reply.startsWith("{\"__type") ? 400 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        secrets.start();
        String endpoint = "http://127.0.0.1:" + secrets.getAddress().getPort();
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.passwords(AwsFixture.endpoint(yaml, endpoint)));
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (secrets != null) secrets.stop(0);
    }

    /** A decrypted Parameter Store SecureString: its Value is masked because of the Type printed before it. */
    @Test
    void aDecryptedSecureStringParameterIsMasked() throws Exception {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "ssm", "get-parameter", "--name", "/db/pw", "--with-decryption");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\"Name\": \"/db/pw\"") && r.out().contains("\"Value\": \"[PASSWORD_ASSIGNMENT]\""), r.out());
        assertFalse(r.out().contains(SSM_SECRET) || TestDb.contains(fixture.gw, SSM_SECRET), r.out());
    }

    /** Without its key a plain secret is just a word: hoop refuses the shapes that would print it bare. */
    /**
     * `--debug` logs the raw answer as Python's bytes repr, every backslash doubled: the SecretString's own JSON was
     * masked only up to its first escaped quote, and the password after it was printed.
     */
    @Test
    void aSecretReadIsNotLoggedRaw() throws Exception {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "secretsmanager", "get-secret-value", "--secret-id", "prod/db", "--debug");
        assertEquals(3, r.exit(), r.err());
        assertFalse((r.out() + r.err()).contains(JSON_SECRET), r.err());
        assertTrue(r.err().contains("--debug"), r.err());
        var ssm = fixture.gw.hoop("exec", "aws-dev", "--", "ssm", "get-parameter", "--name", "/db/pw", "--with-decryption", "--debug");
        assertFalse((ssm.out() + ssm.err()).contains(SSM_SECRET), ssm.err());
    }

    /**
     * The debug log of any call prints its request and answer raw, as Python's bytes repr (every backslash doubled,
     * bytes beyond ASCII as escapes), a form masking does not read: a JSON document kept as a plain parameter's value
     * (no secret read by its name) passed its password, masked on stdout, whole on stderr.
     */
    @Test
    void noCallIsLoggedRaw() throws Exception {
        var plain = fixture.gw.hoop("exec", "aws-dev", "--", "ssm", "get-parameter", "--name", "/db/json");
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains("/db/json") && !plain.out().contains(DEBUG_SECRET), plain.out());
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "ssm", "get-parameter", "--name", "/db/json", "--debug");
        assertFalse((r.out() + r.err()).contains(DEBUG_SECRET), r.err());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("--debug"), r.err());
    }

    @Test
    void aSecretValueCannotBePrintedWithoutItsKey() throws Exception {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "secretsmanager", "get-secret-value", "--secret-id", "api",
                "--query", "SecretString", "--output", "text");
        assertEquals(3, r.exit(), r.err() + r.out());
        assertTrue(r.err().contains("--query or a non-JSON --output"), r.err());
        assertFalse(r.out().contains(PLAIN_SECRET) || r.err().contains(PLAIN_SECRET));
    }

    @Test
    void secretValuesAreMaskedAndTheirMetadataIsNot() throws Exception {
        for (List<String> args : List.of(List.of("prod/db"), List.of("api"))) {
            var r = fixture.gw.hoop("exec", "aws-dev", "--", "secretsmanager", "get-secret-value", "--secret-id", args.get(0));
            assertEquals(0, r.exit(), r.err() + r.out());
            assertTrue(r.out().contains("\"Name\": \"" + args.get(0) + "\""), r.out());
            assertTrue(r.out().contains("[PASSWORD_ASSIGNMENT]"), r.out());
            for (String secret : new String[] {JSON_SECRET, PLAIN_SECRET, "\\\"admin"}) {
                assertFalse(r.out().contains(secret) || r.err().contains(secret), secret + " leaked: " + r.out());
            }
            for (String secret : new String[] {JSON_SECRET, PLAIN_SECRET}) {
                assertFalse(TestDb.contains(fixture.gw, secret), secret + ": the recording holds no secret value");
            }
        }
    }
}
