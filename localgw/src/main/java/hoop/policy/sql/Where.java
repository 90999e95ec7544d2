package hoop.policy.sql;

import java.util.Set;

/**
 * Decides whether an UPDATE/DELETE WHERE clause actually restricts rows. A condition that
 * mentions no column at all ({@code WHERE true}, {@code WHERE 1=1}, {@code WHERE $1}) is
 * constant, so it is treated like no WHERE; so is a column compared with itself ({@code id = id},
 * true on every row where it is not null) and a branch pair that together covers every row
 * ({@code x IS NULL OR x IS NOT NULL}). A heuristic that errs towards "unbounded": conditions whose
 * truth depends on the data ({@code id > 0}) are taken as restricting.
 */
final class Where {

    private static final Set<String> CONSTANT_WORDS = Set.of("true", "false", "null", "and", "not", "is",
            "isnull", "notnull", "unknown", "between", "symmetric", "asymmetric", "like", "ilike", "similar", "to",
            "escape", "in", "any", "all", "some", "distinct", "from", "case", "when", "then", "else", "end", "cast",
            "as", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
            "session_user", "current_role", "user", "array", "row", "interval", "collate", "at", "time", "zone",
            "with", "without", "select", "values", "exists", "double", "precision", "character", "varying");
    /** Comparisons that hold whenever both sides are the same non-null value. */
    private static final Set<String> REFLEXIVE = Set.of("=", ">=", "<=");

    private Where() {
    }

    /**
     * Bounded only if every OR branch, at any depth of parentheses, holds a condition that restricts rows:
     * {@code WHERE id = 1 OR 1=1} and {@code WHERE (id = 1 OR true)} match every row just like {@code WHERE 1=1}.
     *
     * @param k index of the WHERE keyword
     */
    static boolean bounded(Toks t, int k, int to) {
        if (t.word(k + 1, "current") && t.word(k + 2, "of")) {
            return true; // positioned on exactly one cursor row
        }
        int returning = t.findWord(k + 1, to, "returning");
        return restricts(t, k + 1, returning < 0 ? to : returning);
    }

    /**
     * Whether a MERGE (t[from, to)) may change every row of its target: a WHEN MATCHED action that updates or deletes
     * (with no AND condition of its own that restricts rows) under a join condition that restricts nothing ({@code ON true}: every target row matches every source row), or a
     * WHEN NOT MATCHED BY SOURCE action that does (it reaches every target row the source lacks, which may be all).
     * The join condition is the last ON before the first WHEN: the source may be a join with ONs of its own.
     */
    static boolean mergeUnbounded(Toks t, int from, int to) {
        int firstWhen = -1;
        int on = -1;
        for (int k = from; k < to && firstWhen < 0; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "on")) {
                on = k;
            } else if (t.word(k, "when") && (t.word(k + 1, "matched") || t.word(k + 1, "not") && t.word(k + 2, "matched"))) {
                firstWhen = k;
            }
        }
        if (firstWhen < 0) {
            return true; // not a MERGE this reads: fail closed
        }
        boolean matchedChanges = false;
        boolean bySourceChanges = false;
        for (int k = firstWhen; k < to; k = Math.max(k + 1, t.findWord(k + 1, to, "when"))) {
            if (!t.word(k, "when")) {
                break;
            }
            int then = t.findWord(k + 1, to, "then");
            // WHEN ... AND condition THEN: an action whose own condition restricts rows is bounded by it.
            int and = then > 0 ? t.findWord(k + 1, then, "and") : -1;
            boolean changes = then > 0 && t.anyWord(then + 1, "update", "delete") && (and < 0 || !restricts(t, and + 1, then));
            if (t.word(k + 1, "matched")) {
                matchedChanges |= changes;
            } else if (t.word(k + 2, "matched") && t.word(k + 3, "by") && t.word(k + 4, "source")) {
                bySourceChanges |= changes;
            }
            if (then < 0) {
                break;
            }
        }
        return bySourceChanges || matchedChanges && (on < 0 || !restricts(t, on + 1, firstWhen));
    }

    /** Every OR branch of t[from, to) restricts rows, and the branches do not together cover every row. */
    private static boolean restricts(Toks t, int from, int to) {
        java.util.Map<String, Integer> nullTests = new java.util.HashMap<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && t.isOpen(i)) {
                i = past(t, i, to);
            } else if (i == to || t.word(i, "or")) {
                if (!branchRestricts(t, start, i)) {
                    return false;
                }
                String tested = nullTest(t, start, i);
                if (tested != null) {
                    int side = tested.charAt(0) == '+' ? 1 : 2;
                    if ((nullTests.merge(tested.substring(1), side, (a, b) -> a | b)) == 3) {
                        return false; // x IS NULL OR x IS NOT NULL
                    }
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** Some AND-ed condition of the branch t[from, to) restricts rows (BETWEEN's own AND does not split). */
    private static boolean branchRestricts(Toks t, int from, int to) {
        int start = from;
        boolean between = false;
        for (int i = from; i <= to; i++) {
            if (i < to && t.isOpen(i)) {
                i = past(t, i, to);
            } else if (i == to || !between && t.word(i, "and")) {
                if (conditionRestricts(t, start, i)) {
                    return true;
                }
                start = i + 1;
            } else if (t.word(i, "between")) {
                between = true;
            } else if (t.word(i, "and")) {
                between = false;
            }
        }
        return false;
    }

    private static boolean conditionRestricts(Toks t, int from, int to) {
        if (from >= to) {
            return false;
        }
        if (t.get(from).isPunct("(") && t.close(from) == to - 1) {
            return restricts(t, from + 1, to - 1);
        }
        boolean column = false;
        for (int i = from; i < to && !column; i++) {
            column = isColumn(t, i);
        }
        return column && !comparedWithItself(t, from, to);
    }

    /** {@code a = a}, {@code a >= a}, {@code a <= a}, {@code a IS NOT DISTINCT FROM a}, the two sides token for token. */
    private static boolean comparedWithItself(Toks t, int from, int to) {
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (t.isOpen(i)) {
                i = past(t, i, to);
            } else if (x.type() == Token.Type.OP && REFLEXIVE.contains(x.value())) {
                return same(t, from, i, i + 1, to);
            } else if (x.isWord("is") && t.word(i + 1, "not") && t.word(i + 2, "distinct") && t.word(i + 3, "from")) {
                return same(t, from, i, i + 4, to);
            }
        }
        return false;
    }

    /** "+x" for a branch that is {@code x IS NOT NULL} (or NOTNULL), "-x" for {@code x IS NULL}, else null. */
    private static String nullTest(Toks t, int from, int to) {
        boolean notNull;
        int x;
        if (to - from >= 4 && t.word(to - 3, "is") && t.word(to - 2, "not") && t.word(to - 1, "null")) {
            notNull = true;
            x = to - 3;
        } else if (to - from >= 3 && t.word(to - 2, "is") && t.word(to - 1, "null")) {
            notNull = false;
            x = to - 2;
        } else if (to - from >= 2 && (t.word(to - 1, "notnull") || t.word(to - 1, "isnull"))) {
            notNull = t.word(to - 1, "notnull");
            x = to - 1;
        } else {
            return null;
        }
        StringBuilder key = new StringBuilder(notNull ? "+" : "-");
        for (int i = from; i < x; i++) {
            key.append(t.get(i).type()).append(':').append(t.get(i).value()).append(' ');
        }
        return key.toString();
    }

    private static boolean same(Toks t, int a, int aEnd, int b, int bEnd) {
        if (aEnd - a != bEnd - b || a == aEnd) {
            return false;
        }
        for (int i = 0; i < aEnd - a; i++) {
            Token x = t.get(a + i);
            Token y = t.get(b + i);
            boolean sameKind = x.type() == y.type() || x.isName() && y.isName(); // id and "id" name one column
            if (!sameKind || !x.value().equals(y.value())) {
                return false;
            }
        }
        return true;
    }

    /** The bracket closing the one opened at i, or the last index before to when it closes later or never. */
    private static int past(Toks t, int open, int to) {
        return Math.min(t.close(open), to - 1);
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
