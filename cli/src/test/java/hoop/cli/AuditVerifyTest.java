package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.store.ChainHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hoop audit verify` against real recordings made by a real gateway, tampered with the sqlite3 CLI as anyone
 * holding the file could, and against JSON exports checked away from the gateway with only its public key.
 */
class AuditVerifyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestGateway gw;
    String id;

    @BeforeEach
    void record() throws Exception {
        gw = new TestGateway(dir.resolve("home"), ExecEndToEndTest.CONFIG, Map.of("API_TOKEN", ExecEndToEndTest.SECRET));
        assertEquals(0, gw.hoop("exec", "shell", "--", "echo one; echo two; echo three").exit());
        id = JSON.readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        gw.close(); // the file is now at rest, as an auditor (or an attacker) finds it
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    TestGateway.Run verify(String... extra) {
        return TestGateway.cli(gw.env, concat(new String[] {"audit", "verify"}, extra));
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    void sqlite(String sql) throws Exception {
        Process p = new ProcessBuilder("sqlite3", gw.home.resolve("hoop.db").toString(), sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    long events() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM events WHERE session_id = '" + id + "'")) {
            return rs.getLong(1);
        }
    }

    @Test
    void aSessionADeadGatewayLeftOpenIsClosedSignedAtTheNextStart() throws Exception {
        // What a gateway killed mid-session leaves: the session row still active, its events chained, no end.
        String orphan = java.util.UUID.randomUUID().toString();
        try (hoop.store.SqliteStore store = hoop.store.SqliteStore.open(gw.home.resolve("hoop.db"))) {
            store.createSession(new hoop.store.SessionRecord(orphan, "shell", "command", "root", "local", Instant.now(), null,
                    "active", 0, 0, 0, 0, null)).join();
            store.append(orphan, hoop.core.EventType.SESSION_START.wireName(), "{\"connection\":\"shell\"}").join();
        }
        gw.start();
        JsonNode listed = JSON.readTree(gw.hoop("sessions", "--json").out());
        JsonNode row = null;
        for (JsonNode n : listed) if (n.path("id").asText().equals(orphan)) row = n;
        assertTrue(row != null && row.path("status").asText().equals("error"), listed.toString());
        var r = verify(orphan);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("head signed by key"), r.out());
        assertTrue(gw.hoop("replay", orphan, "--format", "json").out().contains("closed when it started again"));
    }

    @Test
    void intactSessionIsSignedAndVerifies() {
        var r = verify(id.substring(0, 8));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("OK  " + id) && r.out().contains("head signed by key"), r.out());
        var all = verify("--all");
        assertEquals(0, all.exit(), all.out());
        assertTrue(all.out().contains("1 sessions: 1 intact, 0 failed"), all.out());
    }

    @Test
    void editedEventIsCaughtAtItsSeq() throws Exception {
        sqlite("UPDATE events SET payload = replace(payload, 'echo two', 'echo TWO') WHERE session_id = '" + id + "' AND seq = 2");
        var r = verify(id);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("FAILED") && r.out().contains("at seq 2: hash of seq 2 does not match its content"), r.out());
    }

    @Test
    void deletedEventIsCaught() throws Exception {
        sqlite("DELETE FROM events WHERE session_id = '" + id + "' AND seq = 3");
        var r = verify(id);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("at seq 3: seq 3 is missing"), r.out());
    }

    @Test
    void insertedEventIsCaught() throws Exception {
        long n = events();
        // Make room at seq 3 (shifted via negative seqs, since seq is part of the primary key), then slip a row in.
        sqlite("UPDATE events SET seq = -seq - 1 WHERE session_id = '" + id + "' AND seq >= 3;"
                + "UPDATE events SET seq = -seq WHERE session_id = '" + id + "' AND seq < 0;"
                + "INSERT INTO events SELECT session_id, 3, at, 'command', '{\"text\":\"echo innocent\"}', hash, hash FROM events "
                + "WHERE session_id = '" + id + "' AND seq = 2;"
                + "UPDATE sessions SET last_seq = last_seq + 1 WHERE id = '" + id + "'");
        assertEquals(n + 1, events());
        var r = verify(id);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("at seq 3: hash of seq 3 does not match its content"), r.out());
    }

    @Test
    void recomputedChainIsCaughtByTheSignature() throws Exception {
        rewriteChain("echo two", "echo 2");
        var r = verify(id);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("the chain was rewritten"), r.out());
        sqlite("DELETE FROM session_signatures");
        r = verify(id);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("closed but carries no gateway signature"), r.out());
    }

    /** What an attacker with the file (but not the key) can do best: edit, then recompute every hash and the head. */
    void rewriteChain(String from, String to) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db"))) {
            c.setAutoCommit(false);
            String prev = ChainHash.GENESIS;
            long seq = 0;
            try (PreparedStatement q = c.prepareStatement("SELECT seq, at, type, payload FROM events WHERE session_id = ? ORDER BY seq");
                 PreparedStatement u = c.prepareStatement("UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE session_id = ? AND seq = ?")) {
                q.setString(1, id);
                List<Object[]> rows = new java.util.ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
                for (Object[] row : rows) {
                    seq = (long) row[0];
                    String payload = ((String) row[3]).replace(from, to);
                    String hash = ChainHash.of(prev, seq, Instant.parse((String) row[1]), (String) row[2], payload);
                    u.setString(1, payload);
                    u.setString(2, prev);
                    u.setString(3, hash);
                    u.setString(4, id);
                    u.setLong(5, seq);
                    u.executeUpdate();
                    prev = hash;
                }
            }
            try (PreparedStatement h = c.prepareStatement("UPDATE sessions SET last_seq = ?, last_hash = ? WHERE id = ?")) {
                h.setLong(1, seq);
                h.setString(2, prev);
                h.setString(3, id);
                h.executeUpdate();
            }
            c.commit();
        }
    }

    @Test
    void exportIsVerifiedAwayFromTheGatewayWithItsPublicKey() throws Exception {
        String pub = TestGateway.cli(gw.env, "audit", "key").out().strip();
        assertTrue(pub.startsWith("ed25519:"), pub);
        var export = TestGateway.cli(gw.env, "replay", id, "--format", "json");
        assertEquals(0, export.exit(), export.err());
        JsonNode doc = JSON.readTree(export.out());
        assertEquals("hoop-session", doc.get("format").asText());
        assertEquals(doc.get("event_count").asLong(), doc.get("signature").get("last_seq").asLong());
        Path file = dir.resolve("export.json");
        Files.writeString(file, export.out());

        // Away from the gateway: another HOOP_HOME, no database, no private key; only the public key given.
        Map<String, String> elsewhere = Map.of("HOOP_HOME", dir.resolve("auditor").toString());
        var ok = TestGateway.cli(elsewhere, "audit", "verify", "--file", file.toString(), "--pubkey", pub);
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("OK"), ok.out());

        Path keyFile = dir.resolve("gw.pub");
        Files.writeString(keyFile, pub + "\n");
        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, export.out().replace("echo two", "echo TWO"));
        var bad = TestGateway.cli(elsewhere, "audit", "verify", "--file", edited.toString(), "--pubkey", keyFile.toString());
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("FAILED") && bad.out().contains("at seq 2"), bad.out());

        String stranger = TestGateway.cli(Map.of("HOOP_HOME", dir.resolve("other").toString()), "audit", "key").out().strip();
        var wrongKey = TestGateway.cli(elsewhere, "audit", "verify", "--file", file.toString(), "--pubkey", stranger);
        assertEquals(1, wrongKey.exit(), wrongKey.out());
        assertTrue(wrongKey.out().contains("the signature does not verify"), wrongKey.out());

        // A damaged or missing export is a failed check in words, never an exception's name.
        Path garbled = dir.resolve("garbled.json");
        Files.writeString(garbled, export.out().replaceFirst("\"signed_at\" : \"[^\"]*\"", "\"signed_at\" : \"noon\""));
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, export.out().substring(0, export.out().length() / 2));
        for (Path damaged : List.of(garbled, truncated, dir.resolve("missing.json"))) {
            var r = TestGateway.cli(elsewhere, "audit", "verify", "--file", damaged.toString(), "--pubkey", pub);
            assertTrue(r.exit() != 0, damaged + ": " + r.out() + r.err());
            assertFalse((r.out() + r.err()).matches("(?s).*(Exception|java\\.).*"), damaged + ": " + r.out() + r.err());
        }
        var g = TestGateway.cli(elsewhere, "audit", "verify", "--file", garbled.toString(), "--pubkey", pub);
        assertTrue(g.out().contains("signed_at is not a time"), g.out() + g.err());
    }
}
