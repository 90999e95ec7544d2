package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets AWS gives as a name/value pair, the name in a sibling field (an ECS container's environment, a
 * CloudFormation stack's parameters and outputs, its tags, a plain String parameter named .../password), read with the
 * real aws CLI through `hoop exec` in every --output and through `hoop connect`'s API proxy; and such pairs in JSON a
 * log event's message holds (JSON inside a JSON string). Before, each value reached
 * the client and the recording as it came: its own key (value, ParameterValue, Value) says nothing. ECS, SSM and
 * CloudFormation cannot run here, and s3proxy answers tagging calls NotImplemented: a small double answers as each
 * protocol does (ECS and SSM JSON 1.1, CloudFormation the query protocol's XML, S3's GetObjectTagging XML), and the CLI
 * parses and prints its answers.
 */
class AwsSecretPairsTest {
    static final String ENV_SECRET = "Env-Hunter2-Pa55";
    static final String ENV_SECRET_FIRST = "Env-Value-Before-Name-9";
    static final String PARAM_SECRET = "Stack-Db-Pa55-w0rd";
    static final String OUTPUT_SECRET = "Stack-Output-Token-77";
    static final String TAG_SECRET = "Tag-Api-Token-Value-5";
    static final String SSM_SECRET = "Plain-String-Param-Pa55";
    static final String S3_TAG_SECRET = "Object-Tag-Value-77-Zp";
    static final String SECURE_SECRET = "Decrypted-Conn-String-Zq9";
    static final String LOG_SECRET = "Logged-Env-Pa55-Xw";
    static final List<String> SECRETS = List.of(ENV_SECRET, ENV_SECRET_FIRST, PARAM_SECRET, OUTPUT_SECRET, TAG_SECRET, SSM_SECRET,
            S3_TAG_SECRET, LOG_SECRET);

    @TempDir
    Path dir;
    AwsFixture fixture;
    HttpServer aws;

    @BeforeEach
    void start() throws Exception {
        aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        aws.createContext("/", this::answer);
        aws.start();
        String endpoint = "http://127.0.0.1:" + aws.getAddress().getPort();
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.passwords(AwsFixture.endpoint(yaml, endpoint)));
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (aws != null) aws.stop(0);
    }

    private void answer(HttpExchange ex) throws java.io.IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
        if (String.valueOf(ex.getRequestURI().getRawQuery()).contains("tagging")) {
            // s3proxy answers tagging calls NotImplemented: S3's GetObjectTagging answer, one line as S3 sends it.
            reply(ex, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<TagSet><Tag><Key>team</Key><Value>payments</Value></Tag><Tag><Key>db_password</Key><Value>" + S3_TAG_SECRET
                    + "</Value></Tag></TagSet></Tagging>");
        } else if (target.endsWith("FilterLogEvents")) {
            // A service that logged its task's environment: JSON inside the JSON string of a log event's message.
            reply(ex, "application/x-amz-json-1.1", """
                    {"events":[{"logStreamName":"web/1","timestamp":1700000000000,"message":"{\\"environment\\":[{\\"name\\":\\"LOG_LEVEL\\",\\"value\\":\\"info\\"},{\\"name\\":\\"GITHUB_TOKEN\\",\\"value\\":\\"%s\\"}]}",
                     "ingestionTime":1700000000001,"eventId":"1"}],"searchedLogStreams":[]}""".formatted(LOG_SECRET));
        } else if (target.endsWith("DescribeTaskDefinition")) {
            // ECS answers with the container's fields in its own order; an entry may give its value before its name.
            reply(ex, "application/x-amz-json-1.1", """
                    {"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:3","family":"web",
                     "containerDefinitions":[{"name":"web","image":"nginx","environment":[{"name":"REGION","value":"eu-west-1"},
                     {"name":"DB_PASSWORD","value":"%s"},{"value":"%s","name":"STRIPE_API_KEY"}]}],"revision":3}}"""
                    .formatted(ENV_SECRET, ENV_SECRET_FIRST));
        } else if (target.endsWith("GetParameter") && body.contains("/app/conn")) {
            // A SecureString whose name says nothing: its Type does (get-parameter --with-decryption).
            reply(ex, "application/x-amz-json-1.1", """
                    {"Parameter":{"ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/app/conn","DataType":"text",
                     "LastModifiedDate":1.7E9,"Name":"/app/conn","Type":"SecureString","Value":"%s","Version":2}}"""
                    .formatted(SECURE_SECRET));
        } else if (target.endsWith("GetParameter")) {
            reply(ex, "application/x-amz-json-1.1", """
                    {"Parameter":{"ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password","DataType":"text",
                     "LastModifiedDate":1.7E9,"Name":"/prod/db/password","Type":"String","Value":"%s","Version":3}}"""
                    .formatted(SSM_SECRET));
        } else if (body.contains("Action=DescribeStacks")) {
            reply(ex, "text/xml", """
                    <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                      <DescribeStacksResult>
                        <Stacks>
                          <member>
                            <StackName>app</StackName>
                            <StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/app/1</StackId>
                            <StackStatus>CREATE_COMPLETE</StackStatus>
                            <CreationTime>2026-01-01T00:00:00Z</CreationTime>
                            <Parameters>
                              <member>
                                <ParameterKey>Env</ParameterKey>
                                <ParameterValue>production</ParameterValue>
                              </member>
                              <member>
                                <ParameterKey>DbPassword</ParameterKey>
                                <ParameterValue>%s</ParameterValue>
                              </member>
                            </Parameters>
                            <Outputs>
                              <member>
                                <OutputKey>WebhookToken</OutputKey>
                                <OutputValue>%s</OutputValue>
                              </member>
                            </Outputs>
                            <Tags>
                              <member><Key>team</Key><Value>payments</Value></member>
                              <member><Value>%s</Value><Key>api_token</Key></member>
                            </Tags>
                          </member>
                        </Stacks>
                      </DescribeStacksResult>
                      <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
                    </DescribeStacksResponse>""".formatted(PARAM_SECRET, OUTPUT_SECRET, TAG_SECRET));
        } else {
            byte[] b = "{\"__type\":\"InvalidAction\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(400, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        }
    }

    private static void reply(HttpExchange ex, String type, String text) throws java.io.IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    static final List<List<String>> CALLS = List.of(
            List.of("ecs", "describe-task-definition", "--task-definition", "web"),
            List.of("ssm", "get-parameter", "--name", "/prod/db/password"),
            List.of("cloudformation", "describe-stacks", "--stack-name", "app"),
            List.of("s3api", "get-object-tagging", "--bucket", "dev-bucket", "--key", "a.txt"),
            List.of("logs", "filter-log-events", "--log-group-name", "web"));

    /** Each output the CLI has: the values are masked, their names and the non-secret pairs are not. */
    @ParameterizedTest
    @ValueSource(strings = {"json", "text", "table", "yaml", "yaml-stream"})
    void execMasksPairedSecretsInEveryOutput(String output) throws Exception {
        StringBuilder all = new StringBuilder();
        for (List<String> call : CALLS) {
            List<String> args = new ArrayList<>(List.of("exec", "aws-dev", "--"));
            args.addAll(call);
            args.addAll(List.of("--output", output));
            var r = fixture.gw.hoop(args.toArray(String[]::new));
            assertEquals(0, r.exit(), output + " " + call + ": " + r.err() + r.out());
            all.append(r.out()).append(r.err());
        }
        String out = all.toString();
        for (String secret : SECRETS) {
            assertFalse(out.contains(secret), output + ": " + secret + " leaked:\n" + out);
        }
        assertTrue(out.contains("[PASSWORD_ASSIGNMENT]"), out);
        for (String readable : List.of("DB_PASSWORD", "STRIPE_API_KEY", "DbPassword", "WebhookToken", "api_token", "/prod/db/password",
                "db_password", "GITHUB_TOKEN", "LOG_LEVEL", "eu-west-1", "production", "payments")) {
            assertTrue(out.contains(readable), output + ": " + readable + " should stay readable:\n" + out);
        }
        for (String secret : SECRETS) assertFalse(TestDb.contains(fixture.gw, secret), secret + " in the recording");
    }

    /**
     * A decrypted SecureString is masked by the Type beside its Value: before, only the JSON output was (the Type had
     * to be written right before the Value, quoted); text, table and YAML printed it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"text", "table", "yaml"})
    void execMasksADecryptedSecureStringInEveryOutput(String output) throws Exception {
        var r = fixture.gw.hoop("exec", "aws-dev", "--", "ssm", "get-parameter", "--name", "/app/conn", "--with-decryption", "--output", output);
        assertEquals(0, r.exit(), r.err() + r.out());
        assertFalse(r.out().contains(SECURE_SECRET) || r.err().contains(SECURE_SECRET), r.out());
        assertTrue(r.out().contains("/app/conn") && r.out().contains("SecureString") && r.out().contains("[PASSWORD_ASSIGNMENT]"), r.out());
        assertFalse(TestDb.contains(fixture.gw, SECURE_SECRET), "the recording");
    }

    /** The API proxy masks the answers themselves, JSON and XML: the CLI parses and prints what hoop sent. */
    @Test
    void proxyMasksPairedSecretsInJsonAndXmlAnswers() throws Exception {
        Map<String, String> env = AwsFixture.env(fixture.connect());
        StringBuilder all = new StringBuilder();
        for (List<String> call : CALLS) {
            var r = AwsProxyEndToEndTest.aws(dir, env, call.toArray(String[]::new));
            assertEquals(0, r.exit(), call + ": " + r.err() + r.out());
            all.append(r.out()).append(r.err());
        }
        String out = all.toString();
        for (String secret : SECRETS) assertFalse(out.contains(secret), secret + " leaked:\n" + out);
        assertTrue(out.contains("\"ParameterValue\": \"[PASSWORD_ASSIGNMENT]\"") && out.contains("\"ParameterValue\": \"production\""), out);
        assertTrue(out.contains("\"name\": \"DB_PASSWORD\"") && out.contains("\"value\": \"eu-west-1\""), out);
        for (String secret : SECRETS) assertFalse(TestDb.contains(fixture.gw, secret), secret + " in the recording");
    }
}
