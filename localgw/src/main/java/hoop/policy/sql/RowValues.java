package hoop.policy.sql;

import java.util.HashSet;
import java.util.Set;

/**
 * The two sides of a comparison in an UPDATE/DELETE/MERGE condition, for {@link Conditions}: a comparison is shown to
 * narrow the rows only when it sets the row's own value ({@link #own}: a column of the target, possibly cast, a field
 * of it, or passed through a function that keeps values apart, such as lower) against a value the row does not
 * determine ({@link #independent}: literals, parameters, another item's columns, a subquery that neither takes the row's
 * value nor lists the target's own values whole). {@code id >= (SELECT min(id) FROM t)}, {@code id = ANY (ARRAY(SELECT
 * id FROM t))}, {@code name LIKE name} and {@code id >= id - 1} hold on every row and show nothing narrowing.
 */
final class RowValues {

    /** Functions that pass a value on keeping values apart (or pick a part of it): lower(email) = 'x' narrows on email. */
    private static final Set<String> PASSING = Set.of("lower", "upper", "btrim", "ltrim", "rtrim", "date", "date_trunc",
            "date_part", "extract", "coalesce", "nullif", "timezone", "unaccent", "jsonb_extract_path",
            "jsonb_extract_path_text", "json_extract_path", "json_extract_path_text");
    /** Operators taking a part of a value by a key: data->>'k' = 'v' narrows on data. */
    private static final Set<String> FIELD = Set.of("->", "->>", "#>", "#>>");
    /** Words ending a query's FROM clause at its level. */
    private static final Set<String> FROM_END = Set.of("where", "group", "having", "window", "order", "limit", "offset",
            "fetch", "for");

    private final Toks t;
    private final Target target;

    RowValues(Toks t, Target target) {
        this.t = t;
        this.target = target;
    }

    /**
     * Whether t[from, to) is the target row's own value: one of its columns, through brackets, casts, COLLATE, a field
     * or element taken by a key the row does not determine, a row constructor of such values and others, or one of the
     * {@link #PASSING} functions (not a stored routine of that name) of it.
     */
    boolean own(int from, int to) {
        if (from >= to) {
            return false;
        }
        if (t.punct(from, "(") && t.close(from) == to - 1) {
            return !Queries.startsQuery(t, from + 1, to - 1) && ownRow(from + 1, to - 1);
        }
        if (t.word(from, "row") && t.punct(from + 1, "(") && t.close(from + 1) == to - 1) {
            return ownRow(from + 2, to - 1);
        }
        if (t.word(from, "cast") && t.punct(from + 1, "(") && t.close(from + 1) == to - 1) {
            int as = t.findWord(from + 2, to - 1, "as");
            return as > from + 2 && own(from + 2, as);
        }
        for (int k = from; k < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.punct(k, "::")) {
                return typeOnly(k + 1, to) && own(from, k);
            } else if (t.word(k, "collate")) {
                return own(from, k);
            }
        }
        for (int k = to - 1; k > from; k--) {
            if (t.punct(k, ")") || t.punct(k, "]")) {
                k = Math.max(from, t.opening(k));
            } else if (t.get(k).type() == Token.Type.OP && FIELD.contains(t.get(k).value())) {
                return own(from, k) && independent(k + 1, to, Set.of());
            }
        }
        if (t.punct(to - 1, "]")) {
            int open = t.opening(to - 1);
            return open > from && own(from, open) && independent(open + 1, to - 1, Set.of());
        }
        int end = Target.chainEnd(t, from);
        if (end > from && t.punct(end, "(") && t.close(end) == to - 1) {
            String f = Lexer.asciiLower(t.get(end - 1).value());
            return PASSING.contains(f) && !t.isRoutine(f) && oneOwnArgument(end + 1, to - 1);
        }
        // a function item's alias alone is its value, not a column of the row
        return target.column(t, from, to) != null && target.reads(t, from, to) && !(to - from == 1 && target.derived(t.get(from).value()) != null);
    }

    /** The names of the columns t[from, to) reads (the last part of each name chain that is no function or keyword). */
    Set<String> columns(int from, int to) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < to; i++) {
            int end = Target.chainEnd(t, i);
            if (end == i) {
                continue;
            }
            Token last = t.get(end - 1);
            if (!t.punct(end, "(") && !t.punct(i - 1, "::")
                    && !(last.type() == Token.Type.IDENT && Conditions.CONSTANT_WORDS.contains(last.value()))) {
                out.add(last.value());
            }
            i = end - 1;
        }
        return out;
    }

    /** The columns t[from, to) reads as {@link Target#column} names them: t.id and id are one where only t has an id. */
    Set<String> resolved(int from, int to) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < to; i++) {
            int end = Target.chainEnd(t, i);
            if (end == i) {
                continue;
            }
            String c = target.column(t, i, end);
            if (c != null) {
                out.add(c);
            }
            i = end - 1;
        }
        return out;
    }

    /**
     * Whether t[from, to) is a value the target row does not determine: outside subqueries it reads no column of the
     * row, and no subquery in it takes the row's value in what it returns ({@code (SELECT t.id)}) or returns one of
     * {@code compared} (the columns the other side reads) from every row of the target's table ({@code (SELECT
     * min(id) FROM t)}): every row's value is among those.
     */
    boolean independent(int from, int to, Set<String> compared) {
        if (from >= to) {
            return false;
        }
        int seg = from;
        for (int i = from; i < to; i++) {
            // only a bracket the query starts right in: coalesce((SELECT ...), 0)'s first bracket holds more
            if (t.punct(i, "(") && t.anyWord(i + 1, "select", "values", "table", "with")) {
                int c = Math.min(t.close(i), to);
                if (seg < i && target.reads(t, seg, i) || !subqueryIndependent(i + 1, c, compared)) {
                    return false;
                }
                i = c;
                seg = c + 1;
            }
        }
        return (seg >= to || !target.reads(t, seg, to)) && derivedIndependent(from, to, compared);
    }

    /**
     * Whether each column of another item in t[from, to) that the item makes itself (a subquery's, a function's) is
     * independent too: {@code (SELECT id AS x FROM t) s} hands t's own values back as s.x, as IN (SELECT id FROM t) does.
     */
    private boolean derivedIndependent(int from, int to, Set<String> compared) {
        for (int i = from; i < to; i++) {
            int end = Target.chainEnd(t, i);
            // s.x, or s alone: a function item's single value (unnest(...) g ... WHERE t.id = g)
            // k alone, a column another item shows (USING (SELECT id AS k FROM t) s), is that item's: s.k
            String item = end - i >= 3 ? t.get(end - 3).value() : end - i == 1
                    ? java.util.Objects.requireNonNullElse(target.shownItem(t.get(i).value()), t.get(i).value()) : null;
            if (item != null && !t.punct(end, "(")) {
                int[] d = target.derived(item);
                boolean query = d != null && t.anyWord(d[0], "select", "values", "table", "with");
                if (d != null && (query ? !subqueryIndependent(d[0], d[1], compared) : nestedWhole(d[0], d[1]))) {
                    return false;
                }
            }
            i = Math.max(i, end - 1);
        }
        return true;
    }

    /** A subquery's content t[from, to), branch by branch (UNION, INTERSECT, EXCEPT), as {@link #independent} says. */
    private boolean subqueryIndependent(int from, int to, Set<String> compared) {
        return t.memo(java.util.List.of("independent", target, from, to, compared), () -> branchesIndependent(from, to, compared));
    }

    private boolean branchesIndependent(int from, int to, Set<String> compared) {
        for (int[] b : branches(from, to)) {
            if (!branchIndependent(b[0], b[1], compared)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One branch: it takes the row's value in what it returns, or returns one of {@code compared} from every row of the
     * target's table named in its FROM, or holds a subquery that does either (in its select list) or that may return
     * the table whole under any name (in its FROM: {@code (SELECT id AS x FROM t) s} renames the column).
     */
    private boolean branchIndependent(int from, int to, Set<String> compared) {
        if (t.word(from, "table")) {
            StringBuilder n = new StringBuilder();
            int j = t.relationName(t.word(from + 1, "only") ? from + 2 : from + 1, n);
            return j == from + 1 || !target.rowsOfTable(t, n.toString());
        }
        int f = t.word(from, "select") ? t.findWord(from, to, "from") : -1;
        if (f < 0) {
            // VALUES, or SELECT without FROM: what it returns is its expressions'
            return !target.reads(t, from, to) && nestedIndependent(from, to, compared);
        }
        int end = fromEnd(f, to);
        if (target.namesRow(t, from + 1, f, SubqueryNames.of(t, from, to).names()) || new OuterNames(t, target, this).captured(from + 1, f, end, compared)) {
            return false;
        }
        if (narrowed(f, to)) {
            return true;
        }
        if (itemReadsRow(f, end)) {
            return false;
        }
        return !(mentions(from + 1, f, compared) && namesTable(f, end))
                && nestedIndependent(from + 1, f, compared) && !nestedWhole(f, end);
    }

    /**
     * Whether a FROM item after {@code f} (up to {@code end}) is made of the target's row: a subquery, VALUES or a
     * function reading it ({@code (VALUES (t.id)) v(x)}, {@code unnest(ARRAY[t.id]) x}) hands the row's own values back
     * as its columns. A join's ON is a condition, not an item.
     */
    private boolean itemReadsRow(int f, int end) {
        boolean on = false;
        for (int k = f + 1; k < end; k++) {
            if (t.word(k, "on")) {
                on = true;
            } else if (t.punct(k, ",") || t.anyWord(k, "join", "cross", "inner", "left", "right", "full", "natural")) {
                on = false;
            } else if (t.isOpen(k)) {
                int c = Math.min(t.close(k), end);
                // not an alias's column list: u AS s(a), (VALUES (1)) v(a), f(x) g(a)
                boolean columns = t.isName(k - 1) && !t.anyWord(k - 1, "from", "join", "lateral", "only")
                        && (t.word(k - 2, "as") || t.punct(k - 2, ")")
                        || t.isName(k - 2) && !t.anyWord(k - 2, "from", "join", "lateral", "only"));
                if (!on && !columns && target.reads(t, k, c + 1)) {
                    return true;
                }
                k = c;
            }
        }
        return false;
    }

    /** Whether each subquery in t[from, to) (not inside another) is independent as {@link #subqueryIndependent} says. */
    private boolean nestedIndependent(int from, int to, Set<String> compared) {
        for (int[] q : queries(from, to)) {
            if (!subqueryIndependent(q[0], q[1], compared)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a subquery in t[from, to) (not inside another) may return every row of the target's table. */
    private boolean nestedWhole(int from, int to) {
        for (int[] q : queries(from, to)) {
            if (wholeQuery(q[0], q[1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether any branch of the query t[from, to) may return every row of the target's table, whatever its columns: it
     * names the table in its FROM, or holds such a query, and nothing at its level narrows the rows.
     */
    private boolean wholeQuery(int from, int to) {
        return t.memo(java.util.List.of("whole", target, from, to), () -> anyBranchWhole(from, to));
    }

    private boolean anyBranchWhole(int from, int to) {
        for (int[] b : branches(from, to)) {
            if (t.word(b[0], "table")) {
                StringBuilder n = new StringBuilder();
                t.relationName(t.word(b[0] + 1, "only") ? b[0] + 2 : b[0] + 1, n);
                if (target.rowsOfTable(t, n.toString())) {
                    return true;
                }
                continue;
            }
            int f = t.word(b[0], "select") ? t.findWord(b[0], b[1], "from") : -1;
            if (f >= 0 && narrowed(f, b[1])) {
                continue;
            }
            if (f >= 0 && namesTable(f, fromEnd(f, b[1])) || nestedWhole(b[0], b[1])) {
                return true;
            }
        }
        return false;
    }

    /** The branches of the query t[from, to): split at UNION, INTERSECT and EXCEPT, past a WITH list and brackets. */
    java.util.List<int[]> branches(int from, int to) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        if (t.word(from, "with")) {
            from = pastWith(from, to);
        }
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && t.isOpen(i)) {
                i = Math.min(t.close(i), to - 1);
            } else if (i == to || t.anyWord(i, "union", "intersect", "except")) {
                if (t.punct(start, "(") && t.close(start) == i - 1) {
                    out.addAll(branches(start + 1, i - 1));
                } else {
                    out.add(new int[] {start, i});
                }
                start = t.anyWord(i + 1, "all", "distinct") ? i + 2 : i + 1;
            }
        }
        return out;
    }

    /** Where the statement after WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query) [, ...] starts. */
    int pastWith(int with, int to) {
        int k = t.word(with + 1, "recursive") ? with + 2 : with + 1;
        while (k < to && t.isName(k)) {
            k = t.punct(k + 1, "(") ? t.close(k + 1) + 1 : k + 1;
            if (!t.word(k, "as")) {
                return k;
            }
            k++;
            while (t.anyWord(k, "not", "materialized")) {
                k++;
            }
            k = t.punct(k, "(") ? t.close(k) + 1 : k;
            while (k < to && !t.punct(k, ",") && !Queries.startsQuery(t, k, to)) {
                k = t.isOpen(k) ? t.close(k) + 1 : k + 1; // SEARCH ... SET, CYCLE ... USING
            }
            if (!t.punct(k, ",")) {
                return k;
            }
            k++;
        }
        return k;
    }

    /** The contents [from, to) of the subqueries in t[from, to), at any depth but not inside one another. */
    private java.util.List<int[]> queries(int from, int to) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            if (t.punct(i, "(") && t.anyWord(i + 1, "select", "values", "table", "with")) {
                int c = Math.min(t.close(i), to);
                out.add(new int[] {i + 1, c});
                i = c;
            }
        }
        return out;
    }

    /** Where the FROM clause at f ends (before WHERE, GROUP BY... of its level). */
    int fromEnd(int f, int to) {
        int end = f + 1;
        while (end < to && !(t.get(end).type() == Token.Type.IDENT && FROM_END.contains(t.w(end)))) {
            end = t.isOpen(end) ? t.close(end) + 1 : end + 1;
        }
        return Math.min(end, to);
    }

    /** Whether the FROM clause t(f, end) names the target's table (or a view or WITH query of its rows) as an item. */
    private boolean namesTable(int f, int end) {
        for (int i = f + 1; i < end; i++) {
            boolean item = t.anyWord(i - 1, "from", "join", "only", "lateral") || t.punct(i - 1, ",") || t.punct(i - 1, "(");
            if (t.isOpen(i) && (!item || t.anyWord(i + 1, "select", "values", "table", "with"))) {
                i = t.close(i); // a function's arguments, or a subquery (nestedWhole's)
            } else if (item && t.isName(i)) {
                StringBuilder n = new StringBuilder();
                int j = t.relationName(i, n);
                if (target.rowsOfTable(t, n.toString())) {
                    return true;
                }
                i = j - 1;
            }
        }
        return false;
    }

    /**
     * Whether a restricting WHERE, HAVING or inner join condition, or a LIMIT / FETCH of a given count, narrows the rows
     * of the level whose FROM stands at f (up to to). Its names are all taken as the rows' own.
     */
    private boolean narrowed(int f, int to) {
        return t.memo(java.util.List.of("narrowed", target, f, to), () -> narrowedAtLevel(f, to));
    }

    private boolean narrowedAtLevel(int f, int to) {
        // The target's table joined with itself: a condition tying its copies (a.id = b.id, USING, NATURAL) keeps every row.
        Target self = target.level(t, f + 1, fromEnd(f, to));
        for (String clause : new String[] {"where", "having"}) {
            int k = t.findWord(f, to, clause);
            if (k >= 0 && restricts(k + 1, clauseEnd(k + 1, to), self)) {
                return true;
            }
        }
        for (int i = f; i < to; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.word(i, "limit") && (t.get(i + 1).type() == Token.Type.NUMBER || t.get(i + 1).type() == Token.Type.PARAM)
                    || t.word(i, "fetch")) {
                return true;
            } else if (t.word(i, "join") && !t.anyWord(i - 1, "left", "right", "full", "outer", "cross")) {
                int on = i + 1;
                while (on < to && !t.anyWord(on, "on", "using") && !t.word(on, "join")) {
                    on = t.isOpen(on) ? t.close(on) + 1 : on + 1;
                }
                if (self == null && (t.word(on, "using") || t.word(i - 1, "natural"))
                        || t.word(on, "on") && restricts(on + 1, clauseEnd(on + 1, to), self)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether t[from, to) restricts rows: of a self-joined level both ways {@link Target#apart} tells; else as names read alone. */
    private boolean restricts(int from, int to, Target self) {
        if (self == null) {
            return Conditions.restricts(t, from, to, Target.UNKNOWN);
        }
        return Conditions.restricts(t, from, to, self) && Conditions.restricts(t, from, to, self.apart());
    }

    /** Where a condition from {@code from} ends: at the next clause or join of its level. */
    private int clauseEnd(int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.get(i).type() == Token.Type.IDENT && (FROM_END.contains(t.w(i)) || Target.ITEM_END.contains(t.w(i))
                    && !t.anyWord(i, "as", "select", "values", "set", "when", "with"))) {
                return i;
            }
        }
        return to;
    }

    /**
     * Whether the select list t[from, to) returns a column named in {@code compared} or every column (*): a name there
     * that is not an output name ({@code a AS id}, {@code a id}).
     */
    private boolean mentions(int from, int to, Set<String> compared) {
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (x.isOp("*") || x.isName() && compared.contains(x.value()) && !outputName(i, to)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the name at i in a select list ending at {@code to} names an output column: after AS, or right after a value. */
    boolean outputName(int i, int to) {
        if (t.word(i - 1, "as")) {
            return true;
        }
        Token before = t.get(i - 1);
        boolean value = before.isPunct(")") || before.type() == Token.Type.STRING || before.type() == Token.Type.NUMBER
                || before.isName() && !(before.type() == Token.Type.IDENT && (Conditions.CONSTANT_WORDS.contains(before.value())
                || before.value().equals("all")));
        return value && (i + 1 >= to || t.punct(i + 1, ","));
    }

    /** A row constructor's elements (or one element): each the row's own value or independent of it, one at least own. */
    private boolean ownRow(int from, int to) {
        boolean any = false;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && t.isOpen(i)) {
                i = Math.min(t.close(i), to - 1);
            } else if (i == to || t.punct(i, ",")) {
                if (own(start, i)) {
                    any = true;
                } else if (!independent(start, i, Set.of())) {
                    return false;
                }
                start = i + 1;
            }
        }
        return any;
    }

    /** A function's arguments t[from, to) (split at commas and EXTRACT's FROM): one the row's own value, the rest not the row's. */
    private boolean oneOwnArgument(int from, int to) {
        int owned = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && t.isOpen(i)) {
                i = Math.min(t.close(i), to - 1);
            } else if (i == to || t.punct(i, ",") || t.word(i, "from")) {
                if (t.word(i, "from") && i == start + 1) {
                    // EXTRACT(field FROM value): the field is a keyword, no column
                } else if (own(start, i)) {
                    owned++;
                } else if (!independent(start, i, Set.of())) {
                    return false;
                }
                start = i + 1;
            }
        }
        return owned == 1;
    }

    /** Whether t[from, to) is only a type name (after ::): names, dots, brackets, sizes, no operator or value. */
    private boolean typeOnly(int from, int to) {
        for (int i = from; i < to; i++) {
            Token.Type y = t.get(i).type();
            if (!(t.get(i).isName() || y == Token.Type.NUMBER || y == Token.Type.PUNCT)) {
                return false;
            }
        }
        return from < to;
    }
}
