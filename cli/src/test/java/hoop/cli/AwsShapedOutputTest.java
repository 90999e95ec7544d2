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

/**
 * The aws CLI's --query picks a value out without the key masking finds it by, and --output text prints a map's values
 * without their keys: `lambda get-function-configuration --query Environment.Variables.DB_PASSWORD --output text`
 * printed the password through `hoop exec`. hoop now runs the CLI with --output json, masks that, and applies the query
 * and the text format itself. Lambda and ECS cannot run here: a small double answers as each protocol does (Lambda's
 * REST JSON, ECS's JSON 1.1), and the real CLI calls it, directly and through hoop.
 */
class AwsShapedOutputTest {
    static final String SECRET = "Lambda-Db-Pa55-Qz7";
    static final String ENV_SECRET = "Ecs-Env-Hunter2-Zx";

    @TempDir
    Path dir;
    AwsFixture fixture;
    HttpServer aws;
    String endpoint;

    private void answer(HttpExchange ex) throws java.io.IOException {
        ex.getRequestBody().readAllBytes();
        String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
        String path = ex.getRequestURI().getRawPath();
        String body;
        if (path.endsWith("/functions/f/configuration")) {
            body = """
                    {"FunctionName":"f","Runtime":"python3.12","MemorySize":128,"Timeout":3.5,"TracingConfig":{"Mode":"PassThrough"},
                     "Layers":[],"Architectures":["x86_64","arm64"],"Environment":{"Variables":{"DB_PASSWORD":"%s","LOG_LEVEL":"info"}}}"""
                    .formatted(SECRET);
        } else if (path.endsWith("/functions/plain/configuration")) {
            body = """
                    {"FunctionName":"plain","Runtime":"nodejs20.x","Handler":"index.handler","MemorySize":256,"Description":"a \\"quoted\\" tab\\there é",
                     "Architectures":["arm64"],"Environment":{"Variables":{"LOG_LEVEL":"debug","REGION":"eu-west-1"}},
                     "Layers":[{"Arn":"arn:aws:lambda:us-east-1:123456789012:layer:a:1","CodeSize":10},{"Arn":"arn:aws:lambda:us-east-1:123456789012:layer:b:2","CodeSize":20,"SigningJobArn":"j"}],
                     "VpcConfig":{"SubnetIds":["s-1","s-2"],"SecurityGroupIds":[],"VpcId":""}}""";
        } else if (target.endsWith("DescribeTaskDefinition")) {
            body = """
                    {"taskDefinition":{"family":"web","containerDefinitions":[{"name":"web","image":"nginx",
                     "environment":[{"name":"REGION","value":"eu-west-1"},{"name":"DB_PASSWORD","value":"%s"}]}],"revision":3}}"""
                    .formatted(ENV_SECRET);
        } else {
            byte[] b = "{\"__type\":\"InvalidAction\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(400, b.length);
            ex.getResponseBody().write(b);
            ex.close();
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", target.equals("null") ? "application/json" : "application/x-amz-json-1.1");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @BeforeEach
    void start() throws Exception {
        aws = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        aws.createContext("/", this::answer);
        aws.start();
        endpoint = "http://127.0.0.1:" + aws.getAddress().getPort();
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.passwords(AwsFixture.endpoint(yaml, endpoint)));
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (aws != null) aws.stop(0);
    }

    private TestGateway.Run exec(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("exec", "aws-dev", "--"));
        all.addAll(List.of(args));
        return fixture.gw.hoop(all.toArray(String[]::new));
    }

    @Test
    void aValuePickedOutOfItsKeyOrPrintedWithoutItIsStillMasked() throws Exception {
        List<List<String>> calls = List.of(
                List.of("lambda", "get-function-configuration", "--function-name", "f", "--query", "Environment.Variables.DB_PASSWORD", "--output", "text"),
                List.of("lambda", "get-function-configuration", "--function-name", "f", "--query=Environment.Variables.DB_PASSWORD"),
                List.of("lambda", "get-function-configuration", "--function-name", "f", "--output", "text"),
                List.of("lambda", "get-function-configuration", "--function-name", "f", "--output=text", "--query", "Environment.Variables"),
                List.of("lambda", "get-function-configuration", "--function-name", "f", "--query", "values(Environment.Variables)", "--output", "table"),
                List.of("ecs", "describe-task-definition", "--task-definition", "web",
                        "--query", "taskDefinition.containerDefinitions[0].environment[?name=='DB_PASSWORD'].value | [0]"),
                List.of("ecs", "describe-task-definition", "--task-definition", "web", "--output", "text",
                        "--query", "taskDefinition.containerDefinitions[].environment[].value"));
        for (List<String> call : calls) {
            var r = exec(call.toArray(String[]::new));
            assertEquals(0, r.exit(), call + ": " + r.err() + r.out());
            assertFalse(r.out().contains(SECRET) || r.out().contains(ENV_SECRET) || r.err().contains(SECRET), call + " leaked:\n" + r.out());
            assertTrue(r.out().contains("[PASSWORD_ASSIGNMENT]"), call + ":\n" + r.out());
        }
        assertFalse(TestDb.contains(fixture.gw, SECRET) || TestDb.contains(fixture.gw, ENV_SECRET), "the recording");
        // The pair's other values and names stay readable.
        var plain = exec("ecs", "describe-task-definition", "--task-definition", "web", "--output", "text",
                "--query", "taskDefinition.containerDefinitions[].environment[].value");
        assertTrue(plain.out().contains("eu-west-1"), plain.out());
    }

    /**
     * What hoop prints for an answer with no secret in it is what the CLI itself prints, byte for byte: the same query
     * and formats, run directly against the double.
     */
    @Test
    void aShapedAnswerPrintsAsTheCliPrintsIt() throws Exception {
        Map<String, String> direct = Map.of("AWS_ACCESS_KEY_ID", "AKIADIRECT000000000", "AWS_SECRET_ACCESS_KEY", "direct-secret",
                "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint);
        List<List<String>> shapes = List.of(
                List.of("--output", "text"),
                List.of("--query", "FunctionName", "--output", "text"),
                List.of("--query", "Environment.Variables.LOG_LEVEL"),
                List.of("--query", "{name: FunctionName, mem: MemorySize, archs: Architectures, none: Missing, desc: Description}"),
                List.of("--query", "Layers", "--output", "text"),
                List.of("--query", "Layers[].CodeSize", "--output", "text"),
                List.of("--query", "[Architectures, VpcConfig.SubnetIds]", "--output", "text"),
                List.of("--query", "[FunctionName, Runtime]", "--output", "text"),
                List.of("--query", "VpcConfig"),
                List.of("--query", "Missing", "--output", "text"),
                List.of("--query", "Missing"),
                List.of("--query", "length(Layers) > `1`"));
        for (List<String> shape : shapes) {
            List<String> call = new ArrayList<>(List.of("lambda", "get-function-configuration", "--function-name", "plain"));
            call.addAll(shape);
            var want = AwsProxyEndToEndTest.aws(dir, direct, call.toArray(String[]::new));
            assertEquals(0, want.exit(), shape + ": " + want.err());
            var got = exec(call.toArray(String[]::new));
            assertEquals(0, got.exit(), shape + ": " + got.err());
            assertEquals(want.out(), got.out(), String.valueOf(shape));
        }
        // A query the CLI cannot read is the CLI's own error, as before (nothing is called).
        var bad = exec("lambda", "get-function-configuration", "--function-name", "plain", "--query", "Layers[");
        assertTrue(bad.exit() != 0 && bad.err().contains("Bad value for --query"), bad.err());
    }
}
