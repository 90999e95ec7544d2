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
 * A paginated listing through the proxy with password_assignment on: an answer's NextToken is a cursor the client
 * sends back for the next page, no credential. Masked, the aws CLI asked for page two with "[PASSWORD_ASSIGNMENT]"
 * and the listing failed. Secrets Manager cannot run here: a local double of its JSON protocol pages ListSecrets, and
 * refuses a cursor it did not hand out as the service does (InvalidNextTokenException).
 */
class AwsPagingThroughHoopTest {
    static final String CURSOR = "AAMA-EFRSURBSGhXSTlQVUpkN2tGd0lUQjRqOUZ3PT0BRZ7k";

    @TempDir
    Path dir;

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
}
