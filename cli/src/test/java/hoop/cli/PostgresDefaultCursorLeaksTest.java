package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round twelve of leak hunting on the shipped defaults (the demo database, masking pii): routes where the rows a
 * client reads are not answered by the statement that names the ruled column, or not in the order it was sent. Each
 * was probed through psql and pgjdbc and found masked; these pin that down, with the unruled neighbours readable.
 */
class PostgresDefaultCursorLeaksTest {
    static final String[] SEEDED = {"alice@example.com", "bob.sample@example.org", "4111111111111111", "123-45-6789",
            "+14155550101", "ALICE@EXAMPLE.COM", "AKIAIOSFODNN7EXAMPLE"};

    @TempDir
    static Path dir;
    static TestGateway gw;
    static JsonNode session;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), DefaultDemoMaskingTest.defaults(), Map.of());
        session = PostgresEndToEndTest.session(gw, "demo");
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static void masked(String out) {
        for (String s : SEEDED) assertFalse(out.contains(s), s + " leaked: " + out);
        assertTrue(out.contains("[EMAIL]"), out);
    }

    /** A cursor read in binary, scrolled backwards, or declared in a savepoint since released: its rows stay masked. */
    @Test
    void cursorsReadAnyWayStayMasked() throws Exception {
        for (String sql : new String[] {
                "BEGIN; DECLARE c BINARY CURSOR FOR SELECT name, notes, upper(email) FROM customers ORDER BY id; FETCH ALL c; COMMIT",
                "BEGIN; DECLARE c SCROLL CURSOR FOR SELECT name, upper(email) FROM customers ORDER BY id; MOVE LAST c;"
                        + " FETCH PRIOR c; FETCH ABSOLUTE 1 c; FETCH BACKWARD ALL c; COMMIT",
                "BEGIN; SAVEPOINT s; DECLARE c CURSOR FOR SELECT name, upper(email) FROM customers ORDER BY id; RELEASE s;"
                        + " FETCH ALL c; COMMIT",
                "BEGIN; DECLARE c CURSOR FOR SELECT name, upper(email) FROM customers ORDER BY id; DECLARE d CURSOR FOR"
                        + " SELECT 'plain' AS x; FETCH ALL d; FETCH ALL c; COMMIT"}) {
            var r = PostgresEndToEndTest.psqlAll(session, sql);
            assertEquals(0, r.exit(), r.err());
            masked(r.out());
            assertTrue(r.out().contains("Alice Example"), sql + ": names are not ruled: " + r.out());
        }
    }

    /** A semicolon inside a quote, dollar quote or comment does not shift which statement the next rows answer. */
    @Test
    void aSemicolonInsideALiteralDoesNotShiftTheStatements() throws Exception {
        for (String first : new String[] {"SELECT 'x;' AS a", "SELECT $q$;$q$ AS a", "SELECT 1 AS a /* ; */",
                "SELECT E'\\';' AS a", "SELECT 1 AS \"a;b\"", "SELECT 1 AS a -- ;\n"}) {
            var r = PostgresEndToEndTest.psqlAll(session, first + "; SELECT lower(email) AS l FROM customers; SELECT 2 AS b");
            assertEquals(0, r.exit(), r.err());
            masked(r.out());
        }
    }

    /**
     * pgjdbc reads a result in pieces (fetch size) from a named portal while another prepared statement runs between
     * the pieces: each piece is masked under its own portal's columns, in binary transfer too, and the other
     * statement's values stay as they are.
     */
    @Test
    void portalPiecesInterleavedWithAnotherStatementStayMasked() throws Exception {
        for (String mode : new String[] {"prepareThreshold=-1&binaryTransfer=true", "prepareThreshold=1"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(session, mode)) {
                c.setAutoCommit(false);
                PreparedStatement a = c.prepareStatement("SELECT name, upper(email), card_number::int8 FROM customers ORDER BY id");
                a.setFetchSize(1);
                PreparedStatement b = c.prepareStatement("SELECT 'plain'::text, 42::int8");
                StringBuilder out = new StringBuilder();
                int rows = 0;
                try (ResultSet ra = a.executeQuery()) {
                    while (ra.next()) {
                        rows++;
                        try (ResultSet rb = b.executeQuery()) {
                            assertTrue(rb.next());
                            assertEquals("plain", rb.getString(1), mode);
                            assertEquals(42L, rb.getLong(2), mode);
                        }
                        out.append(ra.getString(1)).append('|').append(ra.getString(2)).append('|').append(ra.getString(3)).append('\n');
                    }
                }
                c.rollback();
                assertEquals(4, rows, mode);
                masked(out.toString());
                assertTrue(out.toString().contains("Alice Example"), out.toString());
            }
        }
    }
}
