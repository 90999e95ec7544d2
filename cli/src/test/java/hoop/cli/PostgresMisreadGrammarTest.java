package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Valid PostgreSQL that hoop's classifier read otherwise than the server, sent by pgjdbc through the gateway in both
 * protocols: each ran at the upstream past a rule that was meant to stop it. Refused now with hoop's 42501 naming the
 * rule, and the upstream unchanged.
 */
class PostgresMisreadGrammarTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE "set" (a int); INSERT INTO "set" VALUES (1);
                    CREATE TABLE "values" (a int); INSERT INTO "values" VALUES (2);
                    CREATE TABLE merged (id int PRIMARY KEY, v text); INSERT INTO merged VALUES (1, 'a'), (2, 'b');
                    CREATE TABLE ledger (id int, amount int); ALTER TABLE ledger OWNER TO app_rw;
                    SET ROLE app_rw; CREATE EXTENSION citext; CREATE TYPE mood AS ENUM ('happy', 'sad'); RESET ROLE;
                    ALTER TABLE ledger ADD COLUMN tag citext, ADD COLUMN m mood;
                    CREATE UNIQUE INDEX ledger_id_key ON ledger (id);
                    CREATE TABLE doomed (id int); CREATE VIEW doomed_view AS SELECT * FROM doomed;
                    CREATE VIEW doomed_report AS SELECT count(*) AS n FROM doomed_view;
                    ALTER TABLE doomed OWNER TO app_rw; ALTER VIEW doomed_view OWNER TO app_rw; ALTER VIEW doomed_report OWNER TO app_rw;
                    CREATE VIEW merged_view AS SELECT * FROM merged; CREATE VIEW merged_view2 AS SELECT * FROM merged_view;
                    GRANT ALL ON "set", "values", merged, merged_view, merged_view2 TO app_rw;
                    ANALYZE customers;
                    CREATE VIEW stats_view AS SELECT tablename, attname, histogram_bounds::text AS bounds FROM pg_stats;
                    CREATE VIEW hba_view AS SELECT * FROM pg_hba_file_rules;
                    GRANT SELECT ON stats_view, hba_view TO app_rw;
                    CREATE TABLE invoices (id int, paid bool); INSERT INTO invoices VALUES (1, false);
                    CREATE SCHEMA scratchpad AUTHORIZATION app_rw; CREATE SCHEMA reports AUTHORIZATION app_rw; SET ROLE app_rw;
                    CREATE TABLE scratchpad.src (id int); CREATE VIEW reports.src_report AS SELECT * FROM scratchpad.src;
                    CREATE DOMAIN scratchpad.posint AS int CHECK (VALUE > 0); CREATE TABLE reports.typed (a scratchpad.posint, b int);
                    CREATE FUNCTION scratchpad.f(int) RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE PROCEDURE scratchpad.p() LANGUAGE sql AS 'SELECT 1';
                    CREATE TYPE scratchpad.ty AS (a int); CREATE SEQUENCE scratchpad.sq; CREATE DOMAIN scratchpad.dom AS text;
                    RESET ROLE;
                    CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int, paid bool); INSERT INTO billing.invoices VALUES (1, false);
                    GRANT USAGE ON SCHEMA billing TO app_rw; GRANT ALL ON invoices, billing.invoices TO app_rw;
                    CREATE VIEW unpaid AS SELECT * FROM billing.invoices WHERE NOT paid; GRANT ALL ON unpaid TO app_rw;
                    CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts VALUES (1);
                    CREATE TABLE billing.charges (account int REFERENCES accounts); INSERT INTO billing.charges VALUES (1);
                    GRANT ALL ON accounts, billing.charges TO app_rw;
                    """);
        }
        int port = upstream.port();
        String cfg = TestGateway.config("connections:\n"
                + connection(port, "names", "names-guard")
                + connection(port, "super-names", "names-guard").replace("user: app_rw, password: \"${env:APPDB_PASSWORD}\"", "user: postgres, password: unused")
                + connection(port, "definitions", "definitions-guard")
                + connection(port, "bounded", "bounded-writes")
                + connection(port, "no-admin", "no-admin")
                + connection(port, "billing", "billing-guard")
                + connection(port, "reports", "reports-guard")
                + """
                policies:
                  names-guard:
                    default: allow
                    rules:
                      - { name: hidden-reads, action: deny, match: { kind: [read], tables: [customers, set, values] } }
                      - { name: odd-writes, action: deny, match: { kind: [write], tables: [set, values] } }
                  definitions-guard:
                    default: allow
                    rules:
                      - { name: kept-definitions, action: deny, match: { kind: [ddl], tables: [ledger, doomed_report] } }
                  reports-guard:
                    default: allow
                    rules:
                      - { name: kept-reports, action: deny, match: { kind: [ddl], tables: ["reports.*"] } }
                  billing-guard:
                    default: allow
                    rules:
                      - { name: billing-writes, action: deny, match: { kind: [write], tables: ["billing.*"] } }
                  no-admin:
                    default: allow
                    rules:
                      - { name: admin, action: deny, match: { kind: [admin] } }
                  bounded-writes:
                    default: allow
                    rules:
                      - { name: unbounded, action: deny, match: { kind: [write], unbounded: true } }
                """);
        gw = new TestGateway(dir.resolve("home"), cfg, Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    private static String connection(int port, String name, String policy) {
        return "  - name: " + name + "\n    type: postgres\n    listen: 127.0.0.1:0\n"
                + "    upstream: { host: 127.0.0.1, port: " + port + ", database: app, user: app_rw, password: \"${env:APPDB_PASSWORD}\""
                + ", sslmode: disable }\n    policies: [" + policy + "]\n";
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /** Runs sql on the connection in both protocols and asserts hoop refused it by the rule named. */
    private static void refused(String connection, String sql, String rule) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, connection);
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains(rule), mode + ": " + e.getMessage());
            }
        }
    }

    /**
     * SET (an unreserved keyword) and VALUES (a column-name one) name tables and aliases unquoted. As an alias either
     * ended the FROM list for hoop, so the items after it were never named and a rule on their reads let them be read;
     * as a table either was no table at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM merged set, customers", "SELECT * FROM merged AS values, customers",
            "SELECT * FROM (SELECT 1) set, customers", "SELECT * FROM generate_series(1, 1) values, customers",
            "SELECT * FROM set", "TABLE values", "SELECT 1 FROM merged JOIN values ON true"})
    void setAndValuesNameTablesAndAliases(String sql) throws Exception {
        refused("names", sql, "hidden-reads");
    }

    /**
     * The planner's statistics keep a column's values (all of them for a unique column of a small table: its histogram
     * bounds): read from pg_stats they were a read of pg_stats, past the rule on customers' reads.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SELECT histogram_bounds::text FROM pg_stats WHERE tablename = 'customers' AND attname = 'card'",
            "SELECT s.most_common_vals::text, s.histogram_bounds::text FROM pg_catalog.pg_stats s"})
    void theStatisticsViewsAreReadsOfAnyTable(String sql) throws Exception {
        refused("names", sql, "hidden-reads");
    }

    /**
     * A view over the statistics reads what they hold, and one over pg_hba_file_rules reads pg_hba.conf, as naming them
     * does: read through a view each was a plain read of the view.
     */
    @Test
    void aViewOverTheStatisticsOrTheServersFilesReadsWhatTheyHold() throws Exception {
        refused("names", "SELECT bounds FROM stats_view WHERE tablename = 'customers'", "hidden-reads");
        refused("no-admin", "SELECT * FROM hba_view", "admin");
    }

    /** A TOAST table holds its table's long values under a name of its oid: a superuser read customers' there. */
    @Test
    void aToastTableIsAReadOfAnyTable() throws Exception {
        String toast;
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT t.relname FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid"
                     + " WHERE c.relname = 'customers'")) {
            assertTrue(rs.next());
            toast = rs.getString(1);
        }
        refused("super-names", "SELECT chunk_id, chunk_data FROM pg_toast." + toast, "hidden-reads");
    }

    /**
     * pg_statistic copied out (COPY, not SELECT) and a TOAST table named alone once the search_path holds pg_toast are
     * the same reads as SELECT from pg_catalog.pg_statistic and pg_toast.name: each passed the rule on customers' reads.
     */
    @Test
    void catalogRelationsReadByCopyOrThroughTheSearchPathAreReadsOfAnyTable() throws Exception {
        refused("super-names", "COPY pg_catalog.pg_statistic TO STDOUT", "hidden-reads");
        refused("super-names", "COPY \"pg_catalog\".\"pg_statistic\" (stavalues1) TO STDOUT", "hidden-reads");
        String toast;
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT t.relname FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid"
                     + " WHERE c.relname = 'customers'")) {
            assertTrue(rs.next());
            toast = rs.getString(1);
        }
        JsonNode s = PostgresEndToEndTest.session(gw, "super-names");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("SET search_path = pg_toast, public");
                SQLException e = assertThrows(SQLException.class, () -> st.execute("SELECT chunk_id, chunk_data FROM " + toast), mode);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("hidden-reads"), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM values WHERE a = 2", "UPDATE set SET a = 5 WHERE a = 1", "INSERT INTO values VALUES (3)"})
    void setAndValuesNameTheTablesWritten(String sql) throws Exception {
        refused("names", sql, "odd-writes");
        assertEquals(1, upstream.count("SELECT count(*) FROM \"set\" WHERE a = 1"));
        assertEquals(1, upstream.count("SELECT count(*) FROM \"values\""));
    }

    /**
     * Row security and row policies make a statement dcl, which a rule on a table's ddl did not meet: ENABLE ROW LEVEL
     * SECURITY beside ADD COLUMN added the column, CREATE POLICY ... AS RESTRICTIVE USING (false) hid the rows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ALTER TABLE ledger ADD COLUMN note text, ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY hide_all ON ledger AS RESTRICTIVE USING (false)"})
    void aDefinitionChangedUnderAStricterKindMeetsTheRuleOnDdl(String sql) throws Exception {
        refused("definitions", sql, "kept-definitions");
        assertEquals(0, upstream.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'ledger' AND column_name = 'note'"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_policies WHERE tablename = 'ledger'"));
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_class WHERE relname = 'ledger' AND relrowsecurity"));
    }

    /**
     * ALTER TYPE ... RENAME VALUE changes what every column of the type holds ('happy' rows read 'glad'): DDL naming the
     * type alone, past the rule on the ddl of ledger, whose column it is.
     */
    @Test
    void alterTypeMeetsTheRulesOnTheTablesUsingIt() throws Exception {
        refused("definitions", "ALTER TYPE mood RENAME VALUE 'happy' TO 'glad'", "kept-definitions");
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_enum WHERE enumlabel = 'happy'"));
    }

    /** An index is part of its table's definition: DROP INDEX named the index alone, past the rule on the table's ddl. */
    @Test
    void dropIndexMeetsTheRuleOnItsTable() throws Exception {
        refused("definitions", "DROP INDEX ledger_id_key", "kept-definitions");
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'ledger_id_key'"));
    }

    /** DROP TABLE ... CASCADE drops the views on the table, and theirs: a rule on such a view's ddl must meet it. */
    @Test
    void dropCascadeMeetsTheRulesOnTheViewsItDrops() throws Exception {
        refused("definitions", "DROP TABLE doomed CASCADE", "kept-definitions");
        assertEquals(2, upstream.count("SELECT count(*) FROM pg_views WHERE viewname IN ('doomed_view', 'doomed_report')"));
    }

    /**
     * DROP SCHEMA ... CASCADE drops the views in other schemas reading its tables, and the columns elsewhere of its
     * types: it named only the schema's own tables, past a rule on the ddl of another schema's relations.
     */
    @Test
    void dropSchemaCascadeMeetsTheRulesOnWhatItDropsElsewhere() throws Exception {
        refused("reports", "DROP SCHEMA scratchpad CASCADE", "kept-reports");
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_views WHERE schemaname = 'reports' AND viewname = 'src_report'"));
        assertEquals(1, upstream.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'reports'"
                + " AND table_name = 'typed' AND column_name = 'a'"));
    }

    /** DROP TABLE ... CASCADE drops the views on it in other schemas: named by name alone, they met no rule on their schema. */
    @Test
    void dropTableCascadeMeetsTheRulesOnTheSchemasOfTheViewsItDrops() throws Exception {
        refused("reports", "DROP TABLE scratchpad.src CASCADE", "kept-reports");
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_views WHERE schemaname = 'reports' AND viewname = 'src_report'"));
    }

    /** SET SCHEMA moves a relation into a schema, as CREATE there makes one: it named only where it came from. */
    @Test
    void setSchemaMeetsTheRulesOnTheSchemaMovedInto() throws Exception {
        refused("reports", "ALTER TABLE scratchpad.src SET SCHEMA reports", "kept-reports");
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'scratchpad' AND tablename = 'src'"));
    }

    /**
     * SET SCHEMA moves a function, procedure, type, domain or sequence into a schema as it moves a table: it named
     * nothing, and a rule on reports.*'s ddl let them into reports.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ALTER FUNCTION scratchpad.f(int) SET SCHEMA reports", "ALTER PROCEDURE scratchpad.p SET SCHEMA reports",
            "ALTER TYPE scratchpad.ty SET SCHEMA reports", "ALTER SEQUENCE scratchpad.sq SET SCHEMA reports",
            "ALTER DOMAIN scratchpad.dom SET SCHEMA reports", "ALTER ROUTINE scratchpad.f SET SCHEMA reports"})
    void setSchemaOfAnyObjectMeetsTheRulesOnTheSchemaMovedInto(String sql) throws Exception {
        refused("reports", sql, "kept-reports");
        assertEquals(2, upstream.count("SELECT count(*) FROM pg_proc WHERE proname IN ('f', 'p') AND pronamespace = 'scratchpad'::regnamespace"));
        assertEquals(2, upstream.count("SELECT count(*) FROM pg_type WHERE typname IN ('ty', 'dom') AND typnamespace = 'scratchpad'::regnamespace"));
        assertEquals(1, upstream.count("SELECT count(*) FROM pg_class WHERE relname = 'sq' AND relnamespace = 'scratchpad'::regnamespace"));
    }

    /**
     * DROP EXTENSION ... CASCADE drops the columns of the extension's types (and what else is built on it) in tables it
     * does not name: under a rule on ledger's ddl it dropped ledger's citext column. Any table may be one now.
     */
    @Test
    void dropExtensionCascadeMeetsEveryTablesRules() throws Exception {
        refused("definitions", "DROP EXTENSION citext CASCADE", "kept-definitions");
        assertEquals(1, upstream.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'ledger' AND column_name = 'tag'"));
    }

    /**
     * An upsert of a table's own rows updates each of them on its key: only the exact forms TABLE t and SELECT * FROM t
     * were unbounded, and WHERE true, an alias or a WITH query let an update of every row past a rule on unbounded writes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO merged SELECT * FROM merged WHERE true ON CONFLICT (id) DO UPDATE SET v = 'x'",
            "INSERT INTO merged SELECT * FROM merged m ON CONFLICT (id) DO UPDATE SET v = 'x'",
            "WITH s AS (TABLE merged) INSERT INTO merged SELECT * FROM s ON CONFLICT (id) DO UPDATE SET v = 'x'",
            "INSERT INTO merged AS m SELECT * FROM merged ON CONFLICT (id) DO UPDATE SET v = 'x' WHERE m.id = excluded.id"})
    void anUpsertOfTheTablesOwnRowsIsUnbounded(String sql) throws Exception {
        refused("bounded", sql, "unbounded");
        assertEquals(0, upstream.count("SELECT count(*) FROM merged WHERE v = 'x'"));
    }

    /**
     * A view's rows are its table's: an upsert, UPDATE ... FROM or DELETE meeting the target's rows through a view
     * over it (or writing through the view, its rows read from the table) changed every row, past the rule on unbounded
     * writes, as the view's name was another table's. (MERGE, which the test server (14) lacks, is in the unit tests.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO merged SELECT * FROM merged_view ON CONFLICT (id) DO UPDATE SET v = 'x'",
            "INSERT INTO merged_view SELECT * FROM merged ON CONFLICT (id) DO UPDATE SET v = 'x'",
            "INSERT INTO merged SELECT * FROM merged_view2 ON CONFLICT (id) DO UPDATE SET v = 'x'",
            "UPDATE merged SET v = 'x' FROM merged_view WHERE merged.id = merged_view.id",
            "DELETE FROM merged_view WHERE id IN (SELECT id FROM merged)",
            // a WITH query over the table is its rows too
            "WITH x AS (TABLE merged) DELETE FROM merged WHERE id IN (SELECT id FROM x)",
            "WITH x AS (SELECT * FROM merged_view) UPDATE merged SET v = 'x' FROM x WHERE merged.id = x.id"})
    void aViewOverTheTargetIsTheTargetsOwnRows(String sql) throws Exception {
        refused("bounded", sql, "unbounded");
        assertEquals(2, upstream.count("SELECT count(*) FROM merged"));
        assertEquals(0, upstream.count("SELECT count(*) FROM merged WHERE v = 'x'"));
    }

    /**
     * The table joined to itself under an alias named SET or VALUES: the alias was read as a clause, so t.id = set.id
     * compared the target with another item's column, and the write of every row was taken as restricted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM merged USING merged AS set WHERE merged.id = set.id",
            "UPDATE merged SET v = 'x' FROM merged set WHERE merged.id = set.id",
            "DELETE FROM merged WHERE id IN (SELECT id FROM merged values)"})
    void theTableUnderAnAliasNamedSetIsItself(String sql) throws Exception {
        refused("bounded", sql, "unbounded");
        assertEquals(2, upstream.count("SELECT count(*) FROM merged"));
        assertEquals(0, upstream.count("SELECT count(*) FROM merged WHERE v = 'x'"));
    }

    /**
     * A WHERE shown to narrow nothing reaches every row however it is spelt: a subquery handing the table's own values
     * back (ANY (ARRAY(SELECT id ...)), IN (SELECT DISTINCT id ...), >= (SELECT min(id) ...)), a pattern any value
     * matches or the value matched against itself, IS NOT NULL (id = id by another name), ranges covering every number,
     * an expression compared with one of itself. Each changed every row past the rule on unbounded writes (the server's
     * own count says every row here).
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM merged WHERE id = ANY (ARRAY(SELECT id FROM merged))",
            "DELETE FROM merged WHERE id IN (SELECT DISTINCT id FROM merged)",
            "UPDATE merged SET v = 'x' WHERE id >= (SELECT min(id) FROM merged)",
            "UPDATE merged SET v = 'x' WHERE id <= coalesce((SELECT max(m.id) FROM merged m), 0)",
            "UPDATE merged SET v = 'x' WHERE v LIKE v",
            "UPDATE merged SET v = 'x' WHERE v LIKE '_%'",
            "UPDATE merged SET v = 'x' WHERE v ~ 'x*'",
            "UPDATE merged SET v = 'x' WHERE id IS NOT NULL",
            "UPDATE merged SET v = 'x' WHERE id < 10 OR id > 0",
            "UPDATE merged SET v = 'x' WHERE id <> 1 OR id <> 2",
            "UPDATE merged SET v = 'x' WHERE id >= id - 1",
            "UPDATE merged SET v = 'x' WHERE coalesce(id = id, true)",
            "DELETE FROM merged WHERE id = (SELECT merged.id)",
            "UPDATE merged SET v = 'x' WHERE id>=+id",
            // the table's own values renamed on the way, or a correlation holding on every row
            "DELETE FROM merged WHERE id IN (SELECT x FROM (SELECT id AS x FROM merged) s)",
            "DELETE FROM merged WHERE id IN (SELECT x FROM unnest(ARRAY(SELECT id FROM merged)) AS x)",
            "UPDATE merged SET v = 'x' WHERE EXISTS (SELECT 1 FROM accounts WHERE merged.id = merged.id)",
            "UPDATE merged SET v = 'x' FROM (SELECT id AS x FROM merged) s WHERE merged.id = s.x",
            "DELETE FROM merged USING unnest(ARRAY(SELECT id FROM merged)) g WHERE merged.id = g",
            "UPDATE merged SET v = 'x' FROM merged m2 CROSS JOIN accounts WHERE merged.id = m2.id",
            "UPDATE merged SET v = 'x' FROM merged m2 LEFT JOIN accounts a ON a.id = m2.id WHERE merged.id = m2.id",
            "UPDATE merged SET v = 'x' WHERE id NOT IN (SELECT id FROM accounts WHERE false)",
            "UPDATE merged SET v = 'x' WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = merged.id AND false)",
            "UPDATE merged SET v = 'x' WHERE v >= ''", "UPDATE merged SET v = 'x' WHERE id::float8 < 'infinity'",
            // an integer type's end, NaN after every number, an IN list and its complement
            "UPDATE merged SET v = 'x' WHERE id > -9223372036854775808", "UPDATE merged SET v = 'x' WHERE id >=-2147483648",
            "UPDATE merged SET v = 'x' WHERE 2147483647 >= id", "UPDATE merged SET v = 'x' WHERE id::numeric <= 'NaN'",
            "UPDATE merged SET v = 'x' WHERE id NOT IN (-1) OR id IN (-1)", "DELETE FROM merged WHERE id IN (1, 3) OR id NOT IN (1, 3)",
            "UPDATE merged SET v = 'x' WHERE id BETWEEN SYMMETRIC 2147483647 AND -2147483648",
            "UPDATE merged SET v = 'x' WHERE NOT (id < -2147483648)", "UPDATE merged SET v = 'x' WHERE ctid >= '(0,0)'",
            "UPDATE merged SET v = 'x' WHERE id = 1 OR id IS DISTINCT FROM 1",
            // a name no item of the subquery has is the outer row's: id IN (SELECT merged.id FROM ...)
            "DELETE FROM merged WHERE id IN (SELECT id FROM \"set\")",
            "UPDATE merged SET v = 'x' WHERE id IN (SELECT id FROM pg_database WHERE datname = 'app')",
            "UPDATE merged SET v = 'x' WHERE id = (SELECT id FROM pg_catalog.pg_database LIMIT 1)",
            // and the other way round: a name the subquery's table has is its own, tying nothing to the row
            "UPDATE merged SET v = 'x' WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = id)"})
    void aConditionNotShownToNarrowTheRowsIsUnbounded(String sql) throws Exception {
        try (Connection c = upstream.superuser("app")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                assertEquals(2, st.executeUpdate(sql), "the server changes every row: " + sql);
            } finally {
                c.rollback();
            }
        }
        refused("bounded", sql, "unbounded");
        assertEquals(2, upstream.count("SELECT count(*) FROM merged"));
        assertEquals(0, upstream.count("SELECT count(*) FROM merged WHERE v = 'x'"));
    }

    /** Conditions that narrow the rows by their data still run: a key, a pattern, a subquery of some of the table's rows. */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE merged SET v = v WHERE id = 1", "UPDATE merged SET v = v WHERE id IN (1, 2)",
            "UPDATE merged SET v = v WHERE v LIKE 'a%'", "UPDATE merged SET v = v WHERE lower(v) = 'a' OR id IS NULL",
            "UPDATE merged SET v = v WHERE id IN (SELECT id FROM merged WHERE v = 'a')",
            "UPDATE merged SET v = v WHERE id >= (SELECT min(id) FROM merged WHERE v <> 'a')",
            "UPDATE merged SET v = v WHERE EXISTS (SELECT 1 FROM accounts WHERE accounts.id = merged.id)",
            // the catalog lists the subquery's table's columns: its id is its own
            "UPDATE merged SET v = v WHERE id IN (SELECT id FROM accounts)",
            "UPDATE merged SET v = v WHERE id IN (SELECT id FROM billing.invoices WHERE paid)"})
    void aConditionShownToNarrowTheRowsRuns(String sql) throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=extended"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * A table made on the connection has the columns its DDL gives it: a subquery over it reads its own id, though the
     * catalog read at the connection's start did not list it.
     */
    @Test
    void aSubqueryOverATableMadeOnTheConnectionNarrows() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE picked (id int); CREATE TEMP TABLE numbers (n int)");
                st.execute("INSERT INTO picked VALUES (1); INSERT INTO numbers VALUES (1)");
                st.execute("UPDATE merged SET v = v WHERE id IN (SELECT id FROM picked)");
                // numbers has no id: the subquery's id is merged's own
                SQLException e = assertThrows(SQLException.class, () -> st.execute("UPDATE merged SET v = 'x' WHERE id IN (SELECT id FROM numbers)"));
                assertTrue(e.getMessage().contains("unbounded"), e.getMessage());
            }
        }
    }

    /** An upsert bounded by its source's WHERE still runs. */
    @Test
    void anUpsertOfOneOfItsOwnRowsRuns() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=extended"); Statement st = c.createStatement()) {
            st.execute("INSERT INTO merged SELECT id, 'c' FROM merged WHERE id = 2 ON CONFLICT (id) DO UPDATE SET v = excluded.v || '!'");
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM merged WHERE v = 'c!'"));
    }

    /**
     * An operator bound to a built-in with effects calls it wherever it is used, in statements naming no function, and a
     * later connection's catalog read lists only stored routines: there SELECT pid !!! 0 was a read that ended a backend.
     * Bound unqualified (FUNCTION = pg_terminate_backend) the binding was ddl, where pg_catalog.pg_terminate_backend was admin.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CREATE OPERATOR public.!!! (LEFTARG = int, RIGHTARG = bigint, FUNCTION = pg_terminate_backend)",
            "CREATE OPERATOR public.!!! (LEFTARG = int, RIGHTARG = bigint, PROCEDURE = \"pg_terminate_backend\")"})
    void anOperatorBoundToABuiltInIsJudgedAsItsCall(String sql) throws Exception {
        refused("no-admin", sql, "admin");
        assertEquals(0, upstream.count("SELECT count(*) FROM pg_operator WHERE oprname = '!!!'"));
    }

    /**
     * The server parses a prepared statement again at a Bind once the search_path changed, and its unqualified names
     * then find the new path's relations: UPDATE invoices prepared under public, bound after SET search_path = billing,
     * updated billing.invoices past the rule on billing's writes, as the Bind was not judged again.
     */
    @Test
    void aStatementPreparedBeforeTheSearchPathChangedIsJudgedAgainAtItsBind() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "billing");
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            c.parse("upd", "UPDATE invoices SET paid = true WHERE id = 1");
            c.sync();
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.query("SET search_path = billing, public");
            assertEquals(null, RawPgClient.sqlState(c.until('Z')));
            c.bind("upd");
            c.execute();
            c.sync();
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM billing.invoices WHERE paid"));
        assertEquals(0, upstream.count("SELECT count(*) FROM public.invoices WHERE paid"));
    }

    /**
     * The catalog names the relations a view reaches by name alone, and hoop found them through the search_path: a
     * view in public over billing.invoices was a write of public.invoices, past the rule on billing's writes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE unpaid SET paid = true WHERE id = 1", "DELETE FROM unpaid WHERE id = 1",
            "INSERT INTO unpaid VALUES (2, false)"})
    void aViewOverAnotherSchemasTableIsAWriteOfThatSchema(String sql) throws Exception {
        refused("billing", sql, "billing-writes");
        assertEquals(1, upstream.count("SELECT count(*) FROM billing.invoices WHERE NOT paid"));
        assertEquals(1, upstream.count("SELECT count(*) FROM billing.invoices"));
    }

    /** So does one the connection made itself, before any catalog read knows it. */
    @Test
    void aViewMadeThroughHoopOverAnotherSchemasTableIsAWriteOfThatSchema() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "billing");
        try (Connection c = PostgresEndToEndTest.jdbc(s); Statement st = c.createStatement()) {
            st.execute("CREATE VIEW unpaid_here AS SELECT * FROM billing.invoices WHERE NOT paid");
            SQLException e = assertThrows(SQLException.class, () -> st.execute("UPDATE unpaid_here SET paid = true WHERE id = 1"));
            assertTrue(e.getMessage().contains("billing-writes"), e.getMessage());
        }
        assertEquals(1, upstream.count("SELECT count(*) FROM billing.invoices WHERE NOT paid"));
    }

    /** TRUNCATE ... CASCADE empties the tables whose keys reference it, billing.charges here: a write of billing's. */
    @Test
    void aTruncateCascadingIntoAnotherSchemaIsAWriteOfThatSchema() throws Exception {
        refused("billing", "TRUNCATE accounts CASCADE", "billing-writes");
        assertEquals(1, upstream.count("SELECT count(*) FROM billing.charges"));
    }

    /**
     * hoop keeps the schemas a connection's search_path named (10,000 at most), to judge unqualified names against
     * each: past that, one SET naming 10,000 made-up schemas and then billing left billing out, and UPDATE invoices
     * updated billing.invoices as public's. A statement that would take it past the cap is refused.
     */
    @Test
    void aSearchPathNamingMoreSchemasThanAreKeptIsRefused() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "billing");
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 10_000; i++) path.append("s").append(i).append(", ");
        try (RawPgClient c = PostgresEndToEndTest.raw(s)) {
            c.query("SET search_path = " + path + "billing");
            assertEquals("42501", RawPgClient.sqlState(c.until('Z')));
            c.query("UPDATE invoices SET paid = true WHERE id = 1");
            c.until('Z');
        }
        assertEquals(0, upstream.count("SELECT count(*) FROM billing.invoices WHERE paid"));
        // public's row, which the UPDATE was allowed to change, back as the other tests expect it.
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("UPDATE public.invoices SET paid = false");
        }
    }
}
