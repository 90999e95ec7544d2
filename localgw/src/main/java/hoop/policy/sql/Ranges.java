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

    /**
     * One comparison as the numbers it holds for: those from lo to hi (null: no end; loIn, hiIn: the end itself
     * included), or with {@code outside} all others.
     */
    private record Part(BigDecimal lo, boolean loIn, BigDecimal hi, boolean hiIn, boolean outside) {
        static Part of(BigDecimal n, boolean below, boolean at, boolean above) {
            if (below && at && !above) {
                return new Part(null, false, n, true, false);
            } else if (below && !at && !above) {
                return new Part(null, false, n, false, false);
            } else if (!below && at && above) {
                return new Part(n, true, null, false, false);
            } else if (!below && !at && above) {
                return new Part(n, false, null, false, false);
            }
            return new Part(n, true, n, true, below); // = n, or <> n
        }
    }

    static boolean covers(Collection<String> tests) {
        return covers(tests, k -> false);
    }

    /**
     * As {@link #covers(Collection)}; {@code integral}: whether an expression (by its key) holds integers only, where
     * {@code id >= 1 OR id <= 0} leaves no value out.
     */
    static boolean covers(Collection<String> tests, java.util.function.Predicate<String> integral) {
        Map<String, List<Part>> byExpression = new HashMap<>();
        for (String test : tests) {
            if (test != null) {
                add(test, byExpression);
            }
        }
        for (Map.Entry<String, List<Part>> e : byExpression.entrySet()) {
            if (e.getValue().size() > 1 && coversAll(e.getValue(), integral.test(e.getKey()))) {
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
                out.computeIfAbsent(body.substring(0, mid), k -> new ArrayList<>()).add(new Part(lo, true, hi, true, !plus));
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

    /**
     * Each number's being matched only changes at the parts' numbers: trying them, a point between each two and one
     * past either end does. Each part holds on a run of those points (or outside one); counted with a difference
     * array, not part by point, so that ten thousand ORed comparisons take no longer than sorting them.
     */
    private static boolean coversAll(List<Part> parts, boolean integral) {
        TreeSet<BigDecimal> points = new TreeSet<>();
        for (Part p : parts) {
            if (p.lo() != null) {
                points.add(p.lo());
            }
            if (p.hi() != null) {
                points.add(p.hi());
            }
        }
        if (points.isEmpty()) {
            return false;
        }
        List<BigDecimal> samples = new ArrayList<>();
        BigDecimal previous = null;
        for (BigDecimal n : points) {
            BigDecimal between = previous == null ? n.subtract(BigDecimal.ONE) : previous.add(n).divide(BigDecimal.valueOf(2));
            if (integral && previous != null) {
                // of integers only the next one after the previous point stands between two points, if any does
                BigDecimal next = previous.setScale(0, java.math.RoundingMode.FLOOR).add(BigDecimal.ONE);
                between = next.compareTo(n) < 0 ? next : null;
            }
            if (between != null) {
                samples.add(between);
            }
            samples.add(n);
            previous = n;
        }
        samples.add(previous.add(BigDecimal.ONE));
        int[] cover = new int[samples.size() + 1];
        for (Part p : parts) {
            int from = p.lo() == null ? 0 : index(samples, p.lo()) + (p.loIn() ? 0 : 1);
            int to = p.hi() == null ? samples.size() - 1 : index(samples, p.hi()) - (p.hiIn() ? 0 : 1);
            if (p.outside()) {
                mark(cover, 0, from - 1);
                mark(cover, to + 1, samples.size() - 1);
            } else {
                mark(cover, from, to);
            }
        }
        int count = 0;
        for (int i = 0; i < samples.size(); i++) {
            count += cover[i];
            if (count <= 0) {
                return false;
            }
        }
        return true;
    }

    private static int index(List<BigDecimal> samples, BigDecimal n) {
        return java.util.Collections.binarySearch(samples, n);
    }

    private static void mark(int[] cover, int from, int to) {
        if (from <= to) {
            cover[from]++;
            cover[to + 1]--;
        }
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
