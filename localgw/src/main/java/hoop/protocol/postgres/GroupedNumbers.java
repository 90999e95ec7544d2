package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number written with its digits grouped by commas: money's text ({@code $4,111,111,111,111,111.00}, a card
 * number kept as money) and {@code to_char(n, '9,999,...')}, or in fours as a card is printed ({@code to_char(n,
 * 'FM9999G9999G9999G9999')}: 4111,1111,1111,1111). The detectors read a card number's digits in a row, so
 * a grouped number of 13 digits or more is read without its commas, and replaced whole by what the masker makes
 * of its digits when that changes them.
 */
final class GroupedNumbers {
    private GroupedNumbers() {
    }

    /** The fewest digits a card number has: shorter grouped numbers are amounts. */
    static final int MIN_DIGITS = 13;

    private static final Pattern GROUPED =
            Pattern.compile("(?<![0-9,])(?:[0-9]{1,3}(?:,[0-9]{3}){4,}|[0-9]{1,4}(?:,[0-9]{4}){3,})(?![0-9]|,[0-9])");

    /** b[off, off+len) with its long grouped numbers masked as their digits, or null when nothing changed. */
    static byte[] mask(byte[] b, int off, int len, UnaryOperator<String> masker) {
        String in = new String(b, off, len, StandardCharsets.ISO_8859_1);
        String out = mask(in, masker);
        return out == null ? null : out.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** text with its long grouped numbers masked as their digits, or null when nothing changed. */
    static String mask(String text, UnaryOperator<String> masker) {
        if (text.indexOf(',') < 0) return null;
        Matcher m = GROUPED.matcher(text);
        StringBuilder out = null;
        int at = 0;
        while (m.find()) {
            String digits = m.group().replace(",", "");
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
