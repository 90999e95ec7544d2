package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.Command;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An unqualified name in a subquery's select list is the outer row's column where none of the subquery's items has one
 * of that name: {@code id IN (SELECT id FROM pg_database)} is {@code t.id IN (SELECT t.id FROM pg_database)}, true on
 * every row. The catalog lists the relations' columns; what it does not list may be the outer row's.
 */
class OuterNamesTest {

    private static final Set<String> CATALOG = Set.of(Command.columnOf("u", "id"), Command.columnOf("u", "tid"),
            Command.columnOf("u", "x"), Command.columnOf("pg_database", "oid"), Command.columnOf("pg_database", "datname"));

    /** Whether a routines entry is a relation's column ({@link Command#columnOf}). */
    static boolean isColumn(String entry) {
        return entry.startsWith(Command.columnOf("", "").substring(0, 3)) && entry.indexOf('\0', 3) > 3;
    }

    private static boolean unbounded(String sql, Set<String> catalog) {
        return SqlClassifier.classify(sql, catalog).get(0).flags().contains("unbounded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id IN (SELECT id FROM pg_database)",
            "DELETE FROM t WHERE id IN (SELECT id FROM pg_database WHERE datname = 'app')",
            "UPDATE t SET a = 1 WHERE id = (SELECT id FROM pg_database LIMIT 1)",
            "DELETE FROM t WHERE id IN (SELECT id + 0 FROM pg_database)",
            "DELETE FROM t WHERE id IN (SELECT coalesce(id, 0) FROM pg_catalog.pg_database)",
            "DELETE FROM t WHERE id IN (SELECT id FROM unlisted)",
            "DELETE FROM t WHERE id IN (SELECT id FROM generate_series(1, 3) g)",
            "DELETE FROM t WHERE id IN (SELECT id FROM (SELECT 1 AS n) s)",
            "DELETE FROM t WHERE id IN (SELECT id FROM (SELECT * FROM pg_database) s)",
            "WITH w AS (SELECT 1 AS n) DELETE FROM t WHERE id IN (SELECT id FROM w)",
            "WITH w (n) AS (SELECT id FROM u) DELETE FROM t WHERE id IN (SELECT id FROM w)",
            "DELETE FROM t WHERE id IN (SELECT id FROM pg_database UNION SELECT tid FROM u)",
            "DELETE FROM t WHERE id IN (SELECT id FROM pg_database d JOIN (SELECT 1 AS n) s ON true)",
            "DELETE FROM t WHERE id IN (SELECT DISTINCT id FROM pg_database)",
            "DELETE FROM t WHERE id = ANY (SELECT id FROM pg_database)",
            "MERGE INTO t USING u ON t.id IN (SELECT id FROM pg_database) WHEN MATCHED THEN DELETE"})
    void aNameNoItemOfTheSubqueryHasIsTheOuterRows(String sql) {
        assertEquals(true, unbounded(sql, CATALOG), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id IN (SELECT id FROM u)",
            "DELETE FROM t WHERE id IN (SELECT id FROM u WHERE x)",
            "DELETE FROM t WHERE id IN (SELECT id FROM public.u)",
            "UPDATE t SET a = 1 WHERE id = (SELECT max(id) FROM u)",
            "DELETE FROM t WHERE id IN (SELECT id FROM (SELECT tid AS id FROM u) s)",
            "DELETE FROM t WHERE id IN (SELECT id FROM (SELECT * FROM u) s)",
            "DELETE FROM t WHERE id IN (SELECT id FROM generate_series(1, 3) id)",
            "DELETE FROM t WHERE id IN (SELECT id FROM pg_database d(id))",
            "DELETE FROM t WHERE id IN (SELECT id FROM unnest(ARRAY[1, 2]) AS g(id))",
            "DELETE FROM t WHERE id IN (SELECT id FROM (VALUES (1)) v(id))",
            "WITH w AS (SELECT tid AS id FROM u) DELETE FROM t WHERE id IN (SELECT id FROM w)",
            "WITH w (id) AS (SELECT tid FROM u) DELETE FROM t WHERE id IN (SELECT id FROM w)",
            "DELETE FROM t WHERE id IN (SELECT id FROM pg_database JOIN u ON u.x = datname)",
            "DELETE FROM t WHERE id IN (SELECT id FROM pg_database, u)",
            "DELETE FROM t WHERE id IN (SELECT datname AS id FROM pg_database)",
            "DELETE FROM t WHERE id IN (SELECT tid FROM u)"})
    void aNameAnItemOfTheSubqueryHasIsItsOwn(String sql) {
        assertEquals(false, unbounded(sql, CATALOG), sql);
    }

    /** The other way round: a name the subquery's items have is theirs, however the statement meant it. */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE tid = id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u AS s WHERE s.tid = id AND x = 'a')",
            "UPDATE t SET a = 1 WHERE EXISTS (SELECT 1 FROM pg_database, u WHERE datname = 'app' AND id = tid)"})
    void aNameTheSubqueryHasDoesNotTieItToTheRow(String sql) {
        assertEquals(true, unbounded(sql, CATALOG), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = a)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM pg_database WHERE datname = name)"})
    void aNameTheSubqueryLacksTiesItToTheRow(String sql) {
        assertEquals(false, unbounded(sql, CATALOG), sql);
    }

    /** A relation made through hoop has the columns its DDL gives it, before the catalog is read again. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "CREATE TEMP TABLE picked (id int, CONSTRAINT k PRIMARY KEY (id))|picked|id",
            "CREATE TABLE IF NOT EXISTS s.picked (a int, \"Id\" int)|s.picked|Id",
            "ALTER TABLE picked ADD COLUMN IF NOT EXISTS id int, ADD note text|picked|id",
            "ALTER TABLE picked RENAME COLUMN a TO id|picked|id",
            "CREATE VIEW picked (id) AS SELECT tid FROM u|picked|id",
            "CREATE OR REPLACE VIEW picked AS SELECT tid AS id, x FROM u|picked|id",
            "CREATE TEMP TABLE picked AS SELECT u.id FROM u|picked|id",
            "CREATE MATERIALIZED VIEW picked AS SELECT tid id FROM u|picked|id"})
    void aRelationMadeThroughHoopHasTheColumnsItsDdlGives(String ddl, String relation, String column) {
        java.util.List<String> defined = SqlClassifier.routinesDefined(ddl);
        assertEquals(true, defined.contains(Command.columnOf(relation, column)), ddl + " " + defined);
        assertEquals(false, defined.contains(Command.columnOf(relation, "k")), ddl + " " + defined);
        String quoted = '"' + column + '"';
        assertEquals(false, unbounded("DELETE FROM t WHERE " + quoted + " IN (SELECT " + quoted + " FROM " + relation + ")",
                Set.copyOf(defined)), ddl);
    }

    @org.junit.jupiter.api.Test
    void renamingARelationOrAConstraintNamesNoColumn() {
        for (String ddl : new String[] {"ALTER TABLE picked RENAME TO id", "ALTER TABLE picked RENAME CONSTRAINT k TO id"}) {
            assertEquals(false, SqlClassifier.routinesDefined(ddl).contains(Command.columnOf("picked", "id")), ddl);
        }
        assertEquals(true, SqlClassifier.routinesDefined("ALTER TABLE picked RENAME a TO id").contains(Command.columnOf("picked", "id")));
    }

    /** The catalog's lists by schema: public.x has an id, other.x none; u's columns are id, tid, x. */
    private static final Set<String> SCHEMAS = Set.of(Command.columnOf("public.x", "id"), Command.columnOf("other.x", "v"),
            Command.columnOf("public.u", "id"), Command.columnOf("public.u", "tid"), Command.columnOf("public.u", "x"),
            Command.columnOf("public.t", "id"), Command.columnOf("public.t", "a"));

    /**
     * Same-named relations of two schemas each have their own columns: other.x has no id, so id IN (SELECT id FROM
     * other.x) is t.id IN (SELECT t.id ...), though public.x has one. Unqualified, x is the first on the search_path:
     * hoop knows every schema the path named, and any of theirs may be the one.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "DELETE FROM t WHERE id IN (SELECT id FROM other.x)|public|true",
            "DELETE FROM t WHERE id IN (SELECT id FROM x)|other|true",
            "DELETE FROM t WHERE id IN (SELECT id FROM x)|public,other|true",
            "DELETE FROM t WHERE id IN (SELECT id FROM public.x)|other|false",
            "DELETE FROM t WHERE id IN (SELECT id FROM x)|public|false",
            "DELETE FROM t WHERE id IN (SELECT id FROM app.public.x)|public|false"})
    void aRelationsColumnsAreItsSchemas(String sql, String path, boolean unbounded) {
        Set<String> catalog = Command.withSearchPath(SCHEMAS, java.util.List.of(path.split(",")));
        assertEquals(unbounded, unbounded(sql, catalog), sql + " on " + path);
    }

    /** A temporary table made through hoop comes first on the path: its columns, not public's, are the name's. */
    @org.junit.jupiter.api.Test
    void aTemporaryTableMadeThroughHoopHidesTheSchemasOne() {
        Set<String> catalog = new java.util.HashSet<>(Command.withSearchPath(SCHEMAS, java.util.List.of("public")));
        catalog.addAll(SqlClassifier.routinesDefined("CREATE TEMP TABLE x (v int)"));
        assertEquals(true, unbounded("DELETE FROM t WHERE id IN (SELECT id FROM x)", catalog));
    }

    /**
     * A column alias list renames the item's first columns: FROM u AS s(a) calls u's first column a, and which that is
     * the catalog does not say, so id may no longer be u's; a subquery's, VALUES' or a WITH query's list as much. In an
     * EXISTS, the other way round, a name the renamed item may still have is not shown to be the row's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id IN (SELECT id FROM u AS s(a))",
            "DELETE FROM t WHERE id IN (SELECT id FROM u s (a, b))",
            "DELETE FROM t WHERE id IN (SELECT id FROM (SELECT id FROM u) AS s(a))",
            "DELETE FROM t WHERE a IN (SELECT a FROM (TABLE t) AS s(b))",
            "DELETE FROM t WHERE id IN (SELECT id FROM (SELECT * FROM u) s(n))",
            "WITH w (a) AS (SELECT id FROM u) DELETE FROM t WHERE id IN (SELECT id FROM w)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u AS s(a) WHERE tid = 5)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM unlisted WHERE q = 5)"})
    void aRenamedItemMayNotShowItsColumnsName(String sql) {
        assertEquals(true, unbounded(sql, Command.withSearchPath(SCHEMAS, java.util.List.of("public"))), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id IN (SELECT id FROM u AS s(id))",
            "DELETE FROM t WHERE id IN (SELECT id FROM u AS s(a, id))",
            "DELETE FROM t WHERE id IN (SELECT a FROM u AS s(a))",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u AS s(a) WHERE s.a = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM other.x WHERE v = id)"})
    void aRenamedItemShowsTheNamesItsListGives(String sql) {
        assertEquals(false, unbounded(sql, Command.withSearchPath(SCHEMAS, java.util.List.of("public"))), sql);
    }

    /**
     * DDL through hoop after the catalog read: a column dropped or renamed away is no longer the relation's, whatever
     * the read listed; a relation renamed to a name has columns no read listed yet. Another column dropped changes nothing.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "ALTER TABLE u DROP COLUMN id|DELETE FROM t WHERE id IN (SELECT id FROM u)|true",
            "ALTER TABLE public.u DROP IF EXISTS id CASCADE|DELETE FROM t WHERE id IN (SELECT id FROM u)|true",
            "ALTER TABLE public.u RENAME COLUMN id TO uid|DELETE FROM t WHERE id IN (SELECT id FROM u)|true",
            "ALTER TABLE u RENAME id TO uid|DELETE FROM t WHERE id IN (SELECT id FROM public.u)|true",
            "ALTER TABLE x RENAME TO u2|DELETE FROM t WHERE id IN (SELECT id FROM u2)|true",
            "ALTER TABLE u DROP COLUMN tid|DELETE FROM t WHERE id IN (SELECT id FROM u)|false",
            "ALTER TABLE u DROP CONSTRAINT k|DELETE FROM t WHERE id IN (SELECT id FROM u)|false",
            "ALTER TABLE u ALTER COLUMN id DROP DEFAULT|DELETE FROM t WHERE id IN (SELECT id FROM u)|false"})
    void aColumnDdlThroughHoopTookAwayIsNoLongerTheRelations(String ddl, String sql, boolean unbounded) {
        Set<String> catalog = new java.util.HashSet<>(Command.withSearchPath(SCHEMAS, java.util.List.of("public")));
        catalog.addAll(SqlClassifier.routinesDefined(ddl));
        assertEquals(unbounded, unbounded(sql, catalog), ddl + "; " + sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id IN (SELECT id FROM u)", "UPDATE t SET a = 1 WHERE id = (SELECT max(id) FROM u)"})
    void withoutTheCatalogTheNameMayBeTheOuterRows(String sql) {
        assertEquals(true, unbounded(sql, Set.of()), sql);
    }
}
