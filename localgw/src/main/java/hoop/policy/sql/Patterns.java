package hoop.policy.sql;

/**
 * Whether a pattern literal leaves strings out, for {@link Conditions}: it must require some character to be there.
 * {@code LIKE '%'}, {@code LIKE '_%'}, {@code ~ '^'}, {@code ~ 'x*'} and {@code ~ 'a|'} match every value (or every
 * non-empty one), so a WHERE made of them reaches every row. A pattern is taken as narrowing only when it holds a
 * character that must occur: outside brackets, groups and alternation, not made optional by a quantifier after it.
 * Anything less plain (a class escape like {@code \d}, a bracket expression) is not shown to narrow.
 */
final class Patterns {

    private Patterns() {
    }

    /** LIKE and ILIKE: any character but the two wildcards is one the value must hold (an escaped wildcard too). */
    static boolean likeNarrows(String p) {
        return p.chars().anyMatch(c -> c != '%' && c != '_');
    }

    /** SIMILAR TO: LIKE's wildcards with regular expression syntax around them (. is itself there). */
    static boolean similarNarrows(String p) {
        return required(p, "%_*+?{}()[]|^$");
    }

    /** The POSIX regular expressions of ~ and ~* (ARE flavour, {@code ***=} for a literal rest). */
    static boolean regexNarrows(String p) {
        if (p.startsWith("***=")) {
            return p.length() > 4;
        }
        if (p.startsWith("***:")) {
            p = p.substring(4);
        }
        return !p.startsWith("(?") && required(p, ".*+?{}()[]|^$");
    }

    /**
     * Whether p holds, at group depth 0 and outside brackets, a literal character not followed by a quantifier that
     * makes it optional; none when p has an alternation anywhere (one empty branch matches everything).
     */
    private static boolean required(String p, String meta) {
        if (p.indexOf('|') >= 0) {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean literal;
            if (c == '\\') {
                i++;
                // an escaped letter is a class or a constraint (\d, \w, \m), an escaped symbol is itself
                literal = i < p.length() && !Character.isLetterOrDigit(p.charAt(i));
            } else if (c == '[') {
                i = bracketEnd(p, i);
                continue;
            } else if (c == '{' && meta.indexOf('{') >= 0) {
                // a bound {m,n}: its digits are no characters of the value (x{0} matches the empty string)
                int close = p.indexOf('}', i);
                i = close < 0 ? p.length() : close;
                continue;
            } else if (c == '(') {
                depth++;
                continue;
            } else if (c == ')') {
                depth--;
                continue;
            } else {
                literal = meta.indexOf(c) < 0;
            }
            if (literal && depth == 0 && !optional(p, i + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the quantifier at i (if any) lets the atom before it match nothing: *, ?, or a bound {0...}. */
    private static boolean optional(String p, int i) {
        if (i < p.length() && p.charAt(i) == '{') {
            int k = i + 1;
            while (k < p.length() && Character.isDigit(p.charAt(k))) {
                k++;
            }
            return k == i + 1 || p.substring(i + 1, k).matches("0+");
        }
        return i < p.length() && "*?".indexOf(p.charAt(i)) >= 0;
    }

    /** The index of the ] closing the bracket expression opened at i (a ] right after [ or [^ is a member). */
    private static int bracketEnd(String p, int i) {
        int k = i + 1;
        if (k < p.length() && p.charAt(k) == '^') {
            k++;
        }
        if (k < p.length() && p.charAt(k) == ']') {
            k++;
        }
        while (k < p.length() && p.charAt(k) != ']') {
            k++;
        }
        return k;
    }
}
