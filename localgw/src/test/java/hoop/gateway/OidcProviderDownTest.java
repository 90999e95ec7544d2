package hoop.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.config.ConfigLoader;
import hoop.config.HoopHome;
import hoop.identity.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity provider is down when a token must be checked: the request is refused (401, provider_unavailable)
 * with the cause in words, nothing behind it runs, and the gateway keeps serving what needs no provider.
 */
class OidcProviderDownTest {
    @TempDir
    Path home;

    @Test
    void aTokenThatCannotBeCheckedIsRefusedInWordsAndTheGatewayServesOn() throws Exception {
        TestIssuer issuer = new TestIssuer();
        String token = issuer.token();
        issuer.close(); // down before the gateway ever asked it anything
        Files.writeString(home.resolve("hoop.yaml"), """
                gateway: { listen: 127.0.0.1:0 }
                identity: { mode: oidc, issuer: %s, client_id: hoop-cli, audience: hoop }
                connections:
                  - { name: shell, type: command, command: [bash, -c] }
                """.formatted(issuer.issuer()));
        Map<String, String> env = Map.of("HOOP_HOME", home.toString());
        try (Gateway gateway = Gateway.start(ConfigLoader.load(home.resolve("hoop.yaml"), env), HoopHome.fromEnv(env))) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + gateway.address().getPort());
            for (String path : new String[] {"/v1/approvals", "/v1/sessions"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"connection\":\"shell\",\"ttl_seconds\":60}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = new ObjectMapper().readTree(r.body());
                assertEquals(401, r.statusCode(), r.body());
                assertEquals("provider_unavailable", body.path("reason").asText(), r.body());
                String error = body.path("error").asText();
                assertTrue(error.contains("cannot connect"), error);
                assertFalse(error.contains("Exception"), "in words, not a class name: " + error);
            }
            String local = Files.readString(home.resolve("gateway.token")).trim();
            HttpResponse<String> flush = http.send(HttpRequest.newBuilder(base.resolve("/v1/recordings/flush"))
                    .header("Authorization", "Bearer " + local).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, flush.statusCode(), flush.body());
        }
    }
}
