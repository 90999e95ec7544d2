package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.policy.Classification;
import hoop.policy.SqlCommandClassifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SQL EXECUTE is judged as the statements seen prepared under its name, besides being procedural. */
class PreparedExecuteTest {

    @Test
    void namesExecutedAndDeallocatedAreReadAsTheServerKeepsThem() {
        assertEquals(List.of("ins", "Quoted"), SqlClassifier.executed("EXECUTE INS('a'); /* x */ execute \"Quoted\"; SELECT 'EXECUTE no'"));
        assertEquals(List.of(), SqlClassifier.executed("EXECUTE 'not a name'"));
        assertEquals(List.of("p", "q", "r"), SqlClassifier.executed("EXPLAIN ANALYZE EXECUTE p(1); EXPLAIN (ANALYZE, FORMAT json) EXECUTE q;"
                + " CREATE TABLE t AS EXECUTE r(2)"));
        assertEquals(List.of("a", "b", "*", "*"), SqlClassifier.deallocated("DEALLOCATE a; DEALLOCATE PREPARE B; DEALLOCATE ALL; DISCARD ALL"));
        assertEquals(List.of(), SqlClassifier.deallocated("DISCARD PLANS; SELECT 'DEALLOCATE x'"));
    }

    @Test
    void anExecuteIsJudgedAsEachTextItsNameWasSeenPreparedWith() {
        Map<String, List<String>> prepared = Map.of("ins", List.of("SELECT $1", "DELETE FROM audit_log"));
        Classification c = SqlCommandClassifier.classify("EXECUTE ins(1)", Set.of(), prepared);
        List<String> kinds = c.units().stream().map(Classification.Unit::kind).toList();
        assertEquals(List.of("procedural", "read", "write"), kinds);
        assertTrue(c.units().get(2).flags().contains("unbounded"), c.units().toString());
        assertEquals(List.of("audit_log"), List.copyOf(c.units().get(2).tables()));
        assertEquals(List.of("procedural"), SqlCommandClassifier.classify("EXECUTE other(1)", Set.of(), prepared).units().stream()
                .map(Classification.Unit::kind).toList());
    }
}
