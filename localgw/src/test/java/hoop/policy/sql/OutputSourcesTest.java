package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSourcesTest {
    private static List<String> names(String sql, int item) {
        return OutputSources.of(sql).get(item).names();
    }

    @Test
    void eachOutputColumnIsReadFromItsOwnExpression() {
        String sql = "SELECT id + 1, email, length(email) > 0, count(*) OVER (), 42 AS n FROM customers WHERE email LIKE 'a%' ORDER BY email";
        assertEquals(5, OutputSources.of(sql).size());
        assertEquals(List.of("id"), names(sql, 0));
        assertEquals(List.of("email"), names(sql, 1));
        assertEquals(List.of("length", "email"), names(sql, 2));
        assertEquals(List.of("count", "over"), names(sql, 3));
        assertEquals(List.of("as", "n"), names(sql, 4));
        // A window's partition feeds the value: its names are the item's.
        assertEquals(List.of("count", "over", "partition", "by", "email"), names("SELECT count(*) OVER (PARTITION BY email) FROM customers", 0));
    }

    @Test
    void countOfAColumnTellsOnlyHowManyRowsHoldOne() {
        assertEquals(List.of("count"), names("SELECT count(email), count(DISTINCT c.email) FROM customers c", 0));
        assertEquals(List.of("count"), names("SELECT count(email), count(DISTINCT c.email) FROM customers c", 1));
        assertEquals(List.of("count", "email"), names("SELECT count(email || '') FROM customers", 0));
    }

    @Test
    void aNameQualifiedByAFromRelationIsReportedWithTheRelation() {
        var o = OutputSources.of("SELECT c.to_jsonb, o.total * 2 FROM public.customers AS c JOIN orders o ON o.cid = c.id");
        assertEquals(List.of("customers"), o.get(0).qualified());
        assertEquals(List.of("orders"), o.get(1).qualified());
        assertEquals(List.of("customers"), OutputSources.of("SELECT customers.id + 1 FROM customers").get(0).qualified());
    }

    @Test
    void whatItsNamesCannotTellIsNull() {
        // A whole row as a value, a subquery: the item.
        assertNull(OutputSources.of("SELECT row_to_json(c), 1 FROM customers c").get(0));
        assertNull(OutputSources.of("SELECT c::text FROM customers AS c").get(0));
        assertNull(OutputSources.of("SELECT customers FROM customers").get(0));
        assertNull(OutputSources.of("SELECT (SELECT max(length(email)) FROM customers), 1").get(0));
        // Shapes not followed: the statement.
        for (String sql : List.of("SELECT * FROM customers", "SELECT id, c.* FROM customers c", "SELECT 1 UNION SELECT 2",
                "WITH q AS (SELECT length(email) AS l FROM customers) SELECT l FROM q", "SELECT x FROM (SELECT length(email) x FROM customers) s",
                "SELECT g FROM customers, generate_series(1, length(email)) g", "SELECT l FROM customers c, LATERAL (SELECT length(c.email) l) s",
                "SELECT count(*) OVER w FROM customers WINDOW w AS (PARTITION BY email)", "SELECT a FROM customers c(a, b)",
                "SELECT id INTO t FROM customers", "SELECT 1; SELECT 2", "DECLARE c CURSOR FOR SELECT 1", "SELECT 'unterminated",
                "SELECT id FROM customers TABLESAMPLE system (50)", "SELECT id FROM (customers JOIN orders USING (id))")) {
            assertNull(OutputSources.of(sql), sql);
        }
    }
}
