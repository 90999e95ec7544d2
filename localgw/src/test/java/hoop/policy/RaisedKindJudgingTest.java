package hoop.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.policy.sql.SqlClassifier;
import hoop.policy.sql.SqlStatement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A statement's kind is the strictest of what it shows, and a rule matches one kind: a built-in with effects beside a
 * read (pg_try_advisory_lock is session state), INTO or CREATE TABLE AS (ddl) and COPY raised the kind past the rules
 * on the reads or writes of a table, which then let them through. The rows read or written are judged as such too.
 */
class RaisedKindJudgingTest {
    static final PolicyEngine GUARD = PerTableJudgingTest.engine("""
            default: allow
            rules:
              - { name: customers-writes, action: deny, match: { kind: [write], tables: [customers] } }
              - { name: customers-reads, action: deny, match: { kind: [read], tables: [customers] } }
              - { name: unbounded, action: deny, match: { kind: [write], unbounded: true } }
            """);

    /** A rule on customers' reads alone: writes reading customers' rows (into another table, back by RETURNING) read them. */
    static final PolicyEngine READS = PerTableJudgingTest.engine("""
            default: allow
            rules:
              - { name: customers-reads, action: deny, match: { kind: [read], tables: [customers] } }
            """);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "INSERT INTO scratch SELECT * FROM customers                              | customers | deny",
            "INSERT INTO scratch VALUES ((SELECT card FROM customers LIMIT 1))        | customers | deny",
            "UPDATE scratch SET a = c.card FROM customers c WHERE c.id = scratch.id   | customers | deny",
            "UPDATE customers SET notes = 'x' WHERE id = 1 RETURNING card             | customers | deny",
            "SELECT * FROM customers FOR UPDATE                                       | customers | deny",
            "WITH d AS (DELETE FROM customers RETURNING *) INSERT INTO stash SELECT * FROM d | customers | deny",
            "COPY customers TO STDOUT                                                 | customers | deny",
            "UPDATE customers SET notes = 'x' WHERE id = 1                            |           | allow",
            "INSERT INTO customers VALUES (1)                                         |           | allow",
            "DELETE FROM customers WHERE id = 1                                       |           | allow",
            "COPY customers FROM STDIN                                                |           | allow",
            "INSERT INTO scratch SELECT * FROM other                                  | other     | allow",
            "SELECT * FROM customers                                                  |           | deny",
    })
    void theRowsAWriteReadsAreJudgedAsARead(String sql, String read, String decision) {
        SqlStatement s = SqlClassifier.classify(sql).get(0);
        assertEquals(read == null ? java.util.List.of() : java.util.List.of(read), s.read(), sql);
        assertEquals(decision, PerTableJudgingTest.decide(READS, sql), sql);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SELECT *, pg_try_advisory_lock(1) FROM customers                                     | session      | read  | deny",
            "SELECT c.card, setseed(0.5) FROM public.customers c                                  | session      | read  | deny",
            "WITH d AS (DELETE FROM customers WHERE id = 3 RETURNING 1) SELECT pg_cancel_backend(0) | admin      | write | deny",
            "WITH d AS (DELETE FROM merged RETURNING *) SELECT * INTO gone FROM d                 | ddl          | write | deny",
            "CREATE TABLE stolen AS SELECT * FROM customers                                       | ddl          | read  | deny",
            "CREATE MATERIALIZED VIEW stolen AS TABLE customers                                   | ddl          | read  | deny",
            "COPY customers FROM STDIN                                                            | copy-in      | write | deny",
            "COPY customers TO STDOUT                                                             | copy-out     | read  | deny",
            "COPY customers TO PROGRAM 'cat'                                                      | copy-program | read  | deny",
            // a view's query and a rule's actions are only stored: nothing is read or written now
            "CREATE VIEW v AS SELECT * FROM customers                                             | ddl          |       | allow",
            "CREATE RULE r AS ON INSERT TO other DO INSTEAD DELETE FROM customers                 | ddl          |       | allow",
            "SELECT pg_try_advisory_lock(1)                                                       | session      | read  | allow",
            "COPY other FROM STDIN                                                                | copy-in      | write | allow",
            "SELECT * FROM customers                                                              | read         |       | deny",
            "SELECT * FROM other                                                                  | read         |       | allow",
            "EXPLAIN SELECT *, pg_try_advisory_lock(1) FROM customers                             | read         |       | deny",
            "DELETE FROM other WHERE id = 1                                                       | write        |       | allow",
    })
    void theRowsAStatementReadsOrWritesAreJudgedWhateverRaisedItsKind(String sql, String kind, String access, String decision) {
        SqlStatement s = SqlClassifier.classify(sql).get(0);
        assertEquals(kind, s.kind().policyName(), sql);
        assertEquals(access == null ? null : access, s.access() == null ? null : s.access().policyName(), sql);
        assertEquals(decision, PerTableJudgingTest.decide(GUARD, sql), sql);
    }

    /** A rule on customers' definition alone (ddl), as a policy leaving grants and row security to the default. */
    static final PolicyEngine DEFINITION = PerTableJudgingTest.engine("""
            default: allow
            rules:
              - { name: customers-ddl, action: deny, match: { kind: [ddl], tables: [customers] } }
            """);

    /**
     * Row security, a row policy or a new owner make an ALTER or CREATE dcl, past a rule on the table's ddl: ENABLE ROW
     * LEVEL SECURITY beside DROP COLUMN card dropped the column, and CREATE POLICY ... AS RESTRICTIVE USING (false)
     * hid every row from every other role. The definition they change is judged as ddl too; a grant changes none.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ALTER TABLE customers DROP COLUMN card, ENABLE ROW LEVEL SECURITY   | dcl   | true  | deny",
            "ALTER TABLE customers ADD COLUMN x int, OWNER TO someone           | dcl   | true  | deny",
            "CREATE POLICY hide ON customers AS RESTRICTIVE USING (false)       | dcl   | true  | deny",
            "ALTER POLICY hide ON customers USING (false)                       | dcl   | true  | deny",
            "CREATE SCHEMA s CREATE VIEW v AS SELECT pg_terminate_backend(1)    | admin | true  | allow",
            "ALTER TABLE other DROP COLUMN card, ENABLE ROW LEVEL SECURITY      | dcl   | true  | allow",
            "GRANT SELECT ON customers TO someone                               | dcl   | false | allow",
            "ALTER TABLE customers ADD COLUMN x int                             | ddl   | false | deny",
    })
    void aDefinitionChangedUnderAStricterKindIsJudgedAsDdlToo(String sql, String kind, boolean defines, String decision) {
        SqlStatement s = SqlClassifier.classify(sql).get(0);
        assertEquals(kind, s.kind().policyName(), sql);
        assertEquals(defines, s.defines(), sql);
        assertEquals(decision, PerTableJudgingTest.decide(DEFINITION, sql), sql);
    }

    /** The default policy's schema-changes rule alone: ddl, dcl, admin and copy-program refused. */
    static final PolicyEngine SCHEMA_CHANGES = PerTableJudgingTest.engine("""
            default: allow
            rules:
              - { name: schema-changes, action: deny, match: { kind: [ddl, dcl, admin, copy-program] } }
            """);

    /**
     * CREATE [OR REPLACE] FUNCTION / PROCEDURE / AGGREGATE was procedural alone, which the default policy allows: it
     * replaced the body every caller, trigger and default of the name runs. It stays procedural (its body is code hoop
     * does not judge) and is judged as the ddl it is too; calling a routine, or reading one's definition, is not.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'                    | procedural | true  | deny",
            "CREATE FUNCTION s.f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END                 | procedural | true  | deny",
            "create or replace procedure p() language plpgsql as $$ begin null; end $$                 | procedural | true  | deny",
            "CREATE OR REPLACE AGGREGATE a(int) (SFUNC = int4pl, STYPE = int)                          | procedural | true  | deny",
            "CREATE FUNCTION f() RETURNS TABLE (a int) LANGUAGE sql AS 'SELECT 1'                      | procedural | true  | deny",
            "SELECT f()                                                                                | read       | false | allow",
            "CALL p()                                                                                  | procedural | false | allow",
            "SELECT pg_get_functiondef('f'::regproc)                                                   | read       | false | allow",
    })
    void creatingARoutineIsJudgedAsDdlToo(String sql, String kind, boolean defines, String decision) {
        SqlStatement s = SqlClassifier.classify(sql).get(0);
        assertEquals(kind, s.kind().policyName(), sql);
        assertEquals(defines, s.defines(), sql);
        assertEquals(decision, PerTableJudgingTest.decide(SCHEMA_CHANGES, sql), sql);
    }
}
