package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live `hoop approvals` view driven for real: the CLI runs in tmux (a real terminal), keys are sent
 * with send-keys, the screen is read with capture-pane, and the outcomes are checked on a real PostgreSQL.
 */
class ApprovalsTuiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Tmux TMUX = new Tmux("tui");

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - name: appdb
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    policies: [p]
                policies:
                  p:
                    rules:
                      - { name: deletes, action: review, match: { kind: [write], text: ['(?i)^delete'] }, timeout: 60s, on_timeout: deny }
                """.formatted(upstream.port())), Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        TMUX.close();
        UpstreamPostgres.stop(gw, upstream);
    }

    static CompletableFuture<Object> delete(JsonNode s, int id) {
        return TestGateway.async(() -> {
            try (Connection c = PostgresEndToEndTest.jdbc(s)) {
                return c.createStatement().executeUpdate("DELETE FROM customers WHERE id = " + id);
            } catch (SQLException e) {
                return e;
            }
        });
    }

    static String selectedLine(String screen) {
        return screen.lines().filter(l -> l.startsWith("> ")).findFirst().orElse("");
    }

    @Test
    void approveOneDenyAnotherFromTheLiveView() throws Exception {
        JsonNode s1 = PostgresEndToEndTest.session(gw, "appdb");
        JsonNode s2 = PostgresEndToEndTest.session(gw, "appdb");
        var approved = delete(s1, 1);
        var denied = delete(s2, 2);

        TMUX.start(160, 30, Tmux.hoop(gw.home, "approvals --as reviewer"));
        String s = TMUX.await("2 pending as reviewer", "WHERE id = 1", "WHERE id = 2");
        assertTrue(s.contains("p.deletes"), s);

        if (!selectedLine(s).contains("id = 1")) TMUX.keys("j");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!selectedLine(TMUX.screen()).contains("id = 1") && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(selectedLine(TMUX.screen()).contains("id = 1"), TMUX.screen());
        TMUX.keys("a");
        s = TMUX.await("1 pending", " approved");
        assertTrue(selectedLine(s).contains("id = 2"), s);
        assertEquals(1, approved.get(20, TimeUnit.SECONDS));

        TMUX.keys("d");
        TMUX.await("deny reason");
        TMUX.type("keep Bob");
        TMUX.keys("Enter");
        TMUX.await("0 pending", " denied", "no pending requests");
        Object result = denied.get(20, TimeUnit.SECONDS);
        assertTrue(result instanceof SQLException e && "42501".equals(e.getSQLState()) && e.getMessage().contains("keep Bob"),
                String.valueOf(result));

        TMUX.keys("q");
        assertEquals(0, upstream.count("SELECT count(*) FROM customers WHERE id = 1"), "the approved DELETE ran");
        assertEquals(1, upstream.count("SELECT count(*) FROM customers WHERE id = 2"), "the denied DELETE did not");
        JsonNode all = JSON.readTree(gw.hoop("approvals", "list", "--all", "--json").out());
        assertEquals("reviewer", all.get(0).get("decided_by").asText());
    }
    /**
     * A statement is shown to the approver as the characters that will run. Printed raw, ESC[2K ESC[1G inside a
     * comment erased the row of a DELETE and drew "> harmless" in its place; each is now shown as an escape, in the
     * list and in the whole-command view.
     */
    @Test
    void aCommandCarryingEscapeSequencesIsShownNotObeyed() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        String spoof = "DELETE FROM customers WHERE id > 2 /*\u001b[2K\u001b[1G> harmless \u202e*/";
        CompletableFuture<Object> held = TestGateway.async(() -> {
            try (Connection c = PostgresEndToEndTest.jdbc(s)) {
                return c.createStatement().executeUpdate(spoof);
            } catch (SQLException e) {
                return e;
            }
        });
        String shown = "DELETE FROM customers WHERE id > 2 /*\\x1b[2K\\x1b[1G> harmless \\u202e*/";
        TMUX.start(220, 30, Tmux.hoop(gw.home, "approvals --as checker"));
        String screen = TMUX.await("1 pending as checker", "harmless");
        assertTrue(selectedLine(screen).contains(shown), screen);
        TMUX.keys("Enter");
        screen = TMUX.await("  " + shown);
        TMUX.keys("d");
        TMUX.await("deny reason");
        TMUX.type("spoofed");
        TMUX.keys("Enter");
        TMUX.await("0 pending");
        Object result = held.get(20, TimeUnit.SECONDS);
        assertTrue(result instanceof SQLException e && "42501".equals(e.getSQLState()), String.valueOf(result));
        TMUX.keys("q");
    }
}
