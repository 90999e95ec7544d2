package hoop.policy;

import hoop.policy.sql.SqlClassifier;
import hoop.policy.sql.SqlKind;
import hoop.policy.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;

/** Classifies a SQL message statement by statement; every statement is its own unit. */
public final class SqlCommandClassifier {
    private SqlCommandClassifier() {}

    public static Classification classify(String sql) {
        return classify(sql, java.util.Set.of());
    }

    /** routines: the upstream's stored routines (lower case), whose calls are judged as procedural. */
    public static Classification classify(String sql, java.util.Set<String> routines) {
        return classify(sql, routines, java.util.Map.of());
    }

    /**
     * prepared: texts seen prepared under the names the text EXECUTEs (see {@link hoop.core.Command#prepared()}). An
     * EXECUTE is judged as itself (procedural) and as each statement it may run: approving or allowing a PREPARE once
     * must not let EXECUTE run its write any number of times with any values, past rules on that write.
     */
    public static Classification classify(String sql, java.util.Set<String> routines, java.util.Map<String, List<String>> prepared) {
        List<Classification.Unit> units = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        classify(sql, routines, prepared, units, unknown, 0);
        return new Classification(units, unknown);
    }

    private static void classify(String sql, java.util.Set<String> routines, java.util.Map<String, List<String>> prepared,
                                 List<Classification.Unit> units, List<String> unknown, int depth) {
        for (SqlStatement s : SqlClassifier.classify(sql, routines)) {
            add(s, units, unknown);
            // A DO block is judged as procedural code and as each statement its body runs: a rule on schema changes or
            // on a table's writes must meet DROP TABLE or DELETE inside one.
            if (s.kind() == SqlKind.PROCEDURAL || s.kind() == SqlKind.COPY_PROGRAM) {
                var block = hoop.policy.sql.DoBlock.of(s.text());
                List<String> unread = block.isEmpty() ? List.of() : depth >= hoop.policy.sql.DoBlock.MAX_NESTED
                        ? List.of("DO blocks nested deeper than " + hoop.policy.sql.DoBlock.MAX_NESTED + " are not read")
                        : block.get().unjudged();
                if (!unread.isEmpty()) {
                    units.add(new Classification.Unit(SqlKind.UNKNOWN.policyName(), null, java.util.Set.of(), List.of(), s.text()));
                    unknown.addAll(unread);
                } else if (block.isPresent()) {
                    for (String inner : block.get().statements()) classify(inner, routines, prepared, units, unknown, depth + 1);
                }
            }
            if (prepared.isEmpty()) continue;
            for (String name : SqlClassifier.executed(s.text())) {
                for (String text : prepared.getOrDefault(name, List.of())) {
                    for (SqlStatement p : SqlClassifier.classify(text, routines)) add(p, units, unknown);
                }
            }
        }
    }

    private static void add(SqlStatement s, List<Classification.Unit> units, List<String> unknown) {
        units.add(new Classification.Unit(s.kind().policyName(), null, s.flags(), s.tables(), s.text()));
        // A statement whose kind says more than its reads or writes of its tables (pg_advisory_lock() beside them, INTO,
        // COPY, INSERT ... SELECT) is judged as those too: a rule on a table's reads or writes must not be passed by
        // raising the kind. A write is judged on all its tables, as the statement; a read on the tables it reads; a change
        // of definitions (ddl) raised to dcl or admin by a clause beside it (ENABLE ROW LEVEL SECURITY) on all its tables;
        // code it runs unseen (a trigger, an event trigger) under dcl or admin as the procedural code it is.
        if (s.access() == SqlKind.WRITE) {
            units.add(new Classification.Unit(s.access().policyName(), null, s.flags(), s.tables(), s.text()));
        }
        if (s.defines()) {
            units.add(new Classification.Unit(SqlKind.DDL.policyName(), null, s.flags(), s.tables(), s.text()));
        }
        if (s.calls()) {
            units.add(new Classification.Unit(SqlKind.PROCEDURAL.policyName(), null, s.flags(), s.tables(), s.text()));
        }
        if (!s.read().isEmpty()) {
            units.add(new Classification.Unit(SqlKind.READ.policyName(), null, s.flags(), s.read(), s.text()));
        }
        if (s.kind() == SqlKind.UNKNOWN) {
            unknown.add(s.unknownReasons().isEmpty() ? "unrecognised statement" : String.join("; ", s.unknownReasons()));
        }
    }
}
