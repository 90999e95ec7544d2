package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number written with its digits grouped by commas: money's text ({@code $4,111,111,111,111,111.00}, a card
 * number kept as money) and {@code to_char(n, '9,999,...')}, or in fours as a card is printed ({@code to_char(n,
 * 'FM9999G9999G9999G9999')}: 4111,1111,1111,1111); or by dots (a locale's thousands), slashes or underscores
 * ({@code regexp_replace(card, '(\d{4})', '\1.', 'g')}), one separator throughout. The detectors read a card number's
 * digits in a row (or spaced and dashed), so a grouped number of 13 digits or more is read without its separators, and
 * replaced whole by what the masker makes of its digits when that changes them.
 */
final class GroupedNumbers {
    private GroupedNumbers() {
    }

    /** The fewest digits a card number has: shorter grouped numbers are amounts. */
    static final int MIN_DIGITS = 13;

    private static final Pattern GROUPED = Pattern.compile("(?<![0-9,._/])(?:[0-9]{1,3}([,.])[0-9]{3}(?:\\1[0-9]{3}){3,}"
            + "|[0-9]{1,4}([,._/])[0-9]{4}(?:\\2[0-9]{4}){2,})(?![0-9]|\\1[0-9]|\\2[0-9])");

    /** Whether c may separate a grouped number's groups. */
    static boolean separator(byte c) {
        return c == ',' || c == '.' || c == '_' || c == '/';
    }

    /** b[off, off+len) with its long grouped numbers masked as their digits, or null when nothing changed. */
    static byte[] mask(byte[] b, int off, int len, UnaryOperator<String> masker) {
        String in = new String(b, off, len, StandardCharsets.ISO_8859_1);
        String out = mask(in, masker);
        return out == null ? null : out.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** text with its long grouped numbers masked as their digits, or null when nothing changed. */
    static String mask(String text, UnaryOperator<String> masker) {
        if (text.indexOf(',') < 0 && text.indexOf('.') < 0 && text.indexOf('_') < 0 && text.indexOf('/') < 0) return null;
        Matcher m = GROUPED.matcher(text);
        StringBuilder out = null;
        int at = 0;
        while (m.find()) {
            String digits = m.group().replaceAll("[,._/]", "");
            if (digits.length() < MIN_DIGITS) continue;
            String masked = masker.apply(digits);
            if (masked.equals(digits)) continue;
            if (out == null) out = new StringBuilder(text.length());
            out.append(text, at, m.start()).append(masked);
            at = m.end();
        }
        return out == null ? null : out.append(text, at, text.length()).toString();
    }
}
