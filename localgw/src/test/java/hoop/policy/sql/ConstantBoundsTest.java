package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.Command;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bound written as a constant expression is what it evaluates to: at or past the end of the column type's range it
 * holds on every row, as the number itself does. One hoop cannot evaluate but that may be such an end shows no bound;
 * a key, a parameter, another item's column or the current time still bound the write.
 */
class ConstantBoundsTest {

    /** t(id int4, n numeric, v text, ts timestamptz), as the catalog lists it (with each column's type oid). */
    private static final Set<String> CATALOG = Command.withSearchPath(Set.of(Command.columnOf("public.t", "id"),
            Command.columnTyped("public.t", "id", 23), Command.columnOf("public.t", "n"), Command.columnTyped("public.t", "n", 1700),
            Command.columnOf("public.t", "v"), Command.columnTyped("public.t", "v", 25), Command.columnOf("public.t", "ts"),
            Command.columnTyped("public.t", "ts", 1184), Command.columnOf("public.u", "tid")), java.util.List.of("public"));

    private static boolean unbounded(String sql) {
        return SqlClassifier.classify(sql, CATALOG).get(0).flags().contains("unbounded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id >= -1::int8 * 2147483648", "DELETE FROM t WHERE id > -(2^62)::bigint",
            "DELETE FROM t WHERE id >= 0 - 9223372036854775807", "DELETE FROM t WHERE id > (SELECT -2147483648)",
            "DELETE FROM t WHERE id >= -2147483647 - 1", "DELETE FROM t WHERE id >=- 2147483647 - 1",
            "DELETE FROM t WHERE id < 2^31", "DELETE FROM t WHERE 2^31 > id", "DELETE FROM t WHERE id >= CAST(-2147483648 AS int8)",
            "DELETE FROM t WHERE id BETWEEN -1::int8 * 2147483648 AND 2^31", "DELETE FROM t WHERE NOT (id < -1::int8 * 2147483648)",
            "DELETE FROM t WHERE id < 2 * 5 OR id > 0",
            // not evaluated, and may be the end: no bound shown
            "DELETE FROM t WHERE id > (SELECT -2147483648 LIMIT 1)", "DELETE FROM t WHERE id > 1 << 31",
            "DELETE FROM t WHERE id > least(-2147483648, 0)", "DELETE FROM t WHERE v >= lower('')",
            "DELETE FROM t WHERE ts > timestamp '-infinity'", "DELETE FROM t WHERE ts > date_trunc('day', '-infinity'::timestamptz)",
            "DELETE FROM t WHERE id > least(-2147483648, extract(year FROM now()))",
            // an empty array or list: ALL holds on every row, ANY on none
            "DELETE FROM t WHERE id <> ALL ('{}')", "DELETE FROM t WHERE id <> ALL ('{}'::int[])",
            "DELETE FROM t WHERE id <> ALL (ARRAY[]::int[])", "DELETE FROM t WHERE id <> ALL (ARRAY(SELECT 1 WHERE false))",
            "DELETE FROM t WHERE id = ANY ('{}') IS NOT TRUE", "DELETE FROM t WHERE id NOT IN (SELECT 1 WHERE false)",
            "DELETE FROM t WHERE id <> ANY ('{1, 2}')", "DELETE FROM t WHERE id > ANY ('{-2147483648, 5}')",
            "DELETE FROM t WHERE NOT id < ANY ('{-2147483648}')",
            // an integer column's ends; NaN and infinity are every number's
            "DELETE FROM t WHERE id < 2147483647", "DELETE FROM t WHERE n <= 'NaN'", "DELETE FROM t WHERE ts < 'infinity'"})
    void aBoundAtTheEndOfTheRangeIsNone(String sql) {
        assertEquals(true, unbounded(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t WHERE id = $1", "DELETE FROM t WHERE id = 42", "DELETE FROM t WHERE id > 2 * 21",
            "DELETE FROM t WHERE id < 2^30", "DELETE FROM t WHERE ts > now() - interval '1d'",
            "DELETE FROM t WHERE ts > current_date - 7", "DELETE FROM t WHERE ts < date '2020-01-01'",
            "DELETE FROM t WHERE ts < '2020-01-01'::date - 30", "DELETE FROM t WHERE id > -2147483647",
            "DELETE FROM t WHERE ts < date_trunc('month', now())", "DELETE FROM t WHERE ts < to_timestamp(1577836800)",
            "DELETE FROM t WHERE id >= (SELECT min(tid) FROM u WHERE tid > 3)", "DELETE FROM t USING u WHERE t.id > u.tid",
            "DELETE FROM t WHERE id > ALL ('{-2147483648, 5}')", "DELETE FROM t WHERE id = ANY ('{1, 2}')",
            "DELETE FROM t WHERE id <> ALL ('{1, 2}')",
            // a numeric or text column has no end at int4's
            "DELETE FROM t WHERE n < 2147483647", "DELETE FROM t WHERE t.n > -2147483648", "DELETE FROM t x WHERE x.n < 2147483647",
            "DELETE FROM t WHERE n < ANY ('{2147483647}')"})
    void aBoundInsideTheRangeBounds(String sql) {
        assertEquals(false, unbounded(sql), sql);
    }

    /** A column whose type was changed through hoop has the type no catalog read listed yet: an integer one's ends may apply. */
    @org.junit.jupiter.api.Test
    void aColumnRetypedThroughHoopMayHoldIntegers() {
        Set<String> catalog = new java.util.HashSet<>(CATALOG);
        catalog.addAll(SqlClassifier.routinesDefined("ALTER TABLE t ALTER COLUMN n TYPE int"));
        assertEquals(true, SqlClassifier.classify("DELETE FROM t WHERE n < 2147483647", catalog).get(0).flags().contains("unbounded"));
    }
}
