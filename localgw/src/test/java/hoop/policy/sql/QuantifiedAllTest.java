package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * x op ALL (X) holds on every row where X is empty. On PostgreSQL 15 (through hoop, pgjdbc), DELETE FROM customers
 * WHERE id = ALL(?) with an empty int[] deleted every row and was allowed as a bounded write.
 */
class QuantifiedAllTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DELETE FROM customers WHERE id = ALL($1)                                          | true",
        "DELETE FROM customers WHERE id = ALL($1::int[])                                   | true",
        "UPDATE customers SET notes = 'x' WHERE id >= ALL($1)                              | true",
        "DELETE FROM customers WHERE id = ALL(ARRAY(SELECT customer_id FROM orders WHERE id = -5)) | true",
        "DELETE FROM customers WHERE id = ALL(ARRAY[ARRAY[]::int[]])                       | true",
        "MERGE INTO customers c USING (SELECT 1) s ON c.id = ALL($1) WHEN MATCHED THEN DELETE | true",
        // an array written with an element, or another condition beside it, still narrows
        "DELETE FROM customers WHERE id = ALL('{1}')                                       | false",
        "DELETE FROM customers WHERE id = ALL(ARRAY[$1])                                   | false",
        "DELETE FROM customers WHERE id = 5 AND id = ALL($1)                               | false",
        "DELETE FROM customers WHERE id = ANY($1)                                          | false",
        "DELETE FROM customers WHERE NOT (id = ALL($1))                                    | false",
    })
    void allOverWhatMayBeEmptyNarrowsNothing(String sql, boolean unbounded) {
        assertEquals(unbounded, Cases.single(sql).flags().contains("unbounded"), sql);
    }
}
