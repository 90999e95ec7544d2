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
}
