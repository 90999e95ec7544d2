package hoop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements kept open on the writer connection. Only the writer thread touches them, so a plain
 * map is enough; a new connection (after a reopen) gets fresh statements.
 */
final class HotStatements {
    private final Map<String, PreparedStatement> bySql = new HashMap<>();
    private Connection owner;

    PreparedStatement get(Connection c, String sql) throws SQLException {
        if (c != owner) {
            bySql.clear();
            owner = c;
        }
        PreparedStatement ps = bySql.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = c.prepareStatement(sql);
            bySql.put(sql, ps);
        }
        ps.clearParameters();
        return ps;
    }

    /** A statement that failed (disk full, I/O error) may be left unusable: start over with fresh ones. */
    int executeUpdate(PreparedStatement ps) throws SQLException {
        try {
            return ps.executeUpdate();
        } catch (SQLException e) {
            for (PreparedStatement p : bySql.values()) {
                try {
                    p.close();
                } catch (SQLException ignored) {
                    // Already broken; it is being discarded anyway.
                }
            }
            bySql.clear();
            throw e;
        }
    }
}
