package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An unqualified column that another FROM / USING item (or a MERGE's source) shows in the text is that item's, never the
 * target's: PostgreSQL refuses a name two items of one level have as ambiguous. A condition on it alone reads nothing of
 * the target's row and holds on all of them. On PostgreSQL 15, through hoop with unbounded writes denied, DELETE FROM t
 * USING (SELECT 5 AS sid) s WHERE sid = 5 deleted all 5 rows of t and was allowed as a bounded write, as were the UPDATE
 * FROM (VALUES (5)) v(sid), the MERGE ... ON sid = 5 and USING generate_series(1, 1) AS g(n) forms.
 */
class OtherItemColumnsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DELETE FROM t USING (SELECT 5 AS sid) s WHERE sid = 5                               | true",
        "DELETE FROM t USING (SELECT 5 sid) s WHERE sid = 5                                  | true",
        "DELETE FROM t USING (SELECT u.sid FROM u) s WHERE sid = 5                           | true",
        "UPDATE t SET a = 0 FROM (VALUES (5)) v(sid) WHERE sid = 5                           | true",
        "UPDATE t SET a = 0 FROM (VALUES (5)) v WHERE column1 = 5                            | true",
        "MERGE INTO t USING (SELECT 5 AS sid) s ON sid = 5 WHEN MATCHED THEN DELETE          | true",
        "DELETE FROM t USING generate_series(1, 1) AS g(n) WHERE n = 1                       | true",
        "UPDATE t SET a = 1 FROM unnest(ARRAY[1]) AS u(uid) WHERE uid = 1                    | true",
        "DELETE FROM t USING s x(sid) WHERE sid = 5                                          | true",
        "DELETE FROM t USING u JOIN (SELECT 1 AS k) q ON true WHERE k = 1                    | true",
        "WITH w AS (SELECT 5 AS sid) DELETE FROM t USING w WHERE sid = 5                     | true",
        "WITH w(sid) AS (SELECT 5) DELETE FROM t USING w WHERE sid = 5                       | true",
        "UPDATE t SET a = 1 FROM (SELECT 5 AS sid) s WHERE EXISTS (SELECT 1 FROM u WHERE u.x = sid) | true",
        "DELETE FROM t USING ROWS FROM (generate_series(1, 1)) AS r(n) WHERE n = 1           | true",
        "DELETE FROM t USING unnest('{1}'::int[]) WITH ORDINALITY AS u(v, o) WHERE o = 1     | true",
        "DELETE FROM t USING LATERAL (SELECT 1 AS k) q WHERE k = 1                           | true",
        "UPDATE t SET a = 1 FROM ((SELECT 1 AS k)) q WHERE k = 1                             | true",
        // JOIN ... USING (k): k is the joined items' column (PostgreSQL 15 deleted every row of t with the first)
        "DELETE FROM t USING u JOIN v USING (k) WHERE k = 5                                  | true",
        "UPDATE t SET a = 1 FROM u INNER JOIN v USING (k, m) WHERE m = 5                     | true",
        "MERGE INTO t USING u JOIN v USING (k) ON k = 5 WHEN MATCHED THEN DELETE             | true",
        // the target's own column compared with the item's still narrows
        "DELETE FROM t USING (SELECT 5 AS sid) s WHERE id = sid                              | false",
        "DELETE FROM t USING (SELECT 5 AS sid) s WHERE t.id = sid                            | false",
        "DELETE FROM t USING (SELECT 5 AS sid) s WHERE id = 5                                | false",
        "DELETE FROM t USING (VALUES (1), (2)) v(k) WHERE id = k                             | false",
        "MERGE INTO t USING (SELECT 5 AS sid) s ON id = sid WHEN MATCHED THEN DELETE         | false",
        "UPDATE t SET a = 1 FROM unnest(ARRAY[1]) AS u(uid) WHERE t.id = uid                 | false",
        "DELETE FROM t WHERE id = 5                                                          | false",
        "DELETE FROM t USING unnest('{1}'::int[]) WITH ORDINALITY AS u(v, o) WHERE t.id = u.v | false",
        "UPDATE t SET a = 1 FROM (SELECT a AS k FROM u) AS q WHERE id = k                    | false",
        "DELETE FROM t USING u JOIN v USING (k) WHERE t.id = k                               | false",
    })
    void aColumnAnotherItemShowsIsNotTheTargets(String sql, boolean unbounded) {
        assertEquals(unbounded, Cases.single(sql).flags().contains("unbounded"), sql);
    }

    /**
     * Unqualified, such a column is still the item's: {@code k} of {@code (SELECT id AS k FROM t) s} is s.k, the target's
     * own values handed back, so {@code id = k} pairs each row with itself. On PostgreSQL 15 through hoop, DELETE FROM t
     * USING (SELECT id AS sid FROM t) s WHERE id = sid and WITH w AS (SELECT id AS k FROM t) DELETE FROM t USING w WHERE
     * id = k each deleted all 5 rows, allowed as bounded, while the qualified s.sid form was denied as unbounded.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DELETE FROM t USING (SELECT id AS sid FROM t) s WHERE id = sid                      | true",
        "UPDATE t SET a = 1 FROM (SELECT id AS k FROM t) q WHERE t.id = k                    | true",
        "MERGE INTO t USING (SELECT id AS k FROM t) q ON id = k WHEN MATCHED THEN DELETE     | true",
        "WITH w AS (SELECT id AS k FROM t) DELETE FROM t USING w WHERE id = k                | true",
        "DELETE FROM t USING unnest(ARRAY(SELECT id FROM t)) AS u(k) WHERE id = k            | true",
        "DELETE FROM t USING (SELECT id AS sid FROM t) s WHERE id = s.sid                    | true",
        "DELETE FROM t USING (SELECT 5 AS k) q WHERE id = k                                  | false",
        "DELETE FROM t USING (SELECT tid AS k FROM u WHERE u.x = 1) q WHERE id = k           | false",
    })
    void anItemsColumnHandingBackTheTargetsValuesNarrowsNothing(String sql, boolean unbounded) {
        assertEquals(unbounded, Cases.single(sql).flags().contains("unbounded"), sql);
    }
    /** t(id, a), s(sid, k), u(k) as the catalog lists them; w is not listed. */
    private static final java.util.Set<String> CATALOG = hoop.core.Command.withSearchPath(java.util.Set.of(
            hoop.core.Command.columnOf("public.t", "id"), hoop.core.Command.columnOf("public.t", "a"),
            hoop.core.Command.columnOf("public.s", "sid"), hoop.core.Command.columnOf("public.s", "k"),
            hoop.core.Command.columnOf("public.u", "k")), java.util.List.of("public"));

    /**
     * A real table's column the text does not show is still not the target's when the catalog lists the target without
     * it. On PostgreSQL 15 through hoop with unbounded writes denied, DELETE FROM t USING s WHERE sid = 5 (s holding a
     * row with sid 5) deleted every row of t, allowed as bounded.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DELETE FROM t USING s WHERE sid = 5                                                 | true",
        "UPDATE t SET a = 1 FROM s WHERE sid = 5                                             | true",
        "MERGE INTO t USING s ON sid = 5 WHEN MATCHED THEN DELETE                            | true",
        "DELETE FROM t USING s NATURAL JOIN u WHERE k = 5                                    | true",
        "DELETE FROM t USING s WHERE sid IN (SELECT 5) AND k > 0                             | true",
        "DELETE FROM public.t USING s WHERE sid = 5                                          | true",
        "DELETE FROM t AS x USING s WHERE sid = 5                                            | true",
        // the target's own columns, listed or not, and its system columns still narrow
        "DELETE FROM t USING s WHERE id = sid                                                | false",
        "DELETE FROM t USING s WHERE id = 5                                                  | false",
        "UPDATE t SET a = 1 FROM s WHERE a = sid AND sid = 5                                 | false",
        "DELETE FROM t USING (SELECT 1 AS q) q WHERE ctid = '(0,1)'                          | false",
        "DELETE FROM t WHERE id = 5                                                          | false",
        "DELETE FROM w USING s WHERE sid = 5                                                 | false",
    })
    void aColumnTheCatalogListsTheTargetWithoutIsNotTheTargets(String sql, boolean unbounded) {
        assertEquals(unbounded, SqlClassifier.classify(sql, CATALOG).get(0).flags().contains("unbounded"), sql);
    }
}
