package hoop.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** BEGIN and COMMIT prepared once: they run for every batch the writer commits. */
final class TransactionStatements {
    private Connection owner;
    private PreparedStatement begin;
    private PreparedStatement commit;

    void begin(Connection c) throws SQLException {
        prepare(c);
        begin.execute();
    }

    void commit(Connection c) throws SQLException {
        prepare(c);
        commit.execute();
    }

    private void prepare(Connection c) throws SQLException {
        if (c != owner || begin == null || begin.isClosed() || commit.isClosed()) {
            begin = c.prepareStatement("BEGIN IMMEDIATE");
            commit = c.prepareStatement("COMMIT");
            owner = c;
        }
    }
}
