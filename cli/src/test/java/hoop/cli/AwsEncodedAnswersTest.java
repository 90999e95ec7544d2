package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS answers whose values the client decodes before anyone reads them, through `hoop connect` (the real aws CLI
 * at hoop's API proxy) and `hoop exec`: base64 blobs (SecretBinary, a DynamoDB B value, Lambda's log tail in the
 * X-Amz-Log-Result header), JSON escapes and XML character references or CDATA (in answers and in error bodies),
 * and credentials AWS hands out (STS, ECR), which every aws connection masks whatever its rules name. Secrets
 * Manager, DynamoDB, Lambda, SQS's query API, STS and ECR cannot run here: a small double answers as each
 * protocol does, and the CLI parses and prints its answers. Before, each value reached the client as it came.
 */
class AwsEncodedAnswersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EMAIL = "ops@example.com";
    static final String TOKEN = "IQoJb3JpZ2luX2VjEHoopSessionTokenNotForAgents0123456789";
    static final String URL_SIGNATURE = "9f1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";
    static final String SSO_TOKEN = "aoaAAAAAGhoopOpaqueSsoAccessTokenNotForAgents0123";
    static final String ECR_TOKEN = Base64.getEncoder().encodeToString("AWS:ecr-registry-password-0123456789".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    AwsFixture fixture;
    HttpServer aws;
    Map<String, String> env;

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() throws Exception {
        aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        aws.createContext("/", this::answer);
        aws.start();
        String endpoint = "http://127.0.0.1:" + aws.getAddress().getPort();
        // Admin calls (STS, ECR tokens) are allowed here: what they answer is what is under test.
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, endpoint)
                .replaceFirst("(?m)^\\s+- \\{ name: no-iam,.*\\n", ""));
        env = AwsFixture.env(fixture.connect());
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (aws != null) aws.stop(0);
    }

    private void answer(HttpExchange ex) throws java.io.IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
        String path = ex.getRequestURI().getPath();
        if (path.endsWith("/functions/greeter") && ex.getRequestMethod().equals("GET")) {
            // GetFunction hands out its code as an S3 URL presigned with a Lambda role's temporary credential.
            reply(ex, 200, "application/json", """
                    {"Configuration":{"FunctionName":"greeter","Runtime":"python3.12"},"Code":{"RepositoryType":"S3",
                     "Location":"https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/123/greeter-1a2b?versionId=v1&X-Amz-Security-Token=%s&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261129T090000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=600&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%%2F20261129%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Signature=%s"}}"""
                    .formatted(TOKEN, URL_SIGNATURE));
            return;
        }
        if (path.endsWith("/invocations")) {
            ex.getResponseHeaders().set("X-Amz-Log-Result", b64("START RequestId: 42\nuser " + EMAIL + " logged in\nEND RequestId: 42\n"));
            ex.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
            reply(ex, 200, "application/json", "{\"greeting\":\"hello ops\\u0040example.com\"}");
        } else if (target.endsWith("GetSecretValue")) {
            reply(ex, 200, "application/x-amz-json-1.1", """
                    {"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:bin-AbCdEf","Name":"bin","VersionId":"v1",
                     "SecretBinary":"%s","VersionStages":["AWSCURRENT"]}""".formatted(b64("{\"contact\":\"" + EMAIL + "\"}")));
        } else if (target.endsWith("DescribeSecret") && body.contains("missing")) {
            reply(ex, 400, "application/x-amz-json-1.1",
                    "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no secret belongs to ops\\u0040example.com\"}");
        } else if (target.endsWith("DescribeSecret")) {
            reply(ex, 200, "application/x-amz-json-1.1", """
                    {"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:bin-AbCdEf","Name":"bin",
                     "Description":"owner ops\\u0040example.com"}""");
        } else if (target.endsWith("GetItem")) {
            // DynamoDB signs every answer with the CRC32 of its body, which botocore checks (and retries, then fails).
            // A long attribute first, so the blob and an escaped address arrive split over several reads of the answer.
            String pad = "x".repeat(8170) + " ops\\u0040example.com " + "y".repeat(90_000);
            String item = "{\"Item\":{\"id\":{\"S\":\"1\"},\"pad\":{\"S\":\"%s\"},\"doc\":{\"B\":\"%s\"}}}"
                    .formatted(pad, b64("written by " + EMAIL));
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(item.getBytes(StandardCharsets.UTF_8));
            ex.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
            reply(ex, 200, "application/x-amz-json-1.0", item);
        } else if (target.endsWith("GetRecords")) {
            // A CloudWatch Logs subscription record as Kinesis delivers it: gzip, then base64 in the JSON answer.
            var buf = new java.io.ByteArrayOutputStream();
            try (var z = new java.util.zip.GZIPOutputStream(buf)) {
                z.write(("{\"logEvents\":[{\"message\":\"login " + EMAIL + "\"}]}").getBytes(StandardCharsets.UTF_8));
            }
            reply(ex, 200, "application/x-amz-json-1.1", """
                    {"Records":[{"SequenceNumber":"1","Data":"%s","PartitionKey":"p"}],"MillisBehindLatest":0}"""
                    .formatted(Base64.getEncoder().encodeToString(buf.toByteArray())));
        } else if (target.endsWith("GetAuthorizationToken")) {
            reply(ex, 200, "application/x-amz-json-1.1", """
                    {"authorizationData":[{"authorizationToken":"%s","expiresAt":1.7E9,
                     "proxyEndpoint":"https://123456789012.dkr.ecr.us-east-1.amazonaws.com"}]}""".formatted(ECR_TOKEN));
        } else if (path.equals("/token")) {
            reply(ex, 200, "application/json", "{\"accessToken\":\"%s\",\"tokenType\":\"Bearer\",\"expiresIn\":28800,\"refreshToken\":\"%s\"}"
                    .formatted(SSO_TOKEN, SSO_TOKEN + "-refresh"));
        } else if (target.endsWith("AdminInitiateAuth")) {
            reply(ex, 200, "application/x-amz-json-1.1", """
                    {"AuthenticationResult":{"AccessToken":"%s","ExpiresIn":3600,"TokenType":"Bearer",
                     "RefreshToken":"%s","IdToken":"%s"},"ChallengeParameters":{}}""".formatted(SSO_TOKEN, SSO_TOKEN + "-refresh", SSO_TOKEN + "-id"));
        } else if (body.contains("Action=GetSessionToken")) {
            reply(ex, 200, "text/xml", """
                    <GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                      <GetSessionTokenResult>
                        <Credentials>
                          <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
                          <SecretAccessKey>short-secret-x</SecretAccessKey>
                          <SessionToken>%s</SessionToken>
                          <Expiration>2030-01-01T00:00:00Z</Expiration>
                        </Credentials>
                      </GetSessionTokenResult>
                      <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
                    </GetSessionTokenResponse>""".formatted(TOKEN));
        } else if (body.contains("Action=GetRolePolicy")) {
            // IAM answers policy documents percent-encoded; the CLI decodes and prints them as JSON.
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                    + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/owner\":\"" + EMAIL + "\"}}}]}";
            reply(ex, 200, "text/xml", """
                    <GetRolePolicyResponse><GetRolePolicyResult><PolicyName>p</PolicyName><RoleName>agent</RoleName>
                    <PolicyDocument>%s</PolicyDocument></GetRolePolicyResult>
                    <ResponseMetadata><RequestId>r-4</RequestId></ResponseMetadata></GetRolePolicyResponse>"""
                    .formatted(java.net.URLEncoder.encode(policy, StandardCharsets.UTF_8)));
        } else if (body.contains("Action=GetQueueAttributes") && body.contains("missing")) {
            reply(ex, 400, "text/xml", """
                    <ErrorResponse><Error><Type>Sender</Type><Code>InvalidAddress</Code>
                    <Message>no queue for ops&#64;example.com</Message></Error><RequestId>r-2</RequestId></ErrorResponse>""");
        } else if (body.contains("Action=GetQueueAttributes")) {
            reply(ex, 200, "text/xml", """
                    <GetQueueAttributesResponse><GetQueueAttributesResult>
                    <Attribute><Name>Policy</Name><Value>{"Sid":"ops&#x40;example&#46;com"}</Value></Attribute>
                    <Attribute><Name>RedrivePolicy</Name><Value>dlq of ops<![CDATA[@]]>example.com</Value></Attribute>
                    </GetQueueAttributesResult><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata>
                    </GetQueueAttributesResponse>""");
        } else {
            reply(ex, 400, "application/x-amz-json-1.1", "{\"__type\":\"InvalidAction\",\"message\":\"" + target + "\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String text) throws java.io.IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private AwsProxyEndToEndTest.Proc aws(String... args) throws Exception {
        return AwsProxyEndToEndTest.aws(dir, env, args);
    }

    private void noEmail(String where, String... texts) throws Exception {
        for (String t : texts) assertFalse(t.contains(EMAIL), where + ": " + t);
    }

    /** The CLI prints blobs as base64: what they decode to is masked, and they still decode. */
    @Test
    void base64BlobsAreMaskedAsWhatTheyDecodeTo() throws Exception {
        var secret = aws("secretsmanager", "get-secret-value", "--secret-id", "bin");
        assertEquals(0, secret.exit(), secret.err());
        assertEquals("{\"contact\":\"[EMAIL]\"}", unb64(JSON.readTree(secret.out()).path("SecretBinary").asText()), secret.out());

        var item = aws("dynamodb", "get-item", "--table-name", "docs", "--key", "{\"id\":{\"S\":\"1\"}}");
        assertEquals(0, item.exit(), item.err());
        assertEquals("written by [EMAIL]", unb64(JSON.readTree(item.out()).path("Item").path("doc").path("B").asText()), item.out());
        assertTrue(JSON.readTree(item.out()).path("Item").path("pad").path("S").asText().contains(" [EMAIL] "));
        noEmail("get-item", item.out());

        var records = aws("kinesis", "get-records", "--shard-iterator", "it-1");
        assertEquals(0, records.exit(), records.err());
        byte[] gz = Base64.getDecoder().decode(JSON.readTree(records.out()).path("Records").path(0).path("Data").asText());
        try (var z = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            assertEquals("{\"logEvents\":[{\"message\":\"login [EMAIL]\"}]}", new String(z.readAllBytes(), StandardCharsets.UTF_8));
        }

        // DynamoDB's x-amz-crc32 of the unmasked answer would confirm guesses of what was masked; it is not sent.
        var raw = AwsProxyEndToEndTest.run(dir, env, java.util.List.of("curl", "-sS", "-i", "--aws-sigv4", "aws:amz:us-east-1:dynamodb",
                "--user", env.get("AWS_ACCESS_KEY_ID") + ":" + env.get("AWS_SECRET_ACCESS_KEY"),
                "-H", "X-Amz-Target: DynamoDB_20120810.GetItem", "-H", "Content-Type: application/x-amz-json-1.0",
                "--data-raw", "{\"TableName\":\"docs\",\"Key\":{\"id\":{\"S\":\"1\"}}}", env.get("AWS_ENDPOINT_URL") + "/"));
        assertEquals(0, raw.exit(), raw.err());
        assertTrue(raw.out().startsWith("HTTP/1.1 200"), raw.out());
        assertFalse(raw.out().toLowerCase(java.util.Locale.ROOT).contains("x-amz-crc32"), raw.out());

        Path out = dir.resolve("payload.json");
        var invoke = aws("lambda", "invoke", "--function-name", "greeter", "--log-type", "Tail", out.toString());
        assertEquals(0, invoke.exit(), invoke.err());
        String log = unb64(JSON.readTree(invoke.out()).path("LogResult").asText());
        assertTrue(log.contains("user [EMAIL] logged in"), log);
        JsonNode payload = JSON.readTree(Files.readString(out));
        assertEquals("hello [EMAIL]", payload.path("greeting").asText(), "the payload's JSON escape was read as '@'");

        var exec = fixture.gw.hoop("exec", "aws-dev", "--", "secretsmanager", "get-secret-value", "--secret-id", "bin");
        assertEquals(0, exec.exit(), exec.err());
        assertEquals("{\"contact\":\"[EMAIL]\"}", unb64(JSON.readTree(exec.out()).path("SecretBinary").asText()), exec.out());
        assertFalse(TestDb.contains(fixture.gw, b64("{\"contact\":\"" + EMAIL + "\"}")), "the recording holds the masked blob");
    }

    /** JSON's \u0040 and XML's &#64;, &#x40; and CDATA are '@' to the client's parser, in answers and in errors. */
    @Test
    void escapedCharactersAreMaskedAsTheClientReadsThem() throws Exception {
        var describe = aws("secretsmanager", "describe-secret", "--secret-id", "bin");
        assertEquals(0, describe.exit(), describe.err());
        assertEquals("owner [EMAIL]", JSON.readTree(describe.out()).path("Description").asText(), describe.out());

        String queue = "http://127.0.0.1:1/000000000000/jobs";
        var attrs = aws("sqs", "get-queue-attributes", "--queue-url", queue, "--attribute-names", "All");
        assertEquals(0, attrs.exit(), attrs.err());
        JsonNode a = JSON.readTree(attrs.out()).path("Attributes");
        assertEquals("{\"Sid\":\"[EMAIL]\"}", a.path("Policy").asText(), attrs.out());
        assertEquals("dlq of [EMAIL]", a.path("RedrivePolicy").asText(), attrs.out());

        var role = aws("iam", "get-role-policy", "--role-name", "agent", "--policy-name", "p");
        assertEquals(0, role.exit(), role.err());
        JsonNode condition = JSON.readTree(role.out()).path("PolicyDocument").path("Statement").path(0).path("Condition");
        assertEquals("[EMAIL]", condition.path("StringEquals").path("aws:PrincipalTag/owner").asText(), role.out());
        noEmail("iam", role.out());

        var jsonError = aws("secretsmanager", "describe-secret", "--secret-id", "missing");
        assertEquals(254, jsonError.exit(), jsonError.err());
        assertTrue(jsonError.err().contains("ResourceNotFoundException") && jsonError.err().contains("[EMAIL]"), jsonError.err());
        var xmlError = aws("sqs", "get-queue-attributes", "--queue-url", queue.replace("jobs", "missing"));
        assertNotEquals(0, xmlError.exit(), xmlError.err());
        assertTrue(xmlError.err().contains("InvalidAddress") && xmlError.err().contains("[EMAIL]"), xmlError.err());
        noEmail("escapes", describe.out(), attrs.out(), jsonError.err(), xmlError.err());
    }

    /**
     * A credential AWS issues would let the client act around hoop: its secret and token are masked on every aws
     * connection, though this one's rules name no detector for them; printed bare (--output text) they would be
     * just words, so exec refuses that shape.
     */
    @Test
    void credentialsInAnswersAreMaskedWhateverTheRulesName() throws Exception {
        var sts = aws("sts", "get-session-token");
        assertEquals(0, sts.exit(), sts.err());
        JsonNode creds = JSON.readTree(sts.out()).path("Credentials");
        assertEquals("[AWS_CREDENTIAL]", creds.path("SessionToken").asText(), sts.out());
        assertEquals("[AWS_CREDENTIAL]", creds.path("SecretAccessKey").asText(), sts.out());

        var ecr = aws("ecr", "get-authorization-token");
        assertEquals(0, ecr.exit(), ecr.err());
        assertEquals("[AWS_CREDENTIAL]", JSON.readTree(ecr.out()).path("authorizationData").path(0).path("authorizationToken").asText(), ecr.out());

        // An SSO or Cognito token (bearer tokens to get role credentials or call APIs with) is masked too.
        var cognito = aws("cognito-idp", "admin-initiate-auth", "--user-pool-id", "us-east-1_pool", "--client-id", "app",
                "--auth-flow", "ADMIN_USER_PASSWORD_AUTH", "--auth-parameters", "USERNAME=u,PASSWORD=p");
        assertEquals(0, cognito.exit(), cognito.err());
        JsonNode auth = JSON.readTree(cognito.out()).path("AuthenticationResult");
        for (String k : new String[] {"AccessToken", "RefreshToken", "IdToken"}) assertEquals("[AWS_CREDENTIAL]", auth.path(k).asText(), cognito.out());
        var sso = fixture.gw.hoop("exec", "aws-dev", "--", "sso-oidc", "create-token", "--client-id", "c", "--client-secret", "s",
                "--grant-type", "refresh_token", "--refresh-token", "r");
        assertEquals(0, sso.exit(), sso.err());
        assertEquals("[AWS_CREDENTIAL]", JSON.readTree(sso.out()).path("accessToken").asText(), sso.out());
        assertFalse(sso.out().contains(SSO_TOKEN) || cognito.out().contains(SSO_TOKEN), sso.out() + cognito.out());

        // A presigned URL in an answer (GetFunction's code) is a bearer credential: its signature and token go.
        var function = aws("lambda", "get-function", "--function-name", "greeter");
        assertEquals(0, function.exit(), function.err());
        String location = JSON.readTree(function.out()).path("Code").path("Location").asText();
        assertTrue(location.contains("X-Amz-Signature=[AWS_CREDENTIAL]") && location.contains("X-Amz-Security-Token=[AWS_CREDENTIAL]"), location);
        assertTrue(location.contains("X-Amz-Expires=600"), location);
        var execFunction = fixture.gw.hoop("exec", "aws-dev", "--", "lambda", "get-function", "--function-name", "greeter");
        assertEquals(0, execFunction.exit(), execFunction.err());
        assertTrue(execFunction.out().contains("X-Amz-Signature=[AWS_CREDENTIAL]"), execFunction.out());
        assertFalse(function.out().contains(URL_SIGNATURE) || execFunction.out().contains(URL_SIGNATURE) || execFunction.out().contains(TOKEN));

        // eks get-token prints a bearer token (a presigned STS URL) under "token"; YAML would print one without quotes.
        var eks = fixture.gw.hoop("exec", "aws-dev", "--", "eks", "get-token", "--cluster-name", "dev");
        assertEquals(0, eks.exit(), eks.err());
        String eksToken = JSON.readTree(eks.out()).path("status").path("token").asText();
        assertEquals("[AWS_CREDENTIAL]", eksToken, eks.out());
        var yaml = fixture.gw.hoop("exec", "aws-dev", "--", "sso-oidc", "create-token", "--client-id", "c", "--client-secret", "s",
                "--grant-type", "refresh_token", "--refresh-token", "r", "--output", "yaml");
        assertEquals(3, yaml.exit(), yaml.err() + yaml.out());
        assertFalse(yaml.out().contains(SSO_TOKEN), yaml.out());

        var exec = fixture.gw.hoop("exec", "aws-dev", "--", "sts", "get-session-token");
        assertEquals(0, exec.exit(), exec.err());
        assertEquals("[AWS_CREDENTIAL]", JSON.readTree(exec.out()).path("Credentials").path("SessionToken").asText(), exec.out());
        var bare = fixture.gw.hoop("exec", "aws-dev", "--", "sts", "get-session-token", "--output", "text");
        assertEquals(3, bare.exit(), bare.err() + bare.out());
        // The session's own JIT credential, exported by the CLI (already masked before: a literal of the session).
        var export = fixture.gw.hoop("exec", "aws-dev", "--", "configure", "export-credentials");
        assertEquals(0, export.exit(), export.err());
        JsonNode exported = JSON.readTree(export.out());
        assertFalse(exported.path("SecretAccessKey").asText().equals(S3Server.SECRET_KEY)
                || exported.path("SessionToken").asText().equals(fixture.sts.sessionToken), export.out());
        for (String s : new String[] {TOKEN, "short-secret-x", ECR_TOKEN, SSO_TOKEN, URL_SIGNATURE}) {
            assertFalse(sts.out().contains(s) || ecr.out().contains(s) || exec.out().contains(s) || bare.out().contains(s), s);
            assertFalse(TestDb.contains(fixture.gw, s), s + " in the recording");
        }
    }
}
