package hoop.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A routine's body runs at every call as "procedural": one that grants, administers or runs a program is judged as that
 * too when it is made, where hoop reads it (LANGUAGE sql, BEGIN ATOMIC, RETURN, plpgsql). Before, a policy allowing
 * ddl and procedural code but refusing dcl refused GRANT and ran CREATE FUNCTION f() ... AS 'GRANT ...' and SELECT f().
 */
class RoutineBodyJudgingTest {
    static final PolicyEngine MIGRATIONS = PerTableJudgingTest.engine("""
            default: allow
            rules:
              - { name: privileges, action: deny, match: { kind: [dcl, admin, copy-program] } }
            """);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "CREATE FUNCTION sneaky() RETURNS void LANGUAGE sql AS $$ GRANT ALL ON secrets TO viewer $$              | deny",
            "CREATE OR REPLACE FUNCTION f() RETURNS void AS 'SELECT 1; ALTER ROLE app SUPERUSER' LANGUAGE sql        | deny",
            "CREATE FUNCTION runs_prog() RETURNS void LANGUAGE sql AS $$ COPY progout FROM PROGRAM 'id' $$          | deny",
            "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN GRANT ALL ON t TO bob; END $$           | deny",
            "CREATE FUNCTION f(p int) RETURNS bool LANGUAGE plpgsql AS $b$ BEGIN RETURN pg_terminate_backend(p); END $b$ | deny",
            "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t SELECT pg_reload_conf(); END            | deny",
            "CREATE FUNCTION f() RETURNS bool LANGUAGE sql RETURN pg_reload_conf()                                 | deny",
            "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SELECT set_config(''role'', ''postgres'', false)'   | deny",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT count(*)::int FROM t'                         | allow",
            "CREATE FUNCTION f(a int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t WHERE id = a; END $$ | allow",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END                     | allow",
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('SELECT %s', 1); RETURN 1; END $$ | allow",
            "CREATE FUNCTION f() RETURNS int LANGUAGE plperl AS 'return 1'                                         | allow",
    })
    void aBodyIsJudgedWhenItIsMade(String sql, String decision) {
        assertEquals(decision, PerTableJudgingTest.decide(MIGRATIONS, sql), sql);
    }
}
