package hoop.protocol.postgres;

import hoop.guard.GuardedConnection.ValueMasker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
    /** Hex pairs each written as an escape, \\x61\\x6c (a string literal's), with or without a separator between them. */
    private static final Pattern ESCAPED = Pattern.compile(
            "\\\\[xX][0-9A-Fa-f]{2}((?:, |[ ,;:|-])?)\\\\[xX][0-9A-Fa-f]{2}(?:\\1\\\\[xX][0-9A-Fa-f]{2}){" + (MIN_CODES - 2) + ",}(?![0-9A-Fa-f])");
    private static final Pattern DECIMAL = Pattern.compile(
            "(?<![0-9A-Za-z.])[0-9]{1,3}(, |[ ,;|])[0-9]{1,3}(?:\\1[0-9]{1,3}){" + (MIN_CODES - 2) + ",}(?![0-9A-Za-z.])");

    /**
     * Whether b[off, off+len) may hold such a run: {@link #MIN_CODES} groups of one to three hex digits, each followed
     * by a separator (but the last). One table look per byte; EscapedText.look folds the same test into its scan.
     */
    static boolean present(byte[] b, int off, int len) {
        int escapes = 0;   // \x and two hex digits, one after another or with a separator between
        for (int i = off; i + 3 < off + len && escapes < MIN_CODES; i++) {
            if (b[i] == '\\' && (b[i + 1] | 0x20) == 'x' && (EncodedRuns.kind(b[i + 2]) & 2) != 0 && (EncodedRuns.kind(b[i + 3]) & 2) != 0) {
                escapes++;
                i += 3;
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

    /** The value with its runs of codes masked as what they spell; null when nothing changed. */
    static byte[] mask(byte[] b, int off, int len, ValueMasker text) {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        String escaped = runs(s, ESCAPED, 16, text);
        if (escaped != null) s = escaped;
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
            String sep = m.group(1);
            boolean escape = m.group().startsWith("\\");
            String[] parts = escape ? m.group().substring(2).split(Pattern.quote(sep) + "\\\\[xX]") : m.group().split(Pattern.quote(sep));
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
            out.append(s, at, m.start()).append(written(masked, m.group(), sep, radix, escape ? m.group().substring(0, 2) : ""));
            at = m.end();
        }
        return out == null ? null : out.append(s, at, s.length()).toString();
    }

    /** Masked bytes as codes like those read (hex case and width, decimal), joined by the same separator. */
    private static String written(byte[] masked, String run, String sep, int radix, String prefix) {
        String digits = prefix.isEmpty() ? run : run.replace(prefix, "");
        boolean upper = !digits.equals(digits.toLowerCase(java.util.Locale.ROOT));
        StringBuilder o = new StringBuilder(masked.length * 6);
        for (int i = 0; i < masked.length; i++) {
            if (i > 0) o.append(sep);
            o.append(prefix);
            String code = radix == 16 ? String.format("%02x", masked[i] & 0xFF) : Integer.toString(masked[i] & 0xFF);
            o.append(upper ? code.toUpperCase(java.util.Locale.ROOT) : code);
        }
        return o.toString();
    }
}
