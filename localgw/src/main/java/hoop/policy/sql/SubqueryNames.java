package hoop.policy.sql;

import java.util.HashSet;
import java.util.Set;

/**
 * What a subquery's own FROM items (and WITH queries) are called, the positions of the tokens naming them (relations,
 * aliases, column aliases) and the columns their alias lists give: the names in it that are not the outer row's, for
 * {@link Target}. An alias hides its relation's own name, as in PostgreSQL.
 */
record SubqueryNames(Set<String> names, Set<Integer> items, Set<String> columns) {

    /** The names of the subquery whose content is t[from, to). */
    static SubqueryNames of(Toks t, int from, int to) {
        SubqueryNames l = new SubqueryNames(new HashSet<>(), new HashSet<>(), new HashSet<>());
        locals(t, from, to, l);
        return l;
    }

    /**
     * Fills {@code l} from every FROM, JOIN and TABLE where a query stands: directly in this subquery or in a bracket
     * that starts one, not {@code extract(year FROM ts)}; and from WITH query names.
     */
    private static void locals(Toks t, int from, int to, SubqueryNames l) {
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int k = from; k < to; k++) {
            if (t.isOpen(k)) {
                open.push(k);
                continue;
            }
            if (t.punct(k, ")") || t.punct(k, "]")) {
                open.poll();
                continue;
            }
            boolean query = open.isEmpty() || t.punct(open.peek(), "(") && Queries.startsQuery(t, open.peek() + 1, t.close(open.peek()));
            int end = open.isEmpty() ? to : t.close(open.peek());
            if (!query) {
                continue;
            }
            // TABLE name is SELECT * FROM name
            if (t.word(k, "from") && !t.word(k - 1, "distinct") || t.word(k, "join") || t.word(k, "table")) {
                fromItems(t, k + 1, end, l);
            } else if (t.isName(k) && t.word(k + 1, "as") && (t.punct(k + 2, "(") || t.anyWord(k + 2, "not", "materialized"))
                    || t.isName(k) && t.punct(k + 1, "(") && t.word(t.close(k + 1) + 1, "as") && t.anyWord(k - 1, "with", "recursive")) {
                l.names().add(t.get(k).value()); // WITH name [(columns)] AS (...)
                l.items().add(k);
            }
        }
    }

    /** The comma-separated FROM items from {@code i}, up to a join keyword or the clause's end (a JOIN adds the next). */
    private static void fromItems(Toks t, int i, int to, SubqueryNames l) {
        while (i < to) {
            while (t.anyWord(i, "only", "lateral")) {
                i++;
            }
            String relation = null;
            if (t.punct(i, "(")) {
                int c = Math.min(t.close(i), to);
                if (!Queries.startsQuery(t, i + 1, c)) {
                    fromItems(t, i + 1, c, l); // a parenthesised join
                }
                i = c + 1;
            } else if (Target.isFromItemName(t, i)) {
                int end = Target.chainEnd(t, i);
                if (t.punct(end, "(")) {
                    i = Math.min(t.close(end), to) + 1; // a function: its arguments are expressions
                } else {
                    for (int k = i; k < end; k++) {
                        l.items().add(k);
                    }
                    relation = t.get(end - 1).value();
                    i = end;
                }
            } else {
                return;
            }
            i = Target.aliasIndex(t, i);
            if (Target.isFromItemName(t, i)) {
                relation = t.get(i).value(); // an alias hides the relation's own name
                l.items().add(i);
                i++;
            }
            if (relation != null) {
                l.names().add(relation);
            }
            if (t.punct(i, "(")) {
                int c = Math.min(t.close(i), to);
                for (int k = i + 1; k < c; k++) {
                    l.items().add(k); // column aliases (and, for a function, their types)
                    if (t.isName(k) && (t.punct(k - 1, ",") || k == i + 1)) {
                        l.columns().add(t.get(k).value());
                    }
                }
                i = c + 1;
            }
            if (!t.punct(i, ",")) {
                return;
            }
            i++;
        }
    }
}
