package hoop.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edits rows behind the store's back, as someone with the file could, and checks verify names the right seq. */
class ChainTamperTest {

    private static final String S = "sess-tamper";
    private static final int N = 10;

    @TempDir
    Path dir;
    Path db;
    SqliteStore store;
    List<EventRecord> chain;

    @BeforeEach
    void recordSession() throws Exception {
        db = dir.resolve("hoop.db");
        store = SqliteStore.open(db);
        get(store.createSession(session(S, Instant.now())));
        get(store.createSession(session("bystander", Instant.now())));
        for (int i = 1; i <= N; i++) {
            get(store.append(S, "command", "cmd " + i));
            get(store.append("bystander", "command", "other " + i));
        }
        chain = store.events(S);
        ChainCheck clean = store.verify(S);
        assertTrue(clean.ok());
        assertEquals(N, clean.eventsChecked());
        assertNull(clean.firstBadSeq());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void editedPayloadIsCaughtAtThatSeq() throws Exception {
        Fixtures.exec(db, "UPDATE events SET payload = 'rm -rf /' WHERE session_id = '" + S + "' AND seq = 4");
        assertBad(4, 3);
    }

    @Test
    void editedTimestampIsCaught() throws Exception {
        Fixtures.exec(db, "UPDATE events SET at = '2001-01-01T00:00:00.000000000Z' WHERE session_id = '" + S + "' AND seq = 6");
        assertBad(6, 5);
    }

    @Test
    void rowRewrittenWithItsOwnValidHashBreaksTheNextLink() throws Exception {
        EventRecord e = chain.get(4); // seq 5
        String forged = Fixtures.expectedHash(e.prevHash(), 5, e.at(), e.type(), "innocent");
        Fixtures.exec(db, "UPDATE events SET payload = 'innocent', hash = '" + forged + "' WHERE session_id = '" + S
                + "' AND seq = 5");
        assertBad(6, 5);
    }

    @Test
    void deletedRowIsReportedAsTheMissingSeq() throws Exception {
        Fixtures.exec(db, "DELETE FROM events WHERE session_id = '" + S + "' AND seq = 7");
        ChainCheck c = assertBad(7, 6);
        assertTrue(c.problem().contains("missing"), c.problem());
    }

    @Test
    void deletedFirstRowIsCaught() throws Exception {
        Fixtures.exec(db, "DELETE FROM events WHERE session_id = '" + S + "' AND seq = 1");
        assertBad(1, 0);
    }

    @Test
    void truncatedTailIsCaughtAgainstTheRecordedHead() throws Exception {
        Fixtures.exec(db, "DELETE FROM events WHERE session_id = '" + S + "' AND seq > 8");
        assertBad(9, 8);
    }

    @Test
    void rowInsertedInTheMiddleIsCaughtWhereItSits() throws Exception {
        // Make room at seq 3 the only way a primary key allows: renumber everything after it.
        Fixtures.exec(db,
                "UPDATE events SET seq = -(seq + 1) WHERE session_id = '" + S + "' AND seq >= 3",
                "UPDATE events SET seq = -seq WHERE session_id = '" + S + "' AND seq < 0");
        insert(3, chain.get(1).hash(), "f".repeat(64));
        assertBad(3, 2);
    }

    @Test
    void wellForgedRowAppendedAfterTheEndIsCaught() throws Exception {
        EventRecord last = chain.get(N - 1);
        Instant at = last.at().plusSeconds(1);
        String hash = Fixtures.expectedHash(last.hash(), N + 1, at, "command", "history -c");
        try (Connection c = Fixtures.raw(db); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO events (session_id, seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, S);
            ps.setLong(2, N + 1);
            ps.setString(3, Times.format(at));
            ps.setString(4, "command");
            ps.setString(5, "history -c");
            ps.setString(6, last.hash());
            ps.setString(7, hash);
            ps.executeUpdate();
        }
        assertBad(N + 1, N + 1); // the forged row itself checks out; only the recorded head gives it away
    }

    @Test
    void unknownSessionIsNotOk() {
        ChainCheck c = store.verify("no-such-session");
        assertFalse(c.ok());
        assertEquals(0, c.eventsChecked());
    }

    @Test
    void tamperingOneSessionLeavesOthersVerified() throws Exception {
        Fixtures.exec(db, "UPDATE events SET payload = 'x' WHERE session_id = '" + S + "' AND seq = 2");
        assertTrue(store.verify("bystander").ok());
    }

    private void insert(long seq, String prevHash, String hash) throws Exception {
        try (Connection c = Fixtures.raw(db); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO events (session_id, seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, S);
            ps.setLong(2, seq);
            ps.setString(3, Times.format(Instant.now()));
            ps.setString(4, "command");
            ps.setString(5, "planted");
            ps.setString(6, prevHash);
            ps.setString(7, hash);
            ps.executeUpdate();
        }
    }

    private ChainCheck assertBad(long seq, long intactBefore) {
        ChainCheck c = store.verify(S);
        assertFalse(c.ok(), "tampering went unnoticed");
        assertEquals(seq, c.firstBadSeq(), c.problem());
        assertEquals(intactBefore, c.eventsChecked());
        assertEquals(S, c.sessionId());
        return c;
    }
}
