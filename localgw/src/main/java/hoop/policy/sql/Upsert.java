package hoop.policy.sql;

/**
 * Whether an INSERT ... ON CONFLICT ... DO UPDATE may change every row of its table: when its rows come from the table
 * itself, each meets itself on any unique key, as an UPDATE without WHERE does. The source reads the table when its text
 * (or the statement's WITH queries) names it anywhere; it is bounded then only as a query {@code SELECT ... FROM t WHERE
 * c} is, c restricting which rows it reads as an UPDATE's WHERE must ({@link Conditions}), or as a VALUES list is (one
 * row per entry). Any other shape reading the table (an alias, DISTINCT, a join, a set operation, a WITH query, ORDER BY
 * ... WHERE true) is taken as reading it whole.
 */
final class Upsert {

    /** Clauses after a source's WHERE that leave its rows as they are, or fewer. */
    private static final java.util.Set<String> AFTER_WHERE = java.util.Set.of("order", "limit", "offset", "fetch", "for");
    /** Clauses after a source's WHERE that add or make rows (groups of all rows, another query's). */
    private static final java.util.Set<String> MORE_ROWS = java.util.Set.of("group", "having", "window", "union", "intersect", "except");

    private Upsert() {
    }

    /** The INSERT whose verb stands at {@code verb}, its statement starting at {@code from} (its WITH, if any). */
    static boolean unbounded(Toks t, int from, int verb, int to) {
        int on = -1;
        for (int k = verb; k < to && on < 0; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "on") && t.word(k + 1, "conflict")) {
                on = k;
            }
        }
        int doAt = on < 0 ? -1 : t.findWord(on, to, "do");
        if (doAt < 0 || !t.word(doAt + 1, "update")) {
            return false;
        }
        StringBuilder table = new StringBuilder();
        int k = t.relationName(verb + 2, table); // INSERT INTO name
        if (table.isEmpty()) {
            return true; // not an INSERT this reads: fail closed
        }
        String own = t.word(k, "as") && t.isName(k + 1) ? t.get(k + 1).value() : t.get(k - 1).value();
        int where = t.findWord(doAt, to, "where");
        int returning = t.findWord(doAt, to, "returning");
        if (where >= 0 && Conditions.restricts(t, where + 1, returning < 0 ? to : returning, Target.upserted(table.toString(), own))) {
            return false;
        }
        if (t.word(k, "as")) {
            k++;
        }
        if (t.isName(k) && !t.anyWord(k, "select", "table", "values", "overriding", "default", "with")) {
            k++;
        }
        if (t.punct(k, "(") && !Queries.startsQuery(t, k + 1, t.close(k))) {
            k = t.close(k) + 1; // the column list
        }
        if (t.word(k, "overriding")) {
            k += 3;
        }
        int end = on;
        while (t.punct(k, "(") && t.close(k) == end - 1) {
            k++;
            end--;
        }
        String name = table.toString();
        if (!names(t, from, verb, name) && !names(t, k, end, name)) {
            return false;
        }
        return !(t.word(k, "values") && setOperation(t, k, end) < 0 || selectWhere(t, k, end, name));
    }

    /** Whether t[from, to) names the relation {@code table} anywhere: a name (qualified or not) that is no call. */
    private static boolean names(Toks t, int from, int to, String table) {
        for (int i = from; i < to; i++) {
            int end = Target.chainEnd(t, i);
            if (end == i) {
                continue;
            }
            StringBuilder chain = new StringBuilder();
            t.name(i, chain);
            if (!t.punct(end, "(") && Target.sameRows(t, chain.toString(), table)) {
                return true;
            }
            i = end - 1;
        }
        return false;
    }

    /** Whether the query t[from, to) is {@code SELECT ... FROM rel [alias] WHERE c}, c restricting which of rel's rows it reads. */
    static boolean boundedSelect(Toks t, int from, int to) {
        int f = t.word(from, "select") ? t.findWord(from, to, "from") : -1;
        StringBuilder n = new StringBuilder();
        int k = f < 0 ? -1 : t.word(f + 1, "only") ? f + 2 : f + 1;
        return k > 0 && t.relationName(k, n) > k && selectWhere(t, from, to, n.toString());
    }

    /** The first UNION, INTERSECT or EXCEPT at the top level of t[from, to), or -1. */
    private static int setOperation(Toks t, int from, int to) {
        for (int k = from; k < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.anyWord(k, "union", "intersect", "except")) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Whether the source t[from, to) is {@code SELECT list FROM [ONLY] table [*] [[AS] alias] WHERE c [ORDER BY, LIMIT
     * ...]}, its list not naming the table again (a subquery there may make a row of each of its rows), and c restricts
     * which of the table's rows it reads.
     */
    private static boolean selectWhere(Toks t, int from, int to, String table) {
        int f = t.word(from, "select") ? t.findWord(from, to, "from") : -1;
        if (f < 0 || names(t, from, f, table)) {
            return false;
        }
        int k = t.word(f + 1, "only") ? f + 2 : f + 1;
        StringBuilder n = new StringBuilder();
        int j = t.relationName(k, n);
        if (j == k || !Target.sameRows(t, n.toString(), table)) {
            return false;
        }
        String own = t.get(j - 1).isPunct(")") ? t.get(j - 2).value() : t.get(j - 1).value();
        j = Target.aliasIndex(t, j);
        if (Target.isFromItemName(t, j)) {
            own = t.get(j).value();
            j++;
        }
        if (!t.word(j, "where")) {
            return false;
        }
        int end = to;
        for (int i = j + 1; i < to && end == to; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.get(i).type() == Token.Type.IDENT && MORE_ROWS.contains(t.w(i))) {
                return false;
            } else if (t.get(i).type() == Token.Type.IDENT && AFTER_WHERE.contains(t.w(i))) {
                end = i;
            }
        }
        return Conditions.restricts(t, j + 1, end, Target.reading(table, own));
    }
}
