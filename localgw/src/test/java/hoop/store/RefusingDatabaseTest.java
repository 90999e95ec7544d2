package hoop.store;

import static hoop.store.Fixtures.exec;
import static hoop.store.Fixtures.failure;
import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With process durability a record is acknowledged once spooled, so the database refusing one is learnt only
 * behind it. From then on every record is refused (no command runs unrecorded) until the database takes the
 * spooled records again: the gateway then records and runs commands again without a restart. A database file
 * deleted or replaced under the gateway is a refusal too: SQLite would go on writing where nobody reads.
 */
class RefusingDatabaseTest {
    @TempDir
    Path dir;

    private static List<Store.NewEvent> command(String text) {
        return List.of(new Store.NewEvent("command", "{\"text\":\"" + text + "\"}"));
    }

    /** Appends until one is acknowledged (the spool takes records again), within 30 s. */
    private static void appendOnceTaken(SqliteStore store, String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            CompletableFuture<Void> f = store.appendAll("s-1", command(text), 1, 0, 0, 0);
            try {
                f.get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException refused) {
                assertTrue(System.nanoTime() < end, "the store did not take records again: " + refused.getCause());
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aDatabaseThatRefusedRecordsIsRetriedAndCommandsRecordAgainOnceItTakesThem() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            get(store.createSession(session("s-1", Instant.now())));
            exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
            get(store.appendAll("s-1", command("spooled"), 1, 0, 0, 0)); // acknowledged: it is in the spool
            failure(store.flush());
            StoreException next = failure(store.appendAll("s-1", command("refused"), 1, 0, 0, 0));
            assertTrue(next.getMessage().contains("disk says no"), next.getMessage());
            Thread.sleep(2_500); // retries while the database still refuses change nothing
            failure(store.appendAll("s-1", command("refused"), 1, 0, 0, 0));

            exec(db, "DROP TRIGGER refuse");
            appendOnceTaken(store, "after");
            List<String> texts = store.events("s-1").stream().map(EventRecord::payload).toList();
            assertEquals(List.of("{\"text\":\"spooled\"}", "{\"text\":\"after\"}"), texts);
            assertTrue(store.verify("s-1").ok());
            assertEquals(2, store.session("s-1").orElseThrow().commands(), "each record's counters once");
        }
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            assertEquals(2, store.events("s-1").size(), "a restart copies nothing twice");
            assertTrue(store.verify("s-1").ok());
        }
        assertFalse(Files.exists(dir.resolve("hoop.db.unrecorded")));
    }

    @Test
    void aDatabaseLockedByAnotherProcessRefusesRecordsUntilTheLockIsGone() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db, Durability.PROCESS)) {
            get(store.createSession(session("s-1", Instant.now())));
            get(store.flush());
            try (Connection other = Fixtures.raw(db); Statement st = other.createStatement()) {
                st.execute("BEGIN IMMEDIATE"); // holds the write lock past hoop's busy timeout
                get(store.appendAll("s-1", command("spooled"), 1, 0, 0, 0));
                CompletionException busy = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                        () -> store.flush().orTimeout(60, TimeUnit.SECONDS).join());
                assertTrue(busy.getCause().getMessage().contains("locked"), busy.getCause().getMessage());
                failure(store.appendAll("s-1", command("refused"), 1, 0, 0, 0));
                st.execute("ROLLBACK");
            }
            appendOnceTaken(store, "after");
            List<String> texts = store.events("s-1").stream().map(EventRecord::payload).toList();
            assertEquals(List.of("{\"text\":\"spooled\"}", "{\"text\":\"after\"}"), texts);
            assertTrue(store.verify("s-1").ok());
        }
    }

    @Test
    void aDeletedDatabaseRefusesRecords() throws Exception {
        for (Durability d : Durability.values()) {
            Path db = dir.resolve(d + ".db");
            try (SqliteStore store = SqliteStore.open(db, d)) {
                get(store.createSession(session("s-1", Instant.now())));
                get(store.flush());
                Files.delete(db);
                StoreException e = refusedSoon(store);
                assertTrue(e.getMessage().contains("was deleted"), e.getMessage());
            }
        }
    }

    @Test
    void aReplacedDatabaseRefusesRecords() throws Exception {
        for (Durability d : Durability.values()) {
            Path db = dir.resolve(d + ".db");
            try (SqliteStore store = SqliteStore.open(db, d)) {
                get(store.createSession(session("s-1", Instant.now())));
                get(store.flush());
                Files.copy(db, dir.resolve("restored.db"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(dir.resolve("restored.db"), db, StandardCopyOption.REPLACE_EXISTING);
                StoreException e = refusedSoon(store);
                assertTrue(e.getMessage().contains("was replaced"), e.getMessage());
            }
        }
    }

    /** The first record may be acknowledged from the spool; the refusal follows it within one flush. */
    private static StoreException refusedSoon(SqliteStore store) throws Exception {
        CompletableFuture<Void> first = store.appendAll("s-1", command("first"), 1, 0, 0, 0);
        try {
            first.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException refused) {
            return (StoreException) refused.getCause();
        }
        failure(store.flush());
        return failure(store.appendAll("s-1", command("second"), 1, 0, 0, 0));
    }
}
