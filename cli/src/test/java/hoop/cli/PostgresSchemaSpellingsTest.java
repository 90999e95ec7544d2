package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema changes and search_path changes in spellings the classifier read as something milder, sent by pgjdbc through
 * the real gateway to a real PostgreSQL in both protocols; and their ordinary neighbours, which still run.
 */
class PostgresSchemaSpellingsTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        superuser("CREATE FUNCTION public.audit_note() RETURNS text LANGUAGE sql AS $$ SELECT 'original' $$;"
                + "ALTER FUNCTION public.audit_note() OWNER TO " + UpstreamPostgres.SCRAM_USER + ";"
                + "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int, paid bool); INSERT INTO billing.invoices VALUES (1, false);"
                + "GRANT USAGE ON SCHEMA billing TO " + UpstreamPostgres.SCRAM_USER + "; GRANT ALL ON billing.invoices TO "
                + UpstreamPostgres.SCRAM_USER);
        int port = upstream.port();
        String cfg = TestGateway.config("connections:\n"
                + connection(port, "appdb", "sql-guard") + connection(port, "appdb-billing", "billing-guard") + """
                policies:
                  sql-guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: schema-changes, action: deny, match: { kind: [ddl, dcl, admin, copy-program] } }
                  billing-guard:
                    default: allow
                    rules:
                      - { name: billing, action: deny, match: { kind: [write], tables: ["billing.*"] } }
                """);
        gw = new TestGateway(dir.resolve("home"), cfg, Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /**
     * CREATE [OR REPLACE] FUNCTION / PROCEDURE / AGGREGATE was procedural only, which the default sql-guard allows: an
     * agent replaced the body of a function every caller, trigger and view of its name runs, and a rule refusing ddl
     * did not meet it (ALTER FUNCTION, DROP FUNCTION were ddl). It is judged as ddl too now; calling the function stays
     * allowed.
     */
    @Test
    void creatingOrReplacingARoutineIsASchemaChange() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        for (String mode : new String[] {"simple", "extended"}) {
            for (String sql : new String[] {
                    "CREATE OR REPLACE FUNCTION audit_note() RETURNS text LANGUAGE sql AS $$ SELECT 'replaced' $$",
                    "CREATE OR REPLACE FUNCTION public.audit_note() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'replaced'; END",
                    "CREATE FUNCTION fresh_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                    "CREATE PROCEDURE fresh_proc() LANGUAGE sql AS 'SELECT 1'",
                    "CREATE AGGREGATE fresh_sum(int) (SFUNC = int4pl, STYPE = int)"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    try (ResultSet rs = st.executeQuery("SELECT audit_note()")) {
                        assertTrue(rs.next());
                        assertEquals("original", rs.getString(1), "calling the routine still runs, and its body is unchanged");
                    }
                }
            }
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_proc WHERE proname IN ('fresh_fn', 'fresh_proc', 'fresh_sum')"));
    }

    /**
     * SET SCHEMA 'billing' is PostgreSQL's other spelling of SET search_path TO 'billing': UPDATE invoices then wrote
     * billing.invoices, judged as the unqualified name alone, so a rule on "billing.*" did not apply. SET SCHEMA now
     * names the schemas of the search_path as SET search_path does; after SET SCHEMA 'public' the same rule lets a write
     * of public's tables run.
     */
    @Test
    void setSchemaIsASearchPathChange() throws Exception {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("SET SCHEMA 'billing'");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM invoices")) {
                assertTrue(rs.next(), "the server resolves the unqualified name in billing after SET SCHEMA");
            }
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb-billing");
        String update = "UPDATE invoices SET paid = true WHERE id = 1";
        for (String mode : new String[] {"simple", "extended"}) {
            for (String set : new String[] {"SET SCHEMA 'billing'", "SET SESSION SCHEMA 'billing'", "set local schema E'billing'"}) {
                try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    st.execute(set);
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(update), mode + ": " + set);
                    assertEquals("42501", e.getSQLState(), e.getMessage());
                    c.rollback();
                }
            }
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("SET SCHEMA 'public'");
                assertEquals(1, st.executeUpdate("UPDATE customers SET notes = 'seen' WHERE id = 2"), "a write of public's table runs");
            }
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("SET SCHEMA 'billing'; " + update));
            assertEquals("42501", e.getSQLState(), e.getMessage());
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM billing.invoices WHERE paid"));
    }

    private static String connection(int port, String name, String policy) {
        return "  - name: " + name + "\n    type: postgres\n    listen: 127.0.0.1:0\n"
                + "    upstream: { host: 127.0.0.1, port: " + port + ", database: app, user: app_rw, password: \"${env:APPDB_PASSWORD}\""
                + ", sslmode: disable }\n    policies: [" + policy + "]\n";
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
