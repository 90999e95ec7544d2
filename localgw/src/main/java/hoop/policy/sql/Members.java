package hoop.policy.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether tests of one expression against written values, OR-ed, leave no value out: {@code id NOT IN (1, 2) OR id = 1
 * OR id = 2}, {@code v <> 'a' OR v = ANY ('{a}')} match every row (nulls aside) as {@code id = id} does. The negated
 * test's values must all be among the positive tests' ones. Reads {@link Conditions}' test keys: "+eq:a\0b" (a = b),
 * "-eq:" (a <> b), "+in:x\0v1\1v2..." (x IN (v1, v2, ...)), "-in:" (NOT IN), a value being a literal's key ("NUMBER:5 ",
 * "OP:- NUMBER:5 ", "STRING:a "). Taking two spellings for one value only ever finds more rows matched.
 */
final class Members {

    private Members() {
    }

    static boolean cover(Collection<String> tests) {
        Map<String, Set<String>> in = new HashMap<>();
        List<Map.Entry<String, Set<String>>> out = new ArrayList<>();
        for (String test : tests) {
            if (test == null || test.length() < 4) {
                continue;
            }
            boolean plus = test.charAt(0) == '+';
            int colon = test.indexOf(':');
            String kind = test.substring(1, colon);
            if (!kind.equals("eq") && !kind.equals("in")) {
                continue;
            }
            String body = test.substring(colon + 1);
            int last = body.lastIndexOf('\0');
            if (last < 0) {
                continue;
            }
            // an expression's key may hold NULs (a column's starts with one); a value's never does
            String x = body.substring(0, last);
            Set<String> values = new HashSet<>();
            if (kind.equals("eq")) {
                String v = value(body.substring(last + 1));
                int first = body.indexOf('\0');
                if (v == null && first >= 0) {
                    v = value(body.substring(0, first)); // the value sorted first: 5 = x
                    x = body.substring(first + 1);
                }
                if (v == null || value(x) != null) {
                    continue; // two expressions, or two values: no set of one expression's values
                }
                values.add(v);
            } else {
                for (String m : body.substring(last + 1).split("\1", -1)) {
                    String v = value(m);
                    if (v == null) {
                        values = null;
                        break;
                    }
                    values.add(v);
                }
                if (values == null || values.isEmpty()) {
                    continue;
                }
            }
            if (plus) {
                in.computeIfAbsent(x, k -> new HashSet<>()).addAll(values);
            } else {
                out.add(Map.entry(x, values));
            }
        }
        for (Map.Entry<String, Set<String>> e : out) {
            Set<String> matched = in.get(e.getKey());
            if (matched != null && matched.containsAll(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** A literal's key as one value however the number is spelt (5, 5.0, 05, '5'), or null when it is no literal. */
    private static String value(String key) {
        String k = key;
        boolean minus = false;
        if (k.startsWith("OP:- ") || k.startsWith("OP:+ ")) {
            minus = k.charAt(3) == '-';
            k = k.substring(5);
        }
        if (k.startsWith("NUMBER:") && k.endsWith(" ") && k.indexOf(' ') == k.length() - 1) {
            try {
                BigDecimal n = new BigDecimal(k.substring(7, k.length() - 1));
                return "n:" + (minus ? n.negate() : n).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (!minus && key.startsWith("STRING:") && key.endsWith(" ")) {
            return "s:" + key.substring(7, key.length() - 1);
        }
        return null;
    }
}
