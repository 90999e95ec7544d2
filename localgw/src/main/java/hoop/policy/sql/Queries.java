package hoop.policy.sql;

import java.util.Set;

/**
 * SELECT / VALUES / TABLE / WITH / INSERT / UPDATE / DELETE / MERGE, analysed recursively over
 * parenthesised groups. Each level only reacts to keywords at its own bracket depth, which is
 * what separates "a WHERE of this DELETE" from "a WHERE inside a subquery of its SET list",
 * and "FROM introducing relations" from {@code extract(year FROM ts)}.
 */
final class Queries {

    /** Words that can never be an unquoted relation name, so they end a relation list. */
    private static final Set<String> RESERVED = Set.of("select", "where", "group", "order", "having", "limit",
            "offset", "union", "intersect", "except", "on", "using", "join", "inner", "left", "right", "full",
            "cross", "natural", "set", "values", "returning", "window", "for", "fetch", "default", "as", "into",
            "from", "when", "then", "and", "or", "not", "with", "table", "lateral", "only", "all", "distinct",
            "case", "array", "null", "true", "false");

    /**
     * Words of {@link #RESERVED} that PostgreSQL takes as a relation's name or alias all the same (SET is an unreserved
     * keyword, VALUES a column-name one): {@code SELECT * FROM t set, secret} reads secret, {@code TABLE values} a table.
     */
    private static final Set<String> NAMES_TOO = Set.of("set", "values");

    /** Clause keywords after which a comma no longer separates FROM items. */
    private static final Set<String> LIST_END = Set.of("where", "group", "having", "window", "order", "limit",
            "offset", "fetch", "union", "intersect", "except", "returning", "set", "when", "for", "into", "values",
            "select");

    private Queries() {
    }

    private static final class Frame {
        final String verb;
        final int verbIndex;
        boolean expectRel;
        boolean fromList;
        boolean allowParen;
        boolean createWords;
        boolean sawUsing;
        boolean bounded;
        boolean sawWhere;
        /** The relation expected next is the one this statement writes. */
        boolean target;
        /** The relation this statement writes, once read: RETURNING reads its rows. */
        String targetName;

        Frame(String verb, int verbIndex) {
            this.verb = verb;
            this.verbIndex = verbIndex;
        }
    }

    /** Whether the group content starting at i is a query rather than an expression or list. */
    static boolean startsQuery(Toks t, int i, int to) {
        while (t.punct(i, "(")) {
            i++;
        }
        return switch (t.w(i)) {
            case "select", "values", "table", "with" -> true;
            case "insert", "merge" -> t.word(i + 1, "into");
            case "delete" -> t.word(i + 1, "from");
            // "update" is not reserved, so "(update IS NULL)" must stay an expression.
            case "update" -> t.isName(i + 1) && t.findWord(i + 1, to, "set") >= 0;
            default -> false;
        };
    }

    /**
     * Analyses the query in [from, to) and returns the kind of its main statement.
     * {@code top} is false for CTE bodies and subqueries: a data-modifying statement there is a "cte-write".
     */
    static SqlKind analyze(Toks t, int from, int to, Analysis a, boolean top) {
        if (!t.word(from, "with")) {
            return statement(t, from, to, a, top);
        }
        a.openScope();
        try {
            return statement(t, from, to, a, top);
        } finally {
            a.closeScope();
        }
    }

    private static SqlKind statement(Toks t, int from, int to, Analysis a, boolean top) {
        int i = from;
        if (t.word(i, "with")) {
            i = with(t, i + 1, to, a);
            if (i < 0) {
                a.unknown("malformed WITH clause");
                return SqlKind.UNKNOWN;
            }
        }
        if (t.punct(i, "(")) {
            int c = Math.min(t.close(i), to);
            SqlKind inner = analyze(t, i + 1, c, a, false);
            if (inner == SqlKind.WRITE) {
                a.unknown("data-modifying statement inside parentheses is not valid SQL");
            }
            walk(t, c + 1, to, a, new Frame("select", -1));
            return inner;
        }
        String verb = t.w(i);
        SqlKind kind = switch (verb) {
            case "select", "values", "table" -> SqlKind.READ;
            case "insert", "update", "delete", "merge" -> SqlKind.WRITE;
            default -> null;
        };
        if (kind == null) {
            a.unknown("expected a query or data-modifying statement" + (i < to ? " at '" + t.get(i).value() + "'" : ""));
            return SqlKind.UNKNOWN;
        }
        a.access(kind);
        if (kind == SqlKind.WRITE && !top) {
            a.flag("cte-write");
        }
        Frame f = new Frame(verb, i);
        walk(t, i, to, a, f);
        if ((verb.equals("update") || verb.equals("delete")) && !f.bounded
                || verb.equals("merge") && Where.mergeUnbounded(t, i, to)
                || verb.equals("insert") && Upsert.unbounded(t, from, i, to)) {
            a.flag("unbounded");
        }
        return kind;
    }

    /** Parses the CTE list after WITH; returns the index of the main statement or -1. */
    private static int with(Toks t, int i, int to, Analysis a) {
        boolean recursive = t.word(i, "recursive");
        if (recursive) {
            i++;
        }
        while (i < to) {
            if (!t.isName(i)) {
                return -1;
            }
            // Only WITH RECURSIVE sees a query's own name in its body: WITH c AS (SELECT * FROM c) reads the table c.
            String name = t.get(i).value();
            if (recursive) {
                a.cte(name);
            }
            i++;
            if (t.punct(i, "(")) {
                i = t.close(i) + 1;
            }
            if (!t.word(i, "as")) {
                return -1;
            }
            i++;
            if (t.word(i, "not")) {
                i++;
            }
            if (t.word(i, "materialized")) {
                i++;
            }
            if (!t.punct(i, "(")) {
                return -1;
            }
            int c = Math.min(t.close(i), to);
            analyze(t, i + 1, c, a, false);
            a.cte(name);
            i = c + 1;
            if (t.word(i, "search")) {
                int s = t.findWord(i, to, "set");
                if (s < 0) {
                    return -1;
                }
                i = s + 2;
            }
            if (t.word(i, "cycle")) {
                int u = t.findWord(i, to, "using");
                if (u < 0) {
                    return -1;
                }
                i = u + 2;
            }
            if (!t.punct(i, ",")) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static void walk(Toks t, int from, int to, Analysis a, Frame f) {
        int k = from;
        while (k < to) {
            if (t.isOpen(k)) {
                int c = Math.min(t.close(k), to);
                boolean rel = f.expectRel;
                f.expectRel = false;
                f.allowParen = false;
                if (t.punct(k, "(") && startsQuery(t, k + 1, c)) {
                    analyze(t, k + 1, c, a, false);
                } else if (rel) {
                    // A parenthesised join: its content is itself a FROM list.
                    Frame j = new Frame("join", -1);
                    j.expectRel = true;
                    j.fromList = true;
                    walk(t, k + 1, c, a, j);
                } else {
                    expr(t, k + 1, c, a);
                }
                k = c + 1;
            } else if (f.expectRel) {
                k = relation(t, k, to, a, f);
            } else {
                keyword(t, k, to, a, f);
                k++;
            }
        }
    }

    /** Expression context: only nested queries matter here. */
    static void expr(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            if (t.isOpen(k)) {
                int c = Math.min(t.close(k), to);
                if (t.punct(k, "(") && startsQuery(t, k + 1, c)) {
                    analyze(t, k + 1, c, a, false);
                } else {
                    expr(t, k + 1, c, a);
                }
                k = c;
            }
        }
    }

    private static int relation(Toks t, int k, int to, Analysis a, Frame f) {
        while (k < to && (t.anyWord(k, "only", "lateral")
                || (f.createWords && t.anyWord(k, "temp", "temporary", "unlogged", "table")))) {
            k++;
        }
        boolean allowParen = f.allowParen;
        boolean target = f.target;
        boolean into = f.createWords; // SELECT ... INTO makes the table it names
        f.target = false;
        f.expectRel = false;
        f.allowParen = false;
        f.createWords = false;
        boolean parenthesized = k < to && t.word(k - 1, "only") && t.punct(k, "(");
        if (k >= to || !parenthesized && (!t.isName(k) || RESERVED.contains(t.w(k)) && !NAMES_TOO.contains(t.w(k)))) {
            return k;
        }
        if (t.word(k, "rows") && t.word(k + 1, "from")) {
            return k + 2;
        }
        StringBuilder n = new StringBuilder();
        int j = t.relationName(k, n);
        if (j == k) {
            return k;
        }
        if (t.punct(j, "(") && !allowParen) {
            return j; // a set-returning function, not a relation
        }
        // A statement's target is always a relation (WITH c AS (...) DELETE FROM c deletes from the table c).
        if (target || !a.isCte(n.toString())) {
            a.table(n.toString());
            if (!target && !into) {
                a.read(n.toString());
                Catalogs.read(n.toString(), a);
            }
        }
        if (target) {
            f.targetName = n.toString();
            Catalogs.written(n.toString(), a);
        }
        return alias(t, j, target);
    }

    /**
     * The index past an alias named SET or VALUES after a relation ending before {@code j} (past its '*'), j itself
     * when there is none: read as clause words they would end the FROM list, and the items after the alias would go
     * unseen. After a statement's target only AS makes one (UPDATE t SET, INSERT INTO t VALUES are its clauses).
     */
    private static int alias(Toks t, int j, boolean target) {
        int k = t.get(j).isOp("*") ? j + 1 : j;
        if (t.word(k, "as") && t.anyWord(k + 1, "set", "values")) {
            return k + 2;
        }
        return !target && t.anyWord(k, "set", "values") ? k + 1 : j;
    }

    private static void keyword(Toks t, int k, int to, Analysis a, Frame f) {
        if (t.punct(k, ",")) {
            if (f.fromList) {
                f.expectRel = true;
            }
            return;
        }
        String w = t.w(k);
        if (f.fromList && NAMES_TOO.contains(w) && (t.punct(k - 1, ")") || t.word(k - 1, "as"))) {
            return; // the alias of a subquery or function in the FROM list (relation() passes a relation's)
        }
        if (LIST_END.contains(w)) {
            f.fromList = false;
        }
        switch (w) {
            case "from" -> {
                if (!t.word(k - 1, "distinct")) { // IS [NOT] DISTINCT FROM compares values
                    f.expectRel = true;
                    f.fromList = !(f.verb.equals("delete") && k == f.verbIndex + 1);
                    f.target = f.verb.equals("delete") && k == f.verbIndex + 1;
                }
            }
            case "join" -> f.expectRel = true;
            case "into" -> {
                f.expectRel = true;
                if (t.anyWord(k - 1, "insert", "merge")) {
                    f.allowParen = true;
                    f.target = k - 1 == f.verbIndex;
                } else {
                    // SELECT ... INTO creates a table.
                    f.createWords = true;
                    a.flag("into");
                    a.raise(SqlKind.DDL);
                }
            }
            case "update" -> {
                f.expectRel |= k == f.verbIndex;
                f.target = k == f.verbIndex;
            }
            // TABLE name is SELECT * FROM name wherever a query may stand: first, after UNION, INTERSECT or EXCEPT, as
            // INSERT's source. TABLE is reserved, so unquoted it is never a column (INTO TABLE is relation()'s).
            case "table" -> f.expectRel = true;
            case "using" -> {
                if ((f.verb.equals("delete") || f.verb.equals("merge")) && !f.sawUsing) {
                    f.sawUsing = true;
                    f.expectRel = true;
                    f.fromList = f.verb.equals("delete");
                }
            }
            case "returning" -> {
                if (f.targetName != null) {
                    a.read(f.targetName);
                }
            }
            case "where" -> {
                // Only the first WHERE belongs to the statement; evaluating more would also be quadratic.
                if ((f.verb.equals("update") || f.verb.equals("delete")) && !f.sawWhere) {
                    f.sawWhere = true;
                    f.bounded = Where.bounded(t, f.verbIndex, k, to);
                }
            }
            case "for" -> {
                if (t.anyWord(k + 1, "update", "share")
                        || (t.word(k + 1, "no") && t.word(k + 2, "key") && t.word(k + 3, "update"))
                        || (t.word(k + 1, "key") && t.word(k + 2, "share"))) {
                    // Every row lock is written into the row (its xmax): the server refuses one in a read-only
                    // transaction and wants UPDATE privilege for it, and it blocks other sessions' writes.
                    a.lockRows();
                }
            }
            default -> {
            }
        }
    }
}
