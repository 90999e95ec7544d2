package hoop.policy.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether comparisons of one expression with numbers, OR-ed, hold for every number: {@code id < 10 OR id > 0},
 * {@code id <> 1 OR id <> 2}, {@code id <= 5 OR id >= 5} match every row (nulls aside) as {@code id = id} does. Reads
 * {@link Conditions}' test keys: "+eq:a\0b" is a = b, "-eq:" a <> b, "+lt:a\0b" a < b, "-lt:a\0b" a >= b,
 * "+btw:x\0lo\0hi" x BETWEEN lo AND hi ("-btw" NOT BETWEEN, "btws" SYMMETRIC), a side being an expression's key or a number's
 * ("NUMBER:5 ", after "OP:- " when negative).
 */
final class Ranges {

    private static final Pattern NUMBER = Pattern.compile("(OP:([-+]) )?NUMBER:([0-9.eE+-]+) ");

    private Ranges() {
    }

    /** One comparison: the numbers where it may change, and whether it holds for a value. */
    private record Part(List<BigDecimal> points, java.util.function.Predicate<BigDecimal> holds) {
        static Part of(BigDecimal n, boolean below, boolean at, boolean above) {
            return new Part(List.of(n), v -> {
                int c = v.compareTo(n);
                return c < 0 ? below : c == 0 ? at : above;
            });
        }
    }

    static boolean covers(Collection<String> tests) {
        Map<String, List<Part>> byExpression = new HashMap<>();
        for (String test : tests) {
            if (test != null) {
                add(test, byExpression);
            }
        }
        for (List<Part> parts : byExpression.values()) {
            if (parts.size() > 1 && coversAll(parts)) {
                return true;
            }
        }
        return false;
    }

    /** Reads one test key into a part of the expression it compares (an expression's own key may hold a NUL). */
    private static void add(String test, Map<String, List<Part>> out) {
        boolean plus = test.charAt(0) == '+';
        int colon = test.indexOf(':');
        String kind = test.substring(1, colon);
        String body = test.substring(colon + 1);
        int last = body.lastIndexOf('\0');
        if (last < 0) {
            return;
        }
        if (kind.startsWith("btw")) {
            int mid = body.lastIndexOf('\0', last - 1);
            BigDecimal a = mid < 0 ? null : number(body.substring(mid + 1, last));
            BigDecimal b = number(body.substring(last + 1));
            boolean swap = kind.equals("btws") && a != null && b != null && a.compareTo(b) > 0;
            BigDecimal lo = swap ? b : a;
            BigDecimal hi = swap ? a : b;
            if (lo != null && hi != null) {
                out.computeIfAbsent(body.substring(0, mid), k -> new ArrayList<>())
                        .add(new Part(List.of(lo, hi), v -> (v.compareTo(lo) >= 0 && v.compareTo(hi) <= 0) == plus));
            }
            return;
        }
        if (!kind.equals("eq") && !kind.equals("lt")) {
            return;
        }
        // the number is one side: after the last NUL, or before the first one
        BigDecimal n = number(body.substring(last + 1));
        boolean left = n != null; // the expression is the left side
        int first = body.indexOf('\0');
        if (!left) {
            n = number(body.substring(0, first));
        }
        if (n == null) {
            return;
        }
        String x = left ? body.substring(0, last) : body.substring(first + 1);
        Part p;
        if (kind.equals("eq")) {
            p = Part.of(n, !plus, plus, !plus);
        } else if (left) {
            p = plus ? Part.of(n, true, false, false) : Part.of(n, false, true, true); // x < n, x >= n
        } else {
            p = plus ? Part.of(n, false, false, true) : Part.of(n, true, true, false); // n < x, n >= x
        }
        out.computeIfAbsent(x, k -> new ArrayList<>()).add(p);
    }

    /** Each number's being matched only changes at the parts' numbers: trying them and the points around does. */
    private static boolean coversAll(List<Part> parts) {
        TreeSet<BigDecimal> points = new TreeSet<>();
        for (Part p : parts) {
            points.addAll(p.points());
        }
        List<BigDecimal> samples = new ArrayList<>();
        BigDecimal previous = null;
        for (BigDecimal n : points) {
            samples.add(n);
            samples.add(previous == null ? n.subtract(BigDecimal.ONE) : previous.add(n).divide(BigDecimal.valueOf(2)));
            previous = n;
        }
        samples.add(previous.add(BigDecimal.ONE));
        for (BigDecimal v : samples) {
            if (parts.stream().noneMatch(p -> p.holds().test(v))) {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal number(String key) {
        Matcher m = NUMBER.matcher(key);
        if (!m.matches()) {
            return null;
        }
        try {
            BigDecimal n = new BigDecimal(m.group(3));
            return "-".equals(m.group(2)) ? n.negate() : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
