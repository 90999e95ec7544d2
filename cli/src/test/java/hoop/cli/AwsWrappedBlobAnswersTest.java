package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
 * A blob wrapped over lines inside a JSON string: a parameter holding `base64 deploy.sh` (wrapped at 76 columns), a
 * launch template's or an instance's user data encoded so. Its lines are joined by the escape backslash-n in SSM's
 * JSON answer and in what the aws CLI prints; masking read the n as the next line's first character, so every line
 * after the first was decoded out of alignment and a key across two of them reached the client, through the proxy
 * and through hoop exec. A local double answers as SSM and EC2 do.
 */
class AwsWrappedBlobAnswersTest {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKE";
    static final String SCRIPT = "#!/bin/bash\n# deploy the release built by the pipeline into the fleet\n"
            + "export AWS_SECRET_ACCESS_KEY=" + SECRET + "\n./deploy.sh --all\n";
    static final String WRAPPED = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(SCRIPT.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void aKeyInTheLaterLinesOfAWrappedBlobIsMasked() throws Exception {
        assertTrue(WRAPPED.indexOf('\n') < WRAPPED.indexOf(Base64.getEncoder().encodeToString(SCRIPT.getBytes()).substring(120, 140)),
                "the key lies past the first line");
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String reply;
            String type = "application/x-amz-json-1.1";
            if (body.contains("Action=DescribeInstanceAttribute")) {
                reply = "<DescribeInstanceAttributeResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>"
                        + "<instanceId>i-1</instanceId><userData><value>" + WRAPPED + "</value></userData></DescribeInstanceAttributeResponse>";
                type = "text/xml";
            } else {
                reply = "{\"Parameter\":{\"Name\":\"/deploy/script\",\"Type\":\"String\",\"Value\":" + new ObjectMapper().writeValueAsString(WRAPPED)
                        + ",\"Version\":1,\"ARN\":\"arn:aws:ssm:us-east-1:123456789012:parameter/deploy/script\",\"DataType\":\"text\"}}";
            }
            AwsFixture.reply(ex, 200, type, reply);
        });
        api.start();
        String url = "http://127.0.0.1:" + api.getAddress().getPort();
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, url))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            for (List<String> argv : List.of(List.of("ssm", "get-parameter", "--name", "/deploy/script"),
                    List.of("ec2", "describe-instance-attribute", "--instance-id", "i-1", "--attribute", "userData"))) {
                var proxy = AwsProxyEndToEndTest.aws(dir, env, argv.toArray(String[]::new));
                assertEquals(0, proxy.exit(), argv + ": " + proxy.err());
                var exec = fixture.gw.hoop(Stream.concat(Stream.of("exec", "aws-dev", "--"), argv.stream()).toArray(String[]::new));
                assertEquals(0, exec.exit(), argv + ": " + exec.err());
                for (String out : List.of(proxy.out(), exec.out())) {
                    var doc = new ObjectMapper().readTree(out);
                    String value = argv.get(0).equals("ssm") ? doc.path("Parameter").path("Value").asText() : doc.path("UserData").path("Value").asText();
                    String decoded = new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
                    assertTrue(decoded.startsWith("#!/bin/bash\n# deploy"), argv + ": " + decoded);
                    assertFalse(decoded.contains(SECRET), argv + ": " + decoded);
                    assertTrue(decoded.contains("AWS_SECRET_ACCESS_KEY=[AWS_SECRET_KEY]"), argv + ": " + decoded);
                }
            }
        } finally {
            api.stop(0);
        }
    }
}
