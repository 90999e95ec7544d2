package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SplitTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t", ";", ";;  ;", "-- only a comment", "/* block */", "/* a /* b */ c */ -- x\n ;"})
    void emptyMessagesYieldNoStatements(String sql) {
        assertTrue(SqlClassifier.classify(sql).isEmpty());
    }

    @Test
    void nullMessageYieldsNoStatements() {
        assertTrue(SqlClassifier.classify(null).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1; DELETE FROM t | 2",
        "SELECT ';' | 1",
        "SELECT $$;$$ | 1",
        "SELECT 1 -- ; DROP TABLE t | 1",
        "/* /* nested */ ; DROP TABLE t */ SELECT 1 | 1",
        "SELECT 1;;SELECT 2; | 2",
        "SELECT \";\" FROM t | 1",
        "SELECT $tag$ ; $tag$; SELECT 2 | 2",
        "SELECT (1; 2) | 1",
        "CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM a; DELETE FROM b); SELECT 1 | 2",
        "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END; CALL p() | 2",
        // CASE expressions wherever an expression starts keep the body whole; a CASE that is a column label does not
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC RETURN CASE WHEN a > 0 THEN CASE WHEN a > 1 THEN 2 ELSE 1 END ELSE 0 END; END; SELECT 1 | 2",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; RETURN CASE a WHEN 1 THEN 2 END; END; SELECT 1 | 2",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + CASE WHEN a > 0 THEN 1 END FROM t WHERE CASE WHEN a = 1 THEN true END ORDER BY CASE WHEN a = 2 THEN 1 END LIMIT 1; END; SELECT 1 | 2",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT coalesce(CASE WHEN a > 0 THEN 1 END, 0) FROM t WHERE a = 1 AND CASE WHEN a = 1 THEN true END OR NOT CASE WHEN a = 2 THEN false END; END; SELECT 1 | 2",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT sum(x) OVER (PARTITION BY CASE WHEN a = 1 THEN 1 END) FROM t GROUP BY x HAVING CASE WHEN true THEN true END LIMIT CASE WHEN a = 1 THEN 1 END; END; SELECT 1 | 2",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC UPDATE t SET x = CASE WHEN a = 1 THEN 1 END WHERE id = a RETURNING CASE WHEN a = 1 THEN 1 END; END; SELECT 1 | 2",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT DISTINCT CASE WHEN a = 1 THEN 1 END FROM t WHERE x BETWEEN 1 AND CASE WHEN a = 1 THEN 1 END; END; SELECT 1 | 2",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 AS case; END; DELETE FROM t; END | 3",
    })
    void splitsOnTopLevelSemicolonsOnly(String sql, int count) {
        assertEquals(count, SqlClassifier.classify(sql).size(), sql);
    }

    @Test
    void textIsTrimmedSourceWithoutSemicolon() {
        List<SqlStatement> s = SqlClassifier.classify("  SELECT 1 ;\n  DELETE FROM t WHERE a = ';'  ;  ");
        assertEquals(2, s.size());
        assertEquals("SELECT 1", s.get(0).text());
        assertEquals("DELETE FROM t WHERE a = ';'", s.get(1).text());
    }

    @Test
    void textKeepsCommentsThatBelongToTheStatement() {
        List<SqlStatement> s = SqlClassifier.classify("/*x*/DELETE FROM t; SELECT 1 -- tail");
        assertEquals("/*x*/DELETE FROM t", s.get(0).text());
        assertEquals("SELECT 1 -- tail", s.get(1).text());
    }

    @Test
    void unterminatedStringSwallowsTheRestAsUnknown() {
        List<SqlStatement> s = SqlClassifier.classify("SELECT 1; SELECT 'abc; DROP TABLE t");
        assertEquals(2, s.size());
        assertEquals(SqlKind.READ, s.get(0).kind());
        assertEquals(SqlKind.UNKNOWN, s.get(1).kind());
        assertEquals("SELECT 'abc; DROP TABLE t", s.get(1).text());
        assertTrue(s.get(1).unknownReasons().get(0).contains("unterminated"));
    }

    @Test
    void semicolonInsideParenthesesIsAParseError() {
        SqlStatement s = Cases.single("SELECT (1; DROP TABLE t)");
        assertEquals(SqlKind.UNKNOWN, s.kind());
        assertFalse(s.unknownReasons().isEmpty());
    }

    @Test
    void deepNestingFailsClosedWithoutThrowing() {
        String sql = "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000);
        SqlStatement s = Cases.single(sql);
        assertEquals(SqlKind.UNKNOWN, s.kind());
    }

    @Test
    void largeAdversarialMessagesStayLinear() {
        String wheres = "DELETE FROM t" + " WHERE 1".repeat(50_000);
        String many = "SELECT 1;".repeat(50_000);
        String parens = "SELECT " + "(update x set ".repeat(150) + "1" + ")".repeat(150);
        long start = System.nanoTime();
        assertEquals(SqlKind.WRITE, Cases.single(wheres).kind());
        assertEquals(50_000, SqlClassifier.classify(many).size());
        SqlClassifier.classify(parens);
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "classification took too long");
    }

    @Test
    void neverThrowsOnGarbage() {
        String[] junk = {"'", "\"", "$", "$$", "$a", "U&\"\\zz\"", "U&'x' UESCAPE 'ab'", "U&'x' UESCAPE", "U&'x' UESCAPE x", "E'\\", "/*", "(((", ")))",
            "[", "::", "e'", "0x", "1e", ".", "\\", "WITH", "WITH x", "WITH x AS", "WITH x AS (", "EXPLAIN (",
            "COPY", "COPY (", "PREPARE", "DECLARE", "SET", "RESET", "CREATE", "ALTER", "DROP", "SELECT set_config(",
            "UPDATE", "DELETE FROM", "INSERT INTO", "MERGE INTO t USING", "EXPLAIN", "EXPLAIN ANALYZE"};
        for (String j : junk) {
            List<SqlStatement> s = SqlClassifier.classify(j);
            for (SqlStatement st : s) {
                assertEquals(st.kind() == SqlKind.UNKNOWN, !st.unknownReasons().isEmpty(), j);
            }
        }
    }
}
