package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.BoundValues;
import hoop.policy.Classification;
import hoop.policy.SqlCommandClassifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A statement's parameters judged with the values bound to them (a protocol Bind's, an SQL EXECUTE's arguments), as the
 * same values written in the text are: a value can make a write reach every row.
 */
class BoundValuesTest {

    private static boolean unbounded(Classification c) {
        return c.units().stream().anyMatch(u -> u.kind().equals("write") && u.flags().contains("unbounded"));
    }

    private static List<String> values(String... v) {
        return Arrays.asList(v);
    }

    @ParameterizedTest(name = "{0} with {1}: unbounded {2}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "DELETE FROM t WHERE name LIKE $1                    => '%'            => true",
        "DELETE FROM t WHERE name LIKE $1                    => 'ab%'          => false",
        "UPDATE t SET a = $2 WHERE name ~ $1                  => ''             => true",
        "DELETE FROM t WHERE id IS DISTINCT FROM $1           => NULL           => true",
        "DELETE FROM t WHERE id = $1                          => '5'            => false",
        "DELETE FROM t WHERE id = $1                          => '5'''          => false",
        "DELETE FROM t WHERE id >= $1::int                    => '-2147483648'  => true",
        "DELETE FROM t WHERE id >= $1::int                    => '7'            => false",
        // a binary value is shown as its hex, which no condition reads as reaching every row
        "DELETE FROM t WHERE id = $1                          => '\\x00000005'   => false",
    })
    void aBindsValuesAreJudgedAsWrittenInTheText(String sql, String value, boolean unbounded) {
        Classification without = SqlCommandClassifier.classify(sql, Set.of(), Map.of());
        Classification with = SqlCommandClassifier.classify(sql, Set.of(), Map.of(), values(value, "'x'"));
        // what the text says alone stays: values only add to it
        assertTrue(with.units().containsAll(without.units()), with.units().toString());
        assertEquals(unbounded, unbounded(with), with.units().toString());
        assertFalse(unbounded(without), "without its values: " + without.units());
    }

    @ParameterizedTest(name = "{0}: unbounded {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "EXECUTE d('%')                                                    => true",
        "EXECUTE d ( '%' )                                                 => true",
        "EXECUTE d(('' || '%'))                                            => true",
        "EXPLAIN ANALYZE EXECUTE d('%')                                    => true",
        "CREATE TABLE x AS EXECUTE d('%')                                  => true",
        "EXECUTE d('a%')                                                   => false",
        "EXECUTE d                                                         => false",
        "PREPARE e(text) AS DELETE FROM t WHERE name LIKE $1; EXECUTE e('%') => true",
        "PREPARE e(text) AS DELETE FROM t WHERE name LIKE $1; EXECUTE e('x') => false",
        "SELECT 'EXECUTE d(''%'')'                                         => false",
    })
    void anExecutesArgumentsAreJudgedInThePreparedText(String sql, boolean unbounded) {
        Map<String, List<String>> prepared = Map.of("d", List.of("DELETE FROM t WHERE name LIKE $1"));
        Classification c = SqlCommandClassifier.classify(sql, Set.of(), prepared);
        assertEquals(unbounded, unbounded(c), c.units().toString());
    }

    @Test
    void valuesThatDoNotReadAddNothingAndUnknownValuesStayUnknown() {
        // a value that makes the text unreadable is no reason to refuse what was judged without it
        Classification c = SqlCommandClassifier.classify("DELETE FROM t WHERE id = $1", Set.of(), Map.of(), values("'unterminated"));
        assertTrue(c.units().stream().noneMatch(u -> u.kind().equals("unknown")), c.units().toString());
        assertNull(SqlClassifier.withParams("DELETE FROM t WHERE id = $1", values((String) null)));
        assertNull(SqlClassifier.withParams("DELETE FROM t WHERE name = '$1'", values("'%'")));
        assertEquals("DELETE FROM t WHERE a LIKE '%' AND b = (1 + 2) -- $1", SqlClassifier.withParams(
                "DELETE FROM t WHERE a LIKE $1 AND b = $2 -- $1", values("'%'", "1 + 2")));
    }

    @Test
    void executionsReadEachArgumentAtItsOwnDepth() {
        assertEquals(List.of(new SqlClassifier.Execution("a", List.of("1", "(2, 3)", "ARRAY[4, 5]", "f(6, 7)")),
                        new SqlClassifier.Execution("B", List.of()), new SqlClassifier.Execution("c", List.of())),
                SqlClassifier.executions("EXECUTE a(1, (2, 3), ARRAY[4, 5], f(6, 7)); execute \"B\"; EXECUTE c()"));
    }

    @Test
    void writesWithParamsAreThoseAValueMayJudgeOtherwise() {
        assertTrue(SqlCommandClassifier.writesWithParams("DELETE FROM t WHERE id = $1", Map.of()));
        assertFalse(SqlCommandClassifier.writesWithParams("SELECT * FROM t WHERE id = $1", Map.of()));
        assertFalse(SqlCommandClassifier.writesWithParams("DELETE FROM t WHERE id = 1", Map.of()));
        assertFalse(SqlCommandClassifier.writesWithParams("DELETE FROM t WHERE id = '$1'", Map.of()));
        assertFalse(SqlCommandClassifier.writesWithParams("EXECUTE d($1)", Map.of()));
        assertTrue(SqlCommandClassifier.writesWithParams("EXECUTE d($1)", Map.of("d", List.of("DELETE FROM t WHERE v LIKE $1"))));
    }

    @Test
    void boundValuesReadBackWhatAnApproverIsShown() {
        List<String> argv = List.of(BoundValues.entry(1, "'%'"), BoundValues.entry(3, "NULL"));
        assertEquals(values("'%'", null, "NULL"), BoundValues.of(argv));
        assertEquals(List.of(), BoundValues.of(List.of("ls", "-l")));
    }
}
