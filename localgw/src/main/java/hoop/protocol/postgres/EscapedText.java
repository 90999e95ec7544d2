package hoop.protocol.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The detectors read a value as it is stored, but PostgreSQL's output formats rewrite it: COPY's text format
 * doubles a backslash ({@code postgres:\\/\\/app:pw@host}, a JSON-escaped URL, no longer looks like one), CSV
 * doubles a quote inside a quoted field ({@code ""password"":""x""}), and a float8 is written with an exponent
 * ({@code 4.111111111111111e+15}, a card number kept as a double). Each view here undoes one rewriting, lets the
 * masker read the result, and writes back exactly what was there except the masked parts. Parts of the syntax
 * that the detectors must not read as data become characters above U+00FF, which no detector matches and which
 * no byte decodes to, so writing back can tell them apart.
 */
final class EscapedText {
    private EscapedText() {
    }

    /** {@code \c} other than {@code \\}: one char per c, so it is written back as it came. */
    private static final char ESCAPE = '\uE000';
    /** A backslash ending the text: nothing follows it to escape. */
    private static final char LONE_BACKSLASH = '\uE100';
    private static final char OPEN_QUOTE = '\uE101';
    private static final char CLOSE_QUOTE = '\uE102';
    private static final char NUMBER_START = '\uE103';
    private static final char NUMBER_END = '\uE104';

    /** float8out's exponent form: a digit, a fraction, e+NN. */
    private static final Pattern EXPONENT = Pattern.compile("(?<![0-9A-Za-z.])(-?)([0-9])\\.([0-9]+)e\\+([0-9]{1,2})(?![0-9A-Za-z])");

    /**
     * A COPY row: its text-format escapes, its CSV quoting, its exponent numbers and node tree constants undone for the masker, which
     * also reads the quoted parts of arrays and records inside it ({@link #nested}).
     */
    static byte[] maskCopyRow(byte[] row, UnaryOperator<String> plain) {
        UnaryOperator<String> masker = t -> nested(t, plain, 0);
        byte[] out = row;
        byte[] m = backslashes(out, masker);
        if (m != null) out = m;
        m = quotes(out, masker);
        if (m != null) out = m;
        m = exponents(out, 0, out.length, masker);
        if (m != null) out = m;
        m = GroupedNumbers.mask(out, 0, out.length, masker);
        if (m != null) out = m;
        String tree = contains(out, 0, out.length, CONSTVALUE)
                ? constValues(new String(out, java.nio.charset.StandardCharsets.ISO_8859_1), masker) : null;
        if (tree != null) out = tree.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return out == row ? null : out;
    }

    /** A result value: quoted parts of arrays, records and hstore, and exponent numbers, read as what they hold. */
    static byte[] maskValue(byte[] b, int off, int len, UnaryOperator<String> masker) {
        byte[] out = nestedBytes(b, off, len, masker);
        byte[] num = out != null ? exponents(out, 0, out.length, masker) : exponents(b, off, len, masker);
        if (num != null) out = num;
        byte[] grouped = out != null ? GroupedNumbers.mask(out, 0, out.length, masker) : GroupedNumbers.mask(b, off, len, masker);
        if (grouped != null) out = grouped;
        byte[] v = out != null ? out : b;
        int vo = out != null ? 0 : off;
        int vl = out != null ? out.length : len;
        if (!contains(v, vo, vl, CONSTVALUE)) return out;
        String tree = constValues(new String(v, vo, vl, java.nio.charset.StandardCharsets.ISO_8859_1), masker);
        return tree != null ? tree.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : out;
    }

    private static final byte[] CONSTVALUE = ":constvalue ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * A constant in a node tree: its datum's bytes in decimal, as signed chars ({@code [ 84 0 0 0 97 108 ... ]}),
     * wrapped over lines when the server pretty-prints.
     */
    private static final Pattern CONST = Pattern.compile(":constvalue\\s+([0-9]+)\\s+\\[((?:\\s+-?[0-9]{1,3})+)\\s+\\]");

    /**
     * A node tree (a pg_node_tree column such as pg_rewrite.ev_action, or what debug_print_plan logs) writes each
     * constant as the bytes of its datum in decimal: a literal in a view or a value an immutable function read
     * while planning. The bytes are masked as text, and an 8-byte datum also as the number it holds; a changed
     * constant is written back as the masked bytes. Null when nothing changed.
     */
    static String constValues(String tree, UnaryOperator<String> masker) {
        Matcher m = CONST.matcher(tree);
        StringBuilder out = null;
        int at = 0;
        while (m.find()) {
            String[] parts = m.group(2).trim().split("\\s+");
            byte[] datum = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) datum[i] = (byte) Integer.parseInt(parts[i]);
            String text = new String(datum, java.nio.charset.StandardCharsets.ISO_8859_1);
            String masked = masker.apply(text);
            if (masked.equals(text) && datum.length == 8) {
                long n = 0;
                for (int i = 7; i >= 0; i--) n = n << 8 | (datum[i] & 0xFF);   // by value, in the server's (little-endian) order
                String digits = Long.toString(n);
                String maskedNumber = masker.apply(digits);
                if (!maskedNumber.equals(digits)) masked = maskedNumber;
            }
            if (masked.equals(text)) continue;
            if (out == null) out = new StringBuilder(tree.length());
            out.append(tree, at, m.start()).append(":constvalue ").append(m.group(1)).append(" [ ");
            for (byte x : masked.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) out.append((int) x).append(' ');
            out.append(']');
            at = m.end();
        }
        return out == null ? null : out.append(tree, at, tree.length()).toString();
    }

    /**
     * Whether a value holds nothing any view reads differently from the detectors: no quote or backslash (quoted
     * parts, escapes, a bytea's \\x hex), no ':' (a node tree's constants), no "e+" (float8's exponent) and no run
     * long enough to be hex or base64 (EncodedRuns), looked for in the same scan.
     */
    static boolean plain(byte[] b, int off, int len) {
        return (look(b, off, len) & (VIEWS | ENCODED | CODES)) == 0;
    }

    /** {@link #look}: some view reads the value differently (it is not plain). */
    static final int VIEWS = 1;
    /** {@link #look}: a plain value holds an '@', which a reversed address keeps (ReversedText). */
    static final int AT = 2;
    /** {@link #look}: a plain value holds a run of hex or base64 long enough to spell a match (EncodedRuns). */
    static final int ENCODED = 4;
    /** {@link #look}: a plain value holds a run of byte codes with separators between them (ByteCodes). */
    static final int CODES = 8;

    /**
     * What one scan of a value finds: {@link #VIEWS} (and then nothing more), or whether a plain one holds {@link #AT}
     * or {@link #ENCODED} (a column of md5 hashes is plain: it needs no unescaping view, only the encoded runs' look).
     */
    static int look(byte[] b, int off, int len) {
        int run = 0;
        boolean letters = false;
        int found = 0;
        int digits = 0;   // of a run of digits grouped by commas in threes or fours (GroupedNumbers), and since its last comma
        int group = 0;
        boolean comma = false;
        int codes = 0;   // of a run of byte codes (ByteCodes): printable codes of one to three hex digits ended by a separator
        int code = 0;    // digits of the code being read
        int hexValue = 0;
        int decValue = 0;   // above 255 once a hex letter is read: no decimal code
        int hexRun = 0;   // of hex digits alone: a number written in hex (EncodedRuns.hexNumber), but a UUID's group
        boolean hexLetter = false;
        boolean hexDashed = false;   // the run follows a dash
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (QUIET[b[i] & 0xFF]) {   // blanks and most punctuation: every run ends, nothing starts
                if (b[i] != '-' && !hexDashed && EncodedRuns.hexNumber(hexRun, hexLetter)) found |= ENCODED;
                hexRun = 0;
                hexLetter = false;
                if (code >= 1 && code <= 3 && printable(hexValue, decValue) && CODE_SEPARATOR[b[i] & 0xFF]) codes++;
                else if (code != 0 || b[i] != ' ' || i == off || b[i - 1] != ',') codes = 0;   // ", " is one separator
                code = 0;
                hexValue = 0;
                decValue = 0;
                // A padded char(n) column: its blanks eight at a time (each would only end the runs again).
                while (b[i] == ' ' && i + 9 <= end && (long) LONGS.get(b, i + 1) == BLANKS) {
                    i += 8;
                    codes = 0;
                }
                run = 0;
                letters = false;
                digits = 0;
                group = 0;
                comma = false;
                continue;
            }
            if (VIEWED[b[i] & 0xFF] && (b[i] != '+' || i > off && b[i - 1] == 'e')) return VIEWS;
            if (b[i] == '@') found |= AT;
            if (b[i] >= '0' && b[i] <= '9') {
                digits++;
                if (++group > 4 && comma) {   // not a group of three or four: a run starts over here
                    digits = group;
                    comma = false;
                }
                if (comma && group >= 3 && digits >= GroupedNumbers.MIN_DIGITS) return VIEWS;
            } else if (GroupedNumbers.separator(b[i]) && group > 0 && (!comma || group == 3 || group == 4)) {
                comma = true;
                group = 0;
            } else {
                digits = 0;
                group = 0;
                comma = false;
            }
            int k = EncodedRuns.kind(b[i]);
            if ((k & 2) != 0) {
                if (hexRun++ == 0) hexDashed = i > off && b[i - 1] == '-';
                hexLetter |= !EncodedRuns.isDigit(k);
            } else {
                if (!hexDashed && EncodedRuns.hexNumber(hexRun, hexLetter)) found |= ENCODED;
                hexRun = 0;
                hexLetter = false;
            }
            if ((k & 2) != 0) {
                if (++code > 3) {
                    codes = 0;   // a longer run (a hash, an id) is no code: its value is never read
                } else {
                    int d = HEX_VALUE[b[i] & 0xFF];
                    hexValue = hexValue * 16 + d;
                    decValue = d > 9 ? 256 : decValue * 10 + d;
                    if (codes >= ByteCodes.MIN_CODES - 1) found |= CODES;
                }
            } else {
                if (b[i] == ',' && code >= 1 && code <= 3 && printable(hexValue, decValue)) codes++;
                else codes = 0;
                code = 0;
                hexValue = 0;
                decValue = 0;
            }
            if (k == 0) {
                run = 0;
                letters = false;
            } else {
                run++;
                letters |= !EncodedRuns.isDigit(k);
                if (run >= (letters ? EncodedRuns.MIN_RUN : EncodedRuns.MIN_DIGITS)) found |= ENCODED;
            }
        }
        return !hexDashed && EncodedRuns.hexNumber(hexRun, hexLetter) ? found | ENCODED : found;
    }

    /** Whether a code read as hex or as decimal is a printable ASCII byte: small numbers ({1,2,3}) spell no text. */
    private static boolean printable(int hex, int dec) {
        return hex >= 0x20 && hex < 0x7F || dec >= 32 && dec < 127;
    }

    private static final boolean[] VIEWED = new boolean[256];
    /** A hex digit's value by its byte (Character.digit per byte cost an eighth of a 1M-row result's masking). */
    private static final int[] HEX_VALUE = new int[256];

    static {
        for (int c = 0; c < 256; c++) HEX_VALUE[c] = Character.digit(c, 16);
    }
    private static final long BLANKS = 0x2020202020202020L;
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Bytes that only end runs (no view starts at them, no '@', digit, group separator or encoded character): char(n) padding. */
    private static final boolean[] QUIET = new boolean[256];
    /** The separators ByteCodes reads between codes that are quiet here (',' is not, ':' starts a view). */
    private static final boolean[] CODE_SEPARATOR = new boolean[256];

    static {
        for (char c : new char[] {'"', '\\', ':', '+'}) VIEWED[c] = true;
        for (int c = 0; c < 256; c++) QUIET[c] = !VIEWED[c] && c != '@' && !GroupedNumbers.separator((byte) c) && EncodedRuns.kind((byte) c) == 0;
        for (char c : new char[] {' ', ';', '|', '-'}) CODE_SEPARATOR[c] = true;
    }

    private static boolean contains(byte[] b, int off, int len, byte[] what) {
        outer:
        for (int i = off; i + what.length <= off + len; i++) {
            for (int k = 0; k < what.length; k++) if (b[i + k] != what[k]) continue outer;
            return true;
        }
        return false;
    }

    private static byte[] nestedBytes(byte[] b, int off, int len, UnaryOperator<String> masker) {
        boolean quote = false;
        boolean escape = false;
        for (int i = off; i < off + len; i++) {
            quote |= b[i] == '"';
            escape |= b[i] == '\\' || b[i] == '"' && i + 1 < off + len && b[i + 1] == '"';
        }
        if (!quote || !escape) return null;
        String in = new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        String out = nested(in, masker, 0);
        return out.equals(in) ? null : out.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final int MAX_NESTING = 8;
    /** An escape inside a quoted part that is not a character the detectors need (a newline's, a non-ASCII one's). */
    private static final char QUOTED_ESCAPE = '\uE200';

    /** The ASCII character of a JSON escape by code (backslash, u, four hex digits) whose digits start at t[at], or -1. */
    private static int asciiEscape(String t, int at) {
        if (at + 4 > t.length()) return -1;
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(t.charAt(at + k), 16);
            if (d < 0) return -1;
            v = v << 4 | d;
        }
        return v < 0x80 ? v : -1;
    }

    /**
     * An array element, a record field or an hstore value in quotes has its quotes and backslashes escaped
     * ({@code \"}, {@code ""}, {@code \\}), once per level of nesting, which hides a JSON document's keys and a
     * URL's slashes from the detectors. Each quoted part that holds an escape is read unescaped (recursively) and,
     * when masking changes it, written back escaped as its kind escapes (doubled quotes when it had one).
     */
    static String nested(String t, UnaryOperator<String> masker, int depth) {
        return nested(t, masker, depth, 0);
    }

    /** As {@link #nested(String, UnaryOperator, int)}, quoted parts looked for from {@code from} on. */
    private static String nested(String t, UnaryOperator<String> masker, int depth, int from) {
        // The quoted parts first: masking the whole first could match only the tail of an escaped value
        // (a '+' escaped by its code leaves "alice" before an address's masked tail); then the whole, for matches
        // that span parts.
        String parts = depth >= MAX_NESTING || t.indexOf('"') < 0 ? t : quotedParts(t, masker, depth, from);
        return masker.apply(parts);
    }

    private static String quotedParts(String m, UnaryOperator<String> masker, int depth, int from) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = from; i < m.length(); i++) {
            if (m.charAt(i) != '"') continue;
            StringBuilder content = new StringBuilder();
            boolean escaped = false;
            boolean doubled = false;
            int j = i + 1;
            for (; j < m.length(); j++) {
                char c = m.charAt(j);
                if (c == '\\' && j + 1 < m.length()) {
                    char n = m.charAt(++j);
                    int u = n == 'u' ? asciiEscape(m, j + 1) : -1;
                    if (u >= 0) {
                        content.append((char) u);   // a JSON escape of '@' by its code: the detectors read '@'
                        j += 4;
                    } else {
                        // \" and \\ (arrays, hstore, JSON) and JSON's \/ are the character; any other escape is kept.
                        content.append(n == '"' || n == '\\' || n == '/' ? n : (char) (QUOTED_ESCAPE + n));
                    }
                    escaped = true;
                } else if (c == '"' && j + 1 < m.length() && m.charAt(j + 1) == '"') {
                    content.append('"');
                    j++;
                    escaped = doubled = true;
                } else if (c == '"') {
                    break;
                } else {
                    content.append(c);
                }
            }
            if (j >= m.length()) break;   // no closing quote: not a quoted part
            if (escaped) {
                String inner = content.toString();
                String masked = nested(inner, masker, depth + 1);
                if (!masked.equals(inner)) {
                    if (out == null) out = new StringBuilder(m.length() + 16);
                    out.append(m, copied, i).append('"');
                    for (int k = 0; k < masked.length(); k++) {
                        char c = masked.charAt(k);
                        if (c == '"') out.append(doubled ? "\"\"" : "\\\"");
                        else if (c == '\\') out.append("\\\\");
                        else if (c >= QUOTED_ESCAPE && c < QUOTED_ESCAPE + 256) out.append('\\').append((char) (c - QUOTED_ESCAPE));
                        else out.append(c);
                    }
                    out.append('"');
                    copied = j + 1;
                }
            }
            i = j;
        }
        if (out == null) return m;
        return out.append(m, copied, m.length()).toString();
    }

    /** Text format: {@code \\} is one backslash; any other escape is kept whole. Null when nothing changed. */
    static byte[] backslashes(byte[] b, UnaryOperator<String> masker) {
        if (indexOf(b, (byte) '\\') < 0) return null;
        StringBuilder l = new StringBuilder(b.length);
        for (int i = 0; i < b.length; i++) {
            char c = (char) (b[i] & 0xFF);
            if (c != '\\') {
                l.append(c);
            } else if (i + 1 == b.length) {
                l.append(LONE_BACKSLASH);
            } else {
                char n = (char) (b[++i] & 0xFF);
                l.append(n == '\\' ? '\\' : (char) (ESCAPE + n));
            }
        }
        String in = l.toString();
        String masked = masker.apply(in);
        if (masked.equals(in)) return null;
        StringBuilder o = new StringBuilder(masked.length() + 8);
        for (int i = 0; i < masked.length(); i++) {
            char c = masked.charAt(i);
            if (c == '\\') o.append("\\\\");
            else if (c == LONE_BACKSLASH) o.append('\\');
            else if (c >= ESCAPE && c < ESCAPE + 256) o.append('\\').append((char) (c - ESCAPE));
            else o.append(c);
        }
        return bytes(o);
    }

    /** CSV: a quoted field's content with {@code ""} as one quote; the enclosing quotes are syntax. */
    static byte[] quotes(byte[] b, UnaryOperator<String> masker) {
        if (indexOf(b, (byte) '"') < 0) return null;
        StringBuilder l = new StringBuilder(b.length);
        boolean quoted = false;
        for (int i = 0; i < b.length; i++) {
            char c = (char) (b[i] & 0xFF);
            if (c != '"') {
                l.append(c);
            } else if (!quoted) {
                l.append(OPEN_QUOTE);
                quoted = true;
            } else if (i + 1 < b.length && b[i + 1] == '"') {
                l.append('"');
                i++;
            } else {
                l.append(CLOSE_QUOTE);
                quoted = false;
            }
        }
        String in = l.toString();
        String masked = masker.apply(in);
        if (masked.equals(in)) return null;
        StringBuilder o = new StringBuilder(masked.length() + 8);
        quoted = false;
        for (int i = 0; i < masked.length(); i++) {
            char c = masked.charAt(i);
            if (c == OPEN_QUOTE || c == CLOSE_QUOTE) {
                o.append('"');
                quoted = c == OPEN_QUOTE;
            } else if (c == '"') {
                o.append(quoted ? "\"\"" : "\"");
            } else {
                o.append(c);
            }
        }
        return bytes(o);
    }

    /**
     * Numbers in exponent form that stand for a whole number ({@code 4.111111111111111e+15}) are read as their
     * digits; one the masker changes is replaced by what it wrote. Null when nothing changed.
     */
    static byte[] exponents(byte[] b, int off, int len, UnaryOperator<String> masker) {
        if (!containsExponent(b, off, len)) return null;
        String out = exponents(new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1), masker);
        return out == null ? null : out.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Server text (an error's fields, a notification's payload): masked as a result value is. */
    static String maskText(String text, UnaryOperator<String> masker) {
        // Decoded text may hold the private-use characters the views write syntax as: then only the plain masker.
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= ESCAPE && text.charAt(i) <= QUOTED_ESCAPE + 255) return masker.apply(text);
        }
        String out = nested(text, masker, 0);
        // A message quotes a value as "%s" without escaping it: a record's text then starts one quote later.
        int first = out.indexOf('"');
        if (first >= 0) out = nested(out, masker, 0, first + 1);
        String num = out.contains("e+") ? exponents(out, masker) : null;
        if (num != null) out = num;
        String grouped = GroupedNumbers.mask(out, masker);
        if (grouped != null) out = grouped;
        String tree = out.contains(":constvalue ") ? constValues(out, masker) : null;
        return tree != null ? tree : out;
    }

    private static String exponents(String raw, UnaryOperator<String> masker) {
        Matcher m = EXPONENT.matcher(raw);
        StringBuilder l = new StringBuilder(raw.length() + 16);
        List<String> originals = new ArrayList<>();
        List<String> expanded = new ArrayList<>();
        int at = 0;
        while (m.find()) {
            int exp = Integer.parseInt(m.group(4));
            // to_char(n, '9.9999999999999999EEEE') pads the fraction with zeros: 5.5000055555555590e+15 is a whole number.
            String frac = m.group(3).replaceFirst("0+$", "");
            if (exp < frac.length()) continue;   // not a whole number: no card or account number
            String digits = m.group(1) + m.group(2) + frac + "0".repeat(exp - frac.length());
            l.append(raw, at, m.start()).append(NUMBER_START).append(digits).append(NUMBER_END);
            originals.add(m.group());
            expanded.add(digits);
            at = m.end();
        }
        if (originals.isEmpty()) return null;
        l.append(raw, at, raw.length());
        String in = l.toString();
        String masked = masker.apply(in);
        if (masked.equals(in)) return null;
        StringBuilder o = new StringBuilder(raw.length() + 16);
        int k = 0;
        for (int i = 0; i < masked.length(); i++) {
            char c = masked.charAt(i);
            if (c == NUMBER_START) {
                int end = masked.indexOf(NUMBER_END, i);
                String inside = masked.substring(i + 1, end < 0 ? masked.length() : end);
                o.append(k < expanded.size() && inside.equals(expanded.get(k)) ? originals.get(k) : inside);
                k++;
                i = end < 0 ? masked.length() : end;
            } else if (c != NUMBER_END) {
                o.append(c);
            }
        }
        return o.toString();
    }

    private static boolean containsExponent(byte[] b, int off, int len) {
        for (int i = off; i + 1 < off + len; i++) {
            if (b[i] == 'e' && b[i + 1] == '+') return true;
        }
        return false;
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    /** Back to bytes: chars up to U+00FF are the bytes they came from; a marker a masker left alone cannot remain. */
    private static byte[] bytes(StringBuilder s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) out[i] = (byte) s.charAt(i);
        return out;
    }
}
