package hoop.policy.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Evidence gathered about one statement; kinds only ever escalate. */
final class Analysis {

    private SqlKind kind;
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> ctes = new LinkedHashSet<>();
    private final List<String> reasons = new ArrayList<>();
    private boolean planOnly;

    /** Marks analysis of a statement that is only planned (plain EXPLAIN): its function calls never run. */
    void planOnly() {
        planOnly = true;
    }

    boolean isPlanOnly() {
        return planOnly;
    }

    SqlKind kind() {
        return kind;
    }

    void raise(SqlKind k) {
        kind = SqlKind.stricter(kind, k);
    }

    void unknown(String reason) {
        kind = SqlKind.UNKNOWN;
        if (!reasons.contains(reason)) {
            reasons.add(reason);
        }
    }

    void flag(String f) {
        flags.add(f);
    }

    Set<String> flags() {
        return flags;
    }

    void table(String name) {
        tables.add(name);
    }

    /** The relations named so far: a bare name that a WITH clause defines is a CTE, not a relation; a qualified one never is. */
    List<String> relations() {
        List<String> rel = new ArrayList<>();
        for (String t : tables) {
            if (!(ctes.contains(t) && t.indexOf('.') < 0)) {
                rel.add(t);
            }
        }
        return rel;
    }

    void cte(String name) {
        ctes.add(name);
    }

    void merge(Analysis o) {
        raise(o.kind);
        flags.addAll(o.flags);
        tables.addAll(o.tables);
        ctes.addAll(o.ctes);
        for (String r : o.reasons) {
            unknown(r);
        }
    }

    /** Only the relations, e.g. for EXPLAIN without ANALYZE, which runs nothing. */
    void mergeTables(Analysis o) {
        tables.addAll(o.tables);
        ctes.addAll(o.ctes);
    }

    SqlStatement build(String text) {
        SqlKind k = kind == null ? SqlKind.UNKNOWN : kind;
        List<String> why = new ArrayList<>();
        if (k == SqlKind.UNKNOWN) {
            why.addAll(reasons);
            if (why.isEmpty()) {
                why.add("statement could not be classified");
            }
        }
        return new SqlStatement(text, k, flags, relations(), why);
    }
}
