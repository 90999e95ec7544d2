package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hoop exec` end to end: real gateway, real bash child processes, real SQLite recording. */
class ExecEndToEndTest {
    static final String SECRET = "s3cr3t-Api-T0ken-998877";
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
                env: { API_TOKEN: "${env:API_TOKEN}" }
                policies: [shell-guard]
                masking: [pii]
            policies:
              shell-guard:
                default: allow
                unknown: deny
                rules:
                  - { name: destructive, action: deny, match: { argv: ["rm -rf *", "* /etc/shadow*"] }, message: "destructive command" }
                  - { name: push, action: review, match: { argv: ["git push*"] }, timeout: 30s, on_timeout: deny }
                  - { name: quick-deny, action: review, match: { argv: ["echo quick-deny*"] }, timeout: 1s, on_timeout: deny }
                  - { name: quick-allow, action: review, match: { argv: ["echo quick-allow*"] }, timeout: 1s, on_timeout: allow }
                  - { name: trial, action: flag, match: { argv: ["curl *"] } }
            masking:
              pii:
                detectors: [email, credit_card, aws_access_key, aws_secret_key, jwt, private_key, github_token]
                patterns: [{ name: ticket, regex: 'TCK-[0-9]{6}' }]
            """);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of("API_TOKEN", SECRET));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /**
     * A client that breaks the frame format mid-stream (an unknown frame type, a length past the limit) gets its
     * stream ended with the reason and its command stopped; the gateway serves the next one.
     */
    @Test
    void aMalformedFrameEndsThatStreamOnly() throws Exception {
        Path marker = dir.resolve("still-running");
        for (byte[] bad : new byte[][] {{9, 0, 0, 0, 1, 'x'}, {1, 0x7f, 0, 0, 0}}) {
            try (java.net.Socket s = openExec("cat; touch " + marker)) {
                s.getOutputStream().write(new byte[] {1, 0, 0, 0, 3, 'a', 'b', '\n'}); // a well-formed STDIN frame first
                Thread.sleep(300); // the command runs: cat waits for the rest of its input
                s.getOutputStream().write(bad);
                s.getOutputStream().flush();
                java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                String notice = null;
                int exit = -1;
                for (int type; exit < 0 && (type = in.read()) >= 0; ) {
                    byte[] payload = in.readNBytes(in.readInt());
                    if (type == 5) notice = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
                    if (type == 6) exit = java.nio.ByteBuffer.wrap(payload).getInt();
                }
                assertEquals(1, exit);
                assertTrue(notice != null && notice.contains("malformed exec stream"), String.valueOf(notice));
                assertEquals(-1, in.read(), "the stream is closed");
            }
        }
        Thread.sleep(500);
        assertFalse(java.nio.file.Files.exists(marker), "the command was stopped, not run to its end");
        var next = gw.hoop("exec", "shell", "--", "echo still serving");
        assertEquals(0, next.exit(), next.err());
        assertEquals("still serving\n", next.out());
        String id = JSON.readTree(gw.hoop("sessions", "--json").out()).get(1).get("id").asText();
        String replay = gw.hoop("replay", id).out();
        assertTrue(replay.contains("malformed exec stream"), "recorded");
        assertFalse(replay.contains("client disconnected"), "one reason, not the disconnect hoop itself made: " + replay);
    }

    /** A client that leaves (Ctrl-C) stops the whole script: the shell must not go on to its next command. */
    @Test
    void aClientLeavingStopsTheScriptNotOnlyItsRunningCommand() throws Exception {
        Path marker = dir.resolve("next-command-ran");
        // A hundred and fifty processes started after the running command keep hoop busy after it killed that one, so a shell
        // left for last has the time to start its next command.
        try (java.net.Socket s = openExec("(sleep 0.3; for i in $(seq 150); do sleep 30 & done; wait) & sleep 30; touch " + marker)) {
            s.getOutputStream().flush();
            Thread.sleep(1_500); // judged, and all of it is running
        }
        Thread.sleep(1_000);
        assertFalse(java.nio.file.Files.exists(marker), "the shell went on to the next command after its child was killed");
    }

    /** A raw exec stream of the shell connection running script, past the HTTP upgrade. */
    private java.net.Socket openExec(String script) throws Exception {
        hoop.config.HoopHome home = hoop.config.HoopHome.fromEnv(Map.of("HOOP_HOME", gw.home.toString()));
        String[] addr = java.nio.file.Files.readString(home.addressFile()).strip().split(":");
        String token = java.nio.file.Files.readString(home.tokenFile()).strip();
        java.net.Socket s = new java.net.Socket(addr[0], Integer.parseInt(addr[1]));
        s.setSoTimeout(20_000);
        byte[] json = JSON.createObjectNode().put("connection", "shell").set("args", JSON.createArrayNode().add(script)).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        s.getOutputStream().write(("POST /v1/exec HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nUpgrade: hoop-exec\r\n"
                + "Connection: Upgrade\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().write(json);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) head.append((char) s.getInputStream().read());
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return s;
    }

    /** A command printing an escaped address (a JSON file, a URL, HTML) is masked as its reader decodes it. */
    @Test
    void escapedSecretsInOutputAreMasked() {
        var r = gw.hoop("exec", "shell", "--", "printf '%s\\n' '{\"to\": \"ops\\u0040example.com\"}' 'GET /?m=bob%40example.org' "
                + "'<a href=\"mailto:carol&#64;example.net\">'");
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\"to\": \"[EMAIL]\"}\nGET /?m=[EMAIL]\n<a href=\"mailto:[EMAIL]\">\n", r.out());
    }

    @Test
    void outputIsMaskedAndExitCodePassesThrough() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        var r = gw.hoop("exec", "shell", "--", "echo mail alice@example.com key AKIAIOSFODNN7EXAMPLE jwt " + jwt
                + " ticket TCK-123456; echo to-stderr bob@example.org >&2; exit 7");
        assertEquals(7, r.exit(), r.err());
        assertFalse(r.out().contains("alice@example.com"), r.out());
        assertFalse(r.out().contains("AKIAIOSFODNN7EXAMPLE"), r.out());
        assertFalse(r.out().contains(jwt), r.out());
        assertFalse(r.out().contains("TCK-123456"), r.out());
        assertTrue(r.out().contains("[EMAIL]") && r.out().contains("[AWS_ACCESS_KEY]") && r.out().contains("[JWT]")
                && r.out().contains("[TICKET]"), r.out());
        assertTrue(r.err().contains("to-stderr [EMAIL]"), r.err());
    }

    /**
     * A UTF-16 file (a spreadsheet's "Unicode text" export) printed by the command: its NUL-interleaved bytes hid every
     * email from the masker, and the terminal showed them. The stream is now masked as the text it holds, with a byte
     * order mark or without.
     */
    @Test
    void utf16OutputIsMaskedAsTheTextItHolds() throws Exception {
        Path withBom = dir.resolve("export-bom.txt"), bare = dir.resolve("export.txt");
        Files.write(withBom, "\uFEFFname\temail\r\nAlice\talice@example.com\r\n".getBytes(StandardCharsets.UTF_16LE));
        Files.write(bare, "name\temail\r\nBob\tbob@example.org\r\n".getBytes(StandardCharsets.UTF_16BE));
        for (Path p : List.of(withBom, bare)) {
            var r = gw.hoop("exec", "shell", "--", "cat " + p);
            assertEquals(0, r.exit(), r.err());
            String shown = r.out().replace("\0", "");
            assertTrue(shown.contains("[EMAIL]"), shown);
            assertFalse(shown.contains("@example"), shown);
        }
    }

    @Test
    void secretFromEnvReachesTheProcessButIsMaskedAndNeverRecorded() throws Exception {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(SECRET.getBytes(StandardCharsets.UTF_8)));
        var r = gw.hoop("exec", "shell", "--", "echo token=$API_TOKEN; printf %s \"$API_TOKEN\" | sha256sum | grep -q " + sha
                + " && echo matches");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("matches"), r.out());
        assertFalse(r.out().contains(SECRET), r.out());
        assertTrue(r.out().contains("token=[SECRET]"), r.out());
        var typed = gw.hoop("exec", "shell", "--", "echo " + SECRET + " > /dev/null");
        assertEquals(0, typed.exit());
        gw.close();
        for (Path f : Files.list(gw.home).toList()) {
            if (f.getFileName().toString().startsWith("hoop.db")) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(raw.contains(SECRET), "secret found in " + f);
            }
        }
    }

    @Test
    void deniedCommandNeverRunsAndExitsThree() throws Exception {
        Path victim = dir.resolve("victim");
        Files.createDirectories(victim.resolve("sub"));
        Path marker = dir.resolve("marker");
        var r = gw.hoop("exec", "shell", "--", "touch " + marker + "; rm -rf " + victim);
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("denied by shell-guard.destructive: destructive command"), r.err());
        assertTrue(Files.exists(victim.resolve("sub")), "rm ran");
        assertFalse(Files.exists(marker), "no part of a denied script may run");
    }

    @Test
    void evasionsAreDeniedToo() {
        for (String evasion : new String[] {"/bin/rm -fr /tmp/hoop-nothing", "command rm -r -f x", "\\rm -rf x",
                "bash -c 'rm -rf x'", "echo $(rm -rf x)", "eval 'rm -rf x'", "curl -s x | bash"}) {
            var r = gw.hoop("exec", "shell", "--", evasion);
            assertEquals(3, r.exit(), evasion + " -> " + r.err());
        }
    }

    @Test
    void reviewRunsAfterApprove() throws Exception {
        Path marker = dir.resolve("pushed");
        var pending = TestGateway.async(() -> gw.hoop("exec", "shell", "--", "git push origin main 2>/dev/null; touch " + marker));
        String id = awaitPendingId();
        assertFalse(Files.exists(marker), "must wait for approval");
        var a = gw.hoop("approve", id, "--reason", "looks fine");
        assertEquals(0, a.exit(), a.err());
        var r = pending.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("waiting for approval " + id), r.err());
        assertTrue(Files.exists(marker));
        assertEquals(1, gw.hoop("approve", id).exit(), "an approval is decided once");
    }

    @Test
    void reviewRefusedAfterDeny() throws Exception {
        Path marker = dir.resolve("pushed");
        var pending = TestGateway.async(() -> gw.hoop("exec", "shell", "--", "git push; touch " + marker));
        String id = awaitPendingId();
        assertEquals(0, gw.hoop("deny", id, "--reason", "not on friday").exit());
        var r = pending.get(20, TimeUnit.SECONDS);
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("not on friday"), r.err());
        assertFalse(Files.exists(marker));
    }

    @Test
    void reviewTimeoutFollowsOnTimeout() throws Exception {
        var denied = gw.hoop("exec", "shell", "--", "echo quick-deny ran");
        assertEquals(3, denied.exit());
        assertFalse(denied.out().contains("ran"));
        assertTrue(denied.err().contains("not answered in time"), denied.err());
        var allowed = gw.hoop("exec", "shell", "--", "echo quick-allow ran");
        assertEquals(0, allowed.exit(), allowed.err());
        assertTrue(allowed.out().contains("quick-allow ran"));
    }

    @Test
    void stdinPassesThrough() {
        var r = gw.hoopWithInput(new java.io.ByteArrayInputStream("line one\ncarol@example.net\n".getBytes()),
                "exec", "shell", "--", "cat");
        assertEquals(0, r.exit(), r.err());
        assertEquals("line one\n[EMAIL]\n", r.out());
    }

    @Test
    void sessionsAndReplayShowWhatHappened() throws Exception {
        gw.hoop("exec", "shell", "--", "echo hello replay dave@example.com");
        gw.hoop("exec", "shell", "--", "rm -rf /nothing");
        var list = gw.hoop("sessions", "--json");
        assertEquals(0, list.exit(), list.err());
        JsonNode sessions = JSON.readTree(list.out());
        assertEquals(2, sessions.size());
        JsonNode blocked = sessions.get(0);
        assertEquals(1, blocked.get("blocked").asInt());
        assertEquals(3, blocked.get("exit_code").asInt());
        var table = gw.hoop("sessions");
        assertTrue(table.out().contains("shell"), table.out());

        var denied = gw.hoop("replay", blocked.get("id").asText().substring(0, 8));
        assertEquals(0, denied.exit(), denied.err());
        assertTrue(denied.out().contains("$ rm -rf /nothing"), denied.out());
        assertTrue(denied.out().contains("[BLOCKED by shell-guard.destructive]: destructive command"), denied.out());

        var ok = gw.hoop("replay", sessions.get(1).get("id").asText());
        assertTrue(ok.out().contains("| hello replay [EMAIL]"), ok.out());
        assertFalse(ok.out().contains("dave@example.com"));
    }

    /**
     * The replay plays a program's colours but not what reaches beyond the screen: an OSC 52 clipboard write and a
     * device status request (whose answer the reviewer's terminal would type) printed by the command were replayed raw.
     */
    @Test
    void replayDropsWhatReachesBeyondTheScreen() throws Exception {
        var r = gw.hoop("exec", "shell", "--", "printf 'a\\033]52;c;ZXZpbA==\\007b\\033[6nc\\033[1;31mred\\033[0m\\n'");
        assertEquals(0, r.exit(), r.err());
        String id = JSON.readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        String cast = gw.hoop("replay", id, "--format", "asciicast").out().toLowerCase(java.util.Locale.ROOT);
        assertTrue(cast.contains("abc\\u001b[1;31mred\\u001b[0m"), cast);
        assertFalse(cast.contains("\\u001b]52") || cast.contains("\\u001b[6n"), cast);
        String text = gw.hoop("replay", id).out();
        assertTrue(text.contains("| abcred"), text);
    }

    @Test
    void flaggedCommandRunsAndIsMarked() throws Exception {
        var r = gw.hoop("exec", "shell", "--", "curl --version >/dev/null 2>&1; echo done");
        assertEquals(0, r.exit(), r.err());
        JsonNode s = JSON.readTree(gw.hoop("sessions", "--json").out()).get(0);
        assertEquals(1, s.get("flagged").asInt());
    }

    @Test
    void approvalsListJson() throws Exception {
        var pending = TestGateway.async(() -> gw.hoop("exec", "shell", "--", "git push --force"));
        String id = awaitPendingId();
        JsonNode list = JSON.readTree(gw.hoop("approvals", "list", "--json").out());
        assertEquals("git push --force", list.get(0).get("command").asText());
        assertEquals("shell-guard.push", list.get(0).get("rule").asText());
        gw.hoop("deny", id);
        assertEquals(3, pending.get(20, TimeUnit.SECONDS).exit());
    }

    String awaitPendingId() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            var r = gw.hoop("approvals", "list", "--json");
            JsonNode list = JSON.readTree(r.out().isBlank() ? "[]" : r.out());
            if (list.size() > 0) return list.get(0).get("id").asText();
            Thread.sleep(50);
        }
        throw new AssertionError("no pending approval appeared");
    }
}
