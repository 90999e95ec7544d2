package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After a stored routine ran, hoop reads the catalog again before judging the next statement (the routine may have
 * defined others). In a failed transaction that read cannot succeed; hoop used to judge the next statement as a call,
 * so a policy holding or denying procedural code refused an ordinary SELECT (or held it for an approver) where the
 * server would only have said the transaction is aborted. The server runs nothing there but the end of the
 * transaction: a statement alone is judged as it is; several in one message may end the transaction and run more,
 * and are still judged as calls. Real PostgreSQL, pgjdbc in both protocols, psql.
 */
class PostgresFailedTransactionTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE FUNCTION sanctioned_fail() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'sanctioned failure'; END $$;
                    CREATE FUNCTION sanctioned_ok() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 7; END $$;
                    CREATE TABLE scratch (a int);
                    GRANT ALL ON scratch TO app_rw;
                    """);
        }
        String cfg = TestGateway.config("""
                connections:
                  - name: appdb
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    policies: [sanctioned-calls]
                policies:
                  sanctioned-calls:
                    default: allow
                    rules:
                      - { name: calls, action: deny, match: { kind: [procedural], text: ['^(?!.*sanctioned_)'] } }
                """.formatted(upstream.port()));
        gw = new TestGateway(dir.resolve("home"), cfg, UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void aStatementInTheFailedTransactionGetsTheServersAnswer(String mode) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            assertEquals("P0001", stateOf(st, "SELECT sanctioned_fail()"));
            // Judged as a call before: denied by the rule on procedural code (42501).
            assertEquals("25P02", stateOf(st, "SELECT 1"));
            assertEquals("25P02", stateOf(st, "SELECT count(*) FROM scratch"));
            c.rollback();
            // Out of the failed transaction the catalog is read again and statements run as ever.
            try (ResultSet rs = st.executeQuery("SELECT 2")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
            assertEquals("42501", stateOf(st, "SELECT now(); CALL nothing()"));
        }
    }

    @Test
    void aMessageThatCouldEndTheTransactionAndGoOnIsStillJudgedAsACall() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        PostgresEndToEndTest.psqlAll(s, "BEGIN", "SELECT sanctioned_fail()", "SELECT 1", "ROLLBACK; INSERT INTO scratch VALUES (1)",
                        "ROLLBACK", "SELECT sanctioned_ok()")
                .states("00000", "P0001", "25P02", "42501", "00000", "00000");
        assertEquals(0, upstream.count("SELECT count(*) FROM scratch"));
    }

    private static String stateOf(Statement st, String sql) {
        try {
            st.execute(sql);
            return "00000";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }
}
