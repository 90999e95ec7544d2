package hoop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last seq and hash of each session's chain, owned by the writer thread only.
 * Changes are layered: an op's changes become the batch's when its savepoint is released, and the batch's become
 * the cache only when the transaction commits. So a failed op or a failed commit can never leave the cache ahead
 * of the database, which would fork the chain on the next append.
 *
 * <p>Counter deltas (commands, blocked, flagged, reviewed) ride along the same layers and reach the session
 * row in the same once-per-batch UPDATE as its head, rather than in an UPDATE per command.
 */
final class ChainHeads {

    record Head(long seq, String hash) {
    }

    private static final int CACHE_LIMIT = 10_000;

    private final Map<String, Head> committed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
            return size() > CACHE_LIMIT; // idle sessions reload from the session row when next appended to
        }
    };
    private final Map<String, Head> batch = new HashMap<>();
    private final Map<String, Head> op = new HashMap<>();
    private final Map<String, int[]> batchCounts = new HashMap<>();
    private final Map<String, int[]> opCounts = new HashMap<>();

    Head get(Connection c, String sessionId) throws SQLException {
        Head h = op.get(sessionId);
        if (h == null) {
            h = batch.get(sessionId);
        }
        if (h == null) {
            h = committed.get(sessionId);
        }
        return h != null ? h : load(c, sessionId);
    }

    void advance(String sessionId, Head head) {
        op.put(sessionId, head);
    }

    /** Counter deltas of an op that also advances this session's head (so the batch UPDATE covers them). */
    void count(String sessionId, int[] deltas) {
        opCounts.merge(sessionId, deltas.clone(), ChainHeads::sum);
    }

    void opSucceeded() {
        batch.putAll(op);
        op.clear();
        opCounts.forEach((k, v) -> batchCounts.merge(k, v, ChainHeads::sum));
        opCounts.clear();
    }

    void opFailed() {
        op.clear();
        opCounts.clear();
    }

    void batchCommitted() {
        committed.putAll(batch);
        batch.clear();
        batchCounts.clear();
    }

    private static int[] sum(int[] a, int[] b) {
        int[] s = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    /**
     * Writes the batch's new heads to their session rows, once per session, inside the batch's transaction:
     * the session row always names the last committed event, so a cut tail shows up as a gap.
     */
    void writeBatchHeads(Connection c, HotStatements hot) throws SQLException {
        for (var e : batch.entrySet()) {
            int[] n = batchCounts.getOrDefault(e.getKey(), NO_COUNTS);
            PreparedStatement ps = hot.get(c, "UPDATE sessions SET last_seq = ?, last_hash = ?, commands = commands + ?, "
                    + "blocked = blocked + ?, flagged = flagged + ?, reviewed = reviewed + ? WHERE id = ?");
            ps.setLong(1, e.getValue().seq());
            ps.setString(2, e.getValue().hash());
            for (int i = 0; i < 4; i++) {
                ps.setInt(3 + i, n[i]);
            }
            ps.setString(7, e.getKey());
            hot.executeUpdate(ps);
        }
    }

    private static final int[] NO_COUNTS = new int[4];

    void batchFailed() {
        op.clear();
        batch.clear();
        opCounts.clear();
        batchCounts.clear();
    }

    /** The session row's head, not MAX(seq): rows cut from the tail then show up as a gap instead of being reused. */
    private static Head load(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM sessions WHERE id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("unknown session " + sessionId);
                }
                return new Head(rs.getLong(1), rs.getString(2));
            }
        }
    }
}
