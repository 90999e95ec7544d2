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
}
