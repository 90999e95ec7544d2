package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on bad input: a gateway address where something else answers, a garbled address file, ids no URL can
 * hold, a damaged recording, a HOOP_HOME that is a file, an identity provider that is down. Each failure is one
 * line saying what is wrong, with a non-zero exit: never a Java class name or a stack trace.
 */
class CliBadInputTest {
    @TempDir
    Path dir;

    /** Commands that talk to the gateway, each with an id or connection that would exist. */
    private static final List<String[]> TALKING = List.of(new String[] {"approvals"}, new String[] {"connect", "db"},
            new String[] {"exec", "shell", "--", "true"}, new String[] {"disconnect", "0123abcd"},
            new String[] {"approve", "0123abcd"}, new String[] {"deny", "0123abcd"});

    private static void oneClearLine(String what, TestGateway.Run r) {
        String err = r.err().strip();
        String all = what + ": exit " + r.exit() + " [" + r.out() + "] [" + r.err() + "]";
        assertTrue(r.exit() != 0, all);
        assertTrue(err.startsWith("hoop: ") && !err.contains("\n"), all);
        assertFalse(err.matches("(?s).*(Exception|java\\.|jackson|\\tat ).*"), all);
    }

    private Map<String, String> home(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("HOOP_HOME", home.toString());
        env.put("HOME", dir.toString());
        return env;
    }

    private Map<String, String> homeAt(int port) throws Exception {
        Path h = Files.createDirectories(dir.resolve("h" + port));
        Files.writeString(h.resolve("gateway.addr"), "127.0.0.1:" + port);
        Files.writeString(h.resolve("gateway.token"), "token");
        return home(h);
    }

    private static HttpServer http(int status, String contentType, String body) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    void aWebServerAtTheGatewaysAddressIsNamedAsNotTheGateway() throws Exception {
        HttpServer html = http(200, "text/html", "<html><body>It works!</body></html>");
        try {
            var env = homeAt(html.getAddress().getPort());
            for (String[] c : TALKING) {
                TestGateway.Run r = TestGateway.cli(env, c);
                oneClearLine(String.join(" ", c), r);
                assertTrue(r.err().contains("is not a hoop gateway"), r.err());
            }
            // The same server taken for an identity provider: its discovery document is no JSON.
            oneClearLine("login", TestGateway.cli(env, "login", "--issuer", "http://127.0.0.1:" + html.getAddress().getPort() + "/realms/x"));
        } finally {
            html.stop(0);
        }
    }

    @Test
    void jsonThatIsNotTheGatewaysAnswerIsNeverShownAsDone() throws Exception {
        for (String body : List.of("[1,2]", "{}", "{\"id\": {}, \"status\": []}", "{\"id\": \"x\", \"expires_at\": \"soon\"}")) {
            HttpServer s = http(body.startsWith("{\"id\": \"x\"") ? 201 : 200, "application/json", body);
            try {
                var env = homeAt(s.getAddress().getPort());
                for (String[] c : List.of(new String[] {"disconnect", "0123abcd"}, new String[] {"approve", "0123abcd"},
                        new String[] {"deny", "0123abcd"}, new String[] {"connect", "db"})) {
                    oneClearLine(body + " " + String.join(" ", c), TestGateway.cli(env, c));
                }
            } finally {
                s.stop(0);
            }
        }
    }

    /** A TCP service that answers every connection with {@code answer} (or nothing) and closes. */
    private static ServerSocket tcp(byte[] answer) throws Exception {
        ServerSocket ss = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    OutputStream o = s.getOutputStream();
                    o.write(answer);
                    o.flush();
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        });
        return ss;
    }

    @Test
    void aServiceThatClosesOrSpeaksAnotherProtocolIsOneLine() throws Exception {
        for (String answer : List.of("", "SSH-2.0-OpenSSH_9.2\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 500 Oops\r\nContent-Length: -7\r\n\r\n")) {
            try (ServerSocket ss = tcp(answer.getBytes(StandardCharsets.ISO_8859_1))) {
                var env = homeAt(ss.getLocalPort());
                for (String[] c : TALKING) {
                    oneClearLine("'" + answer + "' " + String.join(" ", c), TestGateway.cli(env, c));
                }
            }
        }
    }

    /** A service that takes the connection and the request but never answers: each command gives up in time. */
    @Test
    void aSilentServiceAtTheGatewaysAddressTimesOut() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofPlatform().daemon().start(() -> {
                while (!ss.isClosed()) {
                    try {
                        held.add(ss.accept()); // read nothing, answer nothing
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            var env = homeAt(ss.getLocalPort());
            var connect = TestGateway.async(() -> TestGateway.cli(env, "connect", "db"));
            var exec = TestGateway.async(() -> TestGateway.cli(env, "exec", "shell", "--", "true"));
            for (var r : List.of(connect.get(60, java.util.concurrent.TimeUnit.SECONDS), exec.get(60, java.util.concurrent.TimeUnit.SECONDS))) {
                oneClearLine("silent", r);
                assertEquals(ExitCodes.GATEWAY_UNAVAILABLE, r.exit(), r.err());
                assertTrue(r.err().contains("did not answer in time"), r.err());
            }
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aGarbledAddressFileIsNamed() throws Exception {
        Path h = Files.createDirectories(dir.resolve("garbled"));
        Files.writeString(h.resolve("gateway.token"), "token");
        for (String addr : List.of("garbage", "127.0.0.1:99999", ":", "127.0.0.1:", "host:port")) {
            Files.writeString(h.resolve("gateway.addr"), addr);
            for (String[] c : TALKING) {
                TestGateway.Run r = TestGateway.cli(home(h), c);
                oneClearLine(addr + " " + String.join(" ", c), r);
                assertTrue(r.err().contains(h.resolve("gateway.addr").toString()), r.err());
                assertEquals(ExitCodes.GATEWAY_UNAVAILABLE, r.exit(), r.err());
            }
        }
    }

    @Test
    void aHomeThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("home-file"), "");
        for (String[] c : List.of(new String[] {"sessions"}, new String[] {"replay", "abc"}, new String[] {"audit", "verify", "--all"},
                new String[] {"approvals"}, new String[] {"exec", "shell", "--", "true"})) {
            TestGateway.Run r = TestGateway.cli(home(file), c);
            oneClearLine(String.join(" ", c), r);
            assertTrue(r.err().contains("HOOP_HOME " + file + " is not a directory"), r.err());
        }
    }

    @Test
    void anIdentityProviderThatIsDownIsSaidInWords() throws Exception {
        int closed;
        try (ServerSocket ss = new ServerSocket(0)) {
            closed = ss.getLocalPort();
        }
        TestGateway.Run r = TestGateway.cli(home(dir.resolve("login-home")), "login", "--issuer", "http://127.0.0.1:" + closed + "/realms/x");
        oneClearLine("login", r);
        assertTrue(r.err().contains("cannot connect"), r.err());
    }

    @Test
    void idsNoUrlCanHoldAndDamagedRecordingsAreOneLine() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), GatewayRobustnessTest.CONFIG, Map.of())) {
            assertEquals(0, gw.hoop("exec", "shell", "--", "echo hello").exit());
            for (String id : List.of("a b", "%", "' OR 1=1 --", "50%25", "ü/../x")) {
                TestGateway.Run d = gw.hoop("disconnect", id);
                oneClearLine("disconnect " + id, d);
                assertTrue(d.err().contains("no live session " + id) || d.err().contains("no such endpoint"), d.err());
                for (String verb : List.of("approve", "deny")) {
                    oneClearLine(verb + " " + id, gw.hoop(verb, id));
                }
            }
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
            gw.gateway.close();
            gw.gateway = null;
            Consumer<String> sql = s -> {
                try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db")); var st = c.createStatement()) {
                    st.execute(s);
                } catch (java.sql.SQLException e) {
                    throw new AssertionError(e);
                }
            };
            sql.accept("UPDATE events SET at = 'yesterday' WHERE session_id = '" + id + "' AND seq = 2");
            for (String format : List.of("text", "json", "asciicast")) {
                TestGateway.Run r = gw.hoop("replay", id, "--format", format);
                oneClearLine("replay " + format, r);
                assertTrue(r.err().contains("damaged recording: events.at") && r.err().contains("'yesterday'"), r.err());
            }
            sql.accept("UPDATE sessions SET started_at = 'garbage' WHERE id = '" + id + "'");
            for (String[] c : List.of(new String[] {"sessions"}, new String[] {"sessions", "--json"}, new String[] {"replay", id},
                    new String[] {"audit", "verify", "--all"})) {
                TestGateway.Run r = gw.hoop(c);
                oneClearLine(String.join(" ", c), r);
                assertTrue(r.err().contains("damaged recording: sessions.started_at of the row whose id is " + id), r.err());
            }
            // A file cut short (a copy interrupted, a disk that filled): SQLite's own complaint, as one line.
            Path db = gw.home.resolve("hoop.db");
            for (String suffix : List.of("-wal", "-shm")) {
                Files.deleteIfExists(gw.home.resolve("hoop.db" + suffix));
            }
            byte[] whole = Files.readAllBytes(db);
            Files.write(db, java.util.Arrays.copyOf(whole, whole.length / 3));
            for (String[] c : List.of(new String[] {"sessions"}, new String[] {"replay", id}, new String[] {"audit", "verify", "--all"})) {
                oneClearLine("truncated " + String.join(" ", c), gw.hoop(c));
            }
        }
    }
}
