package hoop.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Versioned migrations. A migration is an ordered list of statements and its version is its position (1-based);
 * released migrations are never edited, only appended, because databases in the field already ran them.
 */
final class Schema {

    static final List<List<String>> MIGRATIONS = List.of(
            List.of("""
                    CREATE TABLE sessions (
                      id              TEXT PRIMARY KEY,
                      connection      TEXT NOT NULL,
                      connection_type TEXT,
                      user_name       TEXT NOT NULL,
                      identity_source TEXT,
                      started_at      TEXT NOT NULL,
                      ended_at        TEXT,
                      status          TEXT NOT NULL CHECK (status IN ('active', 'closed', 'error')),
                      commands        INTEGER NOT NULL DEFAULT 0,
                      blocked         INTEGER NOT NULL DEFAULT 0,
                      flagged         INTEGER NOT NULL DEFAULT 0,
                      reviewed        INTEGER NOT NULL DEFAULT 0,
                      exit_code       INTEGER,
                      last_seq        INTEGER NOT NULL DEFAULT 0,
                      last_hash       TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000'
                    )""",
                    "CREATE INDEX sessions_started ON sessions (started_at)",
                    """
                    CREATE TABLE events (
                      session_id TEXT NOT NULL REFERENCES sessions (id),
                      seq        INTEGER NOT NULL,
                      at         TEXT NOT NULL,
                      type       TEXT NOT NULL,
                      payload    TEXT NOT NULL,
                      prev_hash  TEXT NOT NULL,
                      hash       TEXT NOT NULL,
                      PRIMARY KEY (session_id, seq)
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE approvals (
                      id           TEXT PRIMARY KEY,
                      session_id   TEXT NOT NULL REFERENCES sessions (id),
                      connection   TEXT NOT NULL,
                      requester    TEXT NOT NULL,
                      command_text TEXT NOT NULL,
                      command_hash TEXT NOT NULL,
                      rule         TEXT,
                      status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'cancelled')),
                      created_at   TEXT NOT NULL,
                      expires_at   TEXT,
                      on_timeout   TEXT,
                      decided_by   TEXT,
                      decided_at   TEXT,
                      reason       TEXT
                    )""",
                    "CREATE INDEX approvals_status ON approvals (status, created_at)",
                    "CREATE INDEX approvals_session ON approvals (session_id)"),
            // How far the spool (records taken before SQLite saw them) has been copied in; see Spool.
            List.of("CREATE TABLE spool_state (id INTEGER PRIMARY KEY CHECK (id = 1), ingested INTEGER NOT NULL)",
                    "INSERT INTO spool_state (id, ingested) VALUES (1, 0)"),
            // The gateway's Ed25519 signature over a closed session's head (see SessionSignature): a chain
            // recomputed by someone with write access to this file no longer matches what the gateway signed.
            List.of("""
                    CREATE TABLE session_signatures (
                      session_id TEXT PRIMARY KEY REFERENCES sessions (id),
                      last_seq   INTEGER NOT NULL,
                      last_hash  TEXT NOT NULL,
                      key_id     TEXT NOT NULL,
                      signature  TEXT NOT NULL,
                      signed_at  TEXT NOT NULL
                    )"""));

    private Schema() {
    }

    /** Brings the database up to the last of {@code migrations}; refuses a database written by newer code. */
    static void migrate(Connection c, List<List<String>> migrations) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        }
        int current = currentVersion(c);
        if (current > migrations.size()) {
            throw newerThanCode(current, migrations.size());
        }
        for (int v = current + 1; v <= migrations.size(); v++) {
            apply(c, v, migrations.get(v - 1), migrations.size());
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, int version, List<String> statements, int known) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                // Another process may have migrated while we waited for the write lock.
                int now = currentVersion(c);
                if (now > known) {
                    throw newerThanCode(now, known);
                }
                if (now < version) {
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                    st.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + version + ", '"
                            + Times.format(Instant.now()) + "')");
                }
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static StoreException newerThanCode(int found, int known) {
        return new StoreException("database schema version " + found + " is newer than this hoop build understands (up to "
                + known + "); upgrade hoop rather than risk writing with an older schema");
    }
}
