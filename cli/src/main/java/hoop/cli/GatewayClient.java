package hoop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.config.HoopHome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

/**
 * Talks to the running gateway's control API; "not running" always comes with how to start it. The bearer is
 * gateway.token, or the user's OIDC access token when the gateway runs in identity mode oidc (see Logins).
 */
final class GatewayClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_RUNNING = "the hoop gateway is not running (start it with: hoop gateway)";

    final String host;
    final int port;
    final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private GatewayClient(String host, int port, String token) {
        this.host = host;
        this.port = port;
        this.token = token;
    }

    static GatewayClient connect(HoopHome home) {
        try {
            String addr = Files.readString(home.addressFile()).trim();
            var identity = Logins.gatewayIdentity(home);
            String token = identity.isPresent() && identity.get().oidc() ? Logins.accessToken(home, identity.get())
                    : Files.readString(home.tokenFile()).trim();
            int colon = addr.lastIndexOf(':');
            return new GatewayClient(addr.substring(0, colon), Integer.parseInt(addr.substring(colon + 1)), token);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, NOT_RUNNING + "; no " + e.getFile());
        } catch (CliException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, NOT_RUNNING + "; cannot read its address: " + e.getMessage());
        }
    }

    record Reply(int status, JsonNode body) {
        String error() {
            return body.path("error").asText("HTTP " + status);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        return URI.create("http://" + host + ":" + port + path);
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() == 401) throw new CliException(ExitCodes.FAILURE, body.path("error").asText("unauthorized"));
            return new Reply(r.statusCode(), body);
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, NOT_RUNNING + " at " + host + ":" + port);
        } catch (IOException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, "cannot talk to the gateway at " + host + ":" + port + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
    }
}
