package hoop.core;

import java.util.ArrayList;
import java.util.List;

/**
 * How a Command's argv carries the values a SQL statement's parameters are bound to: one entry {@code $n = literal} per
 * parameter, the literal written as SQL (a quoted string, NULL). An approver reads them so; the classifier reads them
 * back to judge the statement with its values in place.
 */
public final class BoundValues {
    private BoundValues() {
    }

    public static String entry(int n, String literal) {
        return "$" + n + " = " + literal;
    }

    /** The literal of each parameter ($1 first), null where argv gives none; empty when argv holds no bound values. */
    public static List<String> of(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String a : argv) {
            int eq = a.indexOf(" = ");
            if (!a.startsWith("$") || eq < 2) return List.of();
            int n;
            try {
                n = Integer.parseInt(a.substring(1, eq));
            } catch (NumberFormatException e) {
                return List.of();
            }
            if (n < 1 || n > 65_535) return List.of();
            while (out.size() < n) out.add(null);
            out.set(n - 1, a.substring(eq + 3));
        }
        return out;
    }
}
