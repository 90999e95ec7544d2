package hoop.policy.sql;

import hoop.core.Command;
import java.util.List;

/**
 * The columns DDL through hoop gives a relation, before any catalog read knows them ({@link Command#columnOf}): a
 * table created or altered on this connection, a view or a table made from a query. Without them a subquery over such
 * a relation ({@code id IN (SELECT id FROM picked)}) could not be shown to read its own column ({@link OuterNames}).
 */
final class Columns {

    /** Words opening a table element that is a constraint, not a column. */
    private static final java.util.Set<String> CONSTRAINTS = java.util.Set.of("constraint", "primary", "unique", "check",
            "foreign", "exclude", "like");

    private Columns() {
    }

    /** Adds to {@code out} the columns the CREATE or ALTER statement {@code t} gives a relation. */
    static void defined(Toks t, List<String> out) {
        int i = t.word(1, "or") && t.word(2, "replace") ? 3 : 1;
        while (t.anyWord(i, "temp", "temporary", "local", "global", "unlogged", "materialized", "recursive")) {
            i++;
        }
        if (!t.anyWord(i, "table", "view")) {
            return;
        }
        int k = i + 1;
        while (t.anyWord(k, "if", "not", "exists", "only")) {
            k++;
        }
        StringBuilder n = new StringBuilder();
        int end = t.relationName(k, n);
        if (end == k) {
            return;
        }
        // as named: a schema's relation, or one the search_path placed (a temporary one: pg_temp's)
        String relation = Lexer.asciiLower(n.toString());
        if (t.word(0, "alter")) {
            altered(t, end, relation, out);
        } else if (t.punct(end, "(")) {
            // a table's elements, or a view's (or CREATE TABLE ... AS's) column names
            for (int[] e : elements(t, end + 1, t.close(end))) {
                if (t.isName(e[0]) && !(t.get(e[0]).type() == Token.Type.IDENT && CONSTRAINTS.contains(t.w(e[0])))) {
                    out.add(Command.columnOf(relation, t.get(e[0]).value()));
                }
            }
        } else {
            int as = t.findWord(end, t.size(), "as");
            int select = as < 0 ? -1 : t.findWord(as, t.size(), "select");
            int from = select < 0 ? -1 : t.findWord(select, t.size(), "from");
            for (int[] e : select < 0 ? List.<int[]>of() : elements(t, select + 1, from < 0 ? t.size() : from)) {
                // an item's output name is its last word: a column's, or its alias
                if (t.isName(e[1] - 1) && !t.punct(e[1] - 2, "::")) {
                    out.add(Command.columnOf(relation, t.get(e[1] - 1).value()));
                }
            }
        }
    }

    /**
     * How the columns of {@code relation} list that its column {@code column} was dropped or renamed away through hoop:
     * the catalog read before still lists it, and a name the relation no longer has is the outer row's.
     */
    static String gone(String relation, String column) {
        return Command.columnOf(relation, "\0-" + column);
    }

    /** How they list that the column's type was changed through hoop: the catalog's type for it is no longer known. */
    static String retyped(String relation, String column) {
        return Command.columnOf(relation, "\0~" + column);
    }

    /**
     * ALTER TABLE name ADD [COLUMN] [IF NOT EXISTS] c ..., RENAME [COLUMN] a TO c: the columns c; DROP [COLUMN] a and
     * RENAME a: a is gone; ALTER [COLUMN] a [SET DATA] TYPE: a retyped; RENAME TO n: a relation n whose columns only the
     * catalog read next will list.
     */
    private static void altered(Toks t, int from, String relation, List<String> out) {
        for (int[] e : elements(t, from, t.size())) {
            int k = e[0];
            if (t.word(k, "drop") && !t.anyWord(k + 1, "constraint", "default", "not", "expression", "identity")) {
                k = t.word(k + 1, "column") ? k + 2 : k + 1;
                while (t.anyWord(k, "if", "exists")) {
                    k++;
                }
                if (t.isName(k)) {
                    out.add(gone(relation, t.get(k).value()));
                }
            } else if (t.word(k, "alter")) {
                k = t.word(k + 1, "column") ? k + 2 : k + 1;
                if (t.isName(k) && (t.word(k + 1, "type") || t.word(k + 1, "set") && t.word(k + 2, "data"))) {
                    out.add(retyped(relation, t.get(k).value()));
                }
            } else if (t.word(k, "rename") && t.word(k + 1, "to") && t.isName(k + 2)) {
                out.add(Command.columnOf(Lexer.asciiLower(t.get(k + 2).value()), "\0?"));
            } else if (t.word(k, "rename") && !t.word(k + 1, "constraint")) {
                int old = t.word(k + 1, "column") ? k + 2 : k + 1;
                if (t.isName(old) && t.word(old + 1, "to")) {
                    out.add(gone(relation, t.get(old).value()));
                }
            }
            k = e[0];
            if (t.word(k, "add")) {
                k = t.word(k + 1, "column") ? k + 2 : k + 1;
                while (t.anyWord(k, "if", "not", "exists")) {
                    k++;
                }
                if (t.isName(k) && !(t.get(k).type() == Token.Type.IDENT && CONSTRAINTS.contains(t.w(k)))) {
                    out.add(Command.columnOf(relation, t.get(k).value()));
                }
            } else if (t.word(k, "rename")) {
                int to = t.findWord(k, e[1], "to");
                // not RENAME TO (the relation's own name) nor RENAME CONSTRAINT
                if (to > k + 1 && t.isName(to + 1) && !t.word(k + 1, "constraint")) {
                    out.add(Command.columnOf(relation, t.get(to + 1).value()));
                }
            }
        }
    }

    /** The comma-separated elements of t[from, to) at its level, as bounds. */
    private static List<int[]> elements(Toks t, int from, int to) {
        List<int[]> out = new java.util.ArrayList<>();
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k < to && t.isOpen(k)) {
                k = Math.min(t.close(k), to - 1);
            } else if (k == to || t.punct(k, ",")) {
                if (k > start) {
                    out.add(new int[] {start, k});
                }
                start = k + 1;
            }
        }
        return out;
    }
}
