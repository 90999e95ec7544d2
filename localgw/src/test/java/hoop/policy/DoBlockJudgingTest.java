package hoop.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.config.ConfigLoader;
import hoop.config.DefaultConfig;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.policy.sql.DoBlock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A DO block is judged as each statement its PL/pgSQL body runs, besides being procedural code: a policy that denies
 * schema changes, or holds unbounded writes, must meet DROP TABLE or DELETE FROM t inside one. (Before, DO was
 * procedural and nothing else, and the shipped sql-guard, which allows procedural code, ran them all.)
 */
class DoBlockJudgingTest {
    private static final PolicyEngine DEFAULT = PolicyEngine.build(List.of(
            ConfigLoader.parse(Path.of("default-hoop.yaml"), DefaultConfig.text(), Map.of()).policies().get("sql-guard")));

    static String decide(String sql) {
        Session s = new Session("t", "demo", "postgres", new Identity("tester", null, List.of(), "local"), Instant.now());
        return switch (DEFAULT.decide(new Command(s, sql, List.of()), SqlCommandClassifier.classify(sql))) {
            case Decision.Allow a -> "allow";
            case Decision.Review r -> "review";
            case Decision.Deny x -> "deny";
        };
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(delimiterString = "~", textBlock = """
            deny   ~ DO $$ BEGIN DROP TABLE customers; END $$
            deny   ~ do $body$ begin alter table customers add column x int; end $body$
            deny   ~ DO E'BEGIN DROP TABLE customers; END'
            deny   ~ DO 'BEGIN GRANT ALL ON customers TO PUBLIC; END'
            deny   ~ DO LANGUAGE plpgsql $$ BEGIN DROP TABLE customers; END $$
            deny   ~ DO $$ BEGIN DROP TABLE customers; END $$ LANGUAGE plpgsql
            review ~ DO $$ BEGIN DELETE FROM customers; END $$
            review ~ DO $$ BEGIN TRUNCATE customers; END $$
            review ~ DO $$ BEGIN UPDATE customers SET notes = 'x'; END $$
            deny   ~ DO $$ BEGIN EXECUTE 'DROP TABLE customers'; END $$
            deny   ~ DO $$ BEGIN EXECUTE 'DROP ' || 'TABLE customers'; END $$
            deny   ~ DO $$ BEGIN EXECUTE ('DR' || ('OP TABLE ' || 'customers')); END $$
            review ~ DO $$ BEGIN EXECUTE 'DEL' || 'ETE FROM customers'; END $$
            deny   ~ DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'customers'); END $$
            deny   ~ DO $$ DECLARE t text := 'customers'; BEGIN EXECUTE 'DROP TABLE ' || t; END $$
            deny   ~ DO $$ BEGIN EXECUTE chr(68) || 'ROP TABLE customers'; END $$
            deny   ~ DO $$ BEGIN EXECUTE 'DO $i$ BEGIN DROP TABLE customers; END $i$'; END $$
            deny   ~ DO $$ <<outer>> DECLARE n int := 1; BEGIN IF n > 0 THEN DROP TABLE customers; END IF; END outer $$
            deny   ~ DO $$ BEGIN IF true THEN NULL; ELSE DROP TABLE customers; END IF; END $$
            deny   ~ DO $$ BEGIN LOOP DROP TABLE customers; EXIT; END LOOP; END $$
            deny   ~ DO $$ BEGIN FOR i IN 1..2 LOOP DROP TABLE customers; END LOOP; END $$
            deny   ~ DO $$ DECLARE r record; BEGIN FOR r IN SELECT 1 LOOP DROP TABLE customers; END LOOP; END $$
            deny   ~ DO $$ BEGIN FOR r IN EXECUTE 'SEL' || 'ECT 1' LOOP NULL; END LOOP; DROP TABLE customers; END $$
            deny   ~ DO $$ BEGIN WHILE false LOOP NULL; END LOOP; CREATE TABLE stolen AS SELECT * FROM customers; END $$
            deny   ~ DO $$ BEGIN CASE 1 WHEN 1 THEN DROP TABLE customers; END CASE; END $$
            deny   ~ DO $$ BEGIN PERFORM 1 / 0; EXCEPTION WHEN division_by_zero THEN DROP TABLE customers; END $$
            deny   ~ DO $$ BEGIN BEGIN DROP TABLE customers; END; END $$
            deny   ~ DO $$ DECLARE x int := pg_terminate_backend(1); BEGIN NULL; END $$
            deny   ~ DO $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); END $$
            deny   ~ DO $$ DECLARE x int; BEGIN x := pg_terminate_backend(1)::int; END $$
            deny   ~ DO $$ BEGIN RAISE NOTICE '%', pg_terminate_backend(1); END $$
            deny   ~ DO $$ BEGIN IF pg_terminate_backend(1) THEN NULL; END IF; END $$
            deny   ~ DO $$ BEGIN FOR i IN 1..pg_terminate_backend(1)::int LOOP NULL; END LOOP; END $$
            deny   ~ DO $$ DECLARE c CURSOR FOR SELECT pg_terminate_backend(1); BEGIN OPEN c; END $$
            deny   ~ DO $$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE 'SELECT ' || current_user; END $$
            deny   ~ DO $$ BEGIN DROP TABLE customers $$
            deny   ~ DO LANGUAGE plperl $$ spi_exec_query('DROP TABLE customers') $$
            deny   ~ DO $$ BEGIN COPY customers TO PROGRAM 'cat > /tmp/x'; END $$
            allow  ~ DO $$ BEGIN NULL; END $$
            allow  ~ DO $$ BEGIN RAISE NOTICE 'hello %', 1 + 1; END $$
            allow  ~ DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM customers; RAISE NOTICE 'n=%', n; END $$
            allow  ~ DO $$ DECLARE n int; BEGIN SELECT count(*) INTO STRICT n FROM customers WHERE id = 1; END $$
            allow  ~ DO $$ DECLARE e text; BEGIN UPDATE customers SET notes = 'a' WHERE id = 1 RETURNING email INTO e; END $$
            allow  ~ DO $$ BEGIN INSERT INTO audit_log (msg) VALUES ('x'); END $$
            allow  ~ DO $$ BEGIN FOR i IN REVERSE 10..1 BY 2 LOOP UPDATE customers SET notes = 'n' WHERE id = i; END LOOP; END $$
            allow  ~ DO $$ BEGIN EXECUTE 'UPDATE customers SET notes = $1 WHERE id = 1' USING 'x'; END $$
            allow  ~ DO $$ BEGIN PERFORM 1 / 0; EXCEPTION WHEN division_by_zero OR SQLSTATE '22012' THEN RAISE NOTICE 'caught'; END $$
            allow  ~ DO $$ DECLARE a int[] := ARRAY[1,2]; x int; BEGIN FOREACH x IN ARRAY a LOOP RAISE NOTICE '%', x; END LOOP; END $$
            allow  ~ DO $$ BEGIN ASSERT 1 = 1, 'fine'; END $$
            allow  ~ DO $$ BEGIN RAISE EXCEPTION USING MESSAGE = 'stop', HINT = 'no'; END $$
            deny   ~ DO $$ DECLARE close int; BEGIN close := pg_terminate_backend(1)::int; END $$
            deny   ~ DO $$ DECLARE exit int; BEGIN exit = pg_terminate_backend(1)::int; END $$
            deny   ~ DO $$ DECLARE raise int; BEGIN raise := (SELECT 1 WHERE pg_reload_conf()); END $$
            deny   ~ DO $$ DECLARE open int; BEGIN open := pg_terminate_backend(1)::int; END $$
            deny   ~ DO $$ DECLARE "continue" int; BEGIN continue := pg_terminate_backend(1)::int; END $$
            deny   ~ DO $$ DECLARE perform int[]; BEGIN perform[1] := pg_terminate_backend(1)::int; END $$
            allow  ~ DO $$ DECLARE get int; BEGIN get := (SELECT count(*) FROM customers); END $$
            deny   ~ DO $$ DECLARE a int[]; BEGIN a[pg_terminate_backend(1)::int] := 1; END $$
            deny   ~ DO $$ DECLARE a int[]; BEGIN a[1][pg_terminate_backend(1)::int] := 1; END $$
            deny   ~ DO $$ DECLARE close int[]; BEGIN close[1:pg_terminate_backend(1)::int] = ARRAY[1]; END $$
            allow  ~ DO $$ DECLARE close int; exit int[]; BEGIN close := 1; exit[2] := close + 1; END $$
            allow  ~ DO $$ DECLARE a int[]; BEGIN a[1:2] := ARRAY[1, 2]; RAISE NOTICE '%', a; END $$
            deny   ~ DO $$ <<b>> DECLARE c CURSOR (x int) FOR SELECT x; BEGIN OPEN b.c(pg_terminate_backend(1)::int); END $$
            deny   ~ DO $$ <<b>> DECLARE c CURSOR (x int) FOR SELECT x; BEGIN OPEN b.c((SELECT 1 WHERE pg_reload_conf())); END $$
            deny   ~ DO $$ <<b>> DECLARE c CURSOR (x int, y int) FOR SELECT x; BEGIN OPEN b . c(1, y => pg_terminate_backend(1)::int); END $$
            deny   ~ DO $$ DECLARE c CURSOR (x int) FOR SELECT x; BEGIN OPEN c(x := pg_terminate_backend(1)::int); END $$
            deny   ~ DO $$ DECLARE c CURSOR (x int) FOR SELECT x; r record; BEGIN FOR r IN c(x => pg_terminate_backend(1)::int) LOOP NULL; END LOOP; END $$
            allow  ~ DO $$ <<b>> DECLARE c CURSOR (x int, y int) FOR SELECT x + y; BEGIN OPEN b.c(1, y := 2); CLOSE c; END $$
            allow  ~ DO $$ DECLARE c CURSOR (x int) FOR SELECT x; r record; BEGIN FOR r IN c(x := 1) LOOP NULL; END LOOP; END $$
            deny   ~ DO $$ BEGIN EXECUTE N'UPDATE customers SET notes = notes - ' || '-1 WHERE id = 1'; END $$
            deny   ~ DO $$ BEGIN EXECUTE 'UPDATE customers SET n = 5 ' || n'- ' || '-1 WHERE id = 1'; END $$
            deny   ~ DO $$ BEGIN EXECUTE X'44524f50'; END $$
            deny   ~ DO $$ BEGIN EXECUTE b'0' || 'SELECT 1'; END $$
            allow  ~ DO $$ BEGIN EXECUTE 'UPDATE customers SET n = 5 ' || E'- ' || U&'-1 WHERE id = 1' || $q$ AND true$q$; END $$
            allow  ~ DO LANGUAGE 'plpgsql' $$ BEGIN NULL; END $$
            deny   ~ DO LANGUAGE 'plpgsql' 'BEGIN DROP TABLE customers; END'
            deny   ~ DO LANGUAGE 'plperl' 'BEGIN NULL; END'
            allow  ~ DO $$ #print_strict_params on #variable_conflict use_column DECLARE x int := 1; BEGIN RAISE NOTICE '%', x; END $$
            deny   ~ DO $$ #variable_conflict error DECLARE x int := pg_terminate_backend(1)::int; BEGIN NULL; END $$
            deny   ~ DO $$ #option dump BEGIN DROP TABLE customers; END $$
            allow  ~ DO $$ DECLARE v int; BEGIN WITH d AS (UPDATE customers SET notes = 'x' WHERE id = 1 RETURNING 1 INTO v) SELECT 1; END $$
            review ~ DO $$ DECLARE v int; BEGIN WITH d AS (UPDATE customers SET notes = 'x' RETURNING 1 INTO v) SELECT 1; END $$
            deny   ~ DO $$ BEGIN IMPORT FOREIGN SCHEMA s FROM SERVER srv INTO public; END $$
            allow  ~ DO $$ DECLARE c refcursor; r record; BEGIN OPEN c SCROLL FOR SELECT 1; FETCH RELATIVE (0) FROM c INTO r; MOVE BACKWARD ALL IN c; FETCH NEXT FROM c INTO r; MOVE 1 IN c; CLOSE c; END $$
            deny   ~ DO $$ DECLARE c refcursor; BEGIN OPEN c SCROLL FOR SELECT 1; MOVE ABSOLUTE pg_terminate_backend(1)::int FROM c; END $$
            deny   ~ DO $$ DECLARE c refcursor; BEGIN OPEN c SCROLL FOR SELECT 1; MOVE FORWARD (SELECT 1 WHERE pg_reload_conf()) IN c; END $$
            allow  ~ DO $$ DECLARE cursor int := 1; x int := cursor + 1; BEGIN RAISE NOTICE '%', x; END $$
            deny   ~ DO $$ DECLARE cursor int := 1; x boolean := cursor IS NULL OR pg_terminate_backend(1); BEGIN NULL; END $$
            deny   ~ DO $$ DECLARE c NO SCROLL CURSOR FOR SELECT pg_terminate_backend(1); BEGIN NULL; END $$
            deny   ~ DO $$ DECLARE c SCROLL CURSOR (a int) IS SELECT pg_terminate_backend(a); BEGIN NULL; END $$
            review ~ DO $$ DECLARE v boolean := true; BEGIN DELETE FROM customers WHERE v; END $$
            review ~ DO $$ BEGIN PERFORM 1; DELETE FROM customers WHERE found; END $$
            review ~ DO $$ DECLARE v int; BEGIN UPDATE customers SET notes = 'x' WHERE id = v OR v IS NULL; END $$
            review ~ DO $$ <<b>> DECLARE v int := 1; BEGIN UPDATE customers SET notes = 'x' WHERE b.v = 1; END $$
            review ~ DO $$ DECLARE r record; BEGIN FOR r IN SELECT true AS f LOOP DELETE FROM customers WHERE r.f; END LOOP; END $$
            review ~ DO $$ DECLARE v int := 1; BEGIN DELETE FROM customers WHERE substring(notes FROM v) = notes; END $$
            allow  ~ DO $$ DECLARE notes text := 'y'; i int := 1; BEGIN UPDATE customers SET notes = notes WHERE id = i; INSERT INTO customers (id, notes) VALUES (i, notes); END $$
            allow  ~ DO $$ DECLARE customers int; text text; BEGIN DELETE FROM customers WHERE id = 1::text; END $$
            allow  ~ DO $$ DECLARE v text := 'public'; BEGIN SET search_path = v; END $$
            """)
    void theShippedPolicyJudgesWhatTheBlockRuns(String expected, String sql) {
        assertEquals(expected, decide(sql), sql);
    }

    @Test
    void aBlocksStatementsAreItsBodysSqlAsTheServerRunsIt() {
        DoBlock b = DoBlock.of("DO $$ DECLARE n int := (SELECT count(*) FROM t); BEGIN SELECT max(id) INTO n FROM t;"
                + " FOR i IN 1..10 LOOP PERFORM f(i); END LOOP; EXECUTE 'UPD' || 'ATE t SET a = b WHERE id = 3'; END $$").orElseThrow();
        assertEquals(List.of("SELECT (SELECT count(*) FROM t)", "SELECT max(id)  FROM t", "SELECT 1", "SELECT 10", "SELECT f($1)",
                "UPDATE t SET a = b WHERE id = 3"), b.statements());
        assertEquals(List.of(), b.unjudged());
        assertTrue(DoBlock.of("SELECT 1").isEmpty());
        assertTrue(DoBlock.of("DO $$ BEGIN EXECUTE 'x' || v; END $$").orElseThrow().unjudged().get(0).contains("built while the block runs"));
    }

    @Test
    void nestedBlocksAreReadToABoundAndUnknownBeyondIt() {
        String inner = "DROP TABLE customers";
        for (int i = 0; i < DoBlock.MAX_NESTED + 2; i++) {
            inner = "DO '" + ("BEGIN EXECUTE '" + inner.replace("'", "''") + "'; END").replace("'", "''") + "'";
        }
        Classification c = SqlCommandClassifier.classify(inner);
        assertTrue(c.unknown(), c.toString());
    }
}
