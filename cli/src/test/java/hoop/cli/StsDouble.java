package hoop.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * STS cannot run here: this answers the AssumeRole Query API (form-encoded POST, XML reply) and keeps
 * every request, so tests assert exactly what the gateway asked for. It hands out the credential given
 * to it, which in the end-to-end tests is the one the S3 server accepts: any other key is refused there.
 */
final class StsDouble implements AutoCloseable {
    record Call(Map<String, String> form, String authorization) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    volatile String accessKeyId;
    volatile String secretAccessKey;
    volatile String sessionToken = "FwoGZXIvYXdzEHoaDPseudoSessionToken0123456789abcdefHOOPTEST";

    StsDouble(String accessKeyId, String secretAccessKey) throws IOException {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new TreeMap<>();
            for (String kv : body.split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                form.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
            calls.add(new Call(form, ex.getRequestHeaders().getFirst("Authorization")));
            byte[] reply = (ex.getRequestMethod().equals("POST") && "AssumeRole".equals(form.get("Action"))
                    ? assumeRole(form) : "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/xml");
            ex.sendResponseHeaders(form.containsKey("RoleArn") ? 200 : 400, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        server.start();
    }

    private String assumeRole(Map<String, String> form) {
        Instant exp = Instant.now().plusSeconds(Long.parseLong(form.getOrDefault("DurationSeconds", "3600"))).truncatedTo(ChronoUnit.SECONDS);
        String name = form.get("RoleSessionName");
        return """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <SourceIdentity>%s</SourceIdentity>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/agent/%s</Arn>
                      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:%s</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                  </AssumeRoleResult>
                  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
                </AssumeRoleResponse>
                """.formatted(form.get("SourceIdentity"), name, name, accessKeyId, secretAccessKey, sessionToken, exp);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
