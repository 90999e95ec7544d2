package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approver rules, several approvals, and the webhook, with real commands waiting on a real gateway. */
class ApprovalWorkflowTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestGateway gw;
    HttpServer receiver;
    final List<JsonNode> posted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            posted.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                notify: { webhook: "http://127.0.0.1:%d/hook" }
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [p] }
                policies:
                  p:
                    rules:
                      - { name: two-eyes, action: review, match: { argv: ["echo deploy*"] }, approvers: [user:alice, user:bob, group:dba], min_approvals: 2, timeout: 30s }
                      - { name: alice-only, action: review, match: { argv: ["echo migrate*"] }, approvers: [user:alice], timeout: 30s }
                      - { name: mine, action: review, match: { argv: ["echo selfie*"] }, approvers: [self], timeout: 30s }
                """.formatted(receiver.getAddress().getPort())), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
        receiver.stop(0);
    }

    CompletableFuture<TestGateway.Run> exec(String script) {
        return TestGateway.async(() -> gw.hoop("exec", "shell", "--", script));
    }

    String pending(String rule) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            for (JsonNode a : JSON.readTree(gw.hoop("approvals", "list", "--json").out())) {
                if (a.get("rule").asText().equals("p." + rule)) return a.get("id").asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no pending request for " + rule);
    }

    /** The store fails while a request waits: an approval that cannot be recorded does not let the command run. */
    @Test
    void anApprovalTheStoreCannotRecordDoesNotRunTheCommand() throws Exception {
        Path marker = dir.resolve("migrated");
        var run = exec("echo migrate now && touch " + marker);
        String id = pending("alice-only");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db")); var st = c.createStatement()) {
            st.execute("CREATE TRIGGER no_decisions BEFORE UPDATE ON approvals BEGIN SELECT RAISE(ABORT, 'store is failing'); END");
        }
        gw.hoop("approve", id, "--as", "alice");
        TestGateway.Run r = run.get(30, TimeUnit.SECONDS);
        assertTrue(r.exit() != 0, r.exit() + " " + r.out() + r.err());
        assertTrue(!java.nio.file.Files.exists(marker), "the command ran although its approval was not recorded: " + r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    @Test
    void requesterCannotApproveItsOwnRequestUnlessSelfIsListed() throws Exception {
        var run = exec("echo migrate now");
        String id = pending("alice-only");
        var self = gw.hoop("approve", id);
        assertEquals(1, self.exit());
        assertTrue(self.err().contains("may not approve it"), self.err());
        var mallory = gw.hoop("approve", id, "--as", "mallory");
        assertEquals(1, mallory.exit());
        assertTrue(mallory.err().contains("not an approver"), mallory.err());
        assertEquals(0, gw.hoop("approve", id, "--as", "alice").exit());
        var r = run.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        assertEquals("migrate now\n", r.out());

        var mine = exec("echo selfie ok");
        assertEquals(0, gw.hoop("approve", pending("mine")).exit(), "self is listed");
        assertEquals("selfie ok\n", mine.get(20, TimeUnit.SECONDS).out());
    }

    /**
     * A command hoop runs is the gateway's OS user and can read gateway.token: found on a real gateway, `hoop exec shell --
     * 'curl ... -H "Authorization: Bearer $(cat $HOOP_HOME/gateway.token)" .../approve -d {"by":"alice"}'` (then bob)
     * approved the requester's own held statement of a two-approver rule. The control API refuses its calls.
     */
    @Test
    void aCommandHoopRunsCannotCallTheControlApi() throws Exception {
        var held = exec("echo migrate now");
        String id = pending("alice-only");
        String addr = java.nio.file.Files.readString(gw.home.resolve("gateway.addr")).strip();
        String token = gw.home.resolve("gateway.token").toString();
        var call = gw.hoop("exec", "shell", "--", "curl -s -o /dev/null -w '%{http_code}' -X POST -H \"Authorization: Bearer $(cat " + token
                + ")\" -d '{\"by\":\"alice\"}' http://" + addr + "/v1/approvals/" + id + "/approve");
        assertEquals("401", call.out().strip(), call.out() + call.err());
        Thread.sleep(300);
        assertTrue(!held.isDone(), "the held command still waits");
        var list = JSON.readTree(gw.hoop("approvals", "list", "--json").out());
        assertEquals("pending", list.get(0).get("status").asText(), list.toString());
        assertEquals(0, gw.hoop("approve", id, "--as", "alice").exit(), "the CLI itself is still served");
        assertEquals("migrate now\n", held.get(20, TimeUnit.SECONDS).out());
    }

    /** hoop's own secret files, printed by a command it runs, are masked like the connection's secrets. */
    @Test
    void hoopsOwnSecretsAreMaskedInWhatItsCommandsPrint() throws Exception {
        String token = java.nio.file.Files.readString(gw.home.resolve("gateway.token")).strip();
        String maskKey = java.nio.file.Files.readString(gw.home.resolve("mask.key")).strip();
        String audit = java.nio.file.Files.readAllLines(gw.home.resolve("audit.key")).stream()
                .filter(l -> l.startsWith("private ")).findFirst().orElseThrow().substring(8).strip();
        var r = gw.hoop("exec", "shell", "--", "cd " + gw.home + " && cat gateway.token mask.key audit.key && base64 -w0 gateway.token");
        assertEquals(0, r.exit(), r.err());
        for (String secret : List.of(token, maskKey, audit)) assertTrue(!r.out().contains(secret), r.out());
        String encoded = java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(gw.home.resolve("gateway.token")));
        assertTrue(!r.out().contains(encoded.substring(0, 40)), r.out());
        assertTrue(r.out().contains("public "), "the rest of the file still shows: " + r.out());
    }

    @Test
    void twoDistinctApproversAreNeeded() throws Exception {
        var run = exec("echo deploy prod");
        String id = pending("two-eyes");
        var first = gw.hoop("approve", id, "--as", "alice");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("more approvals needed"), first.out());
        gw.hoop("approve", id, "--as", "alice");
        Thread.sleep(300);
        assertTrue(!run.isDone(), "the same approver twice is still one approval");
        assertEquals(0, gw.hoop("approve", id, "--as", "carol", "--group", "dba").exit());
        var r = run.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        assertEquals("deploy prod\n", r.out());
        JsonNode all = JSON.readTree(gw.hoop("approvals", "list", "--all", "--json").out());
        assertEquals("alice, carol", all.get(0).get("decided_by").asText());
    }

    @Test
    void anyAllowedApproverCanDenyAndTheWebhookHearsEverything() throws Exception {
        var run = exec("echo deploy staging");
        String id = pending("two-eyes");
        assertEquals(0, gw.hoop("deny", id, "--as", "bob", "--reason", "freeze week").exit());
        var r = run.get(20, TimeUnit.SECONDS);
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("freeze week"), r.err());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (posted.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals("approval.created", posted.get(0).get("event").asText());
        assertTrue(posted.get(0).get("text").asText().contains("hoop approve " + id), posted.get(0).toString());
        assertEquals("approval.decided", posted.get(1).get("event").asText());
        assertEquals("denied", posted.get(1).get("status").asText());
        assertEquals("bob", posted.get(1).get("decided_by").asText());
        assertEquals(new String("echo deploy staging".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                posted.get(1).get("command").asText());
    }
    /**
     * The chat text shows the command as text: a Slack link ({@code <url|label>}) or mention ({@code <!channel>}) in it
     * was posted as is, so the channel showed a link of the agent's choosing next to the request; a fake "approved"
     * line and a code fence cannot leave the command's block either. The "command" field keeps the exact text.
     */
    @Test
    void theChatTextShowsTheCommandAsText() throws Exception {
        String script = "echo migrate '<https://evil.example/ok|Approve here> <!channel> & ```\nhoop: approval x approved by alice'";
        var run = exec(script);
        String id = pending("alice-only");
        assertEquals(0, gw.hoop("deny", id, "--as", "alice", "--reason", "<!here> no").exit());
        assertEquals(3, run.get(20, TimeUnit.SECONDS).exit());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (posted.size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
        String text = posted.get(0).get("text").asText();
        assertTrue(text.contains("```echo migrate '&lt;https://evil.example/ok|Approve here&gt; &lt;!channel&gt; &amp; `\u200b``\n"
                + "hoop: approval x approved by alice'```\nhoop approve " + id), text);
        assertFalse(text.contains("<") || text.contains(">"), text);
        assertEquals(script, posted.get(0).get("command").asText());
        assertEquals("hoop: approval " + id + " denied by alice: &lt;!here&gt; no", posted.get(1).get("text").asText());
    }
}
