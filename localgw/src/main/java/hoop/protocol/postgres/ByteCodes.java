package hoop.protocol.postgres;

import hoop.guard.GuardedConnection.ValueMasker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value written a byte at a time as codes with a separator between them: hex pairs ({@code string_agg(to_hex(ascii(c)),
 * ' ')} of an address's letters: {@code 61 6c 69 ...}, or {@code 61:6c:69}) or decimal codes ({@code array_agg(ascii(c))}:
 * {@code {97,108,105,...}}). EncodedRuns reads hex written without separators; this reads the codes back into the
 * bytes they spell, lets the detectors read those, and writes a change back as codes of the same kind, case and
 * separator. A run is read only when every code is a byte and there are at least {@link #MIN_CODES}.
 */
final class ByteCodes {
    private ByteCodes() {
    }

    /** Fewer codes spell no address, key or card number a detector reads. */
    static final int MIN_CODES = 8;

    /** Characters that separate codes; ", " counts as one separator. */
    private static final String SEPARATORS = " ,;:|-";

    /** The same separator between every two codes (group 2): hex pairs, or decimal codes of one to three digits. */
    private static final Pattern HEX = Pattern.compile(
            "(?<![0-9A-Za-z])[0-9A-Fa-f]{2}(, |[ ,;:|-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){" + (MIN_CODES - 2) + ",}(?![0-9A-Za-z])");
    /**
     * Hex pairs each written as an escape, \\x61\\x6c (a string literal's), or octal ones, \\141\\154 (bytea's escape
     * format, C's), with or without a separator between them; the backslash may be doubled (COPY's text format writes
     * a value's backslash so, and its reader halves them). Group 1 is the backslashes, group 2 the separator.
     */
    private static final Pattern ESCAPED = Pattern.compile(
            "(\\\\{1,2})[xX][0-9A-Fa-f]{2}((?:, |[ ,;:|-])?)\\1[xX][0-9A-Fa-f]{2}(?:\\2\\1[xX][0-9A-Fa-f]{2}){" + (MIN_CODES - 2) + ",}(?![0-9A-Fa-f])");
    private static final Pattern OCTAL_ESCAPED = Pattern.compile(
            "(\\\\{1,2})[0-3][0-7]{2}((?:, |[ ,;:|-])?)\\1[0-3][0-7]{2}(?:\\2\\1[0-3][0-7]{2}){" + (MIN_CODES - 2) + ",}(?![0-7])");
    /** One code of a run ESCAPED or OCTAL_ESCAPED found: its digits (group 1). */
    private static final Pattern ESCAPED_CODE = Pattern.compile("\\\\+[xX]?([0-9A-Fa-f]{2,3})");
    private static final Pattern DECIMAL = Pattern.compile(
            "(?<![0-9A-Za-z.])[0-9]{1,3}(, |[ ,;|])[0-9]{1,3}(?:\\1[0-9]{1,3}){" + (MIN_CODES - 2) + ",}(?![0-9A-Za-z.])");

    /**
     * Whether b[off, off+len) may hold such a run: {@link #MIN_CODES} groups of one to three hex digits, each followed
     * by a separator (but the last). One table look per byte; EscapedText.look folds the same test into its scan.
     */
    static boolean present(byte[] b, int off, int len) {
        int escapes = 0;   // \x and two hex digits or \ and three octal ones, one after another or with a separator between
        int end = off + len;
        for (int i = off; i + 3 < end && escapes < MIN_CODES; i++) {
            int at = b[i] == '\\' && b[i + 1] == '\\' ? i + 1 : i;   // a backslash doubled (COPY's text format)
            if (b[at] == '\\' && at + 3 < end && ((b[at + 1] | 0x20) == 'x' && (EncodedRuns.kind(b[at + 2]) & 2) != 0
                    && (EncodedRuns.kind(b[at + 3]) & 2) != 0 || octal(b[at + 1], '3') && octal(b[at + 2], '7') && octal(b[at + 3], '7'))) {
                escapes++;
                i = at + 3;
            } else if (SEPARATORS.indexOf(b[i] & 0xFF) < 0) {
                escapes = 0;
            }
        }
        if (escapes >= MIN_CODES) return true;
        int units = 0;
        int unit = 0;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if ((EncodedRuns.kind(b[i]) & 2) != 0) {
                if (++unit > 3) units = 0;
                if (unit <= 3 && units >= MIN_CODES - 1) return true;
            } else if (SEPARATORS.indexOf(c) >= 0) {
                if (unit >= 1 && unit <= 3) units++;
                else if (!(unit == 0 && c == ' ' && i > off && b[i - 1] == ',')) units = 0;
                unit = 0;
            } else {
                units = 0;
                unit = 0;
            }
        }
        return false;
    }

    private static boolean octal(byte c, char highest) {
        return c >= '0' && c <= highest;
    }

    /** The value with its runs of codes masked as what they spell; null when nothing changed. */
    static byte[] mask(byte[] b, int off, int len, ValueMasker text) {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        String escaped = runs(s, ESCAPED, 16, text);
        if (escaped != null) s = escaped;
        String octal = runs(s, OCTAL_ESCAPED, 8, text);
        if (octal != null) s = escaped = octal;
        String hex = runs(s, HEX, 16, text);
        String out = runs(hex != null ? hex : s, DECIMAL, 10, text);
        if (out == null) out = hex;
        if (out == null) out = escaped;
        return out == null ? null : out.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String runs(String s, Pattern codes, int radix, ValueMasker text) {
        Matcher m = codes.matcher(s);
        StringBuilder out = null;
        int at = 0;
        while (m.find()) {
            boolean escape = m.group().startsWith("\\");
            String sep = m.group(escape ? 2 : 1);
            String[] parts = escape ? escapedCodes(m.group()) : m.group().split(Pattern.quote(sep));
            byte[] raw = new byte[parts.length];
            boolean bytes = true;
            for (int i = 0; i < parts.length && bytes; i++) {
                int v = Integer.parseInt(parts[i], radix);
                bytes = v < 256;
                raw[i] = (byte) v;
            }
            byte[] masked = bytes ? text.mask(raw, 0, raw.length) : null;
            if (masked == null) continue;
            if (out == null) out = new StringBuilder(s.length() + 16);
            // The first code's backslashes, and its x for hex: every code of the run has the same.
            String prefix = escape ? m.group().substring(0, m.group(1).length() + (radix == 16 ? 1 : 0)) : "";
            out.append(s, at, m.start()).append(written(masked, m.group(), sep, radix, prefix));
            at = m.end();
        }
        return out == null ? null : out.append(s, at, s.length()).toString();
    }

    private static String[] escapedCodes(String run) {
        List<String> codes = new ArrayList<>();
        for (Matcher c = ESCAPED_CODE.matcher(run); c.find(); ) codes.add(c.group(1));
        return codes.toArray(String[]::new);
    }

    /** Masked bytes as codes like those read (hex case and width, decimal), joined by the same separator. */
    private static String written(byte[] masked, String run, String sep, int radix, String prefix) {
        String digits = prefix.isEmpty() ? run : run.replace(prefix, "");
        boolean upper = !digits.equals(digits.toLowerCase(java.util.Locale.ROOT));
        StringBuilder o = new StringBuilder(masked.length * 6);
        for (int i = 0; i < masked.length; i++) {
            if (i > 0) o.append(sep);
            o.append(prefix);
            String code = radix == 16 ? String.format("%02x", masked[i] & 0xFF)
                    : radix == 8 ? String.format("%03o", masked[i] & 0xFF) : Integer.toString(masked[i] & 0xFF);
            o.append(upper ? code.toUpperCase(java.util.Locale.ROOT) : code);
        }
        return o.toString();
    }
}
