package hoop.policy.sql;

import java.util.Set;

/**
 * Folds a condition (a WHERE, a MERGE's ON or WHEN ... AND) into what it is known to match, for {@link Where}: a
 * column compared with itself, complementary null tests and literal TRUE/FALSE or numbers compared, combined through
 * OR, AND, NOT, IS [NOT] TRUE/FALSE/NULL, comparisons with TRUE/FALSE and IN lists as PostgreSQL evaluates them. A
 * part that reads nothing of the target's row ({@link Target}: another item's column, a subquery that does not reach
 * the row) is a constant: it holds for every row or none.
 */
final class Conditions {

    static final Set<String> CONSTANT_WORDS = Set.of("true", "false", "null", "and", "not", "is",
            "isnull", "notnull", "unknown", "between", "symmetric", "asymmetric", "like", "ilike", "similar", "to",
            "escape", "in", "any", "all", "some", "distinct", "from", "case", "when", "then", "else", "end", "cast",
            "as", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
            "session_user", "current_role", "user", "array", "row", "interval", "collate", "at", "time", "zone",
            "with", "without", "select", "values", "exists", "double", "precision", "character", "varying");
    /** Every row has these, never null: ctid IS NOT NULL holds on all of them. */
    private static final Set<String> SYSTEM_COLUMNS = Set.of("ctid", "xmin", "xmax", "cmin", "cmax", "tableoid");
    /** Comparisons that hold whenever both sides are the same non-null value. */
    private static final Set<String> REFLEXIVE = Set.of("=", ">=", "<=");
    /**
     * Pattern match operators (their negations start with !) and the characters a pattern matching any string is made
     * of: LIKE's ~~ and ~~* with only %, regular expressions' ~ and ~* with '' or '.*' (see {@link #anyString}).
     */
    private static final java.util.Map<String, String> MATCHES = java.util.Map.of("~~", "%", "~~*", "%", "~", "", "~*", "");
    /** Comparisons that never hold when both sides are the same value. */
    private static final Set<String> IRREFLEXIVE = Set.of("<>", "!=", "<", ">");

    private final Toks t;
    private final Target target;

    private Conditions(Toks t, Target target) {
        this.t = t;
        this.target = target;
    }

    /**
     * What a condition is known to match, rows whose compared expression is null aside (PostgreSQL's {@code id = id} is
     * true on every other row): all rows, none, the same on every row (it names no column: which one is unknown), or
     * rows depending on their data, which is taken as restricting.
     */
    private enum Truth { ALL, NONE, CONSTANT, DATA }

    /**
     * A condition's truth and, for a test whose negation is another test of the same expressions, what it tests:
     * "+" and "-" of one key are complementary (x IS NOT NULL and x IS NULL, a = b and a <> b, a < b and a >= b).
     */
    private record Val(Truth truth, String test) {
        static final Val DATA = new Val(Truth.DATA, null);

        Val negated() {
            Truth n = switch (truth) {
                case ALL -> Truth.NONE;
                case NONE -> Truth.ALL;
                default -> truth;
            };
            String k = test == null ? null : (test.charAt(0) == '+' ? "-" : "+") + test.substring(1);
            return new Val(n, k);
        }
    }

    /** Whether t[from, to) may leave rows out: it is neither true on every row nor a constant (which may be true). */
    static boolean restricts(Toks t, int from, int to, Target target) {
        Truth v = new Conditions(t, target).or(from, to).truth();
        return v != Truth.ALL && v != Truth.CONSTANT;
    }

    /**
     * The condition folded with PostgreSQL's precedence (OR, AND, NOT, IS, then comparisons): NOT, IS [NOT]
     * TRUE/FALSE/UNKNOWN/NULL and comparisons with TRUE or FALSE turn what a part is known to match into what the
     * whole is, so {@code NOT (id <> id)} and {@code (id = id) IS NOT FALSE} match every row as {@code id = id} does.
     */
    private Val or(int from, int to) {
        java.util.List<Val> parts = new java.util.ArrayList<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && t.isOpen(i)) {
                i = past(i, to);
            } else if (i == to || t.word(i, "or")) {
                parts.add(and(start, i));
                start = i + 1;
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        boolean constant = false;
        boolean none = true;
        for (Val v : parts) {
            if (v.truth() == Truth.ALL) {
                return v;
            }
            constant |= v.truth() == Truth.CONSTANT;
            none &= v.truth() == Truth.NONE;
        }
        if (complementary(parts)) {
            return new Val(Truth.ALL, null); // x IS NULL OR x IS NOT NULL
        }
        return constant ? new Val(Truth.CONSTANT, null) : none ? new Val(Truth.NONE, null) : Val.DATA;
    }

    /** The AND-ed conditions of t[from, to) (BETWEEN's own AND does not split). */
    private Val and(int from, int to) {
        java.util.List<Val> parts = new java.util.ArrayList<>();
        int start = from;
        boolean between = false;
        for (int i = from; i <= to; i++) {
            if (i < to && t.isOpen(i)) {
                i = past(i, to);
            } else if (i == to || !between && t.word(i, "and")) {
                parts.add(not(start, i));
                start = i + 1;
            } else if (t.word(i, "between")) {
                between = true;
            } else if (t.word(i, "and")) {
                between = false;
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        boolean constant = false;
        boolean data = false;
        for (Val v : parts) {
            if (v.truth() == Truth.NONE) {
                return v;
            }
            constant |= v.truth() == Truth.CONSTANT;
            data |= v.truth() == Truth.DATA;
        }
        if (complementary(parts)) {
            return new Val(Truth.NONE, null); // x IS NULL AND x IS NOT NULL
        }
        return data ? Val.DATA : constant ? new Val(Truth.CONSTANT, null) : new Val(Truth.ALL, null);
    }

    /** Whether two of the parts are complementary tests (x IS NULL and x IS NOT NULL, a < b and a >= b). */
    private static boolean complementary(java.util.List<Val> parts) {
        java.util.Set<String> tests = new java.util.HashSet<>();
        for (Val v : parts) {
            if (v.test() != null) {
                tests.add(v.test());
                String other = (v.test().charAt(0) == '+' ? "-" : "+") + v.test().substring(1);
                if (tests.contains(other)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** NOT binds looser than IS and the comparisons: NOT a = b is NOT (a = b). */
    private Val not(int from, int to) {
        int k = from;
        while (k < to && t.word(k, "not")) {
            k++;
        }
        Val v = is(k, to);
        return (k - from) % 2 == 0 ? v : v.negated();
    }

    /** A trailing IS [NOT] TRUE / FALSE / UNKNOWN / NULL (or ISNULL, NOTNULL) applied to what precedes it. */
    private Val is(int from, int to) {
        if (to - from >= 2 && t.anyWord(to - 1, "isnull", "notnull")) {
            return nullTest(from, to - 1, t.word(to - 1, "notnull"));
        }
        int is = to - 2 > from && t.word(to - 2, "is") ? to - 2 : to - 3 > from && t.word(to - 3, "is") && t.word(to - 2, "not") ? to - 3 : -1;
        if (is >= 0 && t.anyWord(to - 1, "true", "false", "unknown", "null")) {
            boolean negated = is == to - 3;
            if (t.anyWord(to - 1, "unknown", "null")) {
                return nullTest(from, is, negated);
            }
            // IS TRUE and IS NOT FALSE keep what the condition matches; IS FALSE and IS NOT TRUE invert it.
            Val v = is(from, is);
            return t.word(to - 1, "true") != negated ? v : v.negated();
        }
        if (t.punct(from, "(") && t.close(from) == to - 1) {
            Val inner = or(from + 1, to - 1);
            // A subquery is one value, true or not for every row alike unless it reads the target's row ((SELECT
            // true FROM u)); its text folded as a condition still shows (SELECT x = x FROM u) true wherever it is.
            boolean query = Queries.startsQuery(t, from + 1, to - 1);
            return !query || inner.truth() == Truth.ALL || inner.truth() == Truth.CONSTANT ? inner : comparison(from, to);
        }
        return comparison(from, to);
    }

    /** x IS [NOT] NULL: a constant when x names no column, whatever a known condition x is then, else a test of x. */
    private Val nullTest(int from, int to, boolean notNull) {
        Val x = is(from, to);
        if (x.truth() == Truth.CONSTANT) {
            return x;
        }
        String column = target.column(t, from, to);
        if (x.truth() != Truth.DATA || column != null && SYSTEM_COLUMNS.contains(column.substring(column.lastIndexOf('.') + 1))) {
            return new Val(notNull ? Truth.ALL : Truth.NONE, null);
        }
        return new Val(Truth.DATA, (notNull ? "+" : "-") + "null:" + key(from, to));
    }

    /** An expression's form for matching it elsewhere: one column of the target however qualified, else its tokens. */
    private String key(int from, int to) {
        String column = target.column(t, from, to);
        if (column != null) {
            return column;
        }
        StringBuilder key = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token y = t.get(i);
            key.append(y.isName() ? "N" : y.type().name()).append(':').append(y.value()).append(' ');
        }
        return key.toString();
    }

    private Val comparison(int from, int to) {
        if (!target.reads(t, from, to)) {
            return constant(from, to);
        }
        if (t.word(from, "exists") && t.punct(from + 1, "(") && t.close(from + 1) == to - 1) {
            return exists(from + 1, to - 1);
        }
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (t.isOpen(i)) {
                i = past(i, to);
            } else if (x.type() == Token.Type.OP && (REFLEXIVE.contains(x.value()) || IRREFLEXIVE.contains(x.value()))) {
                return compared(from, i, to);
            } else if (x.isWord("is") && (t.word(i + 1, "distinct") || t.word(i + 1, "not") && t.word(i + 2, "distinct"))) {
                int b = t.word(i + 1, "not") ? i + 4 : i + 3;
                if (!t.word(b - 1, "from")) {
                    return Val.DATA;
                }
                return !same(from, i, b, to) ? Val.DATA : new Val(t.word(i + 1, "not") ? Truth.ALL : Truth.NONE, null);
            } else if (x.isWord("in") && t.punct(i + 1, "(") && t.close(i + 1) == to - 1) {
                return inList(from, t.word(i - 1, "not") ? i - 1 : i, i + 1, to, t.word(i - 1, "not"));
            } else if (x.isWord("between")) {
                return between(from, i, to);
            } else if (t.anyWord(i, "like", "ilike") || x.isWord("similar") && t.word(i + 1, "to")) {
                int p = x.isWord("similar") ? i + 2 : i + 1;
                return p + 1 == to && anyString(p, "%") ? new Val(t.word(i - 1, "not") ? Truth.NONE : Truth.ALL, null) : Val.DATA;
            } else if (x.type() == Token.Type.OP && MATCHES.containsKey(x.value().replace("!", ""))) {
                // ~~ is LIKE, ~ a regular expression: a pattern matching any string holds on every row (nulls aside)
                return i + 2 == to && anyString(i + 1, MATCHES.get(x.value().replace("!", "")))
                        ? new Val(x.value().startsWith("!") ? Truth.NONE : Truth.ALL, null) : Val.DATA;
            }
        }
        return Val.DATA;
    }

    /**
     * A condition naming no column, folded where it is a literal: TRUE, FALSE, or two numbers compared, so that
     * {@code NOT (id = 1 AND 1 = 0)} is seen to match every row. Anything else is a constant of unknown value.
     */
    private Val constant(int from, int to) {
        if (to - from == 1 && t.anyWord(from, "true", "false")) {
            return new Val(t.word(from, "true") ? Truth.ALL : Truth.NONE, null);
        }
        Token op = t.get(from + 1);
        if (to - from == 3 && t.get(from).type() == Token.Type.NUMBER && t.get(from + 2).type() == Token.Type.NUMBER
                && op.type() == Token.Type.OP) {
            try {
                int c = new java.math.BigDecimal(t.get(from).value()).compareTo(new java.math.BigDecimal(t.get(from + 2).value()));
                Boolean holds = switch (op.value()) {
                    case "=" -> c == 0;
                    case "<>", "!=" -> c != 0;
                    case "<" -> c < 0;
                    case ">" -> c > 0;
                    case "<=" -> c <= 0;
                    case ">=" -> c >= 0;
                    default -> null;
                };
                if (holds != null) {
                    return new Val(holds ? Truth.ALL : Truth.NONE, null);
                }
            } catch (NumberFormatException e) {
                // 0x1F, 1_000 (newer servers' spellings): a constant all the same
            }
        }
        return new Val(Truth.CONSTANT, null);
    }

    /**
     * a op b at the operator op: the same expression on both sides holds (=, >=, <=) or fails (<>, !=, <, >) on every
     * row; a condition compared with TRUE or FALSE is that condition or its negation.
     */
    private Val compared(int from, int op, int to) {
        String o = t.get(op).value();
        // x = ANY (...) is x IN (...), x <> ALL (...) is x NOT IN (...)
        boolean any = o.equals("=") && t.anyWord(op + 1, "any", "some");
        if ((any || (o.equals("<>") || o.equals("!=")) && t.word(op + 1, "all")) && t.punct(op + 2, "(") && t.close(op + 2) == to - 1) {
            return inList(from, op, op + 2, to, !any);
        }
        if (same(from, op, op + 1, to)) {
            return new Val(REFLEXIVE.contains(o) ? Truth.ALL : Truth.NONE, null);
        }
        boolean equality = o.equals("=") || o.equals("<>") || o.equals("!=");
        int side = op + 1 == to - 1 && t.anyWord(to - 1, "true", "false") ? 0 : from + 1 == op && t.anyWord(from, "true", "false") ? 1 : -1;
        if (!equality || side < 0) {
            return ordered(from, op, to, o);
        }
        boolean literal = t.word(side == 0 ? to - 1 : from, "true");
        Val v = side == 0 ? is(from, op) : is(op + 1, to);
        return literal == o.equals("=") ? v : v.negated();
    }

    /**
     * a op b as a test whose negation is the complementary comparison of the same two expressions, so that {@code a = b
     * OR a <> b} and {@code a < b OR a >= b} (or NOT a < b) are seen to hold on every row where a and b are not null.
     */
    private Val ordered(int from, int op, int to, String o) {
        String a = key(from, op);
        String b = key(op + 1, to);
        String k = switch (o) {
            case "=", "<>", "!=" -> "eq:" + (a.compareTo(b) <= 0 ? a + "\0" + b : b + "\0" + a);
            case "<", ">=" -> "lt:" + a + "\0" + b;
            case ">", "<=" -> "lt:" + b + "\0" + a;
            default -> null;
        };
        if (k == null) {
            return Val.DATA;
        }
        return new Val(Truth.DATA, (o.equals("=") || o.equals("<") || o.equals(">") ? "+" : "-") + k);
    }

    /** x [NOT] BETWEEN [SYMMETRIC] lo AND hi at the word BETWEEN: with x itself for both bounds it is x = x. */
    private Val between(int from, int at, int to) {
        boolean not = t.word(at - 1, "not");
        int lo = t.anyWord(at + 1, "symmetric", "asymmetric") ? at + 2 : at + 1;
        int and = t.findWord(lo, to, "and");
        int x = not ? at - 1 : at;
        if (and > lo && same(from, x, lo, and) && same(from, x, and + 1, to)) {
            return new Val(not ? Truth.NONE : Truth.ALL, null);
        }
        return Val.DATA;
    }

    /** Whether the token at i is a string literal of the pattern characters {@code chars} only (none: the empty one). */
    private boolean anyString(int i, String chars) {
        Token p = t.get(i);
        if (p.type() != Token.Type.STRING) {
            return false;
        }
        if (chars.isEmpty()) {
            return p.value().isEmpty() || p.value().equals(".*");
        }
        return !p.value().isEmpty() && p.value().chars().allMatch(c -> chars.indexOf(c) >= 0);
    }

    /** x [NOT] IN (a, b, ...) at the bracket open: the list holding x itself is x = x (or, with NOT, x <> x). */
    private Val inList(int from, int x, int open, int to, boolean not) {
        if (Queries.startsQuery(t, open + 1, to - 1)) {
            // x IN (SELECT x FROM t [WHERE ...]) over the target's own table: the row finds itself
            Target inner = target.overItself(t, open + 1, to - 1);
            int f = inner == null ? -1 : t.findWord(open + 1, to - 1, "from");
            String col = target.column(t, from, x);
            boolean itself = f > open + 2 && col != null && col.equals(inner.column(t, open + 2, f)) && matchesItself(inner, f, to - 1);
            return itself ? new Val(not ? Truth.NONE : Truth.ALL, null) : Val.DATA;
        }
        int start = open + 1;
        for (int i = open + 1; i <= to - 1; i++) {
            if (i < to - 1 && t.isOpen(i)) {
                i = past(i, to - 1);
            } else if (i == to - 1 || t.punct(i, ",")) {
                if (same(from, x, start, i)) {
                    return new Val(not ? Truth.NONE : Truth.ALL, null);
                }
                start = i + 1;
            }
        }
        return Val.DATA;
    }

    /** EXISTS (SELECT ... FROM t [WHERE c]) over the target's own table, c true where its row is the target row. */
    private Val exists(int open, int close) {
        Target inner = target.overItself(t, open + 1, close);
        return inner != null && matchesItself(inner, t.findWord(open + 1, close, "from"), close) ? new Val(Truth.ALL, null) : Val.DATA;
    }

    /** Whether the WHERE (if any) after a subquery's FROM at {@code f} holds for the target row met as its own. */
    private boolean matchesItself(Target inner, int f, int close) {
        int where = t.findWord(f, close, "where");
        return where < 0 || new Conditions(t, inner).or(where + 1, close).truth() == Truth.ALL;
    }

    /** Whether two sides are one expression: token for token, or one column of the target however qualified. */
    private boolean same(int a, int aEnd, int b, int bEnd) {
        // (id) is id: brackets around an expression (not a subquery's) change nothing
        while (aEnd - a > 2 && t.punct(a, "(") && t.close(a) == aEnd - 1 && !Queries.startsQuery(t, a + 1, aEnd - 1)) {
            a++;
            aEnd--;
        }
        while (bEnd - b > 2 && t.punct(b, "(") && t.close(b) == bEnd - 1 && !Queries.startsQuery(t, b + 1, bEnd - 1)) {
            b++;
            bEnd--;
        }
        String column = target.column(t, a, aEnd);
        if (column != null && column.equals(target.column(t, b, bEnd))) {
            return true;
        }
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
    private int past(int open, int to) {
        return Math.min(t.close(open), to - 1);
    }
}
