package hoop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Recomputes a session's chain from its rows. Besides each row's own hash and link, the end of the chain is
 * compared with the head the writer stored on the session row, because a chain alone cannot reveal rows cut
 * from its tail or well-forged rows added after it.
 */
final class ChainVerifier {

    private ChainVerifier() {
    }

    static ChainCheck verify(Connection c, String sessionId) throws SQLException {
        // One snapshot for head and rows; otherwise a commit between the two reads looks like tampering.
        c.setAutoCommit(false);
        try {
            return check(c, sessionId);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static ChainCheck check(Connection c, String sessionId) throws SQLException {
        long headSeq;
        String headHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM sessions WHERE id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return ChainCheck.bad(sessionId, 0, null, "no such session");
                }
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
        }

        long expected = 1;
        long checked = 0;
        String prev = ChainHash.GENESIS;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, at, type, payload, prev_hash, hash FROM events WHERE session_id = ? ORDER BY seq")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq > expected) {
                        return ChainCheck.bad(sessionId, checked, expected,
                                "seq " + expected + " is missing (next stored event is seq " + seq + ")");
                    }
                    if (seq < expected) {
                        return ChainCheck.bad(sessionId, checked, seq, "unexpected seq " + seq + " before seq " + expected);
                    }
                    if (!prev.equals(rs.getString(5))) {
                        return ChainCheck.bad(sessionId, checked, seq, "prevHash of seq " + seq + " does not link to seq " + (seq - 1));
                    }
                    String recomputed = recompute(prev, seq, rs.getString(2), rs.getString(3), rs.getString(4));
                    String stored = rs.getString(6);
                    if (!stored.equals(recomputed)) {
                        return ChainCheck.bad(sessionId, checked, seq, "hash of seq " + seq + " does not match its content");
                    }
                    checked++;
                    prev = stored;
                    expected++;
                }
            }
        }

        long last = expected - 1;
        if (last < headSeq) {
            return ChainCheck.bad(sessionId, checked, last + 1,
                    "events from seq " + (last + 1) + " to " + headSeq + " are missing from the end of the chain");
        }
        if (last > headSeq) {
            return ChainCheck.bad(sessionId, checked, headSeq + 1,
                    "seq " + (headSeq + 1) + " onwards were not written by the store (its recorded head is seq " + headSeq + ")");
        }
        if (!prev.equals(headHash)) {
            return ChainCheck.bad(sessionId, checked, last == 0 ? null : last,
                    "the chain's last hash differs from the head recorded on the session");
        }
        return ChainCheck.good(sessionId, checked, prev);
    }

    /** A timestamp that no longer parses is tampering too; return something that cannot match any hash. */
    private static String recompute(String prev, long seq, String at, String type, String payload) {
        Instant when;
        try {
            when = Instant.parse(at);
        } catch (DateTimeParseException | NullPointerException e) {
            return "unparseable timestamp";
        }
        return ChainHash.of(prev, seq, when, type, payload);
    }
}
