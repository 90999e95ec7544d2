package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL path fails closed when the audit store does: once the database refuses a record, no further statement
 * reaches the upstream, on the open connection or a new one (GatewayRobustnessTest shows the same for hoop exec).
 */
class PostgresStoreFailureTest {
    @TempDir
    Path dir;

    @Test
    void onceTheStoreRefusesARecordNoStatementReachesTheUpstream() throws Exception {
        UpstreamPostgres upstream = new UpstreamPostgres(dir.resolve("pg"));
        TestGateway gw = null;
        try {
            try (Connection su = upstream.superuser("app"); Statement st = su.createStatement()) {
                st.execute("CREATE TABLE ran (n int)");
                st.execute("GRANT ALL ON ran TO " + UpstreamPostgres.SCRAM_USER);
            }
            gw = new TestGateway(dir.resolve("home"), PostgresEndToEndTest.config(upstream.port()), UpstreamPostgres.PASSWORDS);
            JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
            try (Connection c = PostgresEndToEndTest.jdbc(s)) {
                try (Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db"));
                     Statement st = db.createStatement()) {
                    st.execute("CREATE TRIGGER no_commands BEFORE INSERT ON events WHEN NEW.type = 'command' "
                            + "BEGIN SELECT RAISE(ABORT, 'store is failing'); END");
                }
                // Records go to the spool first and the database behind it: statements already spooled run; the first
                // one after the database refused a record does not.
                SQLException refused = null;
                int n = 0;
                for (long end = System.nanoTime() + 20_000_000_000L; refused == null && System.nanoTime() < end; n++) {
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("INSERT INTO ran VALUES (" + n + ")");
                        Thread.sleep(20);
                    } catch (SQLException e) {
                        refused = e;
                    }
                }
                assertNotNull(refused, "a statement was refused once the store failed");
                assertEquals("42501", refused.getSQLState(), refused.getMessage());
                assertStoreRefused(refused);
                int last = n - 1;
                try (Connection su = upstream.superuser("app"); Statement st = su.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM ran WHERE n >= " + last)) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "the refused INSERT did not reach the upstream");
                }
                SQLException again = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("INSERT INTO ran VALUES (-1)"));
                assertStoreRefused(again);
            }
            // A new session cannot be recorded either: hoop connect is refused, and says why.
            TestGateway.Run connect = gw.hoop("connect", "appdb", "--json");
            assertTrue(connect.exit() != 0 && connect.err().contains("the audit store failed"), connect.exit() + " " + connect.out() + connect.err());
            try (Connection su = upstream.superuser("app"); Statement st = su.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM ran WHERE n < 0")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "nothing ran after the store failed");
            }
            assertTrue(!connect.err().contains("Exception"), "in words, no class name: " + connect.err());

            // Once the database takes records again, so does hoop: without a restart.
            try (Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + gw.home.resolve("hoop.db"));
                 Statement st = db.createStatement()) {
                st.execute("DROP TRIGGER no_commands");
            }
            TestGateway.Run again = connect;
            for (long end = System.nanoTime() + 30_000_000_000L; again.exit() != 0 && System.nanoTime() < end; ) {
                Thread.sleep(200);
                again = gw.hoop("connect", "appdb", "--json");
            }
            assertEquals(0, again.exit(), again.err());
            JsonNode s2 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(again.out());
            try (Connection c = PostgresEndToEndTest.jdbc(s2); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO ran VALUES (-2)");
            }
            try (Connection su = upstream.superuser("app"); Statement st = su.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM ran WHERE n = -2")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "statements run again once the store records them");
            }
        } finally {
            UpstreamPostgres.stop(gw, upstream);
        }
    }

    private static void assertStoreRefused(SQLException e) {
        assertTrue(e.getMessage().contains("could not be recorded") || e.getMessage().contains("the audit store failed"), e.getMessage());
    }
}
