package hoop.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static hoop.store.Fixtures.approval;
import static hoop.store.Fixtures.failure;
import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

    @TempDir
    Path dir;
    Path db;
    SqliteStore store;

    @BeforeEach
    void open() {
        db = dir.resolve("nested/audit/hoop.db");
        store = SqliteStore.open(db);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsParentDirectoryAndPrivateFiles() throws Exception {
        get(store.createSession(session("s-1", T0)));
        assertTrue(Files.isRegularFile(db));
        if (Files.getFileStore(db).supportsFileAttributeView("posix")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent())));
            for (String name : List.of("hoop.db", "hoop.db-wal", "hoop.db-shm")) {
                Path f = db.resolveSibling(name);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), name);
            }
        }
    }

    @Test
    void sessionRoundTripsExactly() throws Exception {
        SessionRecord s = session("s-1", T0);
        get(store.createSession(s));
        assertEquals(s, store.session("s-1").orElseThrow());
    }

    @Test
    void appendBuildsTheSpecifiedChain() throws Exception {
        get(store.createSession(session("s-1", T0)));
        EventRecord e1 = get(store.append("s-1", "command", "{\"sql\":\"select 1\"}"));
        EventRecord e2 = get(store.append("s-1", "output", "ünïcödé\nline two"));

        assertEquals(1, e1.seq());
        assertEquals("0".repeat(64), e1.prevHash());
        assertEquals(Fixtures.expectedHash(e1.prevHash(), 1, e1.at(), "command", e1.payload()), e1.hash());
        assertEquals(2, e2.seq());
        assertEquals(e1.hash(), e2.prevHash());
        assertEquals(Fixtures.expectedHash(e1.hash(), 2, e2.at(), "output", e2.payload()), e2.hash());

        assertEquals(List.of(e1, e2), store.events("s-1"));
        List<EventRecord> streamed = new ArrayList<>();
        store.forEachEvent("s-1", streamed::add);
        assertEquals(List.of(e1, e2), streamed);
        assertTrue(store.verify("s-1").ok());
    }

    @Test
    void uniquePrefixResolvesAndAmbiguousPrefixIsRefused() throws Exception {
        get(store.createSession(session("abc-1", T0)));
        get(store.createSession(session("abc-2", T0)));
        get(store.createSession(session("xyz", T0)));
        get(store.createSession(session("ab", T0)));

        assertEquals("xyz", store.session("xy").orElseThrow().id());
        assertEquals("abc-2", store.session("abc-2").orElseThrow().id());
        assertEquals("ab", store.session("ab").orElseThrow().id(), "an exact id beats being a prefix of others");
        assertTrue(store.session("nope").isEmpty());
        StoreException e = assertThrows(StoreException.class, () -> store.session("abc"));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void prefixIsCaseSensitiveAndLiteral() throws Exception {
        get(store.createSession(session("Ab%_1", T0)));
        assertTrue(store.session("ab").isEmpty());
        assertTrue(store.session("A_").isEmpty());
        assertEquals("Ab%_1", store.session("Ab%").orElseThrow().id());
    }

    @Test
    void sessionsAreNewestFirstAndLimited() throws Exception {
        // Different fraction widths on purpose: sorting Instant.toString() text would get these wrong.
        get(store.createSession(session("old", Instant.parse("2025-03-01T10:00:00Z"))));
        get(store.createSession(session("mid", Instant.parse("2025-03-01T10:00:00.5Z"))));
        get(store.createSession(session("new", Instant.parse("2025-03-01T10:00:01Z"))));

        assertEquals(List.of("new", "mid", "old"), store.sessions(10).stream().map(SessionRecord::id).toList());
        assertEquals(List.of("new", "mid"), store.sessions(2).stream().map(SessionRecord::id).toList());
    }

    @Test
    void countersAccumulateAndEndSessionCloses() throws Exception {
        get(store.createSession(session("s-1", T0)));
        get(store.updateCounters("s-1", 1, 0, 1, 0));
        get(store.updateCounters("s-1", 2, 1, 0, 1));
        Instant end = T0.plusSeconds(90);
        get(store.endSession("s-1", end, "closed", 0));

        SessionRecord s = store.session("s-1").orElseThrow();
        assertEquals(3, s.commands());
        assertEquals(1, s.blocked());
        assertEquals(1, s.flagged());
        assertEquals(1, s.reviewed());
        assertEquals(end, s.endedAt());
        assertEquals("closed", s.status());
        assertEquals(0, s.exitCode());
    }

    @Test
    void writesToUnknownSessionsFail() {
        assertTrue(failure(store.append("ghost", "command", "x")).getMessage().contains("ghost"));
        failure(store.updateCounters("ghost", 1, 0, 0, 0));
        failure(store.endSession("ghost", T0, "closed", 0));
    }

    @Test
    void aBadOpFailsAloneAndLeavesItsBatchCommitted() throws Exception {
        get(store.createSession(session("s-1", T0)));
        // Queued back to back so they very likely share a batch; either way only the duplicate may fail.
        var dup = store.createSession(session("s-1", T0));
        var a = store.append("s-1", "command", "one");
        var badStatus = store.endSession("s-1", T0, "exploded", null);
        var b = store.append("s-1", "command", "two");

        failure(dup);
        failure(badStatus);
        assertEquals(1, get(a).seq());
        assertEquals(2, get(b).seq());
        assertTrue(store.verify("s-1").ok());
        assertEquals("active", store.session("s-1").orElseThrow().status());
    }

    @Test
    void approvalsSaveReplaceListAndExpire() throws Exception {
        get(store.createSession(session("s-1", T0)));
        ApprovalRecord a1 = approval("ap-1", "s-1", "pending", T0);
        ApprovalRecord a2 = approval("ap-2", "s-1", "pending", T0.plusSeconds(1));
        ApprovalRecord b = approval("bp-1", "s-1", "pending", T0.plusSeconds(2));
        get(store.saveApproval(a1));
        get(store.saveApproval(a2));
        get(store.saveApproval(b));

        ApprovalRecord decided = new ApprovalRecord("ap-2", "s-1", "pg-prod", "alice@example.com", "DROP TABLE users",
                "h-ap-2", "no-drops", "approved", a2.createdAt(), a2.expiresAt(), "deny", "bob", T0.plusSeconds(5), "ok");
        get(store.saveApproval(decided));

        assertEquals(decided, store.approval("ap-2").orElseThrow());
        assertEquals(b, store.approval("b").orElseThrow());
        assertThrows(StoreException.class, () -> store.approval("ap"));
        assertEquals(List.of("bp-1", "ap-2", "ap-1"), store.approvals(null).stream().map(ApprovalRecord::id).toList());
        assertEquals(List.of("bp-1", "ap-1"), store.approvals("pending").stream().map(ApprovalRecord::id).toList());

        assertEquals(2, store.expirePending("gateway restarted"));
        assertTrue(store.approvals("pending").isEmpty());
        ApprovalRecord expired = store.approval("ap-1").orElseThrow();
        assertEquals("expired", expired.status());
        assertEquals("gateway restarted", expired.reason());
        assertTrue(expired.decidedAt() != null);
        assertEquals("approved", store.approval("ap-2").orElseThrow().status());
        assertEquals(0, store.expirePending("again"));
    }

    @Test
    void closeCommitsWhatWasQueuedBeforeIt() throws Exception {
        get(store.createSession(session("s-1", T0)));
        List<java.util.concurrent.CompletableFuture<EventRecord>> fs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fs.add(store.append("s-1", "command", "c" + i));
        }
        store.close();
        for (var f : fs) {
            get(f);
        }
        try (SqliteStore again = SqliteStore.open(db)) {
            assertEquals(1000, again.events("s-1").size());
            assertTrue(again.verify("s-1").ok());
        }
    }
}
