package hoop.policy.sql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The value of a constant numeric expression written in the text, folded as PostgreSQL evaluates it, for {@link
 * Conditions}: a bound spelt {@code -1::int8 * 2147483648}, {@code -(2^62)::bigint}, {@code 0 - 9223372036854775807} or
 * {@code (SELECT -2147483648)} is the end of the integers' range as much as the number itself is. Precedence as the
 * server's: {@code ::}, unary sign, {@code ^}, {@code * / %}, {@code + -}. Integer literals and arithmetic are int4 or
 * int8 where they fit, as there (an int4 product past its range is an error, and no value); null wherever the value is not
 * known exactly: a function, a column, a parameter, a type this does not model.
 */
final class Constants {

    /** What an operand is, as far as its arithmetic goes: int4, int8, numeric, or float8 (approximate). */
    private enum Kind { INT4, INT8, NUMERIC, FLOAT }

    private record Num(BigDecimal v, Kind k) {
    }

    private static final BigDecimal INT4_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT4_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal INT8_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal INT8_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Set<String> INT2 = Set.of("int2", "smallint");
    private static final Set<String> INT4 = Set.of("int4", "int", "integer");
    private static final Set<String> INT8 = Set.of("int8", "bigint");
    private static final Set<String> NUMERIC = Set.of("numeric", "decimal");
    private static final Set<String> FLOAT = Set.of("float8", "float4", "real", "float");

    private final Toks t;
    /** The expression's tokens, an operator token's trailing signs split off as the server splits them. */
    private final List<Integer> at = new ArrayList<>();
    private final List<String> op = new ArrayList<>();
    private int pos;

    private Constants(Toks t, int from, int to, boolean negated) {
        this.t = t;
        if (negated) {
            at.add(from);
            op.add("-");
        }
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (x.type() == Token.Type.OP) {
                String o = Conditions.operator(x.value());
                at.add(i);
                op.add(o);
                for (char c : x.value().substring(o.length()).toCharArray()) {
                    at.add(i);
                    op.add(String.valueOf(c));
                }
            } else {
                at.add(i);
                op.add(null);
            }
        }
    }

    /**
     * The value of t[from, to), or null; {@code negated}: a minus the server cut off the operator before it is its first
     * operand's sign ({@code id >=- 2147483647 - 1} is {@code id >= -2147483647 - 1}).
     */
    static BigDecimal fold(Toks t, int from, int to, boolean negated) {
        if (from >= to) {
            return null;
        }
        try {
            Constants c = new Constants(t, from, to, negated);
            Num n = c.additive();
            return n == null || c.pos != c.at.size() ? null : n.v();
        } catch (ArithmeticException | NumberFormatException e) {
            return null; // the server's error, or a value past what is worth folding: no value either way
        }
    }

    private boolean isOp(String o) {
        return pos < at.size() && o.equals(op.get(pos));
    }

    private boolean isPunct(String p) {
        return pos < at.size() && op.get(pos) == null && t.punct(at.get(pos), p);
    }

    private Num additive() {
        Num a = multiplicative();
        while (a != null && (isOp("+") || isOp("-"))) {
            boolean plus = isOp("+");
            pos++;
            Num b = multiplicative();
            if (b == null) {
                return null;
            }
            a = arithmetic(a, b, plus ? a.v().add(b.v()) : a.v().subtract(b.v()));
        }
        return a;
    }

    private Num multiplicative() {
        Num a = power();
        while (a != null && (isOp("*") || isOp("/") || isOp("%"))) {
            String o = op.get(pos++);
            Num b = power();
            if (b == null) {
                return null;
            }
            boolean integral = a.k() != Kind.NUMERIC && a.k() != Kind.FLOAT && b.k() != Kind.NUMERIC && b.k() != Kind.FLOAT;
            BigDecimal v = switch (o) {
                case "*" -> a.v().multiply(b.v());
                case "/" -> integral ? a.v().divideToIntegralValue(b.v()) : a.v().divide(b.v(), MathContext.DECIMAL128);
                default -> a.v().remainder(b.v());
            };
            a = arithmetic(a, b, v);
        }
        return a;
    }

    /** a ^ b is float8 (numeric if either is): exact for the integral exponents a bound is written with. */
    private Num power() {
        Num a = unary();
        while (a != null && isOp("^")) {
            pos++;
            Num b = unary();
            if (b == null || b.v().signum() < 0 || b.v().compareTo(BigDecimal.valueOf(1000)) > 0 || b.v().stripTrailingZeros().scale() > 0) {
                return null;
            }
            boolean numeric = a.k() == Kind.NUMERIC || b.k() == Kind.NUMERIC;
            a = new Num(a.v().pow(b.v().intValueExact()), numeric ? Kind.NUMERIC : Kind.FLOAT);
        }
        return a;
    }

    private Num unary() {
        if (isOp("-") || isOp("+")) {
            boolean minus = isOp("-");
            pos++;
            Num n = unary();
            return n == null ? null : new Num(minus ? n.v().negate() : n.v(), n.k());
        }
        return postfix();
    }

    private Num postfix() {
        Num n = primary();
        while (n != null && isPunct("::")) {
            pos++;
            n = cast(n);
        }
        return n;
    }

    private Num primary() {
        if (pos >= at.size() || op.get(pos) != null) {
            return null;
        }
        int i = at.get(pos);
        Token x = t.get(i);
        if (x.type() == Token.Type.NUMBER) {
            pos++;
            return literal(x.value());
        }
        if (x.type() == Token.Type.STRING && pos + 1 < at.size() && t.punct(i + 1, "::")) {
            pos++; // '-2147483648'::int8: the text read as the type's value
            return new Num(new BigDecimal(x.value().strip()), Kind.NUMERIC);
        }
        if (t.word(i, "cast") && t.punct(i + 1, "(")) {
            int close = t.close(i + 1);
            int as = t.findWord(i + 2, close, "as");
            if (as < 0) {
                return null;
            }
            BigDecimal v = fold(t, i + 2, as, false);
            Num typed = v == null ? null : castTo(new Num(v, Kind.NUMERIC), as + 1, close);
            skipTo(close);
            return typed;
        }
        if (t.punct(i, "(")) {
            int close = t.close(i);
            // (SELECT expr): one row of its one value
            int from = t.word(i + 1, "select") ? i + 2 : i + 1;
            BigDecimal v = fold(t, from, close, false);
            skipTo(close);
            return v == null ? null : new Num(v, v.stripTrailingZeros().scale() <= 0 && fits(v, INT8_MIN, INT8_MAX) ? Kind.INT8 : Kind.NUMERIC);
        }
        return null;
    }

    /** Moves past the token at {@code close}. */
    private void skipTo(int close) {
        while (pos < at.size() && at.get(pos) <= close) {
            pos++;
        }
    }

    /** A numeric literal: int4 or int8 where it fits, else numeric (with a point or exponent: numeric). */
    private static Num literal(String text) {
        BigDecimal v = new BigDecimal(text);
        if (text.matches("[0-9]+")) {
            return new Num(v, fits(v, INT4_MIN, INT4_MAX) ? Kind.INT4 : fits(v, INT8_MIN, INT8_MAX) ? Kind.INT8 : Kind.NUMERIC);
        }
        return new Num(v, Kind.NUMERIC);
    }

    /** The cast after {@code ::} at pos. */
    private Num cast(Num n) {
        if (pos >= at.size()) {
            return null;
        }
        int i = at.get(pos);
        int end = i + 1;
        if (t.word(i, "double") && t.word(i + 1, "precision")) {
            end = i + 2;
        } else if (t.punct(i + 1, "(")) {
            end = t.close(i + 1) + 1; // numeric(20, 0): its precision does not change an integer
        }
        Num typed = castTo(n, i, end);
        skipTo(end - 1);
        return typed;
    }

    /** n cast to the type named at t[i, end). */
    private Num castTo(Num n, int i, int end) {
        String type = t.isName(i) ? t.get(i).value() : "";
        if (t.punct(i + 1, "[") || end < i + 1) {
            return null;
        }
        if (INT2.contains(type) || INT4.contains(type) || INT8.contains(type)) {
            // to an integer numeric rounds half away from zero, float8 half to even
            BigDecimal v = n.v().setScale(0, n.k() == Kind.FLOAT ? RoundingMode.HALF_EVEN : RoundingMode.HALF_UP);
            BigDecimal lo = INT8.contains(type) ? INT8_MIN : INT2.contains(type) ? BigDecimal.valueOf(Short.MIN_VALUE) : INT4_MIN;
            BigDecimal hi = INT8.contains(type) ? INT8_MAX : INT2.contains(type) ? BigDecimal.valueOf(Short.MAX_VALUE) : INT4_MAX;
            if (!fits(v, lo, hi)) {
                throw new ArithmeticException("out of range");
            }
            return new Num(v, INT8.contains(type) ? Kind.INT8 : Kind.INT4);
        }
        if (NUMERIC.contains(type)) {
            return new Num(n.v(), Kind.NUMERIC);
        }
        if (FLOAT.contains(type) || type.equals("double")) {
            return new Num(new BigDecimal(n.v().doubleValue()), Kind.FLOAT);
        }
        return null;
    }

    /** a op b's result v in the type the server computes it in: an int4 or int8 result past its range is an error. */
    private static Num arithmetic(Num a, Num b, BigDecimal v) {
        if (a.k() == Kind.FLOAT || b.k() == Kind.FLOAT) {
            return new Num(new BigDecimal(v.doubleValue()), Kind.FLOAT);
        }
        if (a.k() == Kind.NUMERIC || b.k() == Kind.NUMERIC) {
            return new Num(v, Kind.NUMERIC);
        }
        boolean int8 = a.k() == Kind.INT8 || b.k() == Kind.INT8;
        if (!fits(v, int8 ? INT8_MIN : INT4_MIN, int8 ? INT8_MAX : INT4_MAX)) {
            throw new ArithmeticException("integer out of range");
        }
        return new Num(v, int8 ? Kind.INT8 : Kind.INT4);
    }

    private static boolean fits(BigDecimal v, BigDecimal lo, BigDecimal hi) {
        return v.compareTo(lo) >= 0 && v.compareTo(hi) <= 0;
    }

    /**
     * The elements of a constant array written in the text, folded: {@code '{1, -5}'} (a cast after it allowed),
     * {@code ARRAY[1, 2 * 3]}; an empty list for {@code '{}'} or {@code ARRAY[]}; null when it is not one, or an element
     * is not known.
     */
    static List<BigDecimal> array(Toks t, int from, int to) {
        int end = to;
        // a cast after it: '{}'::int[], ARRAY[]::bigint[]
        for (int i = from + 1; i < to; i++) {
            if (t.punct(i, "::")) {
                end = i;
                break;
            }
        }
        List<BigDecimal> out = new ArrayList<>();
        if (end == from + 1 && t.get(from).type() == Token.Type.STRING) {
            String s = t.get(from).value().strip();
            if (!s.startsWith("{") || !s.endsWith("}")) {
                return null;
            }
            String inner = s.substring(1, s.length() - 1).strip();
            if (inner.isEmpty()) {
                return out;
            }
            for (String e : inner.split(",", -1)) {
                try {
                    out.add(new BigDecimal(e.strip()));
                } catch (NumberFormatException x) {
                    return null;
                }
            }
            return out;
        }
        if (t.word(from, "array") && t.punct(from + 1, "[") && t.close(from + 1) == end - 1) {
            int start = from + 2;
            for (int i = from + 2; i <= end - 1; i++) {
                if (i < end - 1 && t.isOpen(i)) {
                    i = t.close(i);
                } else if (i == end - 1 || t.punct(i, ",")) {
                    if (i == start) {
                        return i == end - 1 && out.isEmpty() ? out : null;
                    }
                    BigDecimal v = fold(t, start, i, false);
                    if (v == null) {
                        return null;
                    }
                    out.add(v);
                    start = i + 1;
                }
            }
            return out;
        }
        return null;
    }
}
