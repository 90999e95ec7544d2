package hoop.policy.sql;

import java.util.Set;

/**
 * Folds a condition (a WHERE, a MERGE's ON or WHEN ... AND) into what it is known to match, for {@link Where}: a
 * column compared with itself, complementary null tests, ranges covering every number ({@link Ranges}), patterns
 * matching any text ({@link Patterns}) and literal TRUE/FALSE or numbers compared, combined through OR, AND, NOT, IS
 * [NOT] TRUE/FALSE/NULL, comparisons with TRUE/FALSE and IN lists as PostgreSQL evaluates them. A part that reads
 * nothing of the target's row ({@link Target}: another item's column, a subquery that does not reach the row) is a
 * constant: it holds for every row or none. A part that reads the row narrows only as {@link RowValues} shows it.
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
    private final RowValues values;

    private Conditions(Toks t, Target target) {
        this.t = t;
        this.target = target;
        this.values = new RowValues(t, target);
    }

    /**
     * What a condition is known to match, rows whose compared expression is null aside (PostgreSQL's {@code id = id} is
     * true on every other row): all rows, none, the same on every row (it names no column: which one is unknown), rows
     * depending on their data in a way shown to narrow them (the row's own value compared with one it does not
     * determine, see {@link RowValues}), or rows depending on the row in a way not shown to narrow them ({@code id >=
     * id - 1}, {@code f(id)}, {@code name LIKE name}): that may be every row, so it restricts nothing.
     */
    private enum Truth { ALL, NONE, CONSTANT, DATA, OPAQUE }

    /**
     * A condition's truth, its negation's (not always its mirror: {@code x IS NULL} narrows, {@code NOT x IS NULL} is
     * {@code x = x}; NOT of an OR is an AND of the negations) and, for a test whose negation is another test of the same expressions,
     * what it tests: "+" and "-" of one key are complementary (x IS NOT NULL and x IS NULL, a = b and a <> b, a < b and
     * a >= b).
     */
    private record Val(Truth truth, String test, Truth neg) {
        static final Val DATA = of(Truth.DATA);
        static final Val OPAQUE = of(Truth.OPAQUE);

        static Val of(Truth truth) {
            return new Val(truth, null, mirror(truth));
        }

        static Val test(Truth truth, String test) {
            return new Val(truth, test, mirror(truth));
        }

        private static Truth mirror(Truth v) {
            return switch (v) {
                case ALL -> Truth.NONE;
                case NONE -> Truth.ALL;
                default -> v;
            };
        }

        Val negated() {
            String k = test == null ? null : (test.charAt(0) == '+' ? "-" : "+") + test.substring(1);
            return new Val(neg, k, truth);
        }
    }

    /** Whether t[from, to) is shown to leave rows out: it narrows them by their data, or matches none. */
    static boolean restricts(Toks t, int from, int to, Target target) {
        return narrows(new Conditions(t, target).or(from, to).truth());
    }

    /** Whether t[from, to) narrows the target's rows by their data (not: holds on all, on none, or the same on each). */
    static boolean narrowsByData(Toks t, int from, int to, Target target) {
        return new Conditions(t, target).or(from, to).truth() == Truth.DATA;
    }

    private static boolean narrows(Truth v) {
        return v == Truth.DATA || v == Truth.NONE;
    }

    /**
     * The condition folded with PostgreSQL's precedence (OR, AND, NOT, IS, then comparisons): NOT, IS [NOT]
     * TRUE/FALSE/UNKNOWN/NULL and comparisons with TRUE or FALSE turn what a part is known to match into what the
     * whole is, so {@code NOT (id <> id)} and {@code (id = id) IS NOT FALSE} match every row as {@code id = id} does.
     */
    private Val or(int from, int to) {
        return t.memo(java.util.List.of("or", target, from, to), () -> foldOr(from, to));
    }

    private Val foldOr(int from, int to) {
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
        // x IS NULL OR x IS NOT NULL; id < 10 OR id > 0
        java.util.List<String> tests = parts.stream().map(Val::test).toList();
        boolean complementary = complementary(parts) || Members.cover(tests) || Ranges.covers(tests, k -> target.integers(t, k));
        return keyed(new Val(anyOf(parts.stream().map(Val::truth).toList(), complementary), null,
                allOf(parts.stream().map(Val::neg).toList(), complementary)), from, to);
    }

    /**
     * A narrowing test with no complementary form of its own keyed by its text: P OR NOT P holds on every row where P is
     * not null, whatever P tests (active OR NOT active, EXISTS (...) OR NOT EXISTS (...), (a AND b) OR NOT (a AND b)).
     */
    private Val keyed(Val v, int from, int to) {
        return v.truth() == Truth.DATA && v.test() == null ? Val.test(Truth.DATA, "+cond:" + key(from, to)) : v;
    }

    /** OR: every row if one part or two complementary ones hold on every row; else what may hold on every row wins. */
    private static Truth anyOf(java.util.List<Truth> parts, boolean complementary) {
        if (parts.contains(Truth.ALL) || complementary) {
            return Truth.ALL;
        }
        for (Truth v : new Truth[] {Truth.OPAQUE, Truth.CONSTANT, Truth.DATA}) {
            if (parts.contains(v)) {
                return v;
            }
        }
        return Truth.NONE;
    }

    /** AND: no row if one part or two complementary ones hold on none; else one narrowing part narrows the whole. */
    private static Truth allOf(java.util.List<Truth> parts, boolean complementary) {
        if (parts.contains(Truth.NONE) || complementary) {
            return Truth.NONE;
        }
        for (Truth v : new Truth[] {Truth.DATA, Truth.OPAQUE, Truth.CONSTANT}) {
            if (parts.contains(v)) {
                return v;
            }
        }
        return Truth.ALL;
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
        // x IS NULL AND x IS NOT NULL; id < 0 AND id > 10 (whose negations cover every number)
        java.util.List<String> negations = parts.stream().map(v -> v.negated().test()).toList();
        boolean complementary = complementary(parts) || Members.cover(negations) || Ranges.covers(negations, k -> target.integers(t, k));
        return keyed(new Val(allOf(parts.stream().map(Val::truth).toList(), complementary), null,
                anyOf(parts.stream().map(Val::neg).toList(), complementary)), from, to);
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

    /**
     * x IS [NOT] NULL: a constant when x names no column, whatever a known condition x is then. Of the row's own value
     * (no COALESCE around it) IS NULL narrows; IS NOT NULL is x = x (every row of a NOT NULL column, which a primary
     * key is) and shows nothing narrowing, nor does either of anything else ({@code (id - id) IS NULL}).
     */
    /** Whether t[from, to) is NULL however written: in brackets or cast ({@code (NULL)::int}, {@code CAST(NULL AS int)}). */
    private boolean nullLiteral(int from, int to) {
        while (to - from > 1) {
            if (t.punct(from, "(") && t.close(from) == to - 1) {
                from++;
                to--;
                continue;
            }
            if (t.word(from, "cast") && t.punct(from + 1, "(") && t.close(from + 1) == to - 1) {
                int as = t.findWord(from + 2, to - 1, "as");
                if (as < 0) {
                    return false;
                }
                to = as;
                from += 2;
                continue;
            }
            int cast = -1;
            for (int k = from; k < to; k++) {
                if (t.isOpen(k)) {
                    k = t.close(k);
                } else if (t.punct(k, "::")) {
                    cast = k;
                }
            }
            if (cast <= from) {
                return false;
            }
            to = cast; // the last cast applies to all before it
        }
        return to - from == 1 && t.word(from, "null");
    }

    private Val nullTest(int from, int to, boolean notNull) {
        Val x = is(from, to);
        if (x.truth() == Truth.CONSTANT) {
            return x;
        }
        String column = target.column(t, from, to);
        if (x.truth() == Truth.ALL || x.truth() == Truth.NONE
                || column != null && SYSTEM_COLUMNS.contains(column.substring(column.lastIndexOf('.') + 1))) {
            return Val.of(notNull ? Truth.ALL : Truth.NONE);
        }
        if (!values.own(from, to) || coalesced(from, to)) {
            return Val.OPAQUE;
        }
        String test = (notNull ? "+" : "-") + "null:" + key(from, to);
        return notNull ? new Val(Truth.OPAQUE, test, Truth.DATA) : new Val(Truth.DATA, test, Truth.OPAQUE);
    }

    /** Whether t[from, to) calls COALESCE anywhere (its value is then never null, whatever the row holds). */
    private boolean coalesced(int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.word(i, "coalesce")) {
                return true;
            }
        }
        return false;
    }

    /** An expression's form for matching it elsewhere: one column of the target however qualified, else its tokens. */
    private String key(int from, int to) {
        // (v) is v, as the server reads it: NOT (v) LIKE ('a%') is the negation of v LIKE 'a%'
        while (to - from > 2 && t.punct(from, "(") && t.close(from) == to - 1 && !Queries.startsQuery(t, from + 1, to - 1)) {
            from++;
            to--;
        }
        String column = target.column(t, from, to);
        if (column != null) {
            return column;
        }
        // 2 * 5 is 10: a folded constant is keyed as its number, so that id < 2 * 5 OR id > 0 is seen to cover all
        java.math.BigDecimal folded = to - from > 1 ? Constants.fold(t, from, to, false) : null;
        if (folded != null) {
            return "NUMBER:" + folded.toPlainString() + " ";
        }
        // 'a'::text, text 'a' and CAST('a' AS text) are 'a', and '5' compared with a number is 5: one value spelt
        // several ways is keyed once, so that v <> 'a' OR v = 'a'::text and id <> 5 OR id = '5' are seen to cover all
        String text = stringLiteral(from, to);
        if (text != null) {
            java.math.BigDecimal n = number(text.strip());
            return n != null ? "NUMBER:" + n.toPlainString() + " " : "STRING:" + text + " ";
        }
        StringBuilder key = new StringBuilder();
        for (int i = from; i < to; i++) {
            Token y = t.get(i);
            key.append(y.isName() ? "N" : y.type().name()).append(':').append(y.value()).append(' ');
        }
        return key.toString();
    }

    /**
     * The text of the string literal t[from, to) is, in brackets, cast ({@code 'a'::varchar(3)}, {@code CAST('a' AS
     * text)}) or after a type's name ({@code text 'a'}), or null. A cast that changes the text ('abc'::char(1)) is
     * taken as keeping it: two values then keyed as one are only ever taken to match more rows.
     */
    private String stringLiteral(int from, int to) {
        while (to - from > 2 && t.punct(from, "(") && t.close(from) == to - 1) {
            from++;
            to--;
        }
        if (t.word(from, "cast") && t.punct(from + 1, "(") && t.close(from + 1) == to - 1) {
            int as = t.findWord(from + 2, to - 1, "as");
            return as > from + 2 ? stringLiteral(from + 2, as) : null;
        }
        int s = from;
        while (s < to && t.get(s).type() == Token.Type.IDENT) {
            s++; // a type's name before the literal: text 'a', character varying 'a'
        }
        if (s >= to || t.get(s).type() != Token.Type.STRING || s > from && s + 1 != to) {
            return null;
        }
        for (int i = s + 1; i < to; i++) {
            Token y = t.get(i);
            if (!(t.punct(i, "::") || y.isName() || t.isOpen(i) || t.punct(i, ")") || t.punct(i, "]") || y.type() == Token.Type.NUMBER)) {
                return null;
            }
        }
        return s + 1 == to || t.punct(s + 1, "::") ? t.get(s).value() : null;
    }

    /**
     * One condition that is no OR, AND, NOT or IS: a comparison, IN, BETWEEN, pattern match or EXISTS, or a boolean
     * value. Reading nothing of the row it is a constant; else it narrows only where {@link RowValues} shows the row's
     * own value set against one the row does not determine.
     */
    private Val comparison(int from, int to) {
        return keyed(leaf(from, to), from, to);
    }

    /** {@link #comparison} before a narrowing test is keyed by its text. */
    private Val leaf(int from, int to) {
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
            } else if (x.type() == Token.Type.OP && (REFLEXIVE.contains(operator(x.value())) || IRREFLEXIVE.contains(operator(x.value())))) {
                return compared(from, i, to);
            } else if (x.isWord("is") && (t.word(i + 1, "distinct") || t.word(i + 1, "not") && t.word(i + 2, "distinct"))) {
                int b = t.word(i + 1, "not") ? i + 4 : i + 3;
                if (!t.word(b - 1, "from")) {
                    return Val.OPAQUE;
                }
                if (same(from, i, b, to)) {
                    return Val.of(t.word(i + 1, "not") ? Truth.ALL : Truth.NONE);
                }
                // x IS DISTINCT FROM NULL is x IS NOT NULL (every row of a key), IS NOT DISTINCT FROM NULL is x IS NULL
                if (nullLiteral(b, to)) {
                    return nullTest(from, i, !t.word(i + 1, "not"));
                }
                if (nullLiteral(from, i)) {
                    return nullTest(b, to, !t.word(i + 1, "not"));
                }
                // IS NOT DISTINCT FROM is = and IS DISTINCT FROM <>, nulls compared as values: complementary to them
                boolean equal = t.word(i + 1, "not");
                String k = "eq:" + (key(from, i).compareTo(key(b, to)) <= 0 ? key(from, i) + "\0" + key(b, to) : key(b, to) + "\0" + key(from, i));
                return shown(from, i, b, to) ? Val.test(Truth.DATA, (equal ? "+" : "-") + k) : Val.OPAQUE;
            } else if (x.isWord("in") && t.punct(i + 1, "(") && t.close(i + 1) == to - 1) {
                return inList(from, t.word(i - 1, "not") ? i - 1 : i, i + 1, to, t.word(i - 1, "not"));
            } else if (x.isWord("between")) {
                return between(from, i, to);
            } else if (t.anyWord(i, "like", "ilike") || x.isWord("similar") && t.word(i + 1, "to")) {
                int p = x.isWord("similar") ? i + 2 : i + 1;
                boolean not = t.word(i - 1, "not");
                return matched(from, not ? i - 1 : i, p, to, not, x.isWord("similar") ? "similar" : "like",
                        x.isWord("similar") ? "similar" : x.isWord("ilike") ? "~~*" : "~~");
            } else if (x.isOp("^@") && Expressions.patternLiteral(t, i + 1, to) >= 0
                    && t.get(Expressions.patternLiteral(t, i + 1, to)).value().isEmpty()) {
                return Val.of(Truth.ALL); // every text starts with ''
            } else if (x.type() == Token.Type.OP && MATCHES.containsKey(x.value().replace("!", ""))) {
                // ~~ is LIKE, ~ a regular expression
                String op = x.value().replace("!", "");
                return matched(from, i, i + 1, to, x.value().startsWith("!"), op.startsWith("~~") ? "like" : "regex", op);
            }
        }
        if (values.own(from, to)) {
            return Val.DATA; // a boolean column: WHERE active
        }
        for (int i = from + 1; i < to - 1; i++) {
            if (t.isOpen(i)) {
                i = past(i, to);
            } else if (t.get(i).type() == Token.Type.OP && shown(from, i, i + 1, to)) {
                return Val.DATA; // tags @> ARRAY['x'], data ? 'k'
            }
        }
        return Val.OPAQUE;
    }

    /**
     * Whether a comparison of t[a, aEnd) with t[b, bEnd) is shown to narrow: one side the row's own value, the other
     * independent of it, or both the row's own values of different columns ({@code updated_at > created_at}).
     */
    private boolean shown(int a, int aEnd, int b, int bEnd) {
        if (Expressions.systemValue(t, a, aEnd) || Expressions.systemValue(t, b, bEnd) || target.readsRenamed(t, a, aEnd) || target.readsRenamed(t, b, bEnd)) {
            return false;
        }
        boolean ownA = values.own(a, aEnd);
        boolean ownB = values.own(b, bEnd);
        if (ownA && ownB) {
            java.util.Set<String> common = new java.util.HashSet<>(values.resolved(a, aEnd));
            common.retainAll(values.resolved(b, bEnd));
            return common.isEmpty();
        }
        return ownA && values.independent(b, bEnd, values.columns(a, aEnd))
                || ownB && values.independent(a, aEnd, values.columns(b, bEnd));
    }

    /**
     * A condition naming no column, folded where it is a literal: TRUE, FALSE, or two numbers compared, so that
     * {@code NOT (id = 1 AND 1 = 0)} is seen to match every row. Anything else is a constant of unknown value.
     */
    private Val constant(int from, int to) {
        if (to - from == 1 && t.anyWord(from, "true", "false")) {
            return Val.of(t.word(from, "true") ? Truth.ALL : Truth.NONE);
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
                    return Val.of(holds ? Truth.ALL : Truth.NONE);
                }
            } catch (NumberFormatException e) {
                // 0x1F, 1_000 (newer servers' spellings): a constant all the same
            }
        }
        return Val.of(Truth.CONSTANT);
    }

    /**
     * a op b at the operator op: the same expression on both sides holds (=, >=, <=) or fails (<>, !=, <, >) on every
     * row; a condition compared with TRUE or FALSE is that condition or its negation; a comparison with ANY / ALL
     * (...) is one with each element.
     */
    private Val compared(int from, int op, int to) {
        String o = operator(t.get(op).value());
        if (!o.equals(t.get(op).value())) {
            // id >=- 1 is id >= -1 (and id >=+ id is id >= id): the sign cut off the operator goes with the right side
            boolean minus = t.get(op).value().chars().filter(c -> c == '-').count() % 2 == 1;
            if (minus) {
                Val v = extreme(from, op, op + 1, to, o, true);
                return v != null ? v : ordered(from, op, op + 1, to, o, "OP:- ");
            }
        }
        // x = ANY (...) is x IN (...), x <> ALL (...) is x NOT IN (...)
        boolean any = o.equals("=") && t.anyWord(op + 1, "any", "some");
        boolean quantified = t.anyWord(op + 1, "any", "some", "all") && t.punct(op + 2, "(") && t.close(op + 2) == to - 1;
        Val folded = quantified ? quantifiedArray(from, op, to, o) : null;
        if (folded != null) {
            return folded;
        }
        boolean anyOrNone = any || (o.equals("<>") || o.equals("!=")) && t.word(op + 1, "all");
        if (anyOrNone && t.word(op + 3, "array") && t.punct(op + 4, "[") && t.close(op + 4) == to - 2 && bothBooleans(op + 5, to - 2)) {
            return Val.of(any ? Truth.ALL : Truth.NONE); // x = ANY (ARRAY[true, false]) is x IN (true, false)
        }
        if (quantified && anyOrNone) {
            return inList(from, op, op + 2, to, !any);
        }
        if (quantified) {
            boolean narrows = shown(from, op, op + 3, to - 1);
            // x op ALL (X) holds on every row where X has no element: a parameter bound to '{}', ARRAY(SELECT ...) or
            // a function yielding none leaves every row in, as ALL ('{}') does. Only an array written with an element
            // is known to have one; its negation (x op' ANY (X)) still narrows.
            if (t.word(op + 1, "all") && !writtenWithElement(op + 3, to - 1)) {
                return narrows ? new Val(Truth.OPAQUE, null, Truth.DATA) : Val.OPAQUE;
            }
            return narrows ? Val.DATA : Val.OPAQUE;
        }
        return relation(from, op, op + 1, to, o);
    }

    /**
     * Whether t[from, to) is an array the text writes with at least one element, whatever the elements' values:
     * {@code ARRAY[$1]}, {@code '{a}'} (a cast after either allowed).
     */
    private boolean writtenWithElement(int from, int to) {
        int end = to;
        for (int i = from + 1; i < to; i++) {
            if (t.punct(i, "::")) {
                end = i;
                break;
            }
        }
        if (end == from + 1 && t.get(from).type() == Token.Type.STRING) {
            String v = t.get(from).value().strip();
            return v.startsWith("{") && v.endsWith("}") && !v.substring(1, v.length() - 1).isBlank();
        }
        return t.word(from, "array") && t.punct(from + 1, "[") && t.close(from + 1) == end - 1 && end - 1 > from + 2
                && !t.punct(from + 2, "[") && !t.word(from + 2, "array"); // ARRAY[ARRAY[]::int[]] is empty
    }

    /**
     * x o ANY | SOME | ALL (array) over an array written in the text, with x the row's own value: over none ALL holds on
     * every row (x <> ALL ('{}'), whatever x is) and ANY on none; x <> ANY of two different values and x op ANY of a
     * range's end hold wherever x is not null, x = ALL of two on none. Null where it is no such array.
     */
    private Val quantifiedArray(int from, int op, int to, String o) {
        java.util.List<java.math.BigDecimal> elements = t.word(op + 3, "array") && t.punct(op + 4, "(") && t.close(op + 4) == to - 2
                && Queries.startsQuery(t, op + 5, to - 2) && empty(op + 5, to - 2) ? java.util.List.of() : Constants.array(t, op + 3, to - 1);
        if (elements == null) {
            return null;
        }
        boolean all = t.word(op + 1, "all");
        if (elements.isEmpty()) {
            return Val.of(all ? Truth.ALL : Truth.NONE);
        }
        if (!values.own(from, op)) {
            return null;
        }
        java.math.BigDecimal min = java.util.Collections.min(elements);
        java.math.BigDecimal max = java.util.Collections.max(elements);
        boolean several = min.compareTo(max) != 0;
        boolean equality = o.equals("=") || o.equals("<>") || o.equals("!=");
        if (equality) {
            boolean equal = o.equals("=");
            if (several && equal == all) {
                return Val.of(all ? Truth.NONE : Truth.ALL); // x = ALL ('{1,2}'), x <> ANY ('{1,2}')
            }
            return null; // an IN list, or its complement
        }
        boolean up = o.equals(">") || o.equals(">=");
        java.math.BigDecimal bound = up != all ? min : max; // x > ANY is x > min, x > ALL x > max, x < ANY x < max
        boolean integers = !target.notIntegers(t, from, op);
        if (below(bound.toPlainString(), o, integers)) {
            return Val.OPAQUE;
        }
        // x < ANY ('{-2147483648}') holds on no row: its negation on every one
        String opposite = switch (o) {
            case "<" -> ">=";
            case "<=" -> ">";
            case ">" -> "<=";
            default -> "<";
        };
        return below(bound.toPlainString(), opposite, integers) ? new Val(Truth.NONE, null, Truth.OPAQUE) : Val.DATA;
    }

    /** t[a, aEnd) o t[b, bEnd) for a comparison operator o. */
    private Val relation(int a, int aEnd, int b, int bEnd, String o) {
        if (same(a, aEnd, b, bEnd)) {
            return Val.of(REFLEXIVE.contains(o) ? Truth.ALL : Truth.NONE);
        }
        Truth self = itself(a, aEnd, b, bEnd, o, false);
        if (self == null) {
            self = itself(b, bEnd, a, aEnd, o, true);
        }
        if (self != null) {
            return Val.of(self);
        }
        boolean equality = o.equals("=") || o.equals("<>") || o.equals("!=");
        int side = b + 1 == bEnd && t.anyWord(b, "true", "false") ? 0 : a + 1 == aEnd && t.anyWord(a, "true", "false") ? 1 : -1;
        if (side >= 0) {
            boolean literal = t.word(side == 0 ? b : a, "true");
            Val v = side == 0 ? is(a, aEnd) : is(b, bEnd);
            if (equality) {
                return literal == o.equals("=") ? v : v.negated();
            }
            // false sorts before true: x >= false and x <= true hold wherever x is not null, x < false and x > true
            // nowhere, x > false and x >= true are x, x < true and x <= false NOT x (the literal on the left: mirrored)
            String op = side == 0 ? o : switch (o) {
                case "<" -> ">";
                case ">" -> "<";
                case "<=" -> ">=";
                default -> "<=";
            };
            return switch (op) {
                case ">=" -> literal ? v : Val.of(Truth.ALL);
                case "<=" -> literal ? Val.of(Truth.ALL) : v.negated();
                case ">" -> literal ? Val.of(Truth.NONE) : v;
                default -> literal ? v.negated() : Val.of(Truth.NONE);
            };
        }
        java.util.List<int[]> x = rowElements(a, aEnd);
        java.util.List<int[]> y = rowElements(b, bEnd);
        if (x != null && y != null && x.size() == y.size() && !equality) {
            // (a1, a2) >= (b1, b2) is a1 > b1 OR (a1 = b1 AND a2 >= b2): where a1 > b1 holds on every row so does the
            // whole, and where a1 is b1 itself the next pair decides (the last with the operator itself)
            String strict = o.startsWith("<") ? "<" : ">";
            for (int i = 0; i < x.size(); i++) {
                int[] p = x.get(i);
                int[] q = y.get(i);
                if (!same(p[0], p[1], q[0], q[1])) {
                    Val first = relation(p[0], p[1], q[0], q[1], i == x.size() - 1 ? o : strict);
                    return first.truth() == Truth.ALL || first.truth() == Truth.OPAQUE ? Val.of(first.truth()) : Val.DATA;
                }
            }
            return Val.of(o.endsWith("=") ? Truth.ALL : Truth.NONE);
        }
        Val v = extreme(a, aEnd, b, bEnd, o, false);
        return v != null ? v : ordered(a, aEnd, b, bEnd, o, "");
    }

    /**
     * x op (SELECT ... FROM t [WHERE c]) over the target's own table, x one of its columns: the scalar subquery's row
     * may be the target row itself, as in x IN (SELECT x FROM t ...). Selecting x, = (and >=, <=) holds wherever c
     * holds on the row itself; max(x) is at least x there (x <= max), min(x) at most (x >= min), and with = it is x
     * itself only when c keeps no other row, which hoop cannot tell: taken as every row when c holds on the row itself
     * (a WHERE tying the subquery to the row); with no WHERE it is the one row holding that value. ALL, NONE or DATA, or
     * null when no such comparison is shown. {@code mirrored}:
     * the subquery is on the left.
     */
    private Truth itself(int a, int aEnd, int b, int bEnd, String o, boolean mirrored) {
        while (bEnd - b > 2 && t.punct(b, "(") && t.close(b) == bEnd - 1 && t.punct(b + 1, "(") && t.close(b + 1) == bEnd - 2) {
            b++;
            bEnd--;
        }
        String col = target.column(t, a, aEnd);
        if (col == null || !REFLEXIVE.contains(o) || !t.punct(b, "(") || t.close(b) != bEnd - 1
                || target.renamesItself(t, b + 1, bEnd - 1)) {
            return null;
        }
        int q = Target.pastWith(t, b + 1, bEnd - 1); // a WITH's names are read as the tables they name
        if (!t.word(q, "select")) {
            return null;
        }
        // ORDER BY, GROUP BY, DISTINCT, OFFSET 0 and FOR UPDATE keep every value the subquery finds; LIMIT keeps one
        // of them, the row's own when its WHERE ties every row it finds to the row (taken so when c holds on it)
        int end = kept(q, bEnd - 1, false);
        boolean limited = end < 0;
        end = limited ? kept(q, bEnd - 1, true) : end;
        Target inner = end < 0 ? null : target.overItself(t, q, end);
        int f = inner == null ? -1 : t.findWord(q, end, "from");
        int s = t.anyWord(q + 1, "distinct", "all") && !t.word(q + 2, "on") ? q + 2 : q + 1;
        if (f <= s) {
            return null;
        }
        String op = mirrored ? switch (o) {
            case "<=" -> ">=";
            case ">=" -> "<=";
            default -> o;
        } : o;
        boolean plain = col.equals(ownColumn(inner, s, f));
        boolean max = t.word(s, "max") && t.punct(s + 1, "(") && t.close(s + 1) == f - 1 && col.equals(inner.column(t, s + 2, f - 1));
        boolean min = t.word(s, "min") && t.punct(s + 1, "(") && t.close(s + 1) == f - 1 && col.equals(inner.column(t, s + 2, f - 1));
        if (!plain && !max && !min) {
            return null;
        }
        Truth v = matchesItself(inner, f, end);
        boolean where = t.findWord(f, end, "where") >= 0;
        if (limited && !(where && v == Truth.ALL)) {
            return null; // SELECT id FROM t ORDER BY id LIMIT 100: some rows, a batch
        }
        if (!plain && op.equals("=") && !where) {
            return Truth.DATA; // x = (SELECT max(x) FROM t): the rows holding the one largest value
        }
        boolean holds = plain || max && op.equals("<=") || min && op.equals(">=") || op.equals("=") && where;
        return v == Truth.NONE ? Truth.NONE : v == Truth.ALL && holds ? Truth.ALL : null;
    }

    /**
     * Where the query t[from, to) ends before trailing clauses that drop none of the values it finds: ORDER BY, GROUP
     * BY (no HAVING), OFFSET 0, FOR UPDATE / SHARE ...; with {@code limit} also LIMIT / FETCH of at least one row, which
     * keeps one of them. -1 when another clause (HAVING, OFFSET n, UNION...) follows; {@code to} when there is none.
     */
    private int kept(int from, int to, boolean limit) {
        int k = -1;
        for (int i = from; i < to && k < 0; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.anyWord(i, "group", "order", "limit", "offset", "fetch", "for", "having", "window", "union", "intersect", "except")) {
                k = i;
            }
        }
        if (k < 0) {
            return to;
        }
        int i = k;
        while (i < to) {
            if (t.word(i, "group") || t.word(i, "order")) {
                for (i += 2; i < to && !t.anyWord(i, "group", "order", "limit", "offset", "fetch", "for"); i++) {
                    if (t.isOpen(i)) {
                        i = t.close(i);
                    } else if (t.anyWord(i, "having", "window", "union", "intersect", "except")) {
                        return -1;
                    }
                }
            } else if (t.word(i, "limit") && (t.word(i + 1, "all") || limit && atLeastOne(i + 1))) {
                i += 2;
            } else if (t.word(i, "offset") && t.get(i + 1).type() == Token.Type.NUMBER && t.get(i + 1).value().matches("0+")) {
                i += t.anyWord(i + 2, "row", "rows") ? 3 : 2;
            } else if (limit && t.word(i, "fetch") && t.anyWord(i + 1, "first", "next")) {
                int n = t.anyWord(i + 2, "row", "rows") ? i + 2 : i + 3;
                if (n == i + 3 && !atLeastOne(i + 2) || !t.anyWord(n, "row", "rows") || !t.anyWord(n + 1, "only", "with")) {
                    return -1;
                }
                i = t.word(n + 1, "with") ? n + 3 : n + 2;
            } else if (t.word(i, "for") && t.anyWord(i + 1, "update", "share", "no", "key")) {
                return k; // the locking clause ends the query
            } else {
                return -1;
            }
        }
        return k;
    }

    /**
     * The column t[from, to) reads when it is one read as itself, in brackets, cast or named ({@code x.id::int8},
     * {@code (x.id)}, {@code x.id AS k}), else null. A cast that changes the value is taken as keeping it, which only ever
     * finds the row in more places.
     */
    private String ownColumn(Target inner, int from, int to) {
        String c = inner.column(t, from, to);
        if (c != null) {
            return c;
        }
        if (to - from > 1 && t.isName(to - 1)) {
            // its alias: x.id AS k, x.id k
            return ownColumn(inner, from, t.word(to - 2, "as") ? to - 2 : to - 1);
        }
        for (int i = from; i < to; i++) {
            if (t.isOpen(i)) {
                i = past(i, to);
            } else if (t.punct(i, "::")) {
                return i > from ? ownColumn(inner, from, i) : null;
            }
        }
        return to - from > 2 && t.punct(from, "(") && t.close(from) == to - 1 ? ownColumn(inner, from + 1, to - 1) : null;
    }

    /** Whether the token at i is a whole number of at least one. */
    private boolean atLeastOne(int i) {
        Token n = t.get(i);
        return n.type() == Token.Type.NUMBER && n.value().matches("0*[1-9][0-9]*");
    }

    /** The bounds of the elements of the row constructor t[from, to) ((a, b) or ROW(a, ...)), or null if none of two or more. */
    private java.util.List<int[]> rowElements(int from, int to) {
        int open = t.word(from, "row") ? from + 1 : from;
        if (!t.punct(open, "(") || t.close(open) != to - 1 || Queries.startsQuery(t, open + 1, to - 1)) {
            return null;
        }
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int start = open + 1;
        for (int i = open + 1; i <= to - 1; i++) {
            if (i < to - 1 && t.isOpen(i)) {
                i = t.close(i);
            } else if (i == to - 1 || t.punct(i, ",")) {
                out.add(new int[] {start, i});
                start = i + 1;
            }
        }
        return out.size() > 1 ? out : null; // (a): a itself; ROW(a): one element, compared as a is
    }

    /**
     * a o b where it is not shown to narrow: not the row's value against one it does not determine, or against the end
     * of every value's range, on which it holds everywhere (or nowhere: then its negation does, {@code NOT (id <
     * -2147483648)}). Null when it narrows.
     */
    private Val extreme(int a, int aEnd, int b, int bEnd, String o, boolean bNegated) {
        if (!shown(a, aEnd, b, bEnd) || beyondEveryValue(a, aEnd, b, bEnd, o, bNegated)) {
            return Val.OPAQUE;
        }
        String opposite = switch (o) {
            case "<" -> ">=";
            case "<=" -> ">";
            case ">" -> "<=";
            case ">=" -> "<";
            default -> null;
        };
        return opposite != null && beyondEveryValue(a, aEnd, b, bEnd, opposite, bNegated) ? new Val(Truth.NONE, null, Truth.OPAQUE) : null;
    }

    /**
     * Whether a op b sets one side against the end of every type's range that holds on every value: x >= '' (no text
     * sorts before the empty one), x > '-infinity' or x < 'infinity' (dates, timestamps, floats), x <= 'NaN' (NaN sorts
     * after every other number), x >= -2147483648 or x <= 2147483647 (every integer of int2 and int4, and of int8 in
     * their range: every serial key), in either order. {@code bNegated}: a minus cut off the operator goes with b.
     */
    private boolean beyondEveryValue(int a, int aEnd, int b, int bEnd, String o, boolean bNegated) {
        String low = literal(b, bEnd, bNegated);
        String high = literal(a, aEnd, false);
        String flipped = switch (o) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> o;
        };
        if (below(low, o, !target.notIntegers(t, a, aEnd)) || below(high, flipped, !target.notIntegers(t, b, bEnd))) {
            return true;
        }
        // a bound hoop cannot evaluate that may be the end of the range shows no bound (only <, >: = holds on one value)
        boolean range = !o.equals(flipped);
        return range && (low == null && values.own(a, aEnd) && Expressions.mayBeExtreme(t, b, bEnd) || high == null && values.own(b, bEnd) && Expressions.mayBeExtreme(t, a, aEnd));
    }

    /** The smallest and largest int4: a bound past one of them holds on every value of an integer column's usual types. */
    private static final java.math.BigDecimal INT_MIN = java.math.BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final java.math.BigDecimal INT_MAX = java.math.BigDecimal.valueOf(Integer.MAX_VALUE);

    /**
     * Whether x o v holds for every x when v is the literal {@code v}; {@code integers}: x may be an integer column (a
     * numeric or text one has no end at int4's).
     */
    private static boolean below(String v, String o, boolean integers) {
        if (v == null) {
            return false;
        }
        boolean up = o.equals(">") || o.equals(">=");
        boolean down = o.equals("<") || o.equals("<=");
        java.math.BigDecimal n = number(v);
        if (n != null) {
            return integers && (up && n.compareTo(INT_MIN) <= 0 || down && n.compareTo(INT_MAX) >= 0);
        }
        return o.equals(">=") && v.isEmpty() || up && (v.equalsIgnoreCase("-infinity") || v.replace(" ", "").equals("(0,0)"))
                || down && (v.equalsIgnoreCase("infinity") || v.equalsIgnoreCase("nan"));
    }

    /** v as a number (a numeric literal's text, or a string literal's holding one), or null. */
    private static java.math.BigDecimal number(String v) {
        if (v.isEmpty() || !(Character.isDigit(v.charAt(v.length() - 1)) || v.endsWith("."))) {
            return null;
        }
        try {
            return new java.math.BigDecimal(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            return null; // 0x1F, 1_000: newer servers' spellings, taken as no bound
        }
    }

    /**
     * The literal t[from, to) is, a cast after it allowed ('-infinity'::timestamptz, -2147483648::int8), or null: a
     * string's text, or a number's with its signs applied ({@code negated}: one more minus before it).
     */
    private String literal(int from, int to, boolean negated) {
        boolean cut = negated;
        int k = from;
        while (k < to && (t.get(k).isOp("-") || t.get(k).isOp("+"))) {
            negated ^= t.get(k).value().equals("-");
            k++;
        }
        if (t.punct(k, "(") && t.close(k) == to - 1 && k > from) {
            return literal(k + 1, to - 1, negated); // -(2147483648)
        }
        Token v = t.get(k);
        if (k >= to || !(v.type() == Token.Type.STRING && k == from && !negated || v.type() == Token.Type.NUMBER)) {
            return folded(from, to, cut);
        }
        for (int i = k + 1; i < to; i++) {
            if (!(t.punct(i, "::") || t.isName(i) || t.punct(i, "(") || t.punct(i, ")") || t.get(i).type() == Token.Type.NUMBER)) {
                return folded(from, to, cut);
            }
        }
        String text = v.value().strip();
        return v.type() == Token.Type.NUMBER && negated ? "-" + text : text;
    }

    /**
     * What t[from, to) is when no plain literal: a constant expression's value ({@link Constants}), or a typed string
     * literal's text ({@code timestamp '-infinity'}, {@code timestamp with time zone 'x'}); else null.
     */
    private String folded(int from, int to, boolean negated) {
        java.math.BigDecimal v = Constants.fold(t, from, to, negated);
        if (v != null) {
            return v.toPlainString();
        }
        if (negated || to - from < 2 || t.get(to - 1).type() != Token.Type.STRING) {
            return null;
        }
        for (int i = from; i < to - 1; i++) {
            if (t.get(i).type() != Token.Type.IDENT) {
                return null;
            }
        }
        return t.get(to - 1).value().strip();
    }

    /**
     * a op b as a test whose negation is the complementary comparison of the same two expressions, so that {@code a = b
     * OR a <> b} and {@code a < b OR a >= b} (or NOT a < b) are seen to hold on every row where a and b are not null.
     */
    private Val ordered(int from, int aEnd, int b, int to, String o, String sign) {
        String x = key(from, aEnd);
        String y = sign + key(b, to);
        // No text sorts before '': x > '' is x <> '' and x <= '' is x = '' (mirrored with '' on the left), so that
        // v > '' OR v = '' is seen to hold on every row as v >= '' is.
        String empty = "STRING: ";
        if (y.equals(empty) && (o.equals(">") || o.equals("<=")) || x.equals(empty) && (o.equals("<") || o.equals(">="))) {
            o = o.equals("<=") || o.equals(">=") ? "=" : "<>";
        }
        String k = switch (o) {
            case "=", "<>", "!=" -> "eq:" + (x.compareTo(y) <= 0 ? x + "\0" + y : y + "\0" + x);
            case "<", ">=" -> "lt:" + x + "\0" + y;
            case ">", "<=" -> "lt:" + y + "\0" + x;
            default -> null;
        };
        if (k == null) {
            return Val.DATA;
        }
        return Val.test(Truth.DATA, (o.equals("=") || o.equals("<") || o.equals(">") ? "+" : "-") + k);
    }

    /** x [NOT] BETWEEN [SYMMETRIC] lo AND hi at the word BETWEEN: x >= lo AND x <= hi (x itself for both: x = x). */
    private Val between(int from, int at, int to) {
        boolean not = t.word(at - 1, "not");
        int lo = t.anyWord(at + 1, "symmetric", "asymmetric") ? at + 2 : at + 1;
        int and = t.findWord(lo, to, "and");
        int x = not ? at - 1 : at;
        if (and <= lo) {
            return Val.OPAQUE;
        }
        Val low = relation(from, x, lo, and, ">=");
        Val high = relation(from, x, and + 1, to, "<=");
        Truth truth = allOf(java.util.List.of(low.truth(), high.truth()), false);
        Truth neg = anyOf(java.util.List.of(low.neg(), high.neg()), false);
        boolean symmetric = t.anyWord(at + 1, "symmetric");
        String loText = literal(lo, and, false);
        String hiText = literal(and + 1, to, false);
        java.math.BigDecimal l = loText == null ? null : number(loText);
        java.math.BigDecimal h = hiText == null ? null : number(hiText);
        if (!symmetric && l != null && h != null && l.compareTo(h) > 0) {
            // BETWEEN 1 AND 0 holds on no value, and NOT BETWEEN 1 AND 0 on every one
            truth = Truth.NONE;
            neg = Truth.ALL;
        }
        if (symmetric) {
            // the bounds either way round: BETWEEN SYMMETRIC 2147483647 AND -2147483648 is every int
            Val low2 = relation(from, x, and + 1, to, ">=");
            Val high2 = relation(from, x, lo, and, "<=");
            truth = anyOf(java.util.List.of(truth, allOf(java.util.List.of(low2.truth(), high2.truth()), false)), false);
            neg = allOf(java.util.List.of(neg, anyOf(java.util.List.of(low2.neg(), high2.neg()), false)), false);
        }
        // SYMMETRIC takes the bounds either way round (btws: Ranges orders them)
        String test = (symmetric ? "+btws:" : "+btw:") + key(from, x) + "\0" + key(lo, and) + "\0" + key(and + 1, to);
        Val v = new Val(truth, test, neg);
        return not ? v.negated() : v;
    }

    /**
     * subject [NOT] LIKE | SIMILAR TO | ~ pattern (kind "like", "similar" or "regex"; the pattern ends at ESCAPE): a
     * pattern any text matches holds on every row; else it narrows when the subject is the row's own value and the
     * pattern a literal requiring some character ({@link Patterns}) or a value given from outside (a parameter,
     * another item's column), not one built from literals that shows nothing ({@code '%' || ''}) nor the row's own.
     */
    private Val matched(int from, int subjectEnd, int p, int to, boolean not, String kind, String op) {
        int end = t.findWord(p, to, "escape");
        end = end < 0 ? to : end;
        int literal = Expressions.patternLiteral(t, p, end);
        if (literal >= 0 && anyString(literal, kind.equals("regex") ? "" : "%")) {
            return Val.of(not ? Truth.NONE : Truth.ALL);
        }
        if (!values.own(from, subjectEnd) || !values.independent(p, end, values.columns(from, subjectEnd))) {
            return Val.OPAQUE;
        }
        if (literal >= 0) {
            String pattern = t.get(literal).value();
            boolean narrows = switch (kind) {
                case "like" -> Patterns.likeNarrows(pattern);
                case "similar" -> Patterns.similarNarrows(pattern);
                default -> Patterns.regexNarrows(pattern);
            };
            return narrows ? matchTest(from, subjectEnd, p, to, not, op) : Val.OPAQUE;
        }
        return givenFromOutside(p, end) ? matchTest(from, subjectEnd, p, to, not, op) : Val.OPAQUE;
    }

    /**
     * A narrowing pattern match keyed by its positive form (op: ~~ for LIKE, ~~* for ILIKE, similar, ~ or ~*), so that
     * {@code name LIKE 'a%' OR name NOT LIKE 'a%'} (or {@code !~~}, {@code NOT name LIKE}) is seen to hold on every row.
     */
    private Val matchTest(int from, int subjectEnd, int p, int to, boolean not, String op) {
        // ESCAPE '\' is LIKE's and SIMILAR TO's own escape: the same test written out
        int escape = t.findWord(p, to, "escape");
        if (escape >= 0 && escape + 2 == to && t.get(escape + 1).type() == Token.Type.STRING && t.get(escape + 1).value().equals("\\")) {
            to = escape;
        }
        return Val.test(Truth.DATA, (not ? "-" : "+") + "match:" + op + "\0" + key(from, subjectEnd) + "\0" + key(p, to));
    }

    /** Whether t[from, to) holds a parameter, a column (another item's) or a subquery: a value not written in the text. */
    private boolean givenFromOutside(int from, int to) {
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (x.type() == Token.Type.PARAM || t.punct(i, "(") && Queries.startsQuery(t, i + 1, t.close(i))) {
                return true;
            }
            int end = Target.chainEnd(t, i);
            if (end > i && !t.punct(end, "(") && !t.punct(i - 1, "::") && !t.word(i - 1, "as")
                    && !(x.type() == Token.Type.IDENT && CONSTANT_WORDS.contains(x.value()))) {
                return true;
            }
        }
        return false;
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

    /**
     * x [NOT] IN (a, b, ...) at the bracket open: the list holding x itself is x = x (or, with NOT, x <> x); it narrows
     * when x is the row's own value and each element (or the subquery) independent of it.
     */
    private Val inList(int from, int x, int open, int to, boolean not) {
        if (Queries.startsQuery(t, open + 1, to - 1)) {
            if (target.renamesItself(t, open + 1, to - 1)) {
                return Val.OPAQUE;
            }
            // x IN (SELECT max(x) FROM t WHERE ...) is x = (the same): see itself
            Truth one = itself(from, x, open, to, "=", false);
            if (one != null) {
                return not ? Val.of(one).negated() : Val.of(one);
            }
            // x IN (SELECT x FROM t [WHERE ...]) over the target's own table: the row finds itself
            int q = Target.pastWith(t, open + 1, to - 1);
            Target inner = target.overItself(t, q, to - 1);
            int f = inner == null ? -1 : t.findWord(q, to - 1, "from");
            String col = target.column(t, from, x);
            if (f > q + 1 && col != null && col.equals(inner.column(t, q + 1, f))) {
                Val v = Val.of(matchesItself(inner, f, to - 1));
                return not ? v.negated() : v;
            }
            if (empty(open + 1, to - 1)) {
                return Val.of(not ? Truth.ALL : Truth.NONE); // x NOT IN (SELECT ... WHERE false) holds on every row
            }
            if (!shown(from, x, open, to)) {
                return Val.OPAQUE;
            }
            // x IN (SELECT ...) and x NOT IN (the same) are complementary, as = ANY and <> ALL of it are
            Val v = Val.test(Truth.DATA, "+insub:" + key(from, x) + "\0" + key(open + 1, to - 1));
            return not ? v.negated() : v;
        }
        java.util.List<String> written = t.anyWord(open - 1, "any", "some", "all") ? arrayMembers(open + 1, to - 1) : null;
        if (written != null) {
            // x = ANY ('{1, 2}') is x IN (1, 2), x <> ALL (ARRAY['a']) x NOT IN ('a')
            Val v = values.own(from, x) ? Val.test(Truth.DATA, "+in:" + key(from, x) + "\0" + String.join("\1", written)) : Val.OPAQUE;
            return not ? v.negated() : v;
        }
        if (elements(open + 1, to - 1) == 1) {
            // x IN (v) is x = v, x NOT IN (v) is x <> v: id NOT IN (-1) OR id = -1 holds on every row
            return relation(from, x, open + 1, to - 1, not ? "<>" : "=");
        }
        if (bothBooleans(open + 1, to - 1)) {
            return Val.of(not ? Truth.NONE : Truth.ALL); // x IN (true, false): every row where x is not null
        }
        int start = open + 1;
        boolean narrows = values.own(from, x);
        java.util.Set<String> compared = values.columns(from, x);
        java.util.TreeSet<String> members = new java.util.TreeSet<>();
        for (int i = open + 1; i <= to - 1; i++) {
            if (i < to - 1 && t.isOpen(i)) {
                i = past(i, to - 1);
            } else if (i == to - 1 || t.punct(i, ",")) {
                if (same(from, x, start, i)) {
                    return Val.of(not ? Truth.NONE : Truth.ALL);
                }
                narrows &= values.independent(start, i, compared);
                members.add(key(start, i));
                start = i + 1;
            }
        }
        // x IN (a, b) and x NOT IN (b, a) are complementary: their OR holds on every row, their AND on none; so are
        // x NOT IN (a, b) and x = a OR x = b ({@link Members}). The list is keyed as its set of elements.
        Val v = narrows ? Val.test(Truth.DATA, "+in:" + key(from, x) + "\0" + String.join("\1", members)) : Val.OPAQUE;
        return not ? v.negated() : v;
    }

    /**
     * The keys of the elements of the constant array t[from, to) ({@code '{1, a}'}, {@code ARRAY[1, 'a']}, a cast after
     * either allowed), sorted and each once, or null when it is none or an element is not a literal (NULL included).
     */
    private java.util.List<String> arrayMembers(int from, int to) {
        int end = to;
        for (int i = from + 1; i < to; i++) {
            if (t.isOpen(i)) {
                i = past(i, to);
            } else if (t.punct(i, "::")) {
                end = i;
                break;
            }
        }
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        if (end == from + 1 && t.get(from).type() == Token.Type.STRING) {
            java.util.List<String> elements = arrayText(t.get(from).value().strip());
            if (elements == null) {
                return null;
            }
            for (String v : elements) {
                java.math.BigDecimal n = number(v.strip());
                out.add(n != null ? "NUMBER:" + n.toPlainString() + " " : "STRING:" + v + " ");
            }
            return java.util.List.copyOf(out);
        }
        if (!t.word(from, "array") || !t.punct(from + 1, "[") || t.close(from + 1) != end - 1 || end - 1 == from + 2) {
            return null;
        }
        int start = from + 2;
        for (int i = from + 2; i <= end - 1; i++) {
            if (i < end - 1 && t.isOpen(i)) {
                i = past(i, end - 1);
            } else if (i == end - 1 || t.punct(i, ",")) {
                // only a literal (or a constant folded to a number) is an element written here
                if (i == start || stringLiteral(start, i) == null && Constants.fold(t, start, i, false) == null) {
                    return null;
                }
                java.math.BigDecimal n = Constants.fold(t, start, i, false);
                out.add(n != null ? "NUMBER:" + n.toPlainString() + " " : key(start, i));
                start = i + 1;
            }
        }
        return java.util.List.copyOf(out);
    }

    /**
     * The elements of a one-dimensional array's text ({@code {a, "b,c", 5}}) as the server reads them: unquoted ones
     * trimmed, quoted ones unescaped. Null when it is none, is empty, or holds a NULL or a nested array.
     */
    private static java.util.List<String> arrayText(String s) {
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return null;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            StringBuilder e = new StringBuilder();
            while (i < end && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i < end && s.charAt(i) == '"') {
                for (i++; i < end && s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\' && i + 1 < end) {
                        i++;
                    }
                    e.append(s.charAt(i));
                }
                if (i >= end) {
                    return null; // unterminated
                }
                i++;
                while (i < end && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
            } else {
                for (; i < end && s.charAt(i) != ','; i++) {
                    char c = s.charAt(i);
                    if (c == '{' || c == '}' || c == '"' || c == '\\') {
                        return null;
                    }
                    e.append(c);
                }
                String v = e.toString().strip();
                if (v.isEmpty() || v.equalsIgnoreCase("null")) {
                    return null;
                }
                e = new StringBuilder(v);
            }
            out.add(e.toString());
            if (i < end && s.charAt(i) != ',') {
                return null;
            }
            i++;
            if (i == end && s.charAt(i - 1) == ',') {
                return null; // {a,}
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Whether the list t[from, to) is of the literals TRUE, FALSE (each at least once) and NULL alone. */
    private boolean bothBooleans(int from, int to) {
        boolean yes = false;
        boolean no = false;
        for (int i = from; i < to; i += 2) {
            if (!t.anyWord(i, "true", "false", "null") || i + 1 < to && !t.punct(i + 1, ",")) {
                return false;
            }
            yes |= t.word(i, "true");
            no |= t.word(i, "false");
        }
        return yes && no;
    }

    /** How many comma-separated elements t[from, to) holds at its level. */
    private int elements(int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            if (t.isOpen(i)) {
                i = past(i, to);
            } else if (t.punct(i, ",")) {
                n++;
            }
        }
        return from < to ? n : 0;
    }

    /**
     * EXISTS (SELECT ... FROM t [WHERE c]) over the target's own table, c true where its row is the target row; over
     * other items it narrows through a WHERE or join condition tying it to the row, not one holding on every row
     * ({@code EXISTS (SELECT 1 FROM u WHERE t.id = t.id)} is true everywhere u has a row).
     */
    private Val exists(int open, int close) {
        if (target.renamesItself(t, open + 1, close)) {
            return Val.OPAQUE;
        }
        // LIMIT 1, ORDER BY, GROUP BY... change nothing of whether a row exists
        int q = Target.pastWith(t, open + 1, close);
        int end = kept(q, close, true);
        Target inner = end < 0 ? null : target.overItself(t, q, end);
        if (inner != null) {
            return Val.of(matchesItself(inner, t.findWord(q, end, "from"), end));
        }
        OuterNames items = new OuterNames(t, target, values);
        Target inside = target.inside(SubqueryNames.of(t, open + 1, close).names(), c -> items.queryMayHave(open + 1, close, c));
        java.util.List<Truth> branches = new java.util.ArrayList<>();
        for (int[] b : values.branches(open + 1, close)) {
            branches.add(existsIn(inside, b[0], b[1]));
        }
        return branches.isEmpty() ? Val.DATA : Val.of(anyOf(branches, false)); // UNION: a row exists if one branch has it
    }

    /** Whether the SELECT t[select, to) (a branch of an EXISTS subquery over other items) has a row for the target row. */
    private Truth existsIn(Target inside, int select, int to) {
        if (t.word(select, "values")) {
            return Truth.OPAQUE; // VALUES (t.id): a row whatever the row holds
        }
        if (!t.word(select, "select")) {
            return Truth.DATA;
        }
        boolean conditions = false;
        boolean data = false;
        boolean grouped = false;
        for (int k = select; k < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "group") || t.word(k, "having")) {
                grouped = true;
            }
            if (k < to && t.anyWord(k, "where", "on", "having") && !(t.word(k, "on") && Expressions.outerJoin(t, select, k))) {
                conditions = true;
                Truth v = new Conditions(t, inside).or(k + 1, conditionEnd(k + 1, to)).truth();
                if (v == Truth.NONE && !t.word(k, "on")) {
                    return Truth.NONE; // WHERE false: no row, and NOT EXISTS holds on every row
                }
                // a condition only shown to depend on the row (t.id IS NOT NULL, t.id >= -2147483648) narrows nothing
                data |= v == Truth.DATA;
            }
        }
        if (!grouped && Expressions.aggregates(t, select, to)) {
            return Truth.OPAQUE; // SELECT count(*) FROM u WHERE ...: one row, whatever the WHERE matches
        }
        if (data) {
            return Truth.DATA;
        }
        return conditions || !fromReads(inside, select, to) ? Truth.OPAQUE : Truth.DATA;
    }

    /** Whether the FROM items of the query at {@code select} pass the row to a function ({@code generate_series(1, t.n)}). */
    private boolean fromReads(Target inside, int select, int close) {
        int f = t.findWord(select, close, "from");
        int end = f < 0 ? f : conditionEnd(f + 1, close);
        for (int k = f + 1; f >= 0 && k < end; k++) {
            if (t.isOpen(k)) {
                if (inside.reads(t, k + 1, t.close(k))) {
                    return true;
                }
                k = t.close(k);
            }
        }
        return false;
    }

    /** Whether the query t[from, to) is a SELECT returning no row: its WHERE matches none, or it has LIMIT 0. */
    private boolean empty(int from, int to) {
        if (!t.word(from, "select") || t.findWord(from, to, "union") >= 0) {
            return false;
        }
        int where = t.findWord(from, to, "where");
        int limit = t.findWord(from, to, "limit");
        return where >= 0 && new Conditions(t, Target.UNKNOWN).or(where + 1, conditionEnd(where + 1, to)).truth() == Truth.NONE
                || limit >= 0 && t.get(limit + 1).type() == Token.Type.NUMBER && t.get(limit + 1).value().matches("0+");
    }

    /** Where a WHERE, ON or HAVING condition from {@code from} ends: at the next clause or join of its level. */
    private int conditionEnd(int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.anyWord(i, "group", "having", "window", "order", "limit", "offset", "fetch", "for", "join", "inner",
                    "left", "right", "full", "cross", "natural", "union", "intersect", "except", "where", "on")) {
                return i;
            }
        }
        return to;
    }

    /**
     * What a subquery over the target's own table (FROM at {@code f}) finds of the target row met as its own: itself
     * (ALL) when its WHERE (if any) holds there, nothing shown when the WHERE shows nothing, else some rows (DATA).
     */
    private Truth matchesItself(Target inner, int f, int close) {
        Truth v = matchesItselfAs(inner, f, close);
        // which item an unqualified name is the catalog may not tell: every reading must narrow (fail closed)
        for (Target other : inner.besideReadings(t)) {
            Truth w = v == Truth.ALL ? v : matchesItselfAs(other, f, close);
            v = w == Truth.ALL ? w : v == Truth.NONE && w == Truth.NONE ? v : narrows(v) && narrows(w) ? Truth.DATA : Truth.OPAQUE;
        }
        return v;
    }

    private Truth matchesItselfAs(Target inner, int f, int close) {
        int where = t.findWord(f, close, "where");
        java.util.List<Truth> parts = new java.util.ArrayList<>();
        parts.add(where < 0 ? Truth.ALL : new Conditions(t, inner).or(where + 1, close).truth());
        // an inner join's ON restricts the rows as if AND-ed to the WHERE (JOIN u ON true restricts nothing)
        for (int[] on : inner.joinConditions()) {
            parts.add(on[0] < 0 ? Truth.DATA : new Conditions(t, inner).or(on[0], on[1]).truth());
        }
        Truth v = allOf(parts, false);
        return v == Truth.ALL || v == Truth.NONE ? v : narrows(v) ? Truth.DATA : Truth.OPAQUE;
    }

    /**
     * The operator the server reads in an operator token: it cuts trailing + and - off one holding none of ~ ! @ # % ^
     * & | ` ? ({@code >=-} is {@code >=} before a negative number).
     */
    static String operator(String v) {
        int n = v.length();
        if (v.chars().anyMatch(c -> "~!@#%^&|`?".indexOf(c) >= 0)) {
            return v;
        }
        while (n > 1 && (v.charAt(n - 1) == '+' || v.charAt(n - 1) == '-')) {
            n--;
        }
        return v.substring(0, n);
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
