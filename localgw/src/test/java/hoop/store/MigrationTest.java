package hoop.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationTest {

    @TempDir
    Path dir;

    @Test
    void reopeningKeepsDataAndDoesNotRerunMigrations() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            get(store.createSession(session("s-1", Instant.now())));
            get(store.append("s-1", "command", "ls"));
        }
        List<String> before = versions(db);

        try (SqliteStore store = SqliteStore.open(db)) {
            assertEquals(1, store.events("s-1").size());
            EventRecord e2 = get(store.append("s-1", "command", "pwd"));
            assertEquals(2, e2.seq(), "the chain continues across restarts");
            assertTrue(store.verify("s-1").ok());
        }
        assertEquals(before, versions(db), "applied_at unchanged means nothing re-ran");
        assertEquals(Schema.MIGRATIONS.size(), before.size());
    }

    @Test
    void olderDatabaseGetsOnlyTheMissingMigrations() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db, Schema.MIGRATIONS)) {
            get(store.createSession(session("s-1", Instant.now())));
        }
        List<List<String>> newer = new ArrayList<>(Schema.MIGRATIONS);
        newer.add(List.of("ALTER TABLE sessions ADD COLUMN client_ip TEXT", "CREATE TABLE notes (id TEXT PRIMARY KEY)"));

        try (SqliteStore store = SqliteStore.open(db, newer)) {
            assertTrue(store.session("s-1").isPresent());
        }
        assertEquals(newer.size(), versions(db).size());
        Fixtures.exec(db, "INSERT INTO notes VALUES ('proves v" + newer.size() + " ran')");
    }

    @Test
    void databaseFromNewerCodeIsRefusedClearly() throws Exception {
        Path db = dir.resolve("hoop.db");
        SqliteStore.open(db).close();
        Fixtures.exec(db, "INSERT INTO schema_version VALUES (99, '2099-01-01T00:00:00.000000000Z')");

        StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(db));
        assertTrue(e.getMessage().contains("99") && e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void connectionsUseWalAndFullSync() throws Exception {
        Path db = dir.resolve("hoop.db");
        try (SqliteStore store = SqliteStore.open(db)) {
            List<String> seen = new ArrayList<>();
            get(store.onWriterConnection(c -> {
                try (Statement st = c.createStatement()) {
                    for (String p : List.of("journal_mode", "synchronous", "foreign_keys", "busy_timeout")) {
                        try (ResultSet rs = st.executeQuery("PRAGMA " + p)) {
                            seen.add(rs.getString(1));
                        }
                    }
                }
            }));
            assertEquals(List.of("wal", "2", "1", String.valueOf(Db.BUSY_TIMEOUT_MS)), seen);
        }
    }

    private static List<String> versions(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Fixtures.raw(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, applied_at FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "@" + rs.getString(2));
            }
        }
        return out;
    }
}
