package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayRobustnessTest {
    static final String CONFIG = TestGateway.config("""
            connections:
              - { name: shell, type: command, command: [bash, -c], policies: [p] }
            policies:
              p: { default: allow, unknown: deny }
            """);

    @TempDir
    Path dir;

    /** A raw exec stream, upgraded and ready for frames: what a misbehaving client would hold. */
    static Socket openExec(TestGateway gw, String script) throws Exception {
        var addr = gw.gateway.address();
        String token = Files.readString(gw.home.resolve("gateway.token")).trim();
        Socket s = new Socket(addr.getHostString(), addr.getPort());
        byte[] body = GatewayClient.JSON.createObjectNode().put("connection", "shell")
                .set("args", GatewayClient.JSON.createArrayNode().add(script)).toString().getBytes(StandardCharsets.UTF_8);
        OutputStream o = s.getOutputStream();
        o.write(("POST /v1/exec HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nUpgrade: hoop-exec\r\nConnection: Upgrade\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes());
        o.write(body);
        o.flush();
        assertEquals(101, ExecClient.HttpHead.read(s.getInputStream()).status());
        return s;
    }

    @Test
    void survivesAClientThatDisconnectsMidStream() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of())) {
            Path pidFile = dir.resolve("pid");
            try (Socket s = openExec(gw, "echo $$ > " + pidFile + "; while true; do echo line; done")) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                int type = in.readUnsignedByte();
                assertEquals(3, type, "first frame is stdout");
                in.readNBytes(in.readInt());
            } // abrupt close while the command streams
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) Thread.sleep(50);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the orphaned command was killed");

            var r = gw.hoop("exec", "shell", "--", "echo still serving");
            assertEquals(0, r.exit(), r.err());
            assertEquals("still serving\n", r.out());
            // The session is closed once the gateway has reaped the killed command, which may come after its pid is gone.
            String sessions = gw.hoop("sessions", "--json").out();
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); !sessions.contains("\"status\" : \"error\"")
                    && System.nanoTime() < end; sessions = gw.hoop("sessions", "--json").out()) {
                Thread.sleep(100);
            }
            assertTrue(sessions.contains("\"status\" : \"error\""), sessions);
        }
    }

    @Test
    void malformedFramesCloseOnlyThatConnection() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of())) {
            try (Socket s = openExec(gw, "cat")) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream o = s.getOutputStream();
                o.write(new byte[] {1, 0x7f, 0, 0, 0}); // a 2 GB frame: refused before allocation
                o.flush();
                s.setSoTimeout(5000);
                while (in.read() >= 0) { /* drain until the gateway closes */ }
            }
            var r = gw.hoop("exec", "shell", "--", "echo fine");
            assertEquals("fine\n", r.out());
        }
    }

    @Test
    void onceARecordCannotBeStoredNoFurtherCommandRunsAndTheRecordIsKeptForRestart() throws Exception {
        Path home = dir.resolve("home");
        Path marker = dir.resolve("ran");
        try (TestGateway gw = new TestGateway(home, CONFIG, Map.of())) {
            // Another writer makes every command event fail, as a broken store would.
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db"));
                 var st = c.createStatement()) {
                st.execute("CREATE TRIGGER no_commands BEFORE INSERT ON events WHEN NEW.type = 'command' "
                        + "BEGIN SELECT RAISE(ABORT, 'store is failing'); END");
            }
            // Its record is safe in the spool before it runs, so this one runs; the database then refuses it (and,
            // depending on timing, the records of its output too, which are then not shown).
            gw.hoop("exec", "shell", "--", "echo first");
            var r = gw.hoop("exec", "shell", "--", "touch " + marker);
            assertTrue(r.exit() != 0, r.exit() + " " + r.out() + " " + r.err());
            assertTrue(r.err().contains("audit store failed") && r.err().contains("store is failing"), r.exit() + " [" + r.out() + "] [" + r.err() + "]");
            assertFalse(Files.exists(marker), "no command may run once records cannot be stored");
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("hoop.db"));
             var st = c.createStatement()) {
            st.execute("DROP TRIGGER no_commands");
        }
        try (TestGateway gw = new TestGateway(home, CONFIG, Map.of())) {
            var replayed = new StringBuilder();
            for (var s : new com.fasterxml.jackson.databind.ObjectMapper().readTree(gw.hoop("sessions", "--json").out())) {
                replayed.append(gw.hoop("replay", s.get("id").asText()).out());
            }
            assertTrue(replayed.toString().contains("echo first"), "the refused record was copied in on restart:\n" + replayed);
        }
    }

    @Test
    void onceTheStoreTakesRecordsAgainCommandsRunWithoutARestart() throws Exception {
        Path marker = dir.resolve("ran");
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of())) {
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db"));
                 var st = c.createStatement()) {
                st.execute("CREATE TRIGGER no_commands BEFORE INSERT ON events WHEN NEW.type = 'command' "
                        + "BEGIN SELECT RAISE(ABORT, 'store is failing'); END");
            }
            gw.hoop("exec", "shell", "--", "echo first"); // spooled, then refused by the database
            var refused = gw.hoop("exec", "shell", "--", "touch " + marker);
            assertTrue(refused.exit() != 0 && refused.err().contains("audit store failed"), refused.exit() + " " + refused.err());
            assertFalse(refused.err().contains("Exception"), "one line in words, no class name: " + refused.err());
            assertFalse(Files.exists(marker));
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db"));
                 var st = c.createStatement()) {
                st.execute("DROP TRIGGER no_commands");
            }
            TestGateway.Run r = null;
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; Thread.sleep(200)) {
                r = gw.hoop("exec", "shell", "--", "touch " + marker + " && echo again");
                if (r.exit() == 0) {
                    break;
                }
                assertTrue(r.err().contains("audit store failed"), r.exit() + " " + r.err());
            }
            assertEquals(0, r.exit(), "commands run again once the database takes records: " + r.err());
            assertEquals("again\n", r.out());
            var replayed = new StringBuilder();
            for (var s : new com.fasterxml.jackson.databind.ObjectMapper().readTree(gw.hoop("sessions", "--json").out())) {
                replayed.append(gw.hoop("replay", s.get("id").asText()).out());
            }
            assertTrue(replayed.toString().contains("echo first") && replayed.toString().contains("echo again"),
                    "the refused record was copied in, and the new one recorded:\n" + replayed);
        }
    }

    @Test
    void aDeletedAuditDatabaseRefusesCommands() throws Exception {
        Path marker = dir.resolve("ran");
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of())) {
            assertEquals(0, gw.hoop("exec", "shell", "--", "true").exit());
            Files.delete(gw.home.resolve("hoop.db"));
            gw.hoop("exec", "shell", "--", "echo first"); // may run: spooled before the database is written
            var r = gw.hoop("exec", "shell", "--", "touch " + marker);
            assertTrue(r.exit() != 0 && r.err().contains("was deleted"), r.exit() + " [" + r.out() + "] [" + r.err() + "]");
            assertFalse(Files.exists(marker), "no command may run once records go to a deleted file");
        }
    }

    @Test
    void garbageOnTheControlPortGetsAnErrorAndTheGatewayKeepsServing() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of())) {
            var addr = gw.gateway.address();
            try (Socket s = new Socket(addr.getHostString(), addr.getPort())) {
                s.getOutputStream().write("\u0000\u0001GARBAGE \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                s.setSoTimeout(5000);
                String reply = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
            }
            assertEquals("ok\n", gw.hoop("exec", "shell", "--", "echo ok").out());
        }
    }

    @Test
    void everyCommandAnswersHelpWithoutAGateway() {
        Map<String, String> env = Map.of("HOOP_HOME", dir.resolve("nowhere").toString());
        for (String[] cmd : new String[][] {{"login"}, {"logout"}, {"whoami"}, {"exec"}, {"connect"}, {"sessions"},
                {"sessions", "prune"}, {"replay"}, {"audit", "verify"}, {"approvals"}, {"approve"}, {"gateway"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            var r = TestGateway.cli(env, args);
            assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: hoop " + String.join(" ", cmd)), String.join(" ", args) + ":\n" + r.out());
        }
    }

    @Test
    void wrongTokenIsRejected() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of())) {
            Files.writeString(gw.home.resolve("gateway.token"), "wrong\n");
            var r = gw.hoop("approvals", "list");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("token"), r.err());
        }
    }

    @Test
    void commandsSayWhenTheGatewayIsNotRunning() throws Exception {
        TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of());
        gw.close();
        var r = gw.hoop("exec", "shell", "--", "true");
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("not running") && r.err().contains("hoop gateway"), r.err());
    }

    @Test
    void pendingApprovalsExpireWhenTheGatewayRestarts() throws Exception {
        String cfg = TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [p] }
                policies:
                  p:
                    rules: [{ action: review, match: { argv: ["git push*"] }, timeout: 10m }]
                """);
        try (TestGateway gw = new TestGateway(dir.resolve("home"), cfg, Map.of())) {
            var pending = TestGateway.async(() -> gw.hoop("exec", "shell", "--", "git push"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!gw.hoop("approvals", "list").out().contains("git push") && System.nanoTime() < deadline) Thread.sleep(50);
            gw.close();
            var r = pending.get(20, TimeUnit.SECONDS);
            assertFalse(r.exit() == 0, "never silently approved");
            gw.start();
            var all = gw.hoop("approvals", "list", "--all", "--json").out();
            assertTrue(all.contains("\"status\" : \"expired\"") || all.contains("\"status\" : \"cancelled\""), all);
            assertFalse(all.contains("\"status\" : \"pending\""), all);
        }
    }

    @Test
    void aSecondGatewayOnTheSamePortSaysWhy() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path home = dir.resolve("busy");
            Files.createDirectories(home);
            Files.writeString(home.resolve("hoop.yaml"), CONFIG.replace("127.0.0.1:0", "127.0.0.1:" + taken.getLocalPort()));
            var r = TestGateway.cli(Map.of("HOOP_HOME", home.toString()), "gateway");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("cannot listen") && r.err().contains("another hoop gateway")
                    && r.err().contains("127.0.0.1:" + taken.getLocalPort()), r.err());
        }
    }

    @Test
    void configCheckNamesTheLine() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "connections:\n  - name: shell\n    type: command\n    command: [bash, -c]\n    polices: [x]\n");
        TestGateway.Run r = TestGateway.cli(Map.of("HOOP_HOME", dir.resolve("h2").toString()), "config", "check", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.yaml:5:5: connections[0].polices: unknown field 'polices'"), r.err());
    }
}
