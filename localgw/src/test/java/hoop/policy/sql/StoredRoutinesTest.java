package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Calls of the upstream's stored routines (names an adapter read from the catalog) are judged as CALL is. */
class StoredRoutinesTest {

    private static final Set<String> ROUTINES = Set.of("wipe", "helper", "mixedcase",
            "wipe_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "===",
            hoop.core.Command.named("wiping_view"), hoop.core.Command.named("wiped"));

    private static String kind(String sql, Set<String> routines) {
        return SqlClassifier.strictest(SqlClassifier.classify(sql, routines)).policyName();
    }

    /** Each statement's kind, in order, comma-separated. */
    private static String kinds(String sql, Set<String> routines) {
        return SqlClassifier.classify(sql, routines).stream().map(x -> x.kind().policyName())
                .collect(java.util.stream.Collectors.joining(","));
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
            // Planning folds an IMMUTABLE routine called with constants: EXPLAIN runs it.
            "EXPLAIN SELECT wipe()                                | procedural | read",
            "EXPLAIN SELECT * FROM t WHERE a = helper(1)           | procedural | read",
            // The server cuts names to 63 bytes: this calls the routine listed under the first 63.
            "SELECT wipe_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx()   | procedural | read",
            "SELECT \"wipe_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"() | procedural | read",
            // Reached with no call in the text: an operator, a view, a cast or domain type, a table's row policy.
            "SELECT 1 === 2                                       | procedural | read",
            "SELECT 1 ===-2                                       | procedural | read",
            "SELECT 1 OPERATOR(public.===) 2                      | procedural | read",
            "SELECT * FROM wiping_view                            | procedural | read",
            "TABLE s.wiping_view                                  | procedural | read",
            "SELECT 5::wiped                                      | procedural | read",
            "SELECT CAST(5 AS \"Wiped\")                          | procedural | read",
            "EXPLAIN SELECT * FROM wiping_view                    | procedural | read",
            "REFRESH MATERIALIZED VIEW wiping_view                | procedural | ddl",
            "REFRESH MATERIALIZED VIEW plain_view                 | ddl        | ddl",
            // Bound to a routine by DDL, which later statements then reach without calling it.
            "CREATE DOMAIN d AS int CHECK (helper(VALUE) > 0)     | procedural | ddl",
            "CREATE OPERATOR <=> (FUNCTION = helper, LEFTARG = int, RIGHTARG = int) | procedural | ddl",
            // ... or to a built-in with effects, unqualified as qualified: every use of the operator calls it, and a later
            // connection's catalog read lists only stored routines, so the binding is judged as the call
            "CREATE OPERATOR !!! (LEFTARG = int, RIGHTARG = bigint, FUNCTION = pg_terminate_backend) | admin | admin",
            "CREATE OPERATOR public.!!! (LEFTARG = int, RIGHTARG = bigint, PROCEDURE = \"pg_terminate_backend\") | admin | admin",
            "ALTER OPERATOR !!! (int, bigint) SET (RESTRICT = pg_terminate_backend) | admin | admin",
            "CREATE OPERATOR ## (LEFTARG = int, RIGHTARG = int, FUNCTION = int4pl, RESTRICT = eqsel) | ddl | ddl",
            // a row security policy is access control first (dcl outranks procedural)
            "CREATE POLICY p ON t USING (wipe() > 0)              | dcl        | dcl",
            "CREATE INDEX i ON t (helper(a))                      | procedural | ddl",
            "CREATE VIEW v2 AS SELECT * FROM wiping_view          | procedural | ddl",
            "CREATE DOMAIN d AS int CHECK (helper(VALUE) > 0); SELECT 5::d | procedural | ddl",
            "CREATE VIEW v3 AS SELECT 1 === 2; SELECT * FROM v3   | procedural | ddl",
            "ALTER FUNCTION wipe() OWNER TO bob                   | dcl        | dcl",
            // Not calls: a string, a column or table of the same name, another function.
            "EXPLAIN SELECT lower('x')                            | read       | read",
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

    /**
     * A function whose code is a built-in with effects (a LANGUAGE internal alias, an aggregate with one as a support
     * function), as the catalog read pairs them or a CREATE in the same text defines them: a call is the built-in's.
     */
    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(delimiter = '|', value = {
            "SELECT t(123)                                                      | admin",
            "SELECT public.\"t\"(123)                                           | admin",
            "SELECT * FROM x WHERE t(pid)                                        | admin",
            "SELECT (123).t                                                     | admin",
            // (a write's kind shows when nothing stricter is there: the catalog lists such a function as a routine too)
            "SELECT grab(oid) FROM pg_largeobject_metadata                      | write",
            "SELECT su('role', 'postgres')                                      | unknown",
            "SELECT rx('dbname=x', 'DELETE FROM t')                             | unknown",
            "SELECT !!! 123                                                     | admin",
            "SELECT OPERATOR(public.!!!) 123                                    | admin",
            "SELECT #~ 42::oid                                                  | write",
            "SELECT other(1)                                                    | procedural",
            "SELECT t FROM x                                                    | read",
            "SELECT 1 !! 2                                                      | read",
            "CREATE FUNCTION t2(int) RETURNS bool LANGUAGE internal AS 'pg_terminate_backend'; SELECT t2(1) | admin,admin",
            "CREATE FUNCTION u2(oid) RETURNS int LANGUAGE internal STRICT AS $$be_lo_unlink$$; SELECT u2(1) | admin,procedural",
            "CREATE OR REPLACE FUNCTION s2(text, text, bool) RETURNS text AS 'set_config_by_name' LANGUAGE internal; SELECT s2('role', 'x', false) | admin,unknown",
            "CREATE AGGREGATE ag(int) (SFUNC = pg_terminate_backend, STYPE = bool); SELECT ag(pid) FROM pg_stat_activity | admin,admin",
            "CREATE OPERATOR ~~~ (RIGHTARG = int, FUNCTION = pg_cancel_backend); SELECT ~~~ 1 | admin,admin",
            "CREATE FUNCTION l2(text) RETURNS text LANGUAGE internal AS 'lower'; SELECT l2('x')  | admin,procedural",
    })
    void callsOfABuiltInUnderAnotherNameAreTheBuiltIns(String sql, String expected) {
        Set<String> catalog = Set.of("t", "su", "rx", "other", hoop.core.Command.runsBuiltIn("t", "pg_terminate_backend"),
                hoop.core.Command.runsBuiltIn("grab", "lo_unlink"), hoop.core.Command.runsBuiltIn("su", "set_config"),
                hoop.core.Command.runsBuiltIn("rx", "dblink_exec"), hoop.core.Command.runsBuiltIn("!!!", "pg_cancel_backend"),
                hoop.core.Command.runsBuiltIn("#~", "lo_unlink"));
        assertEquals(expected, kinds(sql, catalog));
    }

    /**
     * A cast whose function is a built-in with effects (a superuser's CREATE CAST (text AS oid) WITH FUNCTION
     * lo_import(text)) runs it wherever a value is converted to its target: naming the type (or a domain over it, or
     * its array, as the catalog read lists them) is the built-in's call, and a cast the server applies with no type
     * named, in assignments (AS ASSIGNMENT) or anywhere (AS IMPLICIT), makes every statement that may convert so one.
     */
    @ParameterizedTest(name = "{0} => {1} | {2}")
    @CsvSource(delimiter = '|', value = {
            "SELECT '/etc/hostname'::text::oid                          | admin      | admin",
            "SELECT CAST(name AS pg_catalog.\"oid\") FROM customers     | admin      | admin",
            "SELECT '{/etc/hostname}'::text[]::oid[]                    | admin      | admin",
            "SELECT '{/etc/hostname}'::text[]::_oid                     | admin      | admin",
            "SELECT 'x'::text::file_ref                                 | admin      | admin",
            "SELECT 5::boolean                                          | admin      | admin",
            "INSERT INTO objs SELECT name FROM customers                | admin      | admin",
            "UPDATE objs SET o = name FROM customers WHERE objs.id = 1  | admin      | admin",
            "DO $$ BEGIN INSERT INTO objs VALUES (1); END $$            | admin      | admin",
            "SELECT name FROM customers WHERE id = 1                    | read       | admin",
            "SELECT lower(name) FROM customers                          | read       | admin",
            "BEGIN                                                      | transaction | transaction",
            "SELECT 1 AS oidx                                           | read       | admin",
    })
    void aCastThroughABuiltInWithEffectsIsItsCall(String sql, String assignment, String implicit) {
        for (String[] c : new String[][] {{"a", assignment}, {"i", implicit}}) {
            Set<String> catalog = Set.of(hoop.core.Command.castsThrough("oid", "lo_import"), hoop.core.Command.castsThrough("_oid", "lo_import"),
                    hoop.core.Command.castsThrough("file_ref", "lo_import"), hoop.core.Command.castsThrough("boolean", "pg_cancel_backend"),
                    hoop.core.Command.castsUnnamed(c[0].charAt(0), "lo_import"));
            assertEquals(c[1], kinds(sql, catalog), c[0] + ": " + sql);
        }
        // An explicit cast's (AS IMPLICIT / ASSIGNMENT absent) is met only where its type is named.
        Set<String> explicit = Set.of(hoop.core.Command.castsThrough("oid", "lo_import"));
        assertEquals("write", kinds("INSERT INTO objs SELECT name FROM customers WHERE id = 1", explicit));
        assertEquals("read", kinds("SELECT oid FROM pg_largeobject_metadata", Set.of(hoop.core.Command.castsThrough("boolean", "lo_import"))));
        // Through a stored routine (listed with no built-in): a write giving a column a value may call it.
        Set<String> stored = Set.of(hoop.core.Command.castsUnnamed('a', ""));
        assertEquals("procedural", kinds("INSERT INTO objs SELECT name FROM customers WHERE id = 1", stored));
        assertEquals("read", kinds("SELECT name FROM customers WHERE id = 1", stored));
    }

    /**
     * CREATE OR REPLACE VIEW sets a view's options to those its WITH gives: of a view the catalog read (or a CREATE or
     * ALTER through hoop) lists as carrying security_barrier or security_invoker, one without them clears them, as ALTER
     * VIEW ... RESET (security_barrier) does (dcl). Another view's stays ddl.
     */
    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(delimiter = '|', value = {
            "CREATE OR REPLACE VIEW guarded AS SELECT * FROM secret                          | dcl",
            "create or replace view public.\"guarded\" (id) as select id from secret         | dcl",
            "CREATE OR REPLACE RECURSIVE VIEW guarded (n) AS SELECT 1                         | dcl",
            "CREATE OR REPLACE VIEW guarded WITH (check_option = local) AS SELECT * FROM secret | dcl",
            "CREATE OR REPLACE VIEW guarded WITH (security_barrier) AS SELECT * FROM secret   | dcl",
            "CREATE OR REPLACE VIEW other AS SELECT * FROM secret                            | ddl",
            "CREATE VIEW guarded_too AS SELECT * FROM secret                                 | ddl",
            "CREATE VIEW g2 WITH (security_invoker) AS SELECT 1; CREATE OR REPLACE VIEW g2 AS SELECT 2 | dcl,dcl",
            "ALTER VIEW IF EXISTS g3 SET (security_barrier = true); CREATE OR REPLACE VIEW g3 AS SELECT 2 | dcl,dcl",
            "CREATE VIEW g4 AS SELECT 1; CREATE OR REPLACE VIEW g4 AS SELECT 2                | ddl,ddl",
    })
    void replacingAViewWithoutItsSecurityOptionsClearsThem(String sql, String expected) {
        Set<String> catalog = Set.of("helper", hoop.core.Command.guardedView("guarded"));
        assertEquals(expected, kinds(sql, catalog));
    }

    /**
     * pg_cron's functions take a job's command as text its worker runs later: unknown, qualified by its schema or
     * unqualified unless the catalog lists the name as the database's own routine (a user's schedule() stays procedural).
     */
    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(delimiter = '|', value = {
            "SELECT cron.schedule('nightly', '0 3 * * *', 'DELETE FROM t')             | unknown    | unknown",
            "SELECT \"cron\" . \"schedule\"('* * * * *', 'VACUUM')                     | unknown    | unknown",
            "SELECT cron.schedule_in_database('j', '* * * * *', 'DROP TABLE t', 'other') | unknown    | unknown",
            "SELECT cron.alter_job(1, command := 'DELETE FROM t')                      | unknown    | unknown",
            "SELECT * FROM cron.schedule('* * * * *', 'DELETE FROM t')                 | unknown    | unknown",
            "SELECT schedule_in_database('j', '* * * * *', 'DROP TABLE t', 'other')    | unknown    | unknown",
            "SELECT schedule('* * * * *', 'DELETE FROM t')                             | procedural | unknown",
            "SELECT app.schedule(1)                                                    | procedural | read",
            "SELECT schedule FROM t                                                    | read       | read",
    })
    void pgCronCommandsAreSqlGivenAsText(String sql, String withUsersSchedule, String without) {
        assertEquals(withUsersSchedule, kind(sql, Set.of("schedule")));
        assertEquals(without, kind(sql, Set.of()));
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
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected),
                SqlClassifier.routinesDefined(sql).stream().filter(e -> !OuterNamesTest.isColumn(e)).toList(), sql);
    }

    /** Statements after code hoop does not see, in the same text, may call what it defined. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "DO $$ BEGIN EXECUTE 'CREATE FUNCTION f() ...'; END $$; SELECT f() | procedural,procedural",
            "CALL p(); SELECT 1                                                 | procedural,procedural",
            "SELECT wipe(); SELECT 1                                            | procedural,procedural",
            "CALL p(); COMMIT                                                   | procedural,transaction",
            "CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql; SELECT 1 | procedural,read",
            "SELECT 1; DO $$ BEGIN END $$                                       | read,procedural",
            // one in an untrusted language is judged as a program, and what follows it as calls all the same
            "DO $$ plpy.execute(plan) $$ LANGUAGE plpython3u; SELECT f(); COMMIT | copy-program,procedural,transaction",
    })
    void statementsAfterUnseenCodeInTheSameTextAreCalls(String sql, String kinds) {
        List<String> got = SqlClassifier.classify(sql, ROUTINES).stream().map(st -> st.kind().policyName()).toList();
        assertEquals(List.of(kinds.split(",")), got, sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "PREPARE ins(text) AS INSERT INTO t VALUES ($1)       | ins | INSERT INTO t VALUES ($1)",
            "SELECT 1; PREPARE \"Q\" AS SELECT 2; SELECT 3       | Q   | SELECT 2",
            "prepare p as select 1                                | p   | select 1",
    })
    void statementsPreparedWithSql(String sql, String name, String text) {
        assertEquals(java.util.Map.of(name, text), SqlClassifier.prepared(sql), sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CREATE OPERATOR public.<=> (FUNCTION = helper, LEFTARG = int, RIGHTARG = int)      | <=>",
            "CREATE DOMAIN s.checked AS int CHECK (helper(VALUE) > 0)                            | named:checked",
            "CREATE CAST (int AS public.wiped2) WITH FUNCTION helper(int)                        | named:wiped2",
            "CREATE POLICY p ON s.guarded USING (wipe() > 0)                                     | named:guarded",
            "CREATE OR REPLACE TEMP VIEW v2 AS SELECT 1 === 2                                    | named:v2",
            "CREATE VIEW v3 AS SELECT * FROM wiping_view                                         | named:v3",
            "CREATE VIEW v4 AS SELECT lower('x')                                                 | ''",
            "CREATE DOMAIN plain AS int CHECK (VALUE > 0)                                        | ''",
    })
    void objectsBoundToAStoredRoutine(String sql, String expected) {
        String want = expected.startsWith("named:") ? hoop.core.Command.named(expected.substring(6)) : expected;
        // What else the DDL makes reach (a view's relations: IndirectEffectsTest) is not a binding to a routine.
        List<String> bound = SqlClassifier.routinesDefined(sql, ROUTINES).stream().filter(n -> !n.startsWith("\0\0")).toList();
        assertEquals(want.isEmpty() ? List.of() : List.of(want), bound, sql);
    }
    /**
     * A connection whose catalog cannot be read judges each statement as calling a routine; rolling back, opening
     * or releasing a savepoint run none (and are what a client sends to leave an aborted transaction, where no
     * read can succeed). COMMIT fires deferred triggers, so it still counts as a call.
     */
    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(delimiter = '|', value = {
            "ROLLBACK                         | transaction",
            "abort                            | transaction",
            "ROLLBACK TO SAVEPOINT s          | transaction",
            "rollback and chain               | transaction",
            "BEGIN ISOLATION LEVEL SERIALIZABLE | transaction",
            "START TRANSACTION                | transaction",
            "SAVEPOINT s                      | transaction",
            "RELEASE SAVEPOINT s              | transaction",
            "COMMIT                           | procedural",
            "END                              | procedural",
            "ROLLBACK; SELECT 1               | procedural",
            "SELECT 1                         | procedural",
            "SET search_path = public         | procedural",
    })
    void anUnreadCatalogMakesEveryStatementButRollbacksACall(String sql, String expected) {
        assertEquals(expected, kind(sql, Set.of(hoop.core.Command.CALLS_ROUTINE)), sql);
    }

    @Test
    void aTextClassifiedBeforeIsClassifiedAgainstTheRoutinesGivenNow() {
        // The classifier keeps its last answers per thread: one for the same text must not outlive the routines it had.
        Set<String> none = Set.of();
        Set<String> wipe = new java.util.HashSet<>(Set.of("wipe"));
        for (int round = 0; round < 3; round++) {
            assertEquals("read", kind("SELECT wipe() /* kept */", none));
            assertEquals("procedural", kind("SELECT wipe() /* kept */", wipe));
            assertEquals("procedural", kind("SELECT wipe() /* kept */", new java.util.HashSet<>(wipe)));
            assertEquals("read", kind("SELECT wipe() /* kept */", new java.util.HashSet<>()));
        }
        List<SqlStatement> first = SqlClassifier.classify("SELECT 1 /* kept */", none);
        assertEquals(first, SqlClassifier.classify("SELECT 1 /* kept */", none));
    }
}
