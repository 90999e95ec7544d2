package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Calls of the upstream's stored routines (names an adapter read from the catalog) are judged as CALL is. */
class StoredRoutinesTest {

    private static final Set<String> ROUTINES = Set.of("wipe", "helper", "mixedcase");

    private static String kind(String sql, Set<String> routines) {
        return SqlClassifier.strictest(SqlClassifier.classify(sql, routines)).policyName();
    }

    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(delimiter = '|', value = {
            "SELECT wipe()                                        | procedural | read",
            "select WIPE ( )                                      | procedural | read",
            "SELECT public.wipe()                                 | procedural | read",
            "SELECT \"public\" . \"wipe\"()                       | procedural | read",
            "SELECT \"MixedCase\"(1)                              | procedural | read",
            "SELECT * FROM t WHERE helper(t.a) > 0                | procedural | read",
            "SELECT * FROM helper(1)                              | procedural | read",
            "VALUES (wipe())                                      | procedural | read",
            "SELECT (SELECT wipe())                               | procedural | read",
            "WITH x AS (SELECT wipe()) SELECT * FROM x            | procedural | read",
            "SELECT 1; SELECT wipe()                              | procedural | read",
            "UPDATE t SET a = wipe() WHERE id = 1                 | procedural | write",
            "EXPLAIN ANALYZE SELECT wipe()                        | procedural | read",
            "PREPARE p AS SELECT wipe()                           | procedural | read",
            "COPY (SELECT wipe()) TO STDOUT                       | procedural | copy-out",
            "SELECT c.wipe FROM customers c                       | procedural | read",
            "SELECT (c).helper FROM customers c                   | procedural | read",
            "SELECT * FROM customers c WHERE c.\"MixedCase\" > 0 | procedural | read",
            // Not calls: a plan only, a string, a column or table of the same name, another function.
            "EXPLAIN SELECT wipe()                                | read       | read",
            "SELECT 'wipe()'                                      | read       | read",
            "SELECT wipe FROM t                                   | read       | read",
            "SELECT * FROM wipe                                   | read       | read",
            "SELECT lower('x') /* wipe() */                       | read       | read",
            "SELECT pg_terminate_backend(1)                       | admin      | admin",
            "DROP TABLE wipe                                      | ddl        | ddl",
    })
    void callsOfStoredRoutinesAreProcedural(String sql, String withRoutines, String without) {
        assertEquals(withRoutines, kind(sql, ROUTINES), sql);
        assertEquals(without, kind(sql, Set.of()), "without the catalog: " + sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CREATE FUNCTION wipe() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$                  | wipe",
            "create or replace function app.\"Wipe2\"(a int) returns int as 'select 1' language sql | wipe2",
            "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END          | p",
            "CREATE AGGREGATE agg(int) (sfunc = int4pl, stype = int)                             | agg",
            "ALTER FUNCTION old() RENAME TO renamed                                               | renamed",
            "ALTER ROUTINE s.old(int) RENAME TO again                                             | again",
            "SELECT 1; CREATE FUNCTION two() RETURNS int AS 'select 2' LANGUAGE sql              | two",
            "ALTER FUNCTION f() OWNER TO bob                                                      | ''",
            "CREATE TABLE function (a int)                                                        | ''",
            "SELECT 'CREATE FUNCTION nope() ...'                                                  | ''",
    })
    void routinesDefinedByAStatement(String sql, String expected) {
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected), SqlClassifier.routinesDefined(sql), sql);
    }
}
