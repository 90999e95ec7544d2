package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UPDATE and DELETE statements whose WHERE hoop took for a bound though the server reaches every row with them: a
 * name the subquery's relation lacks (in its schema, or renamed by an alias list) is the outer row's, a constant
 * expression at the end of the integers' range holds on every value. Each is first run on the server (rolled back) to
 * show it changes every row, then sent through hoop by pgjdbc in both protocols, where a rule on unbounded writes refuses
 * it. Statements that do narrow the rows still run, by pgjdbc and psql.
 */
class PostgresUnboundedWritesTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE items (id int PRIMARY KEY, v text, n numeric, ts timestamptz, ok bool NOT NULL DEFAULT true);
                    CREATE TABLE x (id int); INSERT INTO x VALUES (1);
                    CREATE SCHEMA other; CREATE TABLE other.x (v int); INSERT INTO other.x VALUES (7);
                    CREATE TABLE u (id int, tid int); INSERT INTO u VALUES (1, 1);
                    GRANT USAGE ON SCHEMA other TO app_rw; GRANT ALL ON items, x, other.x, u TO app_rw;
                    """);
            for (String mode : new String[] {"simple", "extended"}) {
                // before the gateway reads the catalog: listed with their columns
                st.execute("CREATE TABLE dropped_" + mode + " (id int, tid int); INSERT INTO dropped_" + mode + " VALUES (1, 1);"
                        + " CREATE TABLE renamed_" + mode + " (id int); INSERT INTO renamed_" + mode + " VALUES (1);"
                        + " ALTER TABLE dropped_" + mode + " OWNER TO app_rw; ALTER TABLE renamed_" + mode + " OWNER TO app_rw");
            }
        }
        String cfg = TestGateway.config("""
                connections:
                  - name: bounded
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    policies: [bounded-writes]
                policies:
                  bounded-writes:
                    default: allow
                    rules:
                      - { name: unbounded, action: deny, match: { kind: [write], unbounded: true } }
                """.formatted(upstream.port()));
        gw = new TestGateway(dir.resolve("home"), cfg, Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    /** Each test starts from the same two rows, whatever one let through before it. */
    @BeforeEach
    void rows() throws SQLException {
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("TRUNCATE items; INSERT INTO items VALUES (1, 'a', 1, '2020-01-01'), (2, 'b', 2, '2021-01-01')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    /** Runs sql on the server as the superuser, after setup, in a transaction rolled back: how many rows it changed. */
    private static int changedOnTheServer(String setup, String sql) throws SQLException {
        try (Connection c = upstream.superuser("app")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(setup);
                return st.executeUpdate(sql);
            } finally {
                c.rollback();
            }
        }
    }

    private static void refusedAsUnbounded(Statement st, String mode, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), mode + ": " + sql);
        assertEquals("42501", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("unbounded"), mode + ": " + e.getMessage());
    }

    /** sql changes every row on the server, and hoop refuses it in both protocols, so no row changes. */
    private static void changesEveryRowButIsRefused(String sql) throws Exception {
        assertEquals(2, changedOnTheServer("SELECT 1", sql), "the server changes every row: " + sql);
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                refusedAsUnbounded(st, mode, sql);
            }
        }
        unchanged();
    }

    private static void unchanged() throws SQLException {
        assertEquals(2, upstream.count("SELECT count(*) FROM items"));
        assertEquals(0, upstream.count("SELECT count(*) FROM items WHERE v = 'x'"));
    }

    /**
     * other.x has no id, so id there is items.id (public.x's id was counted for it, the catalog's columns being listed
     * by bare name); FROM u AS s(a) renames u's first column, id, to a, and the subquery's id is again the outer row's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM items WHERE id IN (SELECT id FROM other.x)",
            "UPDATE items SET v = 'x' WHERE id = ANY (SELECT id FROM other.x)",
            "DELETE FROM items WHERE id IN (SELECT id FROM u AS s(a))",
            "UPDATE items SET v = 'x' WHERE id IN (SELECT id FROM (SELECT id, tid FROM u) AS s(a))",
            "DELETE FROM items WHERE id IN (SELECT id FROM (TABLE u) s (a, b))"})
    void aNameTheSubquerysRelationLacksIsTheOuterRows(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * With other on the search_path before public, x is other.x: hoop knows every schema the connection's path named,
     * and x may be any of theirs. Its columns were public.x's and other.x's together, so x had an id.
     */
    @Test
    void anUnqualifiedRelationIsAnyTheSearchPathNamed() throws Exception {
        String sql = "DELETE FROM items WHERE id IN (SELECT id FROM x)";
        assertEquals(2, changedOnTheServer("SET LOCAL search_path = other, public", sql));
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("SET search_path = other, public");
                refusedAsUnbounded(st, mode, sql);
            }
        }
        unchanged();
    }

    /**
     * A relation made on the server after the connection read the catalog: its columns are not listed, so q may be its
     * own (it is) and EXISTS (... WHERE q = 5) the same for every row. It was taken for the outer row's, a bound.
     */
    @Test
    void aNameOfARelationTheCatalogDoesNotListMayBeItsOwn() throws Exception {
        String sql = "UPDATE items SET v = 'x' WHERE EXISTS (SELECT 1 FROM fresh WHERE q = 5)";
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                st.execute("SELECT 1 FROM items LIMIT 1");
                try (Connection su = upstream.superuser("app"); Statement sst = su.createStatement()) {
                    sst.execute("CREATE TABLE fresh (q int); INSERT INTO fresh VALUES (5); GRANT ALL ON fresh TO app_rw");
                }
                try {
                    assertEquals(2, changedOnTheServer("SELECT 1", sql), "the server changes every row: " + sql);
                    refusedAsUnbounded(st, mode, sql);
                } finally {
                    try (Connection su = upstream.superuser("app"); Statement sst = su.createStatement()) {
                        sst.execute("DROP TABLE fresh");
                    }
                }
            }
        }
        unchanged();
    }

    /**
     * A column dropped or renamed away through hoop: the catalog read at the connection's start still listed it, so
     * id IN (SELECT id FROM gone) was taken for the relation's own id, where the server reads items.id.
     */
    @Test
    void aColumnDroppedOrRenamedThroughHoopIsNoLongerTheRelations() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        for (String mode : new String[] {"simple", "extended"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=" + mode); Statement st = c.createStatement()) {
                String drop = "DELETE FROM items WHERE id IN (SELECT id FROM dropped_" + mode + ")";
                String rename = "UPDATE items SET v = 'x' WHERE id IN (SELECT id FROM public.renamed_" + mode + ")";
                // a column dropped beside it leaves id the relation's own
                st.execute("ALTER TABLE dropped_" + mode + " DROP COLUMN tid");
                st.execute("UPDATE items SET v = v WHERE id IN (SELECT id FROM dropped_" + mode + ")");
                st.execute("ALTER TABLE dropped_" + mode + " DROP COLUMN id");
                st.execute("ALTER TABLE public.renamed_" + mode + " RENAME COLUMN id TO uid");
                assertEquals(2, changedOnTheServer("SELECT 1", drop), "the server changes every row: " + drop);
                assertEquals(2, changedOnTheServer("SELECT 1", rename), "the server changes every row: " + rename);
                refusedAsUnbounded(st, mode, drop);
                refusedAsUnbounded(st, mode, rename);
            }
        }
        unchanged();
    }

    /**
     * A bound written as a constant expression at or past the end of the integers' range, an empty array under ALL, or
     * an ANY of two values under <>: each holds on every row, and each was taken for a bound.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE items SET v = 'x' WHERE id >= -1::int8 * 2147483648",
            "UPDATE items SET v = 'x' WHERE id > -(2^62)::bigint", "DELETE FROM items WHERE id >= 0 - 9223372036854775807",
            "UPDATE items SET v = 'x' WHERE id > (SELECT -2147483648)", "DELETE FROM items WHERE id >=- 2147483647 - 1",
            "UPDATE items SET v = 'x' WHERE id < 2^31", "UPDATE items SET v = 'x' WHERE id > least(-2147483648, 0)",
            "UPDATE items SET v = 'x' WHERE id > (SELECT -2147483648 LIMIT 1)", "DELETE FROM items WHERE id > 1 << 31",
            "UPDATE items SET v = 'x' WHERE id <> ALL ('{}')", "DELETE FROM items WHERE id <> ALL (ARRAY[]::int[])",
            "UPDATE items SET v = 'x' WHERE id <> ANY ('{1, 2}')", "DELETE FROM items WHERE id > ANY ('{-2147483648, 5}')",
            "UPDATE items SET v = 'x' WHERE ts > timestamptz '-infinity'", "UPDATE items SET v = 'x' WHERE v >= lower('')"})
    void aConstantAtTheEndOfTheRangeIsNoBound(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * A subquery tied to the row only by a test of the row alone, or by an outer join's ON (which removes no row of the
     * side kept whole), or whose aggregate returns one row whatever its WHERE matched; a row comparison whose first pair
     * holds on every row (or is the same value, the next then deciding); BETWEEN with its ends reversed, negated; two
     * ranges leaving no integer out of an integer column. Each was taken for a bound.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE items SET v = 'x' WHERE EXISTS (SELECT 1 FROM u WHERE items.id IS NOT NULL)",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT 1 FROM u WHERE items.id >= -2147483648)",
            "DELETE FROM items WHERE EXISTS (SELECT 1 FROM u LEFT JOIN x ON x.id = items.id)",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT 1 FROM x RIGHT JOIN u ON x.id = items.id)",
            "DELETE FROM items WHERE EXISTS (SELECT count(*) FROM u WHERE u.tid = items.id)",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT 1 FROM u GROUP BY tid HAVING items.id IS NOT NULL)",
            "UPDATE items SET v = 'x' WHERE (id, v) > (-2147483649, 'a')", "DELETE FROM items WHERE (id, v) >= (id, '')",
            "DELETE FROM items WHERE id NOT BETWEEN 1 AND 0", "UPDATE items SET v = 'x' WHERE id >= 2 OR id <= 1",
            // the same for every row of a table without children
            "DELETE FROM items WHERE tableoid = 'items'::regclass", "UPDATE items SET v = 'x' WHERE tableoid::regclass::text = 'items'",
            // IS NOT NULL spelt IS DISTINCT FROM NULL
            "DELETE FROM items WHERE id IS DISTINCT FROM NULL", "UPDATE items SET v = 'x' WHERE NULL IS DISTINCT FROM items",
            "DELETE FROM items WHERE id IS DISTINCT FROM (NULL)", "UPDATE items SET v = 'x' WHERE v IS DISTINCT FROM CAST(NULL AS text)",
            // a FROM item of the subquery made of the row's own values
            "DELETE FROM items WHERE id IN (SELECT x FROM (VALUES (items.id)) v(x))",
            "UPDATE items SET v = 'x' WHERE id = (SELECT x FROM (SELECT items.id AS x) s)",
            "DELETE FROM items WHERE id IN (SELECT x FROM unnest(ARRAY[items.id]) x)",
            // patterns every text matches: a bound {0...} makes its atom optional, a cast keeps the pattern, '' starts any
            "UPDATE items SET v = 'x' WHERE v ~ 'x{0}'", "DELETE FROM items WHERE v ~ 'a{0,1}'",
            "UPDATE items SET v = 'x' WHERE v LIKE CAST('%' AS text)", "DELETE FROM items WHERE v ^@ ''",
            // below the range's end for every element: none, and its negation every row
            "DELETE FROM items WHERE NOT id < ANY ('{-2147483648}')",
            // VALUES has its row whatever it reads of the row
            "UPDATE items SET v = 'x' WHERE EXISTS (VALUES (items.id))"})
    void aConditionHoldingOnEveryRowThoughItReadsTheRowIsNoBound(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * A test OR-ed with its own negation holds on every row where it is not null, whatever it tests: a pattern (LIKE,
     * ILIKE, SIMILAR TO, a regular expression, in words or operators), a boolean column, IN or EXISTS of a subquery, an AND
     * or OR of tests; a boolean ordered against FALSE or TRUE, or in a list of both. Each
     * was taken for a bound: only comparisons, BETWEEN, IN lists and null tests were known to have complements.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE items SET v = 'x' WHERE v LIKE 'a%' OR v NOT LIKE 'a%'",
            "DELETE FROM items WHERE v ILIKE 'A%' OR NOT v ILIKE 'A%'", "UPDATE items SET v = 'x' WHERE v ~ '^a' OR v !~ '^a'",
            "DELETE FROM items WHERE v SIMILAR TO 'a%' OR v NOT SIMILAR TO 'a%'", "UPDATE items SET v = 'x' WHERE v !~~ 'a%' OR v ~~ 'a%'",
            "UPDATE items SET v = 'x' WHERE ok OR NOT ok", "DELETE FROM items WHERE ok IS TRUE OR ok = false",
            "UPDATE items SET v = 'x' WHERE id IN (SELECT tid FROM u) OR id NOT IN (SELECT tid FROM u)",
            "DELETE FROM items WHERE id = ANY (SELECT tid FROM u) OR id <> ALL (SELECT tid FROM u)",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = items.id) OR NOT EXISTS (SELECT 1 FROM u WHERE u.tid = items.id)",
            // a test of several parts and its negation
            "DELETE FROM items WHERE (id = 1 AND v = 'a') OR NOT (id = 1 AND v = 'a')",
            "UPDATE items SET v = 'x' WHERE id = 1 AND v LIKE 'a%' OR (id = 1 AND v LIKE 'a%') IS NOT TRUE",
            // false sorts before true, and a list of both holds every boolean
            "DELETE FROM items WHERE ok >= false", "UPDATE items SET v = 'x' WHERE true >= ok",
            "DELETE FROM items WHERE (v LIKE 'a%') <= true", "UPDATE items SET v = 'x' WHERE ok > false OR ok < true",
            "DELETE FROM items WHERE ok IN (true, false)", "UPDATE items SET v = 'x' WHERE ok = ANY (ARRAY[true, false])",
            // brackets around a side, and LIKE's own escape written out, change nothing
            "DELETE FROM items WHERE v LIKE ('a%') OR (v) NOT LIKE 'a%'", "UPDATE items SET v = 'x' WHERE v LIKE 'a%' OR v NOT LIKE 'a%' ESCAPE '\\'",
            "DELETE FROM items WHERE (id) < 2 OR id >= 2"})
    void aTestOrItsNegationIsNoBound(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * A comparison OR-ed with its complement where one value is spelt two ways: a cast or a type's name before a string,
     * a string holding the number, an array or list of it (= ANY, IN, its elements in another order, or OR-ed one by
     * one), and '' under > and <= (no text sorts before it). Each was taken for a bound: the complement was only
     * found between tests written alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE items SET v = 'x' WHERE id <> 1 OR id = '1'", "DELETE FROM items WHERE v <> 'a' OR v = 'a'::text",
            "UPDATE items SET v = 'x' WHERE v = text 'a' OR v <> 'a'", "DELETE FROM items WHERE id <> 1 OR id = int '1'",
            "UPDATE items SET v = 'x' WHERE v <> 'a' OR v = ANY ('{a}')", "DELETE FROM items WHERE id <> 1 OR id = ANY (ARRAY[1])",
            "UPDATE items SET v = 'x' WHERE id NOT IN (1, 2) OR id = 1 OR id = 2", "DELETE FROM items WHERE id IN (2, 1) OR id NOT IN (1, 2)",
            "UPDATE items SET v = 'x' WHERE v NOT IN ('a', 'b') OR v = ANY ('{\"b\", a}')", "DELETE FROM items WHERE v > '' OR v = ''"})
    void aValueSpeltTwoWaysIsStillTheComplementsValue(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * A scalar subquery over the table itself that finds the row: its own id (tied by id or ctid, either side of =),
     * the max of its own id, or the max of a group it belongs to under <= (min under >=). Each was taken for a bound;
     * x IN (SELECT x FROM items ...) of the same shape already was not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE items SET v = 'x' WHERE id = (SELECT s.id FROM items s WHERE s.id = items.id)",
            "DELETE FROM items WHERE (SELECT s.id FROM items s WHERE s.ctid = items.ctid) = id",
            "UPDATE items SET v = 'x' WHERE id = (SELECT max(s.id) FROM items s WHERE s.id = items.id)",
            "DELETE FROM items WHERE id IN (SELECT max(s.id) FROM items s WHERE s.id = items.id)",
            "UPDATE items SET v = 'x' WHERE id <= (SELECT max(s.id) FROM items s WHERE s.v = items.v)",
            "DELETE FROM items WHERE id >= (SELECT min(s.id) FROM items AS s WHERE s.n = items.n)",
            // clauses that drop none of the values it finds, and LIMIT, which keeps the row's own
            "UPDATE items SET v = 'x' WHERE id IN (SELECT s.id FROM items s WHERE s.id = items.id LIMIT 1)",
            "DELETE FROM items WHERE id IN (SELECT DISTINCT s.id FROM items s WHERE s.id = items.id)",
            "UPDATE items SET v = 'x' WHERE id IN (SELECT s.id FROM items s WHERE s.id = items.id GROUP BY s.id ORDER BY 1)",
            "DELETE FROM items WHERE EXISTS (SELECT 1 FROM items s WHERE s.id = items.id LIMIT 1)",
            "UPDATE items SET v = 'x' WHERE id = (SELECT s.id FROM items s WHERE s.ctid = items.ctid FETCH FIRST ROW ONLY)",
            // the row's own value in brackets, cast or named
            "DELETE FROM items WHERE id IN (SELECT (s.id) FROM items s WHERE s.id = items.id)",
            "UPDATE items SET v = 'x' WHERE id = (SELECT s.id::bigint FROM items s WHERE s.id = items.id)",
            "DELETE FROM items WHERE id IN (SELECT s.id AS k FROM items s WHERE s.id = items.id)",
            // the table whole in brackets
            "UPDATE items SET v = 'x' WHERE id IN (SELECT s.id FROM (SELECT * FROM items) s WHERE s.id = items.id)",
            "DELETE FROM items WHERE id = (SELECT s.id FROM (TABLE items) AS s WHERE s.id = items.id)",
            // crossed with another item that has rows
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT FROM items s, u WHERE s.id = items.id)",
            "DELETE FROM items WHERE id IN (SELECT s.id FROM items s CROSS JOIN (SELECT 1) o WHERE s.id = items.id)",
            // joined to another item: an ON holding on every row, a LEFT JOIN's (which keeps every row), the table
            // on the kept side of a RIGHT JOIN; u's column tid (unqualified) null on every row beside ON false
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT FROM items s JOIN u ON true WHERE s.id = items.id)",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT FROM items s LEFT JOIN u ON false WHERE s.id = items.id)",
            "DELETE FROM items WHERE id IN (SELECT s.id FROM u RIGHT JOIN items s ON u.tid = s.id WHERE s.id = items.id)",
            "DELETE FROM items WHERE EXISTS (SELECT FROM items s LEFT JOIN u ON false WHERE s.id = items.id AND tid IS NULL)",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT FROM (items s JOIN u ON true) WHERE s.id = items.id)",
            "DELETE FROM items WHERE id IN (SELECT s.id FROM items s JOIN items s2 ON true WHERE s.id = items.id)",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT FROM items s, items s2 WHERE s2.id = items.id)",
            // a WITH inside the subquery naming the table whole
            "UPDATE items SET v = 'x' WHERE id IN (WITH w AS (SELECT * FROM items) SELECT w.id FROM w WHERE w.id = items.id)",
            "DELETE FROM items WHERE EXISTS (WITH w AS (TABLE items) SELECT FROM w JOIN u ON true WHERE w.id = items.id)"})
    void aScalarSubqueryFindingTheRowItselfIsNoBound(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * The table met again under an alias list (or through a subquery or WITH query renaming its columns): s.a is
     * items.id of the same row, so items.id = s.a holds on every row, as items.id = s.id did (that was refused).
     */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE items SET v = 'x' FROM items AS s(a) WHERE items.id = s.a",
            "DELETE FROM items USING items AS s(a) WHERE items.id = s.a",
            "UPDATE items SET v = 'x' FROM (SELECT id FROM items) s(a) WHERE items.id = s.a",
            "WITH w AS (SELECT id AS a FROM items) UPDATE items SET v = 'x' FROM w WHERE items.id = w.a",
            "WITH w (a) AS (SELECT id FROM items) DELETE FROM items USING w WHERE items.id = w.a",
            "DELETE FROM items WHERE id IN (SELECT a FROM items AS s(a))",
            "UPDATE items SET v = 'x' WHERE EXISTS (SELECT 1 FROM items s(a) WHERE s.a = items.id)"})
    void theTableRenamedIsStillItsOwnRows(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * The table joined with itself: a condition on the copy alone ({@code USING items i2 WHERE i2.id = 1}) holds for every
     * target row once one row passes it, since the join pairs each row with all of the copy's; a subquery joining the
     * table with itself on its own columns (ON a.id = b.id, USING, NATURAL, a comma and WHERE) hands every row back. Each
     * was taken for a bound: the copy's column was read as the target row's own, and a join as narrowing whatever it joined.
     * (MERGE, which the test server (14) lacks, is in FlagsAndTablesTest.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM items USING items i2 WHERE i2.id = 1",
            "UPDATE items SET v = 'x' FROM items i2 WHERE i2.v = 'a'",
            "DELETE FROM items USING (SELECT * FROM items) s WHERE s.id = 1",
            "DELETE FROM items WHERE id IN (SELECT a.id FROM items a JOIN items b ON a.id = b.id)",
            "UPDATE items SET v = 'x' WHERE id IN (SELECT id FROM items JOIN items i2 USING (id))",
            "DELETE FROM items WHERE id IN (SELECT id FROM items NATURAL JOIN items i2)",
            "UPDATE items SET v = 'x' WHERE id = ANY (SELECT a.id FROM items a, items b WHERE b.id = a.id)",
            "DELETE FROM items WHERE id IN (SELECT a.id FROM items a CROSS JOIN items b WHERE b.id = 1)"})
    void theTableJoinedWithItselfIsNoBound(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * A column only another FROM / USING table has (u.tid), named without its table: the text does not show u's columns,
     * but the catalog lists items without tid, so tid is u's and tid = 1 holds for every row of items once u has such
     * a row. Each was taken for a bound and changed every row.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM items USING u WHERE tid = 1",
            "UPDATE items SET v = 'x' FROM u WHERE tid = 1",
            "DELETE FROM items USING u NATURAL JOIN x WHERE tid > 0",
            "UPDATE items SET v = 'x' FROM u WHERE tid IN (SELECT 1)"})
    void aColumnOnlyAnotherTableHasIsNoBound(String sql) throws Exception {
        changesEveryRowButIsRefused(sql);
    }

    /**
     * A value bound to a parameter is judged as the same value written in the text: pgjdbc's DELETE ... WHERE v LIKE ?
     * bound to '%' (a named statement parsed once and bound again, and an unnamed one parsed each time), SQL EXECUTE of a
     * statement PREPAREd with that WHERE, in an earlier message or the same one, and a protocol Bind of it, were taken for
     * bounded writes and deleted every row. A value that narrows still runs, before and after a refused one.
     */
    @Test
    void aValueBoundToAParameterIsJudgedAsTheSameValueWrittenInTheText() throws Exception {
        assertEquals(2, changedOnTheServer("SELECT 1", "DELETE FROM items WHERE v LIKE '%'"), "the server deletes every row");
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        for (String threshold : new String[] {"1", "5"}) {
            try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=extended", "prepareThreshold=" + threshold);
                    PreparedStatement p = c.prepareStatement("DELETE FROM items WHERE v LIKE ?")) {
                for (int i = 0; i < 2; i++) {
                    p.setString(1, "zz%");
                    assertEquals(0, p.executeUpdate());
                }
                p.setString(1, "%");
                SQLException e = assertThrows(SQLException.class, p::executeUpdate, "prepareThreshold=" + threshold);
                assertEquals("42501", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("unbounded"), e.getMessage());
                p.setString(1, "z%");
                assertEquals(0, p.executeUpdate());
            }
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=simple"); Statement st = c.createStatement()) {
            st.execute("PREPARE d (text) AS DELETE FROM items WHERE v LIKE $1");
            st.execute("EXECUTE d('zz%')");
            refusedAsUnbounded(st, "simple", "EXECUTE d('%')");
            refusedAsUnbounded(st, "simple", "EXECUTE d(('' || '%'))");
            refusedAsUnbounded(st, "simple", "PREPARE e (text) AS DELETE FROM items WHERE v LIKE $1; EXECUTE e('%')");
        }
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=extended"); Statement st = c.createStatement()) {
            st.execute("PREPARE d (text) AS DELETE FROM items WHERE v LIKE $1");
            try (PreparedStatement p = c.prepareStatement("EXECUTE d(?)")) {
                p.setString(1, "%");
                SQLException e = assertThrows(SQLException.class, p::executeUpdate);
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
        }
        unchanged();
    }

    /** A self-join that ties the copy to the row and narrows, or narrows the row itself, still runs. */
    @Test
    void aSelfJoinThatNarrowsRuns() throws Exception {
        String[] sqls = {"UPDATE items SET v = items.v FROM items i2 WHERE items.id = i2.id AND i2.v = 'a'",
                "UPDATE items SET v = items.v FROM items i2 WHERE items.id = 1",
                "UPDATE items a SET v = a.v FROM items b WHERE a.id < b.id AND a.v = b.v",
                "UPDATE items SET v = v WHERE id IN (SELECT a.id FROM items a JOIN items b ON a.id = b.id WHERE a.v = 'a')",
                "UPDATE items SET v = v WHERE id IN (SELECT a.id FROM items a JOIN items b ON a.id < b.id)",
                "UPDATE items SET v = v WHERE id IN (SELECT a.id FROM items a JOIN u b ON a.id = b.tid)"};
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        PostgresEndToEndTest.psqlAll(s, sqls).allOk();
        unchanged();
    }

    /**
     * What narrows still runs: a subquery of a relation having the column (qualified or found on the path), an alias list
     * naming it, a key or a parameter, the current time, a constant inside the range, and n < 2147483647 on a numeric
     * column (no end of its range: it was refused as one).
     */
    @Test
    void whatNarrowsTheRowsRuns() throws Exception {
        String[] sqls = {"UPDATE items SET v = v WHERE id IN (SELECT id FROM x)",
                "UPDATE items SET v = v WHERE id IN (SELECT id FROM public.x)",
                "UPDATE items SET v = v WHERE id IN (SELECT id FROM u AS s(id))",
                "UPDATE items SET v = v WHERE id = 1", "UPDATE items SET v = v WHERE id = ANY ('{1, 2}')",
                "UPDATE items SET v = v WHERE ts > now() - interval '1 day'", "UPDATE items SET v = v WHERE ts < date '2020-06-01'",
                "UPDATE items SET v = v WHERE id > 2 * 21", "UPDATE items SET v = v WHERE n < 2147483647",
                "UPDATE items SET v = v WHERE items.n > -2147483648",
                "UPDATE items SET v = v WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = items.id)",
                "UPDATE items SET v = v WHERE EXISTS (SELECT 1 FROM u JOIN x ON x.id = items.id)",
                "UPDATE items SET v = v WHERE (id, v) > (1, 'a')", "UPDATE items SET v = v WHERE n >= 2 OR n <= 1",
                "UPDATE items SET v = v WHERE ts < date_trunc('month', now()) - interval '1 year'",
                "UPDATE items SET v = v WHERE ts < to_timestamp(1577836800)",
                "UPDATE items SET v = n.val FROM (VALUES (1, 'a')) AS n(id, val) WHERE items.id = n.id",
                "UPDATE items SET v = v FROM u AS s(a, b) WHERE items.id = s.a",
                "UPDATE items SET v = v WHERE id IN (SELECT s.k FROM (SELECT tid AS k FROM u) s)",
                "UPDATE items SET v = v WHERE v ~ 'a{1,}'", "UPDATE items SET v = v WHERE v LIKE CAST('a%' AS text)",
                // two different tests, or a test and its negation AND-ed (no row), are no complement
                "UPDATE items SET v = v WHERE v LIKE 'a%' OR v NOT LIKE 'b%'", "UPDATE items SET v = v WHERE v LIKE 'a%' OR v NOT ILIKE 'a%'",
                "UPDATE items SET v = v WHERE NOT ok", "UPDATE items SET v = v WHERE ok AND NOT ok",
                "UPDATE items SET v = v WHERE (id = 1 AND v = 'a') OR NOT (id = 1 AND v = 'b')",
                "UPDATE items SET v = v WHERE ok > false", "UPDATE items SET v = v WHERE ok IN (true, true)",
                "UPDATE items SET v = v WHERE id IN (SELECT tid FROM u) OR id NOT IN (SELECT id FROM x)",
                // the one largest id (it was refused as unbounded), another table's value tied to the row
                "UPDATE items SET v = v WHERE id IN (SELECT s.id FROM items s LEFT JOIN u ON u.tid = s.id WHERE u.tid IS NULL)",
                "UPDATE items SET v = v WHERE EXISTS (SELECT FROM items s LEFT JOIN u ON tid = s.id WHERE s.id = items.id AND tid IS NULL)",
                "UPDATE items SET v = v WHERE EXISTS (SELECT FROM items s JOIN u ON u.tid = s.id WHERE s.id = items.id)",
                "UPDATE items SET v = v WHERE EXISTS (SELECT FROM items s JOIN items s2 ON s2.id = s.id AND s2.v = 'b' WHERE s.id = items.id)",
                "UPDATE items SET v = v WHERE id IN (SELECT x.id FROM x JOIN u ON u.id = x.id WHERE u.tid = 1)",
                "UPDATE items SET v = v WHERE id = (SELECT max(id) FROM items)", "UPDATE items SET v = v WHERE id IN (SELECT id FROM items ORDER BY id LIMIT 1)", "UPDATE items SET v = v WHERE id = (SELECT s.tid FROM u s WHERE s.id = items.id)",
                // a value compared two ways, one of them not its complement's
                "UPDATE items SET v = v WHERE v <> 'a' OR v = 'b'::text", "UPDATE items SET v = v WHERE id NOT IN (1, 2) OR id = 1",
                "UPDATE items SET v = v WHERE id = ANY ('{1, 3}')", "UPDATE items SET v = v WHERE v > '' OR v = 'a'",
                // another table's column tied to the row's own
                "UPDATE items SET v = v FROM u WHERE items.id = tid", "UPDATE items SET v = v FROM u WHERE tid = items.id AND tid = 1"};
        JsonNode s = PostgresEndToEndTest.session(gw, "bounded");
        PostgresEndToEndTest.psqlAll(s, sqls).allOk();
        try (Connection c = PostgresEndToEndTest.jdbc(s, "preferQueryMode=extended");
                PreparedStatement p = c.prepareStatement("UPDATE items SET v = v WHERE id = ?")) {
            p.setInt(1, 1);
            assertEquals(1, p.executeUpdate());
        }
        unchanged();
    }
}
