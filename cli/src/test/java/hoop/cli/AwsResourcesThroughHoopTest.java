package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules on the resources of non-S3 calls, end to end with the real aws CLI: through the API proxy (`hoop connect`)
 * and through `hoop exec`. Secrets Manager, Parameter Store, DynamoDB and Lambda cannot run here: a small double
 * answers them (JSON protocol by X-Amz-Target, Lambda's REST-JSON by path) and records every call that reached
 * it, so a denied call is shown never to have left hoop. Before, every rule below matched nothing (only S3 calls
 * had resources) and each call was allowed.
 */
class AwsResourcesThroughHoopTest {
    static final String RULES_SECRET = "- { name: prod-secrets, action: deny, match: { operation: [\"secretsmanager:GetSecretValue\", \"secretsmanager:BatchGetSecretValue\"], "
            + "resource: [\"arn:aws:secretsmanager:*:*:secret:prod/*\"] }, message: \"production secrets stay with people\" }";

    @TempDir
    Path dir;
    AwsFixture fixture;
    HttpServer upstream;
    /** What reached the double: "TARGET BODY" or "METHOD PATH". */
    final List<String> reached = new CopyOnWriteArrayList<>();
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // What an option spelled as this URL holds, for aws CLI 1, which fetches it (cli_follow_urlparam).
        upstream.createContext("/fetched", ex -> {
            byte[] b = "prod/db".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        upstream.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            reached.add(target != null ? target + " " + body : ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
            String reply = target == null ? "{\"ok\":true}" : switch (target.substring(target.indexOf('.') + 1)) {
                case "GetSecretValue" -> "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db-AbCdEf\",\"Name\":\"dev/db\",\"SecretString\":\"s\"}";
                case "GetParameter" -> "{\"Parameter\":{\"Name\":\"/staging/a\",\"Type\":\"String\",\"Value\":\"v\",\"Version\":1}}";
                case "GetParameters" -> "{\"Parameters\":[],\"InvalidParameters\":[]}";
                case "DeleteTable" -> "{\"TableDescription\":{\"TableName\":\"t\",\"TableStatus\":\"DELETING\"}}";
                case "BatchWriteItem" -> "{\"UnprocessedItems\":{}}";
                default -> "{}";
            };
            byte[] b = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", target == null ? "application/json" : "application/x-amz-json-1.1");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        upstream.start();
        String endpoint = "http://127.0.0.1:" + upstream.getAddress().getPort();
        var rules = AwsFixture.rulesBeforeProd(RULES_SECRET,
                "- { name: prod-params, action: deny, match: { operation: [\"ssm:GetParameter*\"], resource: [\"arn:aws:ssm:us-east-1:123456789012:parameter/prod/*\"] }, message: \"production parameters stay with people\" }",
                "- { name: prod-tables, action: deny, match: { operation: [\"dynamodb:DeleteTable\", \"dynamodb:BatchWriteItem\"], resource: [\"arn:aws:dynamodb:*:*:table/prod-*\"] }, message: \"production tables stay\" }",
                "- { name: prod-fn, action: deny, match: { operation: [\"lambda:InvokeFunction\"], resource: [\"arn:aws:lambda:*:*:function:prod-*\"] }, message: \"production functions are not invoked\" }");
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(rules.apply(yaml), endpoint));
        env = AwsFixture.env(fixture.connect());
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (upstream != null) upstream.stop(0);
    }

    private AwsProxyEndToEndTest.Proc proxy(String... args) throws Exception {
        return AwsProxyEndToEndTest.aws(dir, env, args);
    }

    /**
     * Refused by hoop as the service would refuse it: botocore parsed the error (AccessDenied, from the
     * x-amzn-query-error header, or AccessDeniedException) and prints the rule's message.
     */
    private void deniedNatively(AwsProxyEndToEndTest.Proc p, String message) {
        assertEquals(254, p.exit(), p.err() + p.out());
        assertTrue(p.err().contains("An error occurred (AccessDenied") && p.err().contains(message), p.err());
    }

    private boolean reached(String what) {
        return reached.stream().anyMatch(r -> r.contains(what));
    }

    @Test
    void theProxyDeniesByResourceWithNativeErrorsAndForwardsTheRest() throws Exception {
        deniedNatively(proxy("secretsmanager", "get-secret-value", "--secret-id", "prod/db"), "production secrets stay with people");
        deniedNatively(proxy("secretsmanager", "get-secret-value", "--secret-id", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"),
                "production secrets stay with people");
        deniedNatively(proxy("ssm", "get-parameters", "--names", "/staging/a", "/prod/b"), "production parameters stay with people");
        deniedNatively(proxy("ssm", "get-parameter", "--name", "prod/b"), "production parameters stay with people");
        deniedNatively(proxy("dynamodb", "delete-table", "--table-name", "prod-orders"), "production tables stay");
        deniedNatively(proxy("dynamodb", "batch-write-item", "--request-items",
                "{\"dev-a\":[{\"DeleteRequest\":{\"Key\":{\"k\":{\"S\":\"1\"}}}}],\"prod-orders\":[{\"DeleteRequest\":{\"Key\":{\"k\":{\"S\":\"1\"}}}}]}"),
                "production tables stay");
        deniedNatively(proxy("lambda", "invoke", "--function-name", "prod-api", dir.resolve("out1.json").toString()), "production functions are not invoked");
        deniedNatively(proxy("lambda", "invoke", "--function-name", "123456789012:function:prod-api:live", dir.resolve("out2.json").toString()),
                "production functions are not invoked");
        assertFalse(reached("prod"), "no denied call reached the service: " + reached);

        for (List<String> ok : List.of(List.of("secretsmanager", "get-secret-value", "--secret-id", "dev/db"),
                List.of("ssm", "get-parameter", "--name", "/staging/a"), List.of("dynamodb", "delete-table", "--table-name", "dev-orders"),
                List.of("lambda", "invoke", "--function-name", "dev-api", dir.resolve("out3.json").toString()))) {
            var p = proxy(ok.toArray(String[]::new));
            assertEquals(0, p.exit(), ok + ": " + p.err() + p.out());
        }
        assertTrue(reached("secretsmanager.GetSecretValue {\"SecretId\": \"dev/db\"}") && reached("AmazonSSM.GetParameter ")
                && reached("DynamoDB_20120810.DeleteTable") && reached("POST /2015-03-31/functions/dev-api/invocations"), reached.toString());
        assertEquals("{\"ok\":true}", Files.readString(dir.resolve("out3.json")).strip());
    }

    /** Hand-signed bodies a lenient reader would judge by one value and the service act on another: refused before judging. */
    @Test
    void ambiguousBodiesAreRefusedInTheirProtocolsShape() throws Exception {
        String twice = AwsEvasionTest.send(env, "secretsmanager", "POST", "/", "", Map.of("x-amz-target", "secretsmanager.GetSecretValue",
                "content-type", "application/x-amz-json-1.1"), "{\"SecretId\":\"dev/db\",\"SecretId\":\"prod/db\"}".getBytes(StandardCharsets.UTF_8),
                Instant.now());
        assertTrue(twice.startsWith("HTTP/1.1 400") && twice.contains("SerializationException") && twice.contains("given twice"), twice);
        String folded = AwsEvasionTest.send(env, "secretsmanager", "POST", "/", "", Map.of("x-amz-target", "secretsmanager.GetSecretValue",
                "content-type", "application/x-amz-json-1.1"), "{\"secretid\":\"prod/db\",\"SecretId\":\"dev/db\"}".getBytes(StandardCharsets.UTF_8),
                Instant.now());
        assertTrue(folded.startsWith("HTTP/1.1 400") && folded.contains("SerializationException"), folded);
        // No SecretId hoop can read: the secret could be any, so the rule on prod/* applies.
        String none = AwsEvasionTest.send(env, "secretsmanager", "POST", "/", "", Map.of("x-amz-target", "secretsmanager.GetSecretValue",
                "content-type", "application/x-amz-json-1.1"), "{\"secretId\":\"prod/db\"}".getBytes(StandardCharsets.UTF_8), Instant.now());
        assertTrue(none.startsWith("HTTP/1.1 400") && none.contains("AccessDeniedException") && none.contains("production secrets"), none);
        String form = AwsEvasionTest.send(env, "ssm", "POST", "/", "", Map.of("x-amz-target", "AmazonSSM.GetParameters",
                "content-type", "application/x-amz-json-1.1"), "{\"Names\":[\"/staging/a\"],\"Names\":[\"/prod/b\"]}".getBytes(StandardCharsets.UTF_8),
                Instant.now());
        assertTrue(form.startsWith("HTTP/1.1 400") && form.contains("SerializationException"), form);
        assertFalse(reached("prod"), "nothing ambiguous reached the service: " + reached);
    }

    @Test
    void execJudgesTheCliOptionsByTheSameTable() throws Exception {
        var denied = fixture.gw.hoop("exec", "aws-dev", "--", "secretsmanager", "get-secret-value", "--secret-id", "prod/db");
        assertEquals(3, denied.exit(), denied.err() + denied.out());
        assertTrue(denied.err().contains("denied by aws-guard.prod-secrets"), denied.err());
        // argparse's readings: --secret is --secret-id, --name is --names (get-parameters), the last of two is used.
        for (List<String> words : List.of(List.of("secretsmanager", "get-secret-value", "--secret", "prod/db"),
                List.of("secretsmanager", "get-secret-value", "--secret-id", "prod/db", "--secret-id", "dev/db"),
                List.of("ssm", "get-parameters", "--name", "/staging/a", "/prod/b"),
                List.of("lambda", "invoke", "--function-name", "arn:aws:lambda:us-east-1:123456789012:function:prod-api", dir.resolve("o.json").toString()),
                List.of("dynamodb", "delete-table", "--table-name", "arn:aws:dynamodb:us-east-1:123456789012:table/prod-orders"))) {
            List<String> argv = new java.util.ArrayList<>(List.of("exec", "aws-dev", "--"));
            argv.addAll(words);
            var r = fixture.gw.hoop(argv.toArray(String[]::new));
            assertEquals(3, r.exit(), words + ": " + r.err() + r.out());
        }
        assertFalse(reached("prod"), "no denied call reached the service: " + reached);
        var ok = fixture.gw.hoop("exec", "aws-dev", "--", "secretsmanager", "get-secret-value", "--secret-id", "dev/db");
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        var params = fixture.gw.hoop("exec", "aws-dev", "--", "ssm", "get-parameters", "--names", "/staging/a", "/staging/b");
        assertEquals(0, params.exit(), params.err() + params.out());
        assertTrue(reached("{\"SecretId\": \"dev/db\"}") && reached("{\"Names\": [\"/staging/a\", \"/staging/b\"]}"), reached.toString());
    }

    /**
     * JSON the aws CLI reads (Python's json: a key given twice keeps the last; attribute names differing in case are
     * two attributes) and hoop's reader refused: through exec the call was judged on no table and reached the
     * service; through the proxy a valid item was refused as malformed.
     */
    @Test
    void jsonTheCliReadsIsJudgedOnItsTables() throws Exception {
        String delete = "[{\"DeleteRequest\":{\"Key\":{\"k\":{\"S\":\"1\"}}}}]";
        String twoCases = "{\"id\":{\"S\":\"1\"},\"ID\":{\"S\":\"2\"}}";
        for (String items : List.of("{\"prod-orders\":" + delete + ",\"prod-orders\":" + delete + "}",
                "{\"prod-orders\":[{\"PutRequest\":{\"Item\":" + twoCases + "}}]}")) {
            var r = fixture.gw.hoop("exec", "aws-dev", "--", "dynamodb", "batch-write-item", "--request-items", items);
            assertEquals(3, r.exit(), items + ": " + r.err() + r.out());
        }
        assertFalse(reached("prod"), "no denied call reached the service: " + reached);
        var item = proxy("dynamodb", "put-item", "--table-name", "dev-orders", "--item", twoCases);
        assertEquals(0, item.exit(), item.err() + item.out());
        var batch = fixture.gw.hoop("exec", "aws-dev", "--", "dynamodb", "batch-write-item", "--request-items",
                "{\"dev-orders\":[{\"PutRequest\":{\"Item\":" + twoCases + "}}]}");
        assertEquals(0, batch.exit(), batch.err() + batch.out());
        assertTrue(reached("DynamoDB_20120810.PutItem {\"TableName\": \"dev-orders\"") && reached("DynamoDB_20120810.BatchWriteItem"), reached.toString());
    }

    /**
     * The CLI's own readings of a resource option: aws CLI 1 fetches a value spelled http:// (the SecretId sent was
     * the page's "prod/db", judged as the URL), and argparse reads --secret-id as --secret-id-list where the call
     * has only the list (prod/db, the second word, was judged as no secret).
     */
    @Test
    void execJudgesWhatTheCliWillSend() throws Exception {
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/fetched";
        for (List<String> words : List.of(List.of("secretsmanager", "get-secret-value", "--secret-id", url),
                List.of("secretsmanager", "batch-get-secret-value", "--secret-id", "dev/db", "prod/db"))) {
            List<String> argv = new java.util.ArrayList<>(List.of("exec", "aws-dev", "--"));
            argv.addAll(words);
            var r = fixture.gw.hoop(argv.toArray(String[]::new));
            assertEquals(3, r.exit(), words + ": " + r.err() + r.out());
        }
        assertFalse(reached("prod") || reached("fetched"), "no denied call reached the service: " + reached);
    }
}
