package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed clients through a connection with column rules ({@code appdb-cols}: name, CARD*, id): masking that is safe
 * but answers a number column with a label breaks them (pgjdbc's getLong, psycopg's int parsing). What is computed
 * from a ruled column stays masked; what cannot carry one comes back as the number it is.
 */
class PostgresTypedClientsTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        gw = new TestGateway(dir.resolve("home"), PostgresEndToEndTest.config(upstream.port()), UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /** Each result of one pgjdbc execute of several statements (sent as one pipeline before one Sync), as text. */
    static List<List<String>> results(Connection c, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            boolean rows = st.execute(sql);
            while (true) {
                if (rows) {
                    List<String> values = new ArrayList<>();
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) values.add(rs.getString(1));
                    }
                    out.add(values);
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                rows = st.getMoreResults();
            }
        }
        return out;
    }

    /**
     * pgjdbc sends a multi-statement execute as Parse/Bind/Describe/Execute per statement before one Sync, as psycopg's
     * pipeline mode does: every computed column of the window was judged by all its texts, so a count(*) pipelined
     * behind SELECT name came back [NAME]. Each Describe is judged by its own statement now, and by the earlier ones
     * that may change what it reads (the temp table filled from name).
     */
    @Test
    void aPipelinedStatementIsJudgedByItsOwnTextAndWhatEarlierOnesMayChange() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-cols");
        // (Not prepareThreshold=-1: pgjdbc 42.7 then reads a multi-statement's first result with another one's types.)
        for (String mode : new String[] {"preferQueryMode=extended", "prepareThreshold=1"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, mode)) {
                List<List<String>> r = results(c, "SELECT name FROM customers WHERE notes = 'plain'; SELECT count(*) FROM customers;"
                        + " SELECT length(name) FROM customers WHERE notes = 'plain'; SELECT count(*) + 1 FROM customers");
                assertEquals(List.of(List.of("[NAME]"), List.of("3"), List.of("[NAME]"), List.of("4")), r, mode);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM customers")) {
                    assertTrue(rs.next());
                    assertEquals(3L, rs.getLong(1), mode);
                }
                // An earlier statement of the window that defines or writes may feed a later read: judged with it.
                r = results(c, "CREATE TEMP VIEW lens AS SELECT length(name) AS l FROM customers; SELECT sum(l) FROM lens");
                assertFalse(r.get(0).get(0).matches("\\d+"), mode + ": a sum of the lengths of names: " + r);
                results(c, "DROP VIEW lens");
            }
        }
    }

    /**
     * A computed column was masked whenever its statement named a ruled column anywhere: SELECT length(notes) + 1, name
     * gave [NAME] for the number, which pgjdbc's getInt and psycopg cannot read. Each output column of a plain SELECT
     * is now judged by its own expression (OutputSources): count(*), count(name) (how many rows hold one, as a WHERE
     * would tell) and what is computed from unruled columns come back as numbers, in text and binary; what is computed
     * from a ruled column stays masked ([NAME] in text, NULL in binary); what hoop cannot follow (a subquery's column,
     * a name qualified by a ruled relation's alias) stays masked too.
     */
    @Test
    void aComputedColumnIsJudgedByItsOwnExpression() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-cols");
        String sql = "SELECT length(notes) + 1, length(name) > 0, count(*) OVER (), ascii(name), 7 AS n, name"
                + " FROM customers WHERE notes = 'plain' ORDER BY name";
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psql(s, sql);
        assertEquals("6|[NAME]|1|[NAME]|7|[NAME]", r.out().strip(), r.err());
        r = PostgresEndToEndTest.psql(s, "SELECT count(name), count(*) FROM customers");
        assertEquals("3|3", r.out().strip(), r.err());
        // Not followed: the statement's ruled words mask its computed columns, as before.
        r = PostgresEndToEndTest.psql(s, "SELECT x + 1, (SELECT max(length(name)) FROM customers) FROM (SELECT length(notes) AS x FROM customers"
                + " WHERE notes = 'plain') q");
        assertEquals("[NAME]|[NAME]", r.out().strip(), r.err());
        for (String mode : new String[] {"preferQueryMode=extended", "prepareThreshold=-1"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, mode); var ps = c.prepareStatement(sql)) {
                for (int round = 0; round < 2; round++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(6, rs.getInt(1), mode);
                        assertEquals(1L, rs.getLong(3), mode);
                        assertEquals(7, rs.getInt(5), mode);
                        for (int masked : new int[] {2, 4, 6}) {
                            String v = rs.getString(masked);
                            assertTrue(v == null || v.equals("[NAME]"), mode + ": column " + masked + " is " + v);
                        }
                    }
                }
            }
        }
    }
}
