package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.Command;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conditions that read the row yet hold on every one (patterns any text matches among them): a subquery tied to the row only by a test of the row alone, by an
 * outer join's ON, or whose aggregate returns its one row whatever matched; a row comparison decided by a first pair at
 * the end of the range; an empty BETWEEN negated; ranges that leave out no integer of an integer column.
 */
class OuterRowConditionsTest {

    /** t(id int4, v text, n numeric), u(id, tid), x(id), as the catalog lists them. */
    private static final Set<String> CATALOG = Command.withSearchPath(Set.of(Command.columnOf("public.t", "id"),
            Command.columnTyped("public.t", "id", 23), Command.columnOf("public.t", "v"), Command.columnTyped("public.t", "v", 25),
            Command.columnOf("public.t", "n"), Command.columnTyped("public.t", "n", 1700), Command.columnOf("public.u", "id"),
            Command.columnOf("public.u", "tid"), Command.columnOf("public.x", "id")), java.util.List.of("public"));

    private static boolean unbounded(String sql) {
        return SqlClassifier.classify(sql, CATALOG).get(0).flags().contains("unbounded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE t.id IS NOT NULL)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE t.id >= -2147483648)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE t.id > t.id - 1)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u LEFT JOIN x ON x.id = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u LEFT OUTER JOIN x ON x.id = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u FULL JOIN x ON x.id = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM x RIGHT JOIN u ON x.id = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT count(*) FROM u WHERE u.tid = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT max(tid) FROM u WHERE u.tid = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u GROUP BY tid HAVING t.id IS NOT NULL)",
            "DELETE FROM t WHERE EXISTS (VALUES (t.id))",
            "DELETE FROM t WHERE (id, v) > (-2147483649, 'a')", "DELETE FROM t WHERE ROW(id, v) < ROW(2147483647, 'a')",
            "DELETE FROM t WHERE (-2147483649, 'a') < (id, v)", "DELETE FROM t WHERE (id, v) >= (id, '')",
            "DELETE FROM t WHERE id NOT BETWEEN 1 AND 0", "DELETE FROM t WHERE id >= 1 OR id <= 0",
            "DELETE FROM t WHERE NOT (id < 1 AND id > 0)",
            // system columns that tell nothing of the row's data
            "DELETE FROM t WHERE tableoid = 't'::regclass", "DELETE FROM t WHERE tableoid::regclass::text = 't'",
            "DELETE FROM t WHERE xmax = 0", "DELETE FROM t WHERE id IS DISTINCT FROM NULL", "DELETE FROM t WHERE NULL IS DISTINCT FROM t",
            // NULL in brackets or cast is still NULL
            "DELETE FROM t WHERE id IS DISTINCT FROM (NULL)", "DELETE FROM t WHERE id IS DISTINCT FROM NULL::int",
            "DELETE FROM t WHERE id IS DISTINCT FROM CAST((NULL) AS int)", "DELETE FROM t WHERE (NULL)::text IS DISTINCT FROM v",
            "DELETE FROM t WHERE id IN (SELECT x FROM (VALUES (t.id)) v(x))", "DELETE FROM t WHERE id IN (SELECT x FROM (SELECT t.id AS x) s)",
            "DELETE FROM t WHERE id IN (SELECT x FROM unnest(ARRAY[t.id]) x)", "DELETE FROM t WHERE id = (SELECT x FROM (VALUES (t.id)) v(x))",
            "DELETE FROM t WHERE v ~ 'x{0}'", "DELETE FROM t WHERE v ~ 'a{0,1}'", "DELETE FROM t WHERE v SIMILAR TO 'x{0}'",
            "DELETE FROM t WHERE v LIKE CAST('%' AS text)", "DELETE FROM t WHERE v LIKE ('%')", "DELETE FROM t WHERE v ^@ ''",
            // the target's own rows under an alias list, or through a query renaming its columns
            "UPDATE t SET v = 'x' FROM t AS s(a) WHERE t.id = s.a", "UPDATE t SET v = 'x' FROM t AS s(a) WHERE t.id = a",
            "DELETE FROM t USING t AS s(a) WHERE t.id = s.a", "UPDATE t SET v = 'x' FROM (SELECT * FROM t) s(a) WHERE t.id = s.a",
            "WITH w (a) AS (SELECT id FROM t) UPDATE t SET v = 'x' FROM w WHERE t.id = w.a",
            "WITH w AS (SELECT id AS a FROM t) UPDATE t SET v = 'x' FROM w x WHERE t.id = x.a",
            "DELETE FROM t WHERE id IN (SELECT s.a FROM t s(a))", "DELETE FROM t WHERE EXISTS (SELECT 1 FROM t s(a) WHERE s.a = t.id)"})
    void holdsOnEveryRow(String sql) {
        assertEquals(true, unbounded(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u JOIN x ON x.id = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u LEFT JOIN x ON x.id = u.tid WHERE x.id = t.id)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = t.id AND t.id IS NOT NULL)",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u GROUP BY tid HAVING max(u.tid) = t.id)",
            "DELETE FROM t WHERE (id, v) > (5, 'a')", "DELETE FROM t WHERE (id, v) > (id, 'a')",
            "DELETE FROM t WHERE id NOT BETWEEN 0 AND 1", "DELETE FROM t WHERE id >= 2 OR id <= 0",
            "DELETE FROM t WHERE n >= 1 OR n <= 0", "DELETE FROM t WHERE id IS NOT DISTINCT FROM NULL",
            "DELETE FROM t WHERE id IS DISTINCT FROM 5", "DELETE FROM t WHERE id IS NOT DISTINCT FROM (NULL)::int",
            "DELETE FROM t WHERE id IS DISTINCT FROM (5)::int", "DELETE FROM t WHERE id IS DISTINCT FROM CAST(5 AS int)", "DELETE FROM t WHERE v ~ 'a{2}'", "DELETE FROM t WHERE v ~ 'a{1,}'",
            "DELETE FROM t WHERE v LIKE CAST('a%' AS text)", "DELETE FROM t WHERE v ^@ 'a'", "DELETE FROM t WHERE id IN (SELECT u.tid FROM u JOIN x ON x.id = t.id)",
            "DELETE FROM t WHERE id IN (SELECT s.k FROM (SELECT tid AS k FROM u) s)", "DELETE FROM t WHERE id IN (SELECT x FROM unnest(ARRAY[1, 2]) x)",
            "UPDATE t SET v = 'x' FROM (VALUES (1, 'a'), (2, 'b')) v(id, val) WHERE t.id = v.id",
            "UPDATE t SET v = 'x' FROM u AS s(a, b) WHERE t.id = s.a", "DELETE FROM t WHERE id IN (SELECT a FROM u AS s(a))",
            "DELETE FROM t WHERE EXISTS (SELECT 1 FROM u s(a) WHERE s.a = t.id)"})
    void narrows(String sql) {
        assertEquals(false, unbounded(sql), sql);
    }
}
