package hoop.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The polling rules of RFC 8628 against a scripted provider: interval, slow_down, and each terminal error. */
class DeviceLoginTest {
    private HttpServer server;
    private String issuer;
    private final Deque<String> tokenReplies = new ArrayDeque<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private DeviceLogin.Prompt prompt;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/r";
        server.createContext("/r/.well-known/openid-configuration", x -> reply(x, 200, """
                {"issuer":"%1$s","jwks_uri":"%1$s/certs","token_endpoint":"%1$s/token","device_authorization_endpoint":"%1$s/device"}"""
                .formatted(issuer)));
        server.createContext("/r/device", x -> reply(x, 200, """
                {"device_code":"dc","user_code":"ABCD-EFGH","verification_uri":"%1$s/activate",
                 "verification_uri_complete":"%1$s/activate?user_code=ABCD-EFGH","expires_in":600,"interval":2}""".formatted(issuer)));
        server.createContext("/r/token", x -> {
            String r = tokenReplies.isEmpty() ? "authorization_pending" : tokenReplies.poll();
            if (r.equals("ok")) {
                reply(x, 200, "{\"access_token\":\"a.b.c\",\"token_type\":\"Bearer\",\"expires_in\":60,\"refresh_token\":\"rt\"}");
            } else if (r.equals("crash")) {
                reply(x, 500, "{\"error\":\"unknown_error\"}");
            } else {
                reply(x, 400, "{\"error\":\"" + r + "\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String body) throws java.io.IOException {
        x.getRequestBody().readAllBytes();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private Credentials login() throws Exception {
        return DeviceLogin.discover(URI.create(issuer), "hoop-cli", Clock.systemUTC()).login(List.of("openid"), new DeviceLogin.Listener() {
            @Override
            public void prompt(DeviceLogin.Prompt p) {
                prompt = p;
            }

            @Override
            public void info(String message) {
                infos.add(message);
            }
        }, sleeps::add);
    }

    @Test
    void pendingThenSlowDownThenTokens() throws Exception {
        tokenReplies.addAll(List.of("authorization_pending", "slow_down", "authorization_pending", "ok"));
        Credentials c = login();
        assertEquals("ABCD-EFGH", prompt.userCode());
        assertEquals(issuer + "/activate?user_code=ABCD-EFGH", prompt.verificationUriComplete().toString());
        assertEquals(List.of(2L, 2L, 7L, 7L), sleeps.stream().map(Duration::toSeconds).toList(), "interval, then +5 s after slow_down");
        assertTrue(infos.get(0).contains("slow down"), infos.toString());
        assertEquals("a.b.c", c.accessToken());
        assertEquals("rt", c.refreshToken());
        assertEquals(issuer, c.issuer());
    }

    @Test
    void aProviderErrorWhilePollingIsRetried() throws Exception {
        tokenReplies.addAll(List.of("crash", "authorization_pending", "ok"));
        assertEquals("a.b.c", login().accessToken());
        assertTrue(infos.get(0).contains("retrying"), infos.toString());
        tokenReplies.addAll(List.of("crash", "crash", "crash", "crash"));
        var e = assertThrows(DeviceLogin.LoginFailed.class, this::login);
        assertTrue(e.getMessage().contains("keeps failing"), e.getMessage());
    }

    @Test
    void accessDeniedEndsTheLogin() {
        tokenReplies.addAll(List.of("authorization_pending", "access_denied"));
        var e = assertThrows(DeviceLogin.LoginFailed.class, this::login);
        assertTrue(e.getMessage().contains("denied"), e.getMessage());
    }

    @Test
    void expiredTokenEndsTheLogin() {
        tokenReplies.add("expired_token");
        var e = assertThrows(DeviceLogin.LoginFailed.class, this::login);
        assertTrue(e.getMessage().contains("expired before it was approved"), e.getMessage());
    }

    @Test
    void credentialsFileIsPrivate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        tokenReplies.add("ok");
        Credentials c = login();
        java.nio.file.Path f = dir.resolve("credentials.json");
        c.save(f);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(f)));
        assertEquals(c, Credentials.load(f).orElseThrow());
    }
}
