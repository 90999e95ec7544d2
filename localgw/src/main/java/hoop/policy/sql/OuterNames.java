package hoop.policy.sql;

import java.util.Set;

/**
 * Which FROM item an unqualified name in a subquery's select list belongs to, for {@link RowValues}: PostgreSQL takes
 * the innermost level whose items have a column of that name, so where none of the subquery's items has it, it is the
 * outer row's. {@code DELETE FROM t WHERE id IN (SELECT id FROM pg_database)} is {@code id IN (SELECT t.id FROM
 * pg_database)}: true on every row. A relation's columns are known from the catalog ({@link Toks#hasColumn}), a
 * subquery's or WITH query's from its select list, a function's from its alias; what is not known may be the outer row's.
 */
final class OuterNames {

    private final Toks t;
    private final Target target;
    private final RowValues values;

    OuterNames(Toks t, Target target, RowValues values) {
        this.t = t;
        this.target = target;
        this.values = values;
    }

    /**
     * Whether the select list t[from, f) reads, unqualified, one of {@code compared} (the other side's columns) that
     * the items of the FROM clause t(f, end) are not known to have. Nested subqueries are judged on their own.
     */
    boolean captured(int from, int f, int end, Set<String> compared) {
        for (int i = from; i < f; i++) {
            if (t.punct(i, "(") && Queries.startsQuery(t, i + 1, t.close(i))) {
                i = t.close(i);
                continue;
            }
            Token x = t.get(i);
            if (!x.isName() || !compared.contains(x.value()) || Target.chainEnd(t, i) != i + 1 || t.punct(i + 1, "(")
                    || t.punct(i - 1, "::") || values.outputName(i, f)) {
                continue;
            }
            if (itemsHave(f, end, x.value()) != Has.YES) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every branch of the query t[from, to) is a SELECT whose own FROM items have a column called {@code
     * column}: that name anywhere in it is never a column of the levels outside it.
     */
    boolean queryHas(int from, int to, String column) {
        return t.memo(java.util.List.of("query-has", from, to, column), () -> {
            java.util.List<int[]> branches = values.branches(from, to);
            for (int[] b : branches) {
                int f = t.word(b[0], "select") ? t.findWord(b[0], b[1], "from") : -1;
                if (f < 0 || itemsHave(f, values.fromEnd(f, b[1]), column) != Has.YES) {
                    return false;
                }
            }
            return !branches.isEmpty();
        });
    }

    /**
     * Whether a branch of the query t[from, to) may have FROM items with a column called {@code column}: not shown
     * otherwise (a relation the catalog does not list, an item whose columns an alias list renamed may). Where taking
     * the name for the outer row's would tie the subquery to the row ({@code EXISTS (SELECT 1 FROM u WHERE x = 1)}),
     * only a name no item can have is.
     */
    boolean queryMayHave(int from, int to, String column) {
        return t.memo(java.util.List.of("query-may-have", from, to, column), () -> {
            for (int[] b : values.branches(from, to)) {
                int f = t.word(b[0], "select") ? t.findWord(b[0], b[1], "from") : -1;
                if (f >= 0 && itemsHave(f, values.fromEnd(f, b[1]), column) != Has.NO) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether a FROM item has a column: surely, surely not, or not known (an unlisted relation, a renamed one). */
    enum Has {
        YES, NO, MAYBE;

        static Has of(boolean b) {
            return b ? YES : NO;
        }

        /** One of two items has it. */
        Has or(Has o) {
            return this == YES || o == YES ? YES : this == MAYBE || o == MAYBE ? MAYBE : NO;
        }
    }

    /** Whether one of the FROM items after {@code f} (up to {@code end}) has a column called {@code column}. */
    private Has itemsHave(int f, int end, String column) {
        Has any = Has.NO;
        int i = f + 1;
        while (i < end) {
            while (t.anyWord(i, "only", "lateral")) {
                i++;
            }
            Has has;
            String function = null;
            int next;
            if (t.punct(i, "(")) {
                int c = Math.min(t.close(i), end);
                has = Queries.startsQuery(t, i + 1, c) ? outputs(i + 1, c, column) : itemsHave(i, c, column);
                next = c + 1;
            } else if (Target.isFromItemName(t, i)) {
                int e = Target.chainEnd(t, i);
                if (t.punct(e, "(")) {
                    function = t.get(e - 1).value();
                    has = Has.NO;
                    next = Math.min(t.close(e), end) + 1;
                } else {
                    StringBuilder n = new StringBuilder();
                    next = Math.max(t.relationName(i, n), i + 1);
                    has = relationHas(n.toString(), column);
                }
            } else {
                return any.or(Has.MAYBE); // an item not read: it may have any column
            }
            next = Target.aliasIndex(t, next);
            String alias = null;
            if (Target.isFromItemName(t, next)) {
                alias = t.get(next).value();
                next++;
            }
            if (t.punct(next, "(")) {
                // Column aliases: the first ones renamed, the rest keep their names (a function's: all of them). Which
                // of the item's own columns come first the catalog does not say: one not listed may be renamed away
                // (FROM u AS s(a) hides u.id when id is u's first column).
                int c = Math.min(t.close(next), end);
                boolean listed = false;
                for (int k = next + 1; k < c; k++) {
                    if (t.isOpen(k)) {
                        k = t.close(k);
                    } else if ((k == next + 1 || t.punct(k - 1, ",")) && t.isName(k)) {
                        listed |= t.get(k).value().equals(column);
                    }
                }
                has = listed ? Has.YES : function != null || has == Has.NO ? Has.NO : Has.MAYBE;
                next = c + 1;
            } else if (function != null) {
                // a function of one value names its column by its alias, or else by itself
                has = Has.of(column.equals(alias != null ? alias : function));
            }
            any = any.or(has);
            if (any == Has.YES) {
                return any;
            }
            i = nextItem(next, end);
        }
        return any;
    }

    /** Where the FROM item after the one ending before {@code k} starts: past its join condition, a comma or JOIN. */
    private int nextItem(int k, int end) {
        for (; k < end; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.punct(k, ",") || t.word(k, "join")) {
                return k + 1;
            }
        }
        return end;
    }

    /** Whether the relation {@code name} has the column: the target's table, a WITH query's outputs, or the catalog's. */
    private Has relationHas(String name, String column) {
        if (target.rowsOfTable(t, name)) {
            return Has.YES; // the other side's column is one of the target's, and so of its table's
        }
        int[] with = name.indexOf('.') < 0 ? t.withQuery(name) : null;
        if (with != null) {
            if (with[2] < 0) {
                return outputs(with[0], with[1], column);
            }
            // WITH w (a) AS (...): the list renames the first columns, the rest keep the query's names
            Has inner = outputs(with[0], with[1], column);
            return listed(with[2], column) ? Has.YES : inner == Has.NO ? Has.NO : Has.MAYBE;
        }
        return t.hasColumn(name, column);
    }

    /** Whether the column list opened at {@code open} names {@code column}. */
    private boolean listed(int open, String column) {
        for (int k = open + 1; k < t.close(open); k++) {
            if (t.isName(k) && t.get(k).value().equals(column)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the query t[from, to) returns a column called {@code column}: its first branch's select list has an item
     * ending in that name (a column, or an output name), or a * over items that have it; VALUES' are column1, ...
     */
    private Has outputs(int from, int to, String column) {
        java.util.List<int[]> branches = values.branches(from, to);
        if (branches.isEmpty()) {
            return Has.MAYBE;
        }
        int b = branches.get(0)[0];
        int bEnd = branches.get(0)[1];
        if (t.word(b, "values")) {
            return Has.of(column.matches("column[1-9][0-9]*"));
        }
        if (t.word(b, "table")) {
            StringBuilder n = new StringBuilder();
            t.relationName(t.word(b + 1, "only") ? b + 2 : b + 1, n);
            return relationHas(n.toString(), column);
        }
        if (!t.word(b, "select")) {
            return Has.MAYBE;
        }
        int f = t.findWord(b, bEnd, "from");
        int listEnd = f < 0 ? bEnd : f;
        int start = t.anyWord(b + 1, "distinct", "all") ? b + 2 : b + 1;
        if (t.word(b + 1, "distinct") && t.word(start, "on") && t.punct(start + 1, "(")) {
            start = t.close(start + 1) + 1;
        }
        Has any = Has.NO;
        for (int i = start; i <= listEnd; i++) {
            if (i < listEnd && t.isOpen(i)) {
                i = Math.min(t.close(i), listEnd - 1);
            } else if (i == listEnd || t.punct(i, ",")) {
                Token last = t.get(i - 1);
                boolean star = last.isOp("*");
                if (star) {
                    any = any.or(f >= 0 ? itemsHave(f, values.fromEnd(f, bEnd), column) : Has.NO);
                } else if (last.isName() && !t.punct(i - 2, "::")) {
                    any = any.or(Has.of(last.value().equals(column)));
                } else {
                    any = any.or(Has.MAYBE); // (id), id::int: named by what they hold
                }
                start = i + 1;
            }
        }
        return any;
    }
}
