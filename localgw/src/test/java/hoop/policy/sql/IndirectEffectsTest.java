package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.Command;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the catalog tells about relations beyond their names (Reach): writes running a trigger's or default's routine,
 * relations a view, a rule or a cascading key reaches, DDL under an event trigger; and what DDL through hoop adds to it.
 */
class IndirectEffectsTest {

    static final Set<String> CATALOG = Set.of("wipe", Command.written("triggered"), Command.reaches("v", null),
            Command.reaches("v", "customers"), Command.reaches("loop1", null), Command.reaches("loop1", "loop2"),
            Command.reaches("loop2", null), Command.reaches("loop2", "loop1"), Command.writes("orders", null),
            Command.writes("orders", "items"), Command.writes("items", null), Command.writes("items", "triggered"),
            Command.referenced("regions", null), Command.referenced("regions", "customers"), Command.referenced("customers", null),
            Command.referenced("customers", "invoices"), Command.dependedOn("mood", null), Command.dependedOn("mood", "customers"),
            Command.dependedOn("wipe", null), Command.dependedOn("wipe", "triggered"));

    static SqlStatement one(String sql, Set<String> catalog) {
        List<SqlStatement> s = SqlClassifier.classify(sql, catalog);
        assertEquals(1, s.size(), sql);
        return s.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "INSERT INTO triggered VALUES (1)                        | procedural | triggered",
            "UPDATE public.\"TRIGGERED\" SET a = 1 WHERE a = 2         | procedural | public.TRIGGERED",
            "COPY triggered FROM STDIN                               | procedural | triggered",
            "WITH d AS (DELETE FROM triggered RETURNING *) SELECT 1  | procedural | triggered",
            "SELECT * FROM triggered FOR UPDATE                      | write      | triggered",
            "ALTER TABLE triggered VALIDATE CONSTRAINT c             | procedural | triggered",
            "DROP TABLE triggered                                    | ddl        | triggered",
            "SELECT * FROM v                                         | read       | v customers",
            "UPDATE v SET a = 1 WHERE id = 1                         | write      | v customers",
            "SELECT * FROM loop1                                     | read       | loop1 loop2",
            "SELECT * FROM orders                                    | read       | orders",
            "DELETE FROM orders WHERE id = 1                         | procedural | orders items triggered",
            "EXPLAIN DELETE FROM orders WHERE id = 1                 | read       | orders",
            // CASCADE empties the tables whose keys reference one it empties, and theirs, whatever the keys do on delete
            "TRUNCATE regions CASCADE                                | write      | regions customers invoices",
            "TRUNCATE TABLE ONLY public.regions RESTART IDENTITY CASCADE | write  | public.regions customers invoices",
            "TRUNCATE regions                                        | write      | regions",
            "TRUNCATE regions RESTRICT                               | write      | regions",
            "DELETE FROM regions WHERE id = 1                        | write      | regions",
            // DROP ... CASCADE drops the keys referencing the table: DDL on the tables holding them, not on theirs
            "DROP TABLE IF EXISTS regions CASCADE                    | ddl        | regions customers",
            "DROP TABLE regions                                      | ddl        | regions",
            // DROP ... CASCADE of a type, routine or sequence drops the columns, defaults, checks, triggers of those using it
            // ... and with a column, the views reading it (v may read the column)
            // (a schema-qualified type is named in its schema, see SchemaObjects)
            "DROP TYPE IF EXISTS public.mood, other CASCADE          | ddl        | public.mood customers v",
            "DROP FUNCTION wipe(int), other() CASCADE                | ddl        | triggered",
            "DROP TYPE mood                                          | ddl        | ",
            // ALTER TYPE, DOMAIN or SEQUENCE changes the columns (their values, what they accept, their defaults) of those using it
            "ALTER TYPE mood RENAME VALUE 'happy' TO 'glad'          | ddl        | customers",
            "ALTER DOMAIN public.mood ADD CONSTRAINT c CHECK (VALUE IS NOT NULL) | ddl | public.mood customers",
            "ALTER TYPE other RENAME TO x                            | ddl        | ",
    })
    void relationsReachedBeyondTheText(String sql, String kind, String tables) {
        SqlStatement s = one(sql, CATALOG);
        assertEquals(kind, s.kind().policyName(), sql);
        assertEquals(tables == null ? List.of() : List.of(tables.split(" ")), s.tables(), sql);
    }

    /** Views reading customers (v, and report reading v), a type v's query uses, and an inheritance child of a table a view reads. */
    static final Set<String> VIEWS = Set.of(Command.reaches("v", null), Command.reaches("v", "customers"), Command.reaches("report", null),
            Command.reaches("report", "v"), Command.dependedOn("mood", null), Command.dependedOn("mood", "v"),
            Command.reaches("parent", null), Command.reaches("parent", "kid"), Command.partOf("kid", null), Command.partOf("kid", "parent"),
            Command.reaches("parent_view", null), Command.reaches("parent_view", "parent"));

    /**
     * DROP ... CASCADE drops the views reading what it drops, and the views of those: DROP TABLE customers CASCADE dropped
     * v and report as DDL naming customers alone, past a rule on their DDL. An inheritance parent is no view of its child.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "DROP TABLE IF EXISTS public.customers CASCADE                | public.customers v report",
            "DROP VIEW v CASCADE                                          | v report customers",
            "DROP TYPE mood CASCADE                                       | v report customers",
            "ALTER TABLE customers DROP COLUMN card CASCADE               | customers v report",
            "DROP TABLE kid CASCADE                                       | kid parent",
            "DROP TABLE customers                                         | customers",
            "ALTER TABLE customers DROP COLUMN card                       | customers",
            "DROP TRIGGER x ON customers CASCADE                          | customers",
    })
    void dropCascadeNamesTheViewsItDrops(String sql, String tables) {
        assertEquals(List.of(tables.split(" ")), one(sql, VIEWS).tables(), sql);
    }

    /**
     * An index is part of its table's definition: DROP or ALTER INDEX named the index alone, and a rule on the table's
     * ddl let a unique index go. The catalog lists each index's table; one made through hoop is known at once.
     */
    @Test
    void anIndexStatementIsDdlOnItsTable() {
        Set<String> indexes = Set.of(Command.partOf("customers_email_key", null), Command.partOf("customers_email_key", "customers"));
        assertEquals(List.of("customers_email_key", "customers"), one("DROP INDEX CONCURRENTLY IF EXISTS customers_email_key", indexes).tables());
        assertEquals(List.of("public.customers_email_key", "customers"), one("ALTER INDEX public.customers_email_key RENAME TO k", indexes).tables());
        assertEquals(List.of("other_idx"), one("DROP INDEX other_idx", indexes).tables());
        List<SqlStatement> made = SqlClassifier.classify("CREATE UNIQUE INDEX IF NOT EXISTS k2 ON s.customers (email); DROP INDEX k2");
        assertEquals(List.of("k2", "customers"), made.get(1).tables());
    }

    /**
     * A view over the planner's statistics reads any table's values, and one over the configuration files' views reads
     * server files, as naming those does: read through a view they were a plain read of the view.
     */
    @Test
    void aViewOverTheStatisticsOrTheServersFilesReadsWhatTheyHold() {
        Set<String> views = Set.of(Command.reaches("monitoring", null), Command.reaches("monitoring", "pg_stats"),
                Command.reaches("hba", null), Command.reaches("hba", "pg_hba_file_rules"), Command.reaches("plain", null),
                Command.reaches("plain", "pg_stat_activity"));
        SqlStatement stats = one("SELECT * FROM monitoring WHERE tablename = 'customers'", views);
        assertEquals(SqlKind.READ, stats.kind());
        assertEquals(List.of("monitoring", "pg_stats", "*"), stats.tables());
        SqlStatement hba = one("SELECT * FROM public.hba", views);
        assertEquals(SqlKind.ADMIN, hba.kind());
        assertTrue(hba.flags().contains("server-file"));
        assertEquals(SqlKind.READ, one("SELECT * FROM plain", views).kind());
        assertEquals(List.of("plain", "pg_stat_activity"), one("SELECT * FROM plain", views).tables());
    }

    /**
     * REFRESH runs a materialized view's query again (and rebuilds its indexes): a view the catalog lists as one whose
     * writes run code is refreshed as that code's call; the tables its query reads are read, not written.
     */
    @Test
    void refreshingAMaterializedViewRunsWhatItsQueryCalls() {
        assertEquals(SqlKind.PROCEDURAL, one("REFRESH MATERIALIZED VIEW CONCURRENTLY public.\"Numbered\"", Set.of(Command.written("numbered"))).kind());
        assertEquals(SqlKind.DDL, one("REFRESH MATERIALIZED VIEW plain", Set.of(Command.written("numbered"))).kind());
        SqlStatement reads = one("REFRESH MATERIALIZED VIEW m", Set.of(Command.reaches("m", null), Command.reaches("m", "triggered"), Command.written("triggered")));
        assertEquals(SqlKind.DDL, reads.kind());
        assertEquals(List.of("m", "triggered"), reads.tables());
        // One made through hoop is known to the statements after it.
        assertTrue(SqlClassifier.routinesDefined("CREATE MATERIALIZED VIEW m AS SELECT nextval('s') AS n").contains(Command.written("m")));
        assertTrue(SqlClassifier.routinesDefined("CREATE MATERIALIZED VIEW m AS SELECT wipe() AS n", Set.of("wipe")).contains(Command.written("m")));
        assertFalse(SqlClassifier.routinesDefined("CREATE MATERIALIZED VIEW m AS SELECT lower('A') AS n").contains(Command.written("m")));
        assertEquals(SqlKind.PROCEDURAL, SqlClassifier.classify("CREATE MATERIALIZED VIEW m AS SELECT nextval('s') AS n WITH NO DATA;"
                + " REFRESH MATERIALIZED VIEW m", Set.of("wipe")).get(1).kind());
    }

    /**
     * A partition's or inheritance child's rows are its parent's: a statement reading or writing them reads or writes the
     * parent's rows (at any depth), not its other children's.
     */
    @Test
    void aStatementOnAPartitionIsOneOnItsParent() {
        Set<String> catalog = Set.of(Command.reaches("ledger", null), Command.reaches("ledger", "p1"), Command.reaches("ledger", "p2"),
                Command.reaches("p1", null), Command.reaches("p1", "p1a"), Command.partOf("p1", null), Command.partOf("p1", "ledger"),
                Command.partOf("p2", null), Command.partOf("p2", "ledger"), Command.partOf("p1a", null), Command.partOf("p1a", "p1"));
        assertEquals(List.of("p1a", "p1", "ledger"), one("DELETE FROM p1a WHERE id = 1", catalog).tables());
        assertEquals(List.of("p2", "ledger"), one("SELECT * FROM p2", catalog).tables());
        assertEquals(List.of("p2", "ledger"), one("INSERT INTO scratch SELECT * FROM p2", catalog).read());
        assertEquals(Set.of("ledger", "p1", "p2", "p1a"), Set.copyOf(one("TRUNCATE ledger", catalog).tables()));
    }

    /**
     * A view's rows are its table's: an upsert, MERGE, UPDATE ... FROM or subquery meeting the target's rows through a
     * view over the target (or the target through a view of it) changes every row as through the table itself.
     */
    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t SELECT * FROM v ON CONFLICT (id) DO UPDATE SET a = 1",
            "INSERT INTO v SELECT * FROM t ON CONFLICT (id) DO UPDATE SET a = 1",
            "INSERT INTO v SELECT * FROM w ON CONFLICT (id) DO UPDATE SET a = 1",
            "INSERT INTO t SELECT * FROM vv ON CONFLICT (id) DO UPDATE SET a = 1",
            "MERGE INTO t USING v s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1",
            "MERGE INTO v m USING (TABLE t) s ON m.id = s.id WHEN MATCHED THEN DELETE",
            "UPDATE t SET a = 1 FROM v WHERE t.id = v.id",
            "DELETE FROM t USING v AS x WHERE t.id = x.id",
            "DELETE FROM v WHERE id IN (SELECT id FROM t)"})
    void aViewOverTheTargetIsTheTargetsRows(String sql) {
        Set<String> catalog = Set.of(Command.reaches("v", null), Command.reaches("v", "t"), Command.reaches("w", null),
                Command.reaches("w", "t"), Command.reaches("vv", null), Command.reaches("vv", "v"));
        assertTrue(one(sql, catalog).flags().contains("unbounded"), sql);
        // t's columns known, no view: each is its own table (the subquery's id is t's)
        assertFalse(one(sql, Set.of(Command.columnOf("t", "id"))).flags().contains("unbounded"), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t SELECT * FROM v WHERE id = 1 ON CONFLICT (id) DO UPDATE SET a = 1",
            "INSERT INTO t SELECT * FROM u ON CONFLICT (id) DO UPDATE SET a = 1",
            "UPDATE t SET a = 1 FROM u WHERE t.id = u.id AND u.b = 2"})
    void aViewOverAnotherTableIsNot(String sql) {
        Set<String> catalog = Set.of(Command.reaches("v", null), Command.reaches("v", "t"), Command.reaches("u", null),
                Command.reaches("u", "other"));
        assertFalse(one(sql, catalog).flags().contains("unbounded"), sql);
    }

    /**
     * DROP SCHEMA ... CASCADE drops the views in other schemas reading its tables (and their views), and the parts of
     * relations elsewhere using its types or routines: ddl on those too.
     */
    @Test
    void dropSchemaCascadeNamesWhatItDropsElsewhere() {
        Set<String> catalog = Set.of(Command.dependsOnSchema("scratch", "reports.summary"), Command.dependsOnSchema("other", "public.x"),
                Command.reaches("summary", null), Command.reaches("summary", "src"),
                Command.reaches("digest", null), Command.reaches("digest", "summary"));
        assertTrue(one("DROP SCHEMA IF EXISTS Scratch CASCADE", catalog).tables().containsAll(List.of("scratch.*", "reports.summary", "digest")));
        assertTrue(one("DROP SCHEMA a, scratch CASCADE", catalog).tables().containsAll(List.of("a.*", "scratch.*", "reports.summary", "digest")));
        assertFalse(one("DROP SCHEMA a, scratch CASCADE", catalog).tables().contains("public.x"));
        assertEquals(List.of("scratch.*"), one("DROP SCHEMA scratch", catalog).tables());
        // A view dropped with its table is named in its schema too, where the catalog locates it.
        Set<String> located = Set.of(Command.reaches("summary", null), Command.reaches("summary", "src"),
                Command.located("summary", "reports.summary"), Command.located("other", "public.other"));
        assertEquals(List.of("scratch.src", "summary", "reports.summary"), one("DROP TABLE scratch.src CASCADE", located).tables());
    }

    /** The catalog names a reached relation with its schema too: a view in public over billing.invoices reaches billing's. */
    @Test
    void aReachedRelationIsNamedInItsSchema() {
        Set<String> catalog = Set.of(Command.reaches("unpaid", null), Command.reaches("unpaid", "invoices"),
                Command.reaches("unpaid", "billing.invoices"), Command.partOf("inv_2026", null), Command.partOf("inv_2026", "invoices"),
                Command.partOf("inv_2026", "billing.invoices"));
        assertTrue(one("UPDATE unpaid SET paid = true WHERE id = 1", catalog).tables().contains("billing.invoices"));
        assertTrue(one("SELECT * FROM unpaid", catalog).tables().contains("billing.invoices"));
        assertTrue(one("INSERT INTO scratch SELECT * FROM unpaid", catalog).read().contains("billing.invoices"));
        assertTrue(one("DELETE FROM inv_2026 WHERE id = 1", catalog).tables().contains("billing.invoices"));
    }

    @Test
    void ddlUnderAnEventTriggerIsACall() {
        Set<String> events = Set.of(Command.DDL_RUNS_ROUTINE);
        assertEquals(SqlKind.PROCEDURAL, one("CREATE TABLE t (a int)", events).kind());
        assertEquals(SqlKind.READ, one("SELECT 1", events).kind());
        assertFalse(one("SELECT 1", events).calls());
    }

    /**
     * The server fires event triggers for GRANT, REVOKE, COMMENT and for ddl raised to dcl or admin (ENABLE ROW LEVEL
     * SECURITY, a SECURITY DEFINER function): their kind stays, and they are procedural too. Commands on roles,
     * databases and tablespaces fire none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"GRANT SELECT ON t TO bob", "REVOKE ALL ON SCHEMA s FROM bob", "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY p ON t USING (true)", "ALTER TABLE t OWNER TO bob", "COMMENT ON TABLE t IS 'x'",
            "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO bob", "CREATE USER MAPPING FOR bob SERVER s"})
    void aStricterStatementUnderAnEventTriggerIsACallToo(String sql) {
        SqlStatement s = one(sql, Set.of(Command.DDL_RUNS_ROUTINE));
        assertTrue(s.kind() == SqlKind.PROCEDURAL || s.calls(), sql + ": " + s);
        assertFalse(one(sql, Set.of()).calls(), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GRANT admins TO bob", "CREATE ROLE bob", "ALTER ROLE bob SUPERUSER", "ALTER SYSTEM SET work_mem = '1MB'",
            "CREATE DATABASE d", "DROP EVENT TRIGGER e", "CREATE USER bob"})
    void commandsOnTheClusterFireNoEventTrigger(String sql) {
        SqlStatement s = one(sql, Set.of(Command.DDL_RUNS_ROUTINE));
        assertFalse(s.kind() == SqlKind.PROCEDURAL || s.calls(), sql + ": " + s);
        assertEquals(SqlKind.DDL, one("CREATE TABLE t (a int)", Set.of("wipe")).kind());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CREATE RULE r AS ON INSERT TO a DO INSTEAD DELETE FROM b WHERE id = new.id     | ddl   | a b",
            "CREATE OR REPLACE RULE r AS ON UPDATE TO s.a DO ALSO (NOTIFY c; INSERT INTO b VALUES (1)) | ddl | s.a b",
            "CREATE RULE r AS ON INSERT TO a DO ALSO SELECT pg_terminate_backend(1)          | admin | a",
            "CREATE RULE r AS ON DELETE TO a DO INSTEAD NOTHING                              | ddl   | a",
    })
    void aRuleNamesWhatItsActionsDo(String sql, String kind, String tables) {
        SqlStatement s = one(sql, Set.of());
        assertEquals(kind, s.kind().policyName(), sql);
        assertEquals(List.of(tables.split(" ")), s.tables(), sql);
    }

    @Test
    void ddlThroughHoopAddsWhatItMakesReach() {
        assertEquals(List.of(Command.written("t")), defined("CREATE TRIGGER tr AFTER INSERT ON s.t FOR EACH ROW EXECUTE FUNCTION f()"));
        assertEquals(List.of(Command.DDL_RUNS_ROUTINE), defined("CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()"));
        assertEquals(List.of(Command.written("a"), Command.writes("a", null), Command.writes("a", "b")),
                defined("CREATE RULE r AS ON INSERT TO a DO INSTEAD DELETE FROM b"));
        assertEquals(List.of(Command.reaches("a", null), Command.reaches("a", "b")), defined("CREATE RULE \"_RETURN\" AS ON SELECT TO a DO INSTEAD SELECT * FROM b"));
        assertEquals(List.of(Command.reaches("v", null), Command.reaches("v", "customers")), defined("CREATE VIEW v AS SELECT * FROM customers"));
        assertEquals(List.of(Command.reaches("v", null), Command.reaches("v", "invoices"), Command.reaches("v", "billing.invoices")), defined("CREATE VIEW v AS SELECT * FROM Billing.invoices"));
        assertEquals(List.of(Command.reaches("v", null), Command.reaches("v", "customers")),
                defined("CREATE SCHEMA s CREATE TABLE t (a int) CREATE VIEW v AS SELECT * FROM customers"));
        assertEquals(List.of(Command.referenced("parent", null), Command.referenced("parent", "kid"), Command.writes("parent", null),
                Command.writes("parent", "kid")), defined("CREATE TABLE kid (p int REFERENCES parent ON DELETE CASCADE)"));
        assertEquals(List.of(Command.referenced("parent", null), Command.referenced("parent", "kid")),
                defined("CREATE TABLE kid (p int REFERENCES parent)"));
        assertTrue(SqlClassifier.classify("ALTER TABLE kid ADD FOREIGN KEY (p) REFERENCES s.parent; TRUNCATE parent CASCADE").get(1).tables().contains("kid"));
        assertEquals(List.of(Command.written("t")), defined("ALTER TABLE t ALTER COLUMN a SET DEFAULT wipe()"));
        assertEquals(List.of(Command.written("t")), defined("CREATE INDEX ON t (wipe(a))"));
        assertEquals(List.of(), defined("CREATE INDEX ON t (lower(a))"));
        // A view calling a built-in with effects makes the call wherever it is read.
        assertTrue(defined("CREATE VIEW v AS SELECT nextval('s') AS n").contains(Command.named("v")));
        assertTrue(defined("CREATE OR REPLACE VIEW s.v AS SELECT (pid).pg_terminate_backend FROM a").contains(Command.named("v")));
        assertTrue(defined("CREATE POLICY p ON t USING (pg_catalog.set_config('role', 'x', false) = '')").contains(Command.named("t")));
        assertFalse(defined("CREATE VIEW v AS SELECT lower(a) FROM t").contains(Command.named("v")));
        // A parent's statements reach its inheritance children and partitions.
        assertEquals(List.of(Command.reaches("p", null), Command.reaches("p", "kid"), Command.partOf("kid", null), Command.partOf("kid", "p"),
                Command.reaches("q", null), Command.reaches("q", "kid"), Command.partOf("kid", null), Command.partOf("kid", "q")),
                defined("CREATE TABLE kid (a int) INHERITS (p, s.q)"));
        List<String> kidOfP = List.of(Command.reaches("p", null), Command.reaches("p", "kid"), Command.partOf("kid", null), Command.partOf("kid", "p"));
        assertEquals(kidOfP, defined("CREATE TABLE kid PARTITION OF p FOR VALUES IN (1)"));
        assertEquals(kidOfP, defined("ALTER TABLE kid INHERIT p"));
        assertEquals(List.of(), defined("ALTER TABLE kid NO INHERIT p"));
        assertEquals(kidOfP, defined("ALTER TABLE p ATTACH PARTITION kid FOR VALUES IN (2)"));
        assertTrue(SqlClassifier.classify("CREATE TABLE kid () INHERITS (p); DELETE FROM p WHERE a = 1").get(1).tables().contains("kid"));
        // Known to the statements after it in the same message.
        List<SqlStatement> s = SqlClassifier.classify("CREATE TRIGGER tr AFTER INSERT ON t EXECUTE FUNCTION f(); INSERT INTO t VALUES (1)");
        assertEquals(SqlKind.PROCEDURAL, s.get(1).kind());
        assertTrue(SqlClassifier.classify("CREATE VIEW w AS SELECT * FROM secret; SELECT * FROM w").get(1).tables().contains("secret"));
    }

    @Test
    void aDefaultOrCheckCallingABuiltInWithEffectsRunsItOnWrites() {
        assertEquals(List.of(Command.written("t")), defined("CREATE TEMP TABLE t (a int CHECK (pg_cancel_backend(a)))"));
        assertEquals(List.of(Command.written("t")), defined("ALTER TABLE t ALTER COLUMN a SET DEFAULT lo_export(1, '/tmp/x')"));
        assertEquals(List.of(), defined("CREATE TABLE t (id int DEFAULT nextval('s'))"));
        assertEquals(List.of(), defined("CREATE TABLE t AS SELECT pg_cancel_backend(1) AS a"));
    }

    /** What sql makes reach, without the columns it gives relations (OuterNamesTest's). */
    private static List<String> defined(String sql) {
        return SqlClassifier.routinesDefined(sql, Set.of("wipe")).stream().filter(e -> !OuterNamesTest.isColumn(e)).toList();
    }
}
