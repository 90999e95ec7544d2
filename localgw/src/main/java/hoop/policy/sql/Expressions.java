package hoop.policy.sql;

import java.util.Set;

/**
 * What a stretch of a condition is, read from its tokens alone, for {@link Conditions}: a bound that may be the end of
 * a range though hoop cannot evaluate it, a system column that says nothing of a row's data, a pattern literal under a
 * cast, an outer join's ON, a select list whose aggregate returns one row whatever matched.
 */
final class Expressions {

    private Expressions() {
    }

    /** The system columns that tell nothing of a row's data: every row of the table has the same tableoid, xmax 0... */
    private static final Set<String> BOOKKEEPING = Set.of("tableoid", "xmin", "xmax", "cmin", "cmax");

    /**
     * Whether t[from, to) reads one of {@link #BOOKKEEPING} (no table has a column of those names): {@code tableoid =
     * 'items'::regclass} holds on every row of a table without children, and xmin or xmax bound no data.
     */
    static boolean systemValue(Toks t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.isName(i) && BOOKKEEPING.contains(t.get(i).value()) && !t.punct(i + 1, "(") && !t.punct(i - 1, "::")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The current time, and functions making a date or time of finite values: finite, no end of any range ({@code
     * date_trunc('month', now())}), unless given an end ('-infinity').
     */
    private static final Set<String> TIMES = Set.of("now", "current_timestamp", "current_date", "current_time", "localtime",
            "localtimestamp", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "to_timestamp", "to_date",
            "make_date", "make_time", "make_timestamp", "make_timestamptz", "date_trunc", "date_bin", "timezone");

    /**
     * Whether t[from, to), a constant written in the text that {@link Constants} could not fold, may be the end of every
     * value's range: a function of constants ({@code least(-2147483648, 0)}), arithmetic not modelled ({@code 1 << 31},
     * {@code (SELECT -2147483648 LIMIT 1)}), a text that is an end itself ('', 'infinity'). Not a parameter, another
     * item's column or a subquery reading rows (values given from outside, as data), nor date arithmetic on a literal or
     * the current time ({@code now() - interval '1 day'}).
     */
    static boolean mayBeExtreme(Toks t, int from, int to) {
        boolean end = false;
        boolean function = false;
        boolean number = false;
        boolean text = false;
        boolean time = false;
        boolean query = false;
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            query |= t.word(i, "select");
            // a subquery reading rows gives a value as data does (extract(year FROM ts)'s FROM is no query's)
            if (x.type() == Token.Type.PARAM || query && t.word(i, "from") || t.word(i, "table") && t.punct(i - 1, "(")) {
                return false;
            } else if (x.type() == Token.Type.NUMBER) {
                number = true;
            } else if (x.type() == Token.Type.STRING) {
                String v = Lexer.asciiLower(x.value().strip());
                boolean e = v.isEmpty() || v.matches("[-+]?(infinity|inf|nan)");
                end |= e;
                text |= !e;
            } else if (x.type() == Token.Type.IDENT && TIMES.contains(x.value())) {
                time = true;
            } else if (x.isName() && t.punct(i + 1, "(")) {
                function = true; // a function of constants: any value (least(-2147483648, 0), power(2, 31), repeat('x', 0))
            } else if (x.isName() && !t.punct(i - 1, "::") && !t.word(i - 1, "as") && t.get(i + 1).type() != Token.Type.STRING
                    && !(x.type() == Token.Type.IDENT && Conditions.CONSTANT_WORDS.contains(x.value())) && !t.punct(i - 1, ".")) {
                return false; // a column: a value given from outside
            }
        }
        return end || function && !time || number && !text && !time;
    }

    /**
     * The string literal t[from, to) is, a cast or brackets around it allowed ({@code '%'::text}, {@code CAST('%' AS
     * text)}, {@code ('%')}): its index, or -1.
     */
    static int patternLiteral(Toks t, int from, int to) {
        if (from >= to) {
            return -1;
        }
        if (t.punct(from, "(") && t.close(from) == to - 1) {
            return patternLiteral(t, from + 1, to - 1);
        }
        if (t.word(from, "cast") && t.punct(from + 1, "(") && t.close(from + 1) == to - 1) {
            int as = t.findWord(from + 2, to - 1, "as");
            return as < 0 ? -1 : patternLiteral(t, from + 2, as);
        }
        if (t.get(from).type() != Token.Type.STRING) {
            return -1;
        }
        for (int i = from + 1; i < to; i++) {
            if (!(t.punct(i, "::") || t.isName(i) || t.punct(i, "(") || t.punct(i, ")") || t.get(i).type() == Token.Type.NUMBER)) {
                return -1;
            }
        }
        return from;
    }

    /**
     * Whether the ON at {@code on} is an outer join's (LEFT, RIGHT, FULL): it pairs rows but removes none of the side
     * kept whole, so it does not narrow whether a row exists ({@code EXISTS (SELECT 1 FROM u LEFT JOIN w ON w.id =
     * t.id)} holds wherever u has a row).
     */
    static boolean outerJoin(Toks t, int select, int on) {
        int depth = 0;
        for (int k = on - 1; k > select; k--) {
            if (t.punct(k, ")") || t.punct(k, "]")) {
                depth++;
            } else if (t.isOpen(k)) {
                depth--;
            } else if (depth == 0 && t.word(k, "join")) {
                int w = t.word(k - 1, "outer") ? k - 2 : k - 1;
                return t.anyWord(w, "left", "right", "full");
            }
        }
        return false;
    }

    /** Aggregates that give one row over no rows: without GROUP BY, a select list calling one returns exactly one. */
    private static final Set<String> AGGREGATES = Set.of("count", "max", "min", "sum", "avg", "bool_and", "bool_or", "every",
            "array_agg", "string_agg", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "xmlagg", "bit_and",
            "bit_or", "bit_xor", "stddev", "variance", "stddev_pop", "stddev_samp", "var_pop", "var_samp", "corr",
            "covar_pop", "covar_samp", "mode", "percentile_cont", "percentile_disc");

    /** Whether the select list of the SELECT at {@code select} calls an aggregate at its level. */
    static boolean aggregates(Toks t, int select, int to) {
        int f = t.findWord(select, to, "from");
        int end = f < 0 ? to : f;
        for (int k = select + 1; k < end; k++) {
            if (t.get(k).type() == Token.Type.IDENT && AGGREGATES.contains(t.w(k)) && t.punct(k + 1, "(")) {
                return true;
            }
            if (t.isOpen(k) && !(t.punct(k, "(") && !Queries.startsQuery(t, k + 1, t.close(k)))) {
                k = t.close(k);
            }
        }
        return false;
    }
}
