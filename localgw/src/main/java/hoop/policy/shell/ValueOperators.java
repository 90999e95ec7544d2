package hoop.policy.shell;

import java.util.Locale;

/**
 * The parameter-expansion operators that compute a new value from a variable's: pattern removal (${x#p}, ${x##p},
 * ${x%p}, ${x%%p}), substitution (${x/p/r}, ${x//p/r}, ${x/#p/r}, ${x/%p/r}), case (${x^}, ${x^^}, ${x,}, ${x,,},
 * ${x~}, ${x~~}, ${x@U}, ${x@L}, ${x@u}) and substrings (${x:1}, ${x:1:2}, ${x: -3}). "x=SHADOW; cat /etc/${x,,}"
 * reads /etc/shadow: with the value known, the result is too. Patterns and replacements are taken only when written
 * plainly (no expansion, quote or escape in them); otherwise the result is not computed and the word stays as written.
 */
final class ValueOperators {
    private ValueOperators() {
    }

    /** The operators, as a regex alternative, longest spelling first. */
    static final String OPERATOR = "##?|%%?|/[/#%]?|\\^\\^?|,,?|~~?|@[ULu]|:";

    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(OPERATOR);

    static boolean isOperator(String op) {
        return WHOLE.matcher(op).matches();
    }

    /** The operator's result on value, or null when it cannot be computed from what is written. */
    static String apply(String value, String op, String arg) {
        String a = arg == null ? "" : arg;
        if (a.indexOf('$') >= 0 || a.indexOf('`') >= 0 || a.indexOf('"') >= 0 || a.indexOf('\'') >= 0
                || a.indexOf('\\') >= 0 || a.indexOf('(') >= 0) {
            return null;
        }
        return switch (op) {
            case "#" -> prefix(value, a, false);
            case "##" -> prefix(value, a, true);
            case "%" -> suffix(value, a, false);
            case "%%" -> suffix(value, a, true);
            case "/", "//", "/#", "/%" -> substitute(value, op, a);
            case "^", "^^", ",", ",,", "~", "~~" -> cases(value, op, a);
            case "@U" -> a.isEmpty() ? value.toUpperCase(Locale.ROOT) : null;
            case "@L" -> a.isEmpty() ? value.toLowerCase(Locale.ROOT) : null;
            case "@u" -> a.isEmpty() ? cases(value, "^", "") : null;
            case ":" -> substring(value, a);
            default -> null;
        };
    }

    private static String prefix(String value, String pattern, boolean longest) {
        for (int k = 0; k <= value.length(); k++) {
            int end = longest ? value.length() - k : k;
            if (Glob.matches(pattern, value.substring(0, end))) {
                return value.substring(end);
            }
        }
        return value;
    }

    private static String suffix(String value, String pattern, boolean longest) {
        for (int k = 0; k <= value.length(); k++) {
            int start = longest ? k : value.length() - k;
            if (Glob.matches(pattern, value.substring(start))) {
                return value.substring(0, start);
            }
        }
        return value;
    }

    private static String substitute(String value, String op, String arg) {
        int slash = arg.indexOf('/');
        String pattern = slash < 0 ? arg : arg.substring(0, slash);
        String with = slash < 0 ? "" : arg.substring(slash + 1);
        if (op.equals("/#")) {
            String rest = prefix(value, pattern, true);
            return rest.length() == value.length() && !pattern.isEmpty() && !Glob.matches(pattern, "") ? value : with + rest;
        }
        if (op.equals("/%")) {
            String rest = suffix(value, pattern, true);
            return rest.length() == value.length() && !pattern.isEmpty() && !Glob.matches(pattern, "") ? value : rest + with;
        }
        if (pattern.isEmpty()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (from < value.length()) {
            int end = longestMatchAt(value, from, pattern);
            if (end < 0) {
                out.append(value.charAt(from++));
                continue;
            }
            out.append(with);
            if (!op.equals("//")) {
                return out.append(value, end, value.length()).toString();
            }
            from = end;
        }
        return out.toString();
    }

    private static int longestMatchAt(String value, int from, String pattern) {
        for (int end = value.length(); end > from; end--) {
            if (Glob.matches(pattern, value.substring(from, end))) {
                return end;
            }
        }
        return -1;
    }

    private static String cases(String value, String op, String pattern) {
        String p = pattern.isEmpty() ? "?" : pattern;
        boolean all = op.length() == 2;
        StringBuilder out = new StringBuilder(value.length());
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if ((all || k == 0) && Glob.matches(p, String.valueOf(c))) {
                c = switch (op.charAt(0)) {
                    case '^' -> Character.toUpperCase(c);
                    case ',' -> Character.toLowerCase(c);
                    default -> Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                };
            }
            out.append(c);
        }
        return out.toString();
    }

    /** ${x:offset} and ${x:offset:length}, with plain integers; a negative one counts from the end. */
    private static String substring(String value, String arg) {
        String[] parts = arg.split(":", -1);
        if (parts.length > 2) {
            return null;
        }
        Integer offset = integer(parts[0]);
        Integer length = parts.length == 2 ? integer(parts[1]) : Integer.valueOf(value.length());
        if (offset == null || length == null) {
            return null;
        }
        int start = offset < 0 ? value.length() + offset : offset;
        if (start < 0 || start > value.length()) {
            return "";
        }
        int end = length < 0 ? value.length() + length : (int) Math.min((long) start + length, value.length());
        return end < start ? null : value.substring(start, end);
    }

    private static Integer integer(String s) {
        String t = s.strip();
        if (!t.matches("[-+]?[0-9]{1,9}")) {
            return null;
        }
        return Integer.valueOf(t);
    }
}
