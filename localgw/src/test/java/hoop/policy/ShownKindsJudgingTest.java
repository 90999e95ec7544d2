package hoop.policy;

import static hoop.policy.PerTableJudgingTest.decide;
import static hoop.policy.PerTableJudgingTest.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A statement is judged as the reads and writes of rows it makes, not only its strictest kind: a rule on reads of a
 * table met a SELECT of it no more once FOR UPDATE made the statement a write, nor the read an INSERT ... SELECT, an
 * UPDATE ... FROM, a MERGE ... USING or a RETURNING makes (RaisedKindJudgingTest has the kinds raised by built-ins).
 */
class ShownKindsJudgingTest {
    static final String READS_OF_CUSTOMERS_REVIEWED = """
            default: allow
            unknown: deny
            rules:
              - { name: pii, action: review, match: { kind: [read], tables: [customers] } }
            """;

    @Test
    void aReadOfATableMeetsARuleOnReadsWhateverElseTheStatementIs() {
        PolicyEngine e = engine(READS_OF_CUSTOMERS_REVIEWED);
        assertEquals("review", decide(e, "SELECT email FROM customers"));
        assertEquals("review", decide(e, "SELECT email FROM customers FOR UPDATE"));
        assertEquals("review", decide(e, "SELECT email FROM customers FOR NO KEY UPDATE SKIP LOCKED"));
        assertEquals("review", decide(e, "INSERT INTO log (msg) SELECT email FROM customers"));
        assertEquals("review", decide(e, "UPDATE log SET msg = c.email FROM customers c WHERE c.id = log.id"));
        assertEquals("review", decide(e, "DELETE FROM log USING customers c WHERE c.id = log.id"));
        assertEquals("review", decide(e, "MERGE INTO log l USING customers c ON c.id = l.id WHEN MATCHED THEN UPDATE SET msg = c.email"));
        assertEquals("review", decide(e, "UPDATE customers SET name = name WHERE id = 1 RETURNING email"));
        assertEquals("review", decide(e, "DELETE FROM customers WHERE id = 1 RETURNING *"));
        assertEquals("review", decide(e, "COPY customers TO STDOUT"));
        assertEquals("review", decide(e, "COPY customers (email) TO STDOUT WITH (FORMAT csv)"));
        assertEquals("review", decide(e, "CREATE TABLE copy_of AS SELECT * FROM customers"));
        assertEquals("review", decide(e, "WITH x AS (SELECT email FROM customers) INSERT INTO log SELECT * FROM x"));
    }

    @Test
    void writesThatReadNothingOfTheTableStayOutOfTheRuleOnReads() {
        PolicyEngine e = engine(READS_OF_CUSTOMERS_REVIEWED);
        assertEquals("allow", decide(e, "UPDATE customers SET name = 'x' WHERE id = 1"));
        assertEquals("allow", decide(e, "DELETE FROM customers WHERE id = 1"));
        assertEquals("allow", decide(e, "INSERT INTO customers (id, name) VALUES (1, 'x')"));
        assertEquals("allow", decide(e, "COPY customers FROM STDIN"));
        assertEquals("allow", decide(e, "INSERT INTO log SELECT * FROM orders"));
        assertEquals("allow", decide(e, "SELECT * FROM orders FOR UPDATE"));
    }

    @Test
    void aStatementRaisedToAStricterKindStillMeetsRulesOnItsOwn() {
        PolicyEngine noSchemaChanges = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: schema, action: deny, match: { kind: [ddl], tables: [customers] } }
                """);
        // CREATE TABLE AS is ddl and reads its source; a rule on the source's ddl is not met, one on the new table's is.
        assertEquals("deny", decide(noSchemaChanges, "ALTER TABLE customers ADD COLUMN x int"));
        assertEquals("deny", decide(noSchemaChanges, "CREATE TABLE customers AS SELECT * FROM orders"));
        PolicyEngine paymentsWritesReviewed = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: payments, action: review, match: { kind: [write], tables: [payments] } }
                """);
        // COPY FROM is copy-in and writes the table's rows as an INSERT does.
        assertEquals("review", decide(paymentsWritesReviewed, "COPY payments FROM STDIN"));
        assertEquals("allow", decide(paymentsWritesReviewed, "COPY payments TO STDOUT"));
    }

    @Test
    void anAllowRuleOnTheWeakerKindDoesNotLetTheStricterOnePass() {
        PolicyEngine readsOnly = engine("""
                default: deny
                unknown: deny
                rules:
                  - { name: reads, action: allow, match: { kind: [read] } }
                """);
        assertEquals("allow", decide(readsOnly, "SELECT * FROM customers"));
        assertEquals("deny", decide(readsOnly, "SELECT * FROM customers FOR UPDATE"));
        assertEquals("deny", decide(readsOnly, "INSERT INTO log SELECT * FROM customers"));
        assertEquals("deny", decide(readsOnly, "COPY customers TO STDOUT"));
    }
}
