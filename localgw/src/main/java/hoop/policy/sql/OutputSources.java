package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The names each output column of a plain SELECT is computed from, so that a computed number whose own expression
 * names no ruled column ({@code count(*)}, {@code id + 1}) need not be masked because another column of the same
 * statement reads one ({@code SELECT id + 1, email FROM customers}). Only the shape hoop can follow for sure: one
 * SELECT, no WITH, no set operation, no WINDOW clause, no INTO, a FROM list of relations by name (joins with ON or
 * USING; no function, subquery, LATERAL or bracketed join there), and no {@code *} column list (its columns shift
 * the positions). Anything else is null: the caller keeps judging by the whole statement.
 *
 * <p>The other clauses (WHERE, GROUP BY, HAVING, ORDER BY, LIMIT) only pick, group or order rows: they feed no output
 * value that a plain column of the same rows would not already tell. An item that holds a subquery, or uses a
 * relation of the FROM list as a whole row ({@code row_to_json(c)}, {@code c::text}), is null: what it carries cannot
 * be read from its own names.
 */
public final class OutputSources {
    private OutputSources() {
    }

    /** Words ending the FROM list at depth 0. */
    private static final Set<String> FROM_ENDS = Set.of("where", "group", "having", "order", "limit", "offset", "fetch", "for");
    /** Words ending the output list at depth 0. */
    private static final Set<String> ITEMS_END = Set.of("from", "where", "group", "having", "order", "limit", "offset", "fetch", "for");
    /** Statement-level words whose presence at depth 0 means another shape than a plain SELECT. */
    private static final Set<String> OTHER_SHAPES = Set.of("union", "intersect", "except", "window", "into");
    /** Words of a FROM list's joins. */
    private static final Set<String> JOIN_WORDS = Set.of("join", "inner", "left", "right", "full", "outer", "cross", "natural", "as", "only");

    /**
     * One output column: the names its expression uses (a function's, a type's and keywords included), and the
     * relations of the FROM list it qualifies a name by ({@code c.x}): x may be a function given c's whole row
     * ({@code c.to_jsonb}, {@code c.num_nonnulls} in attribute notation), which the names cannot tell from a column.
     */
    public record Output(List<String> names, List<String> qualified) {}

    /**
     * Per output column, in order, what it is computed from, or a null element for one whose sources cannot be read
     * from its names; null when the statement's shape is not one followed here.
     */
    public static List<Output> of(String sql) {
        try {
            return read(sql);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    private static List<Output> read(String sql) {
        List<Token> t = new ArrayList<>();
        boolean ended = false;
        for (Token k : Lexer.lex(sql)) {
            if (k.type() == Token.Type.ERROR) return null;
            if (k.isPunct(";")) {
                ended = true;
                continue;
            }
            if (ended) return null;   // a second statement
            t.add(k);
        }
        int n = t.size();
        if (n < 2 || !t.get(0).isWord("select")) return null;
        int[] depth = new int[n];
        int d = 0;
        for (int j = 0; j < n; j++) {
            Token k = t.get(j);
            if (k.isPunct(")") || k.isPunct("]")) d--;
            if (d < 0) return null;
            depth[j] = d;
            if (k.isPunct("(") || k.isPunct("[")) d++;
        }
        if (d != 0) return null;
        int start = 1;
        if (t.get(start).isWord("all")) start++;
        else if (t.get(start).isWord("distinct")) {
            start++;
            if (start < n && t.get(start).isWord("on")) {
                if (start + 1 >= n || !t.get(start + 1).isPunct("(")) return null;
                start = close(t, depth, start + 1) + 1;
            }
        }
        int end = start;
        while (end < n && !(depth[end] == 0 && t.get(end).type() == Token.Type.IDENT && ITEMS_END.contains(t.get(end).value()))) end++;
        for (int j = start; j < n; j++) {
            if (depth[j] == 0 && t.get(j).type() == Token.Type.IDENT && OTHER_SHAPES.contains(t.get(j).value())) return null;
        }
        java.util.Map<String, String> relations = new java.util.HashMap<>();
        if (end < n && t.get(end).isWord("from") && !fromList(t, depth, end + 1, relations)) return null;
        List<Output> out = new ArrayList<>();
        int from = start;
        for (int j = start; j <= end; j++) {
            if (j == end || t.get(j).isPunct(",") && depth[j] == 0) {
                if (j == from) return null;
                Output item = item(t, depth, from, j, relations);
                if (item == STAR) return null;
                out.add(item);
                from = j + 1;
            }
        }
        return out;
    }

    private static final Output STAR = new Output(List.of("*"), List.of());

    /** What item [from, to) uses; null when its names do not tell what it carries; STAR for a column list (*, t.*). */
    private static Output item(List<Token> t, int[] depth, int from, int to, java.util.Map<String, String> relations) {
        List<String> names = new ArrayList<>();
        List<String> qualified = new ArrayList<>();
        boolean unreadable = false;
        for (int j = from; j < to; j++) {
            Token k = t.get(j);
            if (k.isOp("*") && (j == from || t.get(j - 1).isPunct("."))) return STAR;
            if (k.isWord("select")) unreadable = true;   // a subquery: its own FROM, aliases and stars
            int counted = counted(t, j, to);
            if (counted > j) {
                // count(c) tells how many rows hold a c, as count(*) ... WHERE c IS NOT NULL does: never a value of c.
                names.add(k.value());
                j = counted;
                continue;
            }
            if (!k.isName()) continue;
            names.add(k.value());
            boolean qualifier = j + 1 < to && t.get(j + 1).isPunct(".");
            // A relation of the FROM list named as a value, not as a column's qualifier: a whole row.
            if (!qualifier && relations.containsKey(k.value())) unreadable = true;
            if (qualifier && relations.containsKey(k.value())) qualified.add(relations.get(k.value()));
        }
        return unreadable ? null : new Output(List.copyOf(names), List.copyOf(qualified));
    }

    /**
     * The index of the bracket closing {@code count([DISTINCT | ALL] c)} of a possibly qualified column c starting at
     * {@code at}, or -1 when no such call starts there.
     */
    private static int counted(List<Token> t, int at, int to) {
        if (!t.get(at).isWord("count") || at + 3 >= to || !t.get(at + 1).isPunct("(")) return -1;
        int j = at + 2;
        if (t.get(j).isWord("distinct") || t.get(j).isWord("all")) j++;
        if (j >= to || !t.get(j).isName()) return -1;
        while (j + 2 < to && t.get(j + 1).isPunct(".") && t.get(j + 2).isName()) j += 2;
        return j + 1 < to && t.get(j + 1).isPunct(")") ? j + 1 : -1;
    }

    /**
     * Reads FROM [ONLY] a[.b] [[AS] x] {, | [kind] JOIN ...  [ON cond | USING (cols)]} up to the clause ending it,
     * adding each relation's name and alias. False for any other FROM item (a function, a subquery, LATERAL, a
     * bracketed join, TABLESAMPLE, a column alias list).
     */
    private static boolean fromList(List<Token> t, int[] depth, int at, java.util.Map<String, String> relations) {
        int n = t.size();
        boolean condition = false;   // inside an ON condition, which picks rows and feeds no value
        String relation = null;   // the last relation read, which an alias that follows names
        for (int j = at; j < n; j++) {
            Token k = t.get(j);
            if (depth[j] == 0 && k.type() == Token.Type.IDENT && FROM_ENDS.contains(k.value())) return true;
            if (condition) {
                if (depth[j] == 0 && (k.isPunct(",") || k.type() == Token.Type.IDENT && JOIN_WORDS.contains(k.value()) && !k.isWord("as"))) {
                    condition = false;
                } else {
                    if (k.isWord("select") || k.isWord("lateral")) return false;
                    continue;
                }
            }
            if (k.isWord("on")) {
                condition = true;
                relation = null;
            } else if (k.isWord("using")) {
                if (j + 1 >= n || !t.get(j + 1).isPunct("(")) return false;
                int close = close(t, depth, j + 1);
                for (int c = j + 2; c < close; c++) if (!(t.get(c).isName() || t.get(c).isPunct(","))) return false;
                j = close;
            } else if (k.isName()) {
                if (k.type() == Token.Type.IDENT && (k.value().equals("lateral") || k.value().equals("tablesample") || k.value().equals("rows"))) return false;
                if (k.type() == Token.Type.IDENT && JOIN_WORDS.contains(k.value())) {
                    if (!k.isWord("as")) relation = null;
                    continue;
                }
                boolean part = j + 1 < n && t.get(j + 1).isPunct(".") || j > at && t.get(j - 1).isPunct(".");
                if (part || relation == null) {
                    // A (qualified) relation's name: its last part is what qualifies a column.
                    relation = k.value();
                    relations.put(k.value(), k.value());
                } else {
                    relations.put(k.value(), relation);   // its alias
                    relation = null;
                }
            } else if (k.isPunct(",")) {
                relation = null;
            } else if (!k.isPunct(".")) {
                return false;   // a bracket: a function, a subquery, a column alias list or a bracketed join
            }
        }
        return true;
    }

    private static int close(List<Token> t, int[] depth, int open) {
        for (int j = open + 1; j < t.size(); j++) if (depth[j] == depth[open] && (t.get(j).isPunct(")") || t.get(j).isPunct("]"))) return j;
        return t.size() - 1;
    }
}
