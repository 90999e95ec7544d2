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
        return classify(sql, routines, prepared, List.of());
    }

    /**
     * params: the expression each parameter {@code $n} of the text is bound to (index n - 1; null where unknown), as a
     * protocol Bind's values. The text is judged as written and again with those values in place: a value can make a
     * write reach every row ({@code WHERE name LIKE $1} bound to {@code '%'}) as the same value written in the text does.
     */
    public static Classification classify(String sql, java.util.Set<String> routines, java.util.Map<String, List<String>> prepared,
                                          List<String> params) {
        List<Classification.Unit> units = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        classify(sql, routines, prepared, units, unknown, 0);
        addValued(SqlClassifier.withParams(sql, params), routines, prepared, units);
        return new Classification(units, unknown);
    }

    /**
     * The units of a statement judged with its parameters' values in place, added where that text reads as well as the
     * statement did: the values only ever add to the judgement (a value the text cannot hold, such as a binary one shown
     * as hex, is no reason to refuse what was judged without it).
     */
    private static void addValued(String valued, java.util.Set<String> routines, java.util.Map<String, List<String>> prepared,
                                  List<Classification.Unit> units) {
        if (valued == null) return;
        List<Classification.Unit> more = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        classify(valued, routines, prepared, more, unread, 0);
        if (!unread.isEmpty() || more.stream().anyMatch(u -> u.kind().equals(SqlKind.UNKNOWN.policyName()))) return;
        for (Classification.Unit u : more) {
            if (units.stream().noneMatch(had -> had.kind().equals(u.kind()) && had.flags().equals(u.flags()) && had.tables().equals(u.tables()))) {
                units.add(u);
            }
        }
    }

    private static void classify(String sql, java.util.Set<String> routines, java.util.Map<String, List<String>> prepared,
                                 List<Classification.Unit> units, List<String> unknown, int depth) {
        for (SqlStatement s : SqlClassifier.classify(sql, routines)) {
            add(s, units, unknown);
            routineBody(s, routines, units);
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
            // A PREPARE earlier in the same text is what an EXECUTE after it runs (besides what the name held before).
            if (mayPrepare(s.text())) {
                java.util.Map<String, List<String>> more = new java.util.HashMap<>(prepared);
                SqlClassifier.prepared(s.text()).forEach((name, text) -> more.merge(name, List.of(text),
                        (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
                prepared = more;
            }
            if (prepared.isEmpty()) continue;
            for (SqlClassifier.Execution e : SqlClassifier.executions(s.text())) {
                for (String text : prepared.getOrDefault(e.name(), List.of())) {
                    for (SqlStatement p : SqlClassifier.classify(text, routines)) add(p, units, unknown);
                    addValued(SqlClassifier.withParams(text, e.args()), routines, java.util.Map.of(), units);
                }
            }
        }
    }

    /**
     * CREATE FUNCTION / PROCEDURE is procedural (and ddl) whatever its body does, and every call is procedural: a body
     * hoop reads (LANGUAGE sql, BEGIN ATOMIC, plpgsql) that grants, administers or runs a program is judged as that too
     * when it is made, or a GRANT refused as dcl ran as CREATE FUNCTION f() ... AS 'GRANT ...' and SELECT f(). Only
     * kinds stricter than procedural: what the body reads or writes is judged as the routine's calls are.
     */
    private static void routineBody(SqlStatement s, java.util.Set<String> routines, List<Classification.Unit> units) {
        for (String inner : hoop.policy.sql.RoutineBody.statements(s)) {
            for (SqlStatement b : SqlClassifier.classify(inner, routines)) {
                if (b.kind() == SqlKind.DCL || b.kind() == SqlKind.ADMIN || b.kind() == SqlKind.COPY_PROGRAM) {
                    units.add(new Classification.Unit(b.kind().policyName(), null, b.flags(), b.tables(), b.text()));
                }
            }
        }
    }

    /**
     * Whether the text takes parameters ($n) and writes, itself or by EXECUTE of what prepared holds: the values bound to
     * them may judge it otherwise.
     */
    public static boolean writesWithParams(String sql, java.util.Map<String, List<String>> prepared) {
        if (!SqlClassifier.takesParams(sql)) return false;
        for (Classification.Unit u : classify(sql, java.util.Set.of(), prepared).units()) {
            if (u.kind().equals(SqlKind.WRITE.policyName())) return true;
        }
        return false;
    }

    /** Whether a statement's text may hold PREPARE, in any case: a cheap look before lexing it again. */
    private static boolean mayPrepare(String text) {
        for (int i = 0; i + 7 <= text.length(); i++) {
            if ((text.charAt(i) | 0x20) == 'p' && text.regionMatches(true, i, "prepare", 0, 7)) return true;
        }
        return false;
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
