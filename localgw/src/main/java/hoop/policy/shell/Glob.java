package hoop.policy.shell;

/**
 * Bash-style pattern matching ({@code *}, {@code ?}, {@code [...]}, backslash escapes).
 * {@code *} also matches '/', because policy patterns match whole argument strings.
 */
final class Glob {
    private Glob() {
    }

    static boolean isMeta(char c) {
        return c == '*' || c == '?' || c == '[' || c == ']' || c == '\\';
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isMeta(c)) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static boolean hasMeta(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || (c == '[' && bracketEnd(pattern, i) > 0)) {
                return true;
            }
        }
        return false;
    }

    static String unescape(String pattern) {
        StringBuilder sb = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Throws if a bracket expression is never closed; bash would silently treat it literally. */
    static void validate(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && bracketEnd(pattern, i) < 0) {
                throw new IllegalArgumentException("unterminated '[' in pattern token '" + pattern + "'");
            }
        }
    }

    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starT = t;
                continue;
            }
            int next = p < pattern.length() ? matchOne(pattern, p, text.charAt(t)) : -1;
            if (next >= 0) {
                p = next;
                t++;
            } else if (starP >= 0) {
                p = starP;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Returns the pattern index after the element at p if it matches c, else -1. */
    private static int matchOne(String pattern, int p, char c) {
        char pc = pattern.charAt(p);
        if (pc == '?') {
            return p + 1;
        }
        if (pc == '\\' && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == c ? p + 2 : -1;
        }
        if (pc == '[') {
            int end = bracketEnd(pattern, p);
            if (end > 0) {
                return bracketMatches(pattern, p + 1, end, c) ? end + 1 : -1;
            }
        }
        return pc == c ? p + 1 : -1;
    }

    /** Index of the closing ']' for the bracket expression opened at start, or -1. */
    static int bracketEnd(String pattern, int start) {
        int i = start + 1;
        if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == ':') {
                int close = pattern.indexOf(":]", i + 2);
                if (close > 0) {
                    i = close + 2;
                    continue;
                }
            }
            if (c == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean bracketMatches(String pattern, int from, int end, char c) {
        boolean negate = false;
        int i = from;
        if (pattern.charAt(i) == '!' || pattern.charAt(i) == '^') {
            negate = true;
            i++;
        }
        boolean found = false;
        boolean first = true;
        while (i < end) {
            char lo = pattern.charAt(i);
            if (lo == '[' && i + 1 < end && pattern.charAt(i + 1) == ':') {
                int close = pattern.indexOf(":]", i + 2);
                if (close > 0 && close < end) {
                    found |= inClass(pattern.substring(i + 2, close), c);
                    i = close + 2;
                    first = false;
                    continue;
                }
            }
            if (lo == '\\' && i + 1 < end) {
                lo = pattern.charAt(++i);
            }
            i++;
            char hi = lo;
            if (i + 1 < end && pattern.charAt(i) == '-') {
                hi = pattern.charAt(i + 1);
                if (hi == '\\' && i + 2 < end) {
                    hi = pattern.charAt(i + 2);
                    i++;
                }
                i += 2;
            }
            first = false;
            if (c >= lo && c <= hi) {
                found = true;
            }
        }
        return found != negate;
    }

    private static boolean inClass(String name, char c) {
        return switch (name) {
            case "alpha" -> Character.isLetter(c);
            case "digit" -> c >= '0' && c <= '9';
            case "alnum" -> Character.isLetterOrDigit(c);
            case "upper" -> Character.isUpperCase(c);
            case "lower" -> Character.isLowerCase(c);
            case "space" -> Character.isWhitespace(c);
            case "blank" -> c == ' ' || c == '\t';
            case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
            case "xdigit" -> Character.digit(c, 16) >= 0;
            case "cntrl" -> Character.isISOControl(c);
            case "print" -> c >= 32 && c != 127;
            case "graph" -> c > 32 && c != 127;
            default -> false;
        };
    }
}
