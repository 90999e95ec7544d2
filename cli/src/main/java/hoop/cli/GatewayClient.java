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

    /** A HOOP_HOME that is a file would otherwise read as "no recordings" or "not running". */
    static void requireHome(HoopHome home) {
        if (Files.exists(home.dir()) && !Files.isDirectory(home.dir())) {
            throw new CliException(ExitCodes.FAILURE, "HOOP_HOME " + home.dir() + " is not a directory (it is a file)");
        }
    }

    static GatewayClient connect(HoopHome home) {
        requireHome(home);
        try {
            String addr = Files.readString(home.addressFile()).trim();
            int colon = addr.lastIndexOf(':');
            int port = colon > 0 && addr.substring(colon + 1).matches("[0-9]{1,5}") ? Integer.parseInt(addr.substring(colon + 1)) : 0;
            if (port < 1 || port > 65535) {
                throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, NOT_RUNNING + "; " + home.addressFile() + " holds '"
                        + Text.oneLine(addr, 60) + "', not the HOST:PORT a gateway writes there");
            }
            var identity = Logins.gatewayIdentity(home);
            String token = identity.isPresent() && identity.get().oidc() ? Logins.accessToken(home, identity.get())
                    : Files.readString(home.tokenFile()).trim();
            return new GatewayClient(addr.substring(0, colon), port, token);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, NOT_RUNNING + "; no " + e.getFile());
        } catch (CliException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, NOT_RUNNING + "; cannot read its address: " + e.getMessage());
        }
    }

    /** The gateway answers every request with a JSON object; anything else means something else listens there. */
    private JsonNode json(HttpResponse<String> r) {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            String type = r.headers().firstValue("Content-Type").orElse("no content type");
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, notHoop("it answered HTTP " + r.statusCode() + " with "
                    + (body == null ? type + ", not JSON" : "JSON that is not an object")));
        }
        return body;
    }

    record Reply(int status, JsonNode body) {
        String error() {
            return body.path("error").asText("HTTP " + status);
        }

        /** A field every successful answer of this request carries: without it, the answer cannot be shown as done. */
        String field(String name) {
            JsonNode v = body.path(name);
            if (!v.isValueNode() || v.asText().isEmpty()) {
                throw new CliException(ExitCodes.FAILURE, "the gateway's answer (HTTP " + status + ") has no " + name
                        + "; it may be another version of hoop or another program");
            }
            return v.asText();
        }

        java.time.Instant instant(String name) {
            String v = field(name);
            try {
                return java.time.Instant.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CliException(ExitCodes.FAILURE, "the gateway's answer has " + name + " '" + Text.oneLine(v, 40)
                        + "', which is not a time; it may be another version of hoop or another program");
            }
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

    /** An id the user typed, as one path segment: any character may be in it, none may end the segment. */
    static String segment(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20").replace(".", "%2E")
                .replace("*", "%2A");
    }

    /** What to say when whatever listens at the gateway's address does not answer as a hoop gateway does. */
    String notHoop(String what) {
        return "what answers at " + host + ":" + port + " is not a hoop gateway (" + what + "); is the gateway running "
                + "(start it with: hoop gateway)?";
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : json(r);
            if (r.statusCode() == 401) throw new CliException(ExitCodes.FAILURE, body.path("error").asText("unauthorized"));
            return new Reply(r.statusCode(), body);
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, NOT_RUNNING + " at " + host + ":" + port);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, "the gateway at " + host + ":" + port + " did not answer in time");
        } catch (IOException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, "cannot talk to the gateway at " + host + ":" + port + ": "
                    + (e.getMessage() != null ? e.getMessage() : "the connection failed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
    }
}
