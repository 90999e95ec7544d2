package hoop.policy.shell;

/** Decoding of bash {@code $'...'} strings, so escaped program names resolve to their real name. */
final class AnsiC {
    private AnsiC() {
    }

    /** Decodes the body between the quotes. */
    static String decode(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i++);
            if (c != '\\' || i >= body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(i++);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'e', 'E' -> out.append('\u001b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = appendNumber(body, i, 16, 2, out);
                case 'u' -> i = appendNumber(body, i, 16, 4, out);
                case 'U' -> i = appendNumber(body, i, 16, 8, out);
                case 'c' -> {
                    if (i < body.length()) {
                        out.append((char) (body.charAt(i++) & 0x1f));
                    } else {
                        out.append("\\c");
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        i = appendNumber(body, i - 1, 8, 3, out);
                    } else if (e == '\\' || e == '\'' || e == '"' || e == '?') {
                        out.append(e);
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int appendNumber(String s, int start, int radix, int maxDigits, StringBuilder out) {
        int i = start;
        int value = 0;
        while (i < s.length() && i - start < maxDigits && Character.digit(s.charAt(i), radix) >= 0) {
            value = value * radix + Character.digit(s.charAt(i), radix);
            i++;
        }
        if (i == start) {
            out.append('\\').append(radix == 8 ? "" : s.charAt(start - 1));
            return i;
        }
        if (radix == 8) {
            value &= 0xff;
        }
        if (Character.isValidCodePoint(value)) {
            out.appendCodePoint(value);
        }
        return i;
    }
}
