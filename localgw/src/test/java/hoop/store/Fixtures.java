package hoop.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class Fixtures {

    private Fixtures() {
    }

    static SessionRecord session(String id, Instant startedAt) {
        return new SessionRecord(id, "pg-prod", "postgres", "alice@example.com", "oidc", startedAt, null, "active",
                0, 0, 0, 0, null);
    }

    static ApprovalRecord approval(String id, String sessionId, String status, Instant createdAt) {
        return new ApprovalRecord(id, sessionId, "pg-prod", "alice@example.com", "DROP TABLE users", "h-" + id,
                "no-drops", status, createdAt, createdAt.plusSeconds(300), "deny", null, null, null);
    }

    /** The spec's formula written out independently of ChainHash, so a shared mistake cannot pass unnoticed. */
    static String expectedHash(String prevHash, long seq, Instant at, String type, String payload) throws Exception {
        String s = prevHash + "\n" + seq + "\n" + at + "\n" + type + "\n" + payload;
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A connection that bypasses the store entirely, the way an attacker with file access would. */
    static Connection raw(Path db) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    static void exec(Path db, String... sql) throws SQLException {
        try (Connection c = raw(db); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static StoreException failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, () -> f.orTimeout(30, TimeUnit.SECONDS).join());
        return assertInstanceOf(StoreException.class, e.getCause());
    }
}
