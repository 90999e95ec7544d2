package hoop.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.config.ConfigLoader;
import hoop.config.HoopConfig;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A statement naming several tables is judged on each, as a call naming several resources is: an allow rule
 * on some of the tables allowed the statement whatever the others had (a join of dev_orders and prod_secrets
 * passed an allow rule on dev_*).
 */
class PerTableJudgingTest {
    static PolicyEngine engine(String policy) {
        String yaml = """
                connections:
                  - name: pg
                    type: command
                    command: [psql]
                    policies: [guard]
                policies:
                  guard:
                """ + policy.indent(4);
        HoopConfig cfg = ConfigLoader.parse(Path.of("hoop.yaml"), yaml, Map.of());
        return PolicyEngine.build(List.of(cfg.policies().get("guard")));
    }

    static String decide(PolicyEngine engine, String sql) {
        Session s = new Session("t", "pg", "postgres", new Identity("tester", null, List.of(), "local"), Instant.now());
        return switch (engine.decide(new Command(s, sql, List.of()), SqlCommandClassifier.classify(sql))) {
            case Decision.Allow a -> "allow";
            case Decision.Review r -> "review";
            case Decision.Deny x -> "deny";
        };
    }

    @Test
    void anAllowRuleOnTablesCoversOnlyTheTablesItNames() {
        PolicyEngine onlyDev = engine("""
                default: deny
                unknown: deny
                rules:
                  - { name: dev, action: allow, match: { kind: [read], tables: ["dev_*"] } }
                """);
        assertEquals("deny", decide(onlyDev, "SELECT * FROM dev_orders o JOIN prod_secrets s ON s.id = o.id"));
        assertEquals("deny", decide(onlyDev, "SELECT * FROM dev_orders WHERE id IN (SELECT id FROM prod_secrets)"));
        assertEquals("allow", decide(onlyDev, "SELECT * FROM dev_orders o JOIN dev_items i ON i.o = o.id"));
        PolicyEngine prodWrites = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: prod-writes, action: review, match: { kind: [write], tables: ["prod_*"] } }
                """);
        assertEquals("review", decide(prodWrites, "UPDATE prod_a SET x = 1 FROM dev_b WHERE prod_a.id = dev_b.id"),
                "a review rule matches the table it names, as it matched the statement");
    }

    /**
     * DROP SCHEMA s CASCADE drops every table of s, GRANT ... ON ALL TABLES IN SCHEMA s grants on each, DROP OWNED drops
     * every table the role owns: they named no table, so rules on billing's tables or on customers let them through. A
     * rule that may name one of those tables matches; an allow rule lets them through only if it names them all.
     */
    @Test
    void aStatementOnEveryTableOfASchemaMeetsTheRulesOnItsTables() {
        PolicyEngine guarded = engine("""
                default: allow
                rules:
                  - { name: billing, action: deny, match: { kind: [ddl, dcl], tables: ["billing.invoices"] } }
                  - { name: customers, action: deny, match: { kind: [ddl, dcl], tables: [customers] } }
                """);
        assertEquals("deny", decide(guarded, "DROP SCHEMA IF EXISTS scratch, billing CASCADE"));
        assertEquals("deny", decide(guarded, "DROP SCHEMA public CASCADE"), "public may hold customers");
        assertEquals("deny", decide(guarded, "GRANT SELECT ON ALL TABLES IN SCHEMA billing TO PUBLIC"));
        assertEquals("deny", decide(guarded, "ALTER SCHEMA billing RENAME TO archive"));
        assertEquals("deny", decide(guarded, "DROP OWNED BY app CASCADE"));
        assertEquals("deny", decide(guarded, "ALTER DEFAULT PRIVILEGES IN SCHEMA billing GRANT SELECT ON TABLES TO PUBLIC"));
        assertEquals("allow", decide(guarded, "GRANT USAGE ON SCHEMA billing TO bob"));
        PolicyEngine billing = engine("""
                default: allow
                rules:
                  - { name: billing, action: deny, match: { kind: [ddl], tables: ["billing.invoices"] } }
                """);
        assertEquals("deny", decide(billing, "DROP SCHEMA billing CASCADE"));
        assertEquals("allow", decide(billing, "DROP SCHEMA scratch CASCADE"), "a schema's name says what its tables are called");
        PolicyEngine onlyScratch = engine("""
                default: deny
                rules:
                  - { name: scratch, action: allow, match: { kind: [ddl], tables: ["scratch.*", "sc*"] } }
                  - { name: some, action: allow, match: { kind: [ddl], tables: ["billing.tmp_*"] } }
                """);
        assertEquals("allow", decide(onlyScratch, "DROP SCHEMA scratch CASCADE"));
        assertEquals("allow", decide(onlyScratch, "DROP SCHEMA scrap CASCADE"));
        assertEquals("deny", decide(onlyScratch, "DROP SCHEMA billing CASCADE"), "an allow rule naming some of its tables does not cover them all");
        assertEquals("allow", decide(onlyScratch, "DROP TABLE billing.tmp_1"));
    }

    /**
     * DROP ... CASCADE of an extension, server, data wrapper, collation, operator or cast drops the columns, foreign
     * tables, indexes and views built on it, which no catalog read here lists: it named no table, and a rule on a table's
     * ddl let DROP EXTENSION citext CASCADE drop that table's citext column. Any table may be one now; without CASCADE
     * the server refuses to drop what others depend on.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "DROP EXTENSION IF EXISTS citext CASCADE             | deny",
            "DROP SERVER loopback CASCADE                        | deny",
            "DROP FOREIGN DATA WRAPPER postgres_fdw CASCADE      | deny",
            "DROP COLLATION german CASCADE                       | deny",
            "DROP OPERATOR CLASS money_ops USING btree CASCADE   | deny",
            "DROP CAST (text AS money) CASCADE                   | deny",
            "DROP TEXT SEARCH CONFIGURATION english2 CASCADE     | deny",
            "DROP EXTENSION citext                               | allow",
            "DROP SERVER loopback                                | allow",
            "DROP STATISTICS s CASCADE                           | allow",
    })
    void aDropCascadeOfWhatTablesAreBuiltOnMeetsEveryTablesRules(String sql, String decision) {
        PolicyEngine customersDdl = engine("""
                default: allow
                rules:
                  - { name: customers-ddl, action: deny, match: { kind: [ddl], tables: [customers] } }
                """);
        assertEquals(decision, decide(customersDdl, sql), sql);
    }

    /**
     * The planner's statistics hold values of every column ANALYZE saw (most common values, histogram bounds: all of a
     * small or unique column's): SELECT histogram_bounds FROM pg_stats WHERE tablename = 'customers' read customers' card
     * numbers past a rule on its reads, as a read of pg_stats. Which table it reads is data, so it reads any table.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "SELECT histogram_bounds FROM pg_stats WHERE tablename = 'customers'        | deny",
            "SELECT * FROM pg_catalog.pg_stats_ext_exprs                                 | deny",
            "SELECT s.most_common_vals FROM other o JOIN pg_catalog.pg_stats s ON true   | deny",
            "SELECT stavalues1 FROM pg_statistic                                         | deny",
            // a TOAST table holds its table's long values under a name of its oid
            "SELECT chunk_data FROM pg_toast.pg_toast_16417                              | deny",
            "SELECT chunk_data FROM app.PG_TOAST.pg_toast_16417                          | deny",
            "SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = 'customers'     | allow",
            "SELECT * FROM myschema.pg_stats                                             | allow",
    })
    void theStatisticsAndToastTablesReadAnyTable(String sql, String decision) {
        PolicyEngine customersReads = engine("""
                default: allow
                rules:
                  - { name: customers-reads, action: deny, match: { kind: [read], tables: [customers] } }
                """);
        assertEquals(decision, decide(customersReads, sql), sql);
    }

    /**
     * After code hoop does not see in the same message, an unqualified name may be in any schema ("*.invoices"): a rule
     * on one schema's tables meets it where its table part matches; a rule on other names does not.
     */
    @Test
    void aNameInAnySchemaMeetsARuleOnOneSchemasTables() {
        PolicyEngine billing = engine("""
                default: allow
                unknown: deny
                rules:
                  - { name: billing, action: deny, match: { kind: [write], tables: ["billing.*"] } }
                  - { name: customers, action: deny, match: { kind: [read], tables: ["customers"] } }
                """);
        assertEquals("deny", decide(billing, "DO $$ BEGIN NULL; END $$; UPDATE invoices SET paid = true WHERE id = 1"));
        assertEquals("allow", decide(billing, "UPDATE invoices SET paid = true WHERE id = 1"));
        assertEquals("allow", decide(billing, "DO $$ BEGIN NULL; END $$; SELECT * FROM invoices"));
        assertEquals("deny", decide(billing, "DO $$ BEGIN NULL; END $$; SELECT * FROM customers"));
    }
}
