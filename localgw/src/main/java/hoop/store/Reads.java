package hoop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Read-side SQL and row mapping; every method runs on a borrowed read connection. */
final class Reads {

    private static final String SESSION_COLS = "id, connection, connection_type, user_name, identity_source, started_at, "
            + "ended_at, status, commands, blocked, flagged, reviewed, exit_code";
    private static final String EVENT_COLS = "session_id, seq, at, type, payload, prev_hash, hash";
    private static final String APPROVAL_COLS = "id, session_id, connection, requester, command_text, command_hash, rule, "
            + "status, created_at, expires_at, on_timeout, decided_by, decided_at, reason";

    /** Appended to a prefix it bounds every id that starts with it (U+10FFFF sorts last in SQLite's UTF-8 order). */
    private static final String PREFIX_END = new String(Character.toChars(Character.MAX_CODE_POINT));

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Reads() {
    }

    static Optional<SessionRecord> session(Connection c, String idOrPrefix) throws SQLException {
        return byIdOrPrefix(c, "SELECT " + SESSION_COLS + " FROM sessions", idOrPrefix, Reads::session, "session");
    }

    static List<SessionRecord> sessions(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + SESSION_COLS + " FROM sessions ORDER BY started_at DESC, rowid DESC LIMIT ?")) {
            ps.setInt(1, Math.max(0, limit));
            return list(ps, Reads::session);
        }
    }

    static List<SessionRecord> activeSessions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + SESSION_COLS + " FROM sessions WHERE status = 'active' ORDER BY started_at, rowid")) {
            return list(ps, Reads::session);
        }
    }

    static void forEachEvent(Connection c, String sessionId, long afterSeq, Consumer<EventRecord> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + EVENT_COLS + " FROM events WHERE session_id = ? AND seq > ? ORDER BY seq")) {
            ps.setString(1, sessionId);
            ps.setLong(2, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(event(rs));
                }
            }
        }
    }

    static void forEachSession(Connection c, Consumer<SessionRecord> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + SESSION_COLS + " FROM sessions ORDER BY started_at DESC, rowid DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.accept(session(rs));
            }
        }
    }

    static Optional<SessionSignature> signature(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT session_id, last_seq, last_hash, key_id, signature, signed_at "
                + "FROM session_signatures WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            return list(ps, rs -> new SessionSignature(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), Times.read(rs, 6))).stream().findFirst();
        }
    }

    static Optional<ApprovalRecord> approval(Connection c, String idOrPrefix) throws SQLException {
        return byIdOrPrefix(c, "SELECT " + APPROVAL_COLS + " FROM approvals", idOrPrefix, Reads::approval, "approval");
    }

    static List<ApprovalRecord> approvals(Connection c, String statusOrNull) throws SQLException {
        String where = statusOrNull == null ? "" : " WHERE status = ?";
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + APPROVAL_COLS + " FROM approvals" + where + " ORDER BY created_at DESC, rowid DESC")) {
            if (statusOrNull != null) {
                ps.setString(1, statusOrNull);
            }
            return list(ps, Reads::approval);
        }
    }

    /** An exact id always wins, so an id that happens to prefix a longer one stays reachable. */
    private static <T> Optional<T> byIdOrPrefix(Connection c, String select, String key, Mapper<T> mapper, String what)
            throws SQLException {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement(select + " WHERE id = ?")) {
            ps.setString(1, key);
            List<T> exact = list(ps, mapper);
            if (!exact.isEmpty()) {
                return Optional.of(exact.get(0));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(select + " WHERE id >= ? AND id < ? ORDER BY id LIMIT 2")) {
            ps.setString(1, key);
            ps.setString(2, key + PREFIX_END);
            List<T> found = list(ps, mapper);
            if (found.size() > 1) {
                throw new StoreException("ambiguous " + what + " id prefix '" + key + "': it matches more than one " + what
                        + "; give more characters");
            }
            return found.stream().findFirst();
        }
    }

    private static <T> List<T> list(PreparedStatement ps, Mapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
        }
        return out;
    }

    private static SessionRecord session(ResultSet rs) throws SQLException {
        return new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Times.read(rs, 6), Times.read(rs, 7), rs.getString(8),
                rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), nullableInt(rs, 13));
    }

    static EventRecord event(ResultSet rs) throws SQLException {
        return new EventRecord(rs.getString(1), rs.getLong(2), Times.read(rs, 3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7));
    }

    private static ApprovalRecord approval(ResultSet rs) throws SQLException {
        return new ApprovalRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), Times.read(rs, 9),
                Times.read(rs, 10), rs.getString(11), rs.getString(12), Times.read(rs, 13),
                rs.getString(14));
    }

    private static Integer nullableInt(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }
}
