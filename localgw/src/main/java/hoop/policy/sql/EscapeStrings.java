package hoop.policy.sql;

/**
 * Decodes the body of an E'...' literal. Only a few checks (e.g. the parameter name given to
 * set_config) look at string values, but they must see what the server sees, otherwise
 * {@code E'\x72ole'} would slip past a check for {@code 'role'}.
 */
final class EscapeStrings {

    private EscapeStrings() {
    }

    static String decode(String body) {
        StringBuilder b = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                b.append('\'');
                i += 2;
                continue;
            }
            if (c != '\\' || i + 1 >= body.length()) {
                b.append(c);
                i++;
                continue;
            }
            char n = body.charAt(i + 1);
            i += 2;
            switch (n) {
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'x' -> i = number(body, i, 16, 2, b);
                case 'u' -> i = number(body, i, 16, 4, b);
                case 'U' -> i = number(body, i, 16, 8, b);
                default -> {
                    if (n >= '0' && n <= '7') {
                        i = number(body, i - 1, 8, 3, b);
                    } else {
                        b.append(n);
                    }
                }
            }
        }
        return b.toString();
    }

    private static int number(String body, int from, int radix, int maxDigits, StringBuilder b) {
        int end = from;
        while (end < body.length() && end - from < maxDigits && Character.digit(body.charAt(end), radix) >= 0) {
            end++;
        }
        if (end == from) {
            return from;
        }
        int cp = Integer.parseInt(body.substring(from, end), radix);
        if (Character.isValidCodePoint(cp)) {
            b.appendCodePoint(cp);
        }
        return end;
    }
}
