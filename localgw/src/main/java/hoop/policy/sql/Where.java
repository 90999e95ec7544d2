package hoop.policy.sql;

import java.util.Set;

/**
 * Decides whether an UPDATE/DELETE WHERE clause actually restricts rows. A condition that
 * mentions no column at all ({@code WHERE true}, {@code WHERE 1=1}, {@code WHERE $1}) is
 * constant, so it is treated like no WHERE; this is a heuristic that errs towards "unbounded".
 */
final class Where {

    private static final Set<String> CONSTANT_WORDS = Set.of("true", "false", "null", "and", "not", "is",
            "isnull", "notnull", "unknown", "between", "symmetric", "asymmetric", "like", "ilike", "similar", "to",
            "escape", "in", "any", "all", "some", "distinct", "from", "case", "when", "then", "else", "end", "cast",
            "as", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
            "session_user", "current_role", "user", "array", "row", "interval", "collate", "at", "time", "zone",
            "with", "without", "select", "values", "exists", "double", "precision", "character", "varying");

    private Where() {
    }

    /**
     * Bounded only if every top-level OR branch mentions a column: {@code WHERE id = 1 OR 1=1}
     * matches every row just like {@code WHERE 1=1}.
     *
     * @param k index of the WHERE keyword
     */
    static boolean bounded(Toks t, int k, int to) {
        if (t.word(k + 1, "current") && t.word(k + 2, "of")) {
            return true; // positioned on exactly one cursor row
        }
        int depth = 0;
        boolean column = false;
        for (int i = k + 1; i < to; i++) {
            Token x = t.get(i);
            if (t.isOpen(i)) {
                depth++;
            } else if (x.isPunct(")") || x.isPunct("]")) {
                depth--;
            } else if (depth == 0 && x.isWord("returning")) {
                break;
            } else if (depth == 0 && x.isWord("or")) {
                if (!column) {
                    return false;
                }
                column = false;
            } else if (isColumn(t, i)) {
                column = true;
            }
        }
        return column;
    }

    private static boolean isColumn(Toks t, int i) {
        Token x = t.get(i);
        return x.isName()
                && !(x.type() == Token.Type.IDENT && CONSTANT_WORDS.contains(x.value()))
                && !t.punct(i + 1, "(")                          // function call
                && !t.punct(i - 1, "::") && !t.word(i - 1, "as")   // type name in a cast
                && t.get(i + 1).type() != Token.Type.STRING;      // typed literal: date '2020-01-01'
    }
}
