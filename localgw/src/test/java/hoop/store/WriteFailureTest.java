package hoop.store;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static hoop.store.Fixtures.failure;
import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway must be able to fail closed, so every way a write can be lost has to surface as a failed future.
 * Root ignores file permissions, so the failures are produced inside SQLite itself instead.
 */
class WriteFailureTest {

    @TempDir
    Path dir;
    Path db;
    SqliteStore store;

    @BeforeEach
    void open() throws Exception {
        db = dir.resolve("hoop.db");
        store = SqliteStore.open(db);
        get(store.createSession(session("s-1", Instant.now())));
        get(store.append("s-1", "command", "before"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void closedStoreRefusesWritesAndReads() {
        store.close();
        StoreException e = failure(store.append("s-1", "command", "after close"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        failure(store.createSession(session("s-2", Instant.now())));
        assertThrows(StoreException.class, () -> store.expirePending("x"));
        assertThrows(StoreException.class, () -> store.sessions(10));
    }

    @Test
    void writeRejectedByTheDatabaseFailsTheFutureAndTheChainStaysIntact() throws Exception {
        Fixtures.exec(db, "CREATE TRIGGER no_writes BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        StoreException e = failure(store.append("s-1", "command", "lost"));
        assertTrue(e.getMessage().contains("disk says no"), e.getMessage());

        Fixtures.exec(db, "DROP TRIGGER no_writes");
        assertEquals(2, get(store.append("s-1", "command", "after")).seq(), "the failed append must not consume a seq");
        assertTrue(store.verify("s-1").ok());
    }

    @Test
    void readOnlyWriterConnectionFailsAppends() throws Exception {
        get(store.onWriterConnection(c -> c.createStatement().execute("PRAGMA query_only = 1")));
        failure(store.append("s-1", "command", "lost"));
        failure(store.updateCounters("s-1", 1, 0, 0, 0));

        get(store.onWriterConnection(c -> c.createStatement().execute("PRAGMA query_only = 0")));
        assertEquals(2, get(store.append("s-1", "command", "after")).seq());
        assertTrue(store.verify("s-1").ok());
    }

    @Test
    void fullDiskFailsAppends() throws Exception {
        // max_page_count makes SQLite take its real out-of-space path (SQLITE_FULL) without filling a disk.
        get(store.onWriterConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                long pages = rs.getLong(1);
                st.execute("PRAGMA max_page_count = " + pages);
            }
        }));
        StoreException e = failure(store.append("s-1", "output", "x".repeat(1 << 20)));
        assertTrue(e.getMessage().toLowerCase().contains("full"), e.getMessage());

        get(store.onWriterConnection(c -> c.createStatement().execute("PRAGMA max_page_count = 1073741823")));
        assertEquals(2, get(store.append("s-1", "output", "fits now")).seq());
        assertTrue(store.verify("s-1").ok());
    }

    @Test
    void failedCommitFailsEveryOpInTheBatchAndRewindsTheChain() throws Exception {
        // Hold the writer so the next three ops are drained into one batch.
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> gate = store.onWriterConnection(c -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));

        CompletableFuture<EventRecord> a = store.append("s-1", "command", "a");
        // A deferred foreign-key violation passes its own statement and only fails at COMMIT.
        CompletableFuture<Void> poison = store.onWriterTransaction((c, heads) -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA defer_foreign_keys = ON");
                st.execute("INSERT INTO approvals (id, session_id, connection, requester, command_text, command_hash, "
                        + "status, created_at) VALUES ('orphan', 'no-such-session', 'c', 'r', 't', 'h', 'pending', 'x')");
            }
            return null;
        });
        CompletableFuture<EventRecord> b = store.append("s-1", "command", "b");
        release.countDown();
        get(gate);

        failure(poison);
        failure(a);
        failure(b);
        assertEquals(1, store.events("s-1").size(), "nothing from the failed batch may be visible");

        EventRecord next = get(store.append("s-1", "command", "after"));
        assertEquals(2, next.seq(), "in-memory chain head must rewind with the rollback");
        assertTrue(store.verify("s-1").ok());
        assertTrue(store.approval("orphan").isEmpty());
    }
}
