package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The AWS tests' real parts: s3proxy (bucket dev-bucket), the STS double, and a gateway whose aws-dev
 * connection (AwsExecEndToEndTest.config) uses both with the long-lived key from its environment.
 */
final class AwsFixture implements AutoCloseable {
    final S3Server s3;
    final StsDouble sts;
    final TestGateway gw;

    /** extraRules go into the connection's policy; edit may change the rest of the YAML. */
    AwsFixture(Path home, String extraRules, UnaryOperator<String> edit) throws Exception {
        s3 = new S3Server();
        sts = new StsDouble(S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        String yaml = AwsExecEndToEndTest.config(sts.endpoint().toString(), s3.endpoint().toString(), extraRules);
        gw = new TestGateway(home, edit.apply(yaml),
                Map.of("GW_AWS_KEY", AwsExecEndToEndTest.LONG_KEY, "GW_AWS_SECRET", AwsExecEndToEndTest.LONG_SECRET));
        s3.createBucket("dev-bucket");
    }

    AwsFixture(Path home) throws Exception {
        this(home, "", yaml -> yaml);
    }

    /** An edit sending every AWS call to {@code url}: a local stand-in for a service that cannot run here. */
    static String endpoint(String yaml, String url) {
        return yaml.replaceFirst("(?m)^(\\s+)endpoint: http://\\S+", "$1endpoint: " + url);
    }

    /** An edit adding password_assignment to the connection's masking profile. */
    static String passwords(String yaml) {
        return yaml.replace("detectors: [email, aws_access_key, aws_secret_key]", "detectors: [email, aws_access_key, aws_secret_key, password_assignment]");
    }

    /** An edit putting {@code rules} (flow-style YAML, one per line) before the fixture's prod-* rule, at its indent. */
    static UnaryOperator<String> rulesBeforeProd(String... rules) {
        return rulesBefore("prod", rules);
    }

    /** Rules before all of the fixture's, its no-iam rule too (which takes every admin call: ACLs, bucket policies). */
    static UnaryOperator<String> rulesFirst(String... rules) {
        return rulesBefore("no-iam", rules);
    }

    private static UnaryOperator<String> rulesBefore(String name, String... rules) {
        return yaml -> {
            int at = yaml.indexOf("- { name: " + name + ",");
            int line = yaml.lastIndexOf('\n', at) + 1;
            String indent = yaml.substring(line, at);
            StringBuilder added = new StringBuilder();
            for (String r : rules) added.append(indent).append(r).append('\n');
            return yaml.substring(0, line) + added + yaml.substring(line);
        };
    }

    /** `hoop connect aws-dev --json`: the session as the CLI prints it. */
    JsonNode connect() throws Exception {
        var r = gw.hoop("connect", "aws-dev", "--json");
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /**
     * The AWS SDK as a client of the session `env` (from {@link #env}) is: hoop's endpoint, the pseudo credentials,
     * path-style addressing and the URLConnection HTTP client; callers add what their case needs.
     */
    static software.amazon.awssdk.services.s3.S3ClientBuilder sdk(Map<String, String> env) {
        return software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(java.net.URI.create(env.get("AWS_ENDPOINT_URL")))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
    }

    /** The AWS_* variables of a session from {@link #connect}. */
    static Map<String, String> env(JsonNode session) {
        Map<String, String> env = new HashMap<>();
        session.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    @Override
    public void close() throws Exception {
        gw.close();
        sts.close();
        s3.close();
    }

    /** A local double's answer to one exchange: its status, Content-Type and body, then the exchange closed. */
    static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body) throws java.io.IOException {
        byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
