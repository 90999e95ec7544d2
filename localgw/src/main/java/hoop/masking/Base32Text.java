package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * base32 as coreutils' base32 and basenc (--base32, --base32hex) and Python's b32encode print it: `base32 .env` shows
 * a file's keys to anyone who runs `base32 -d` on what they read. A run of one alphabet's characters with its '='
 * padding, joined over the following lines of the same width (coreutils wraps at 76, which cuts groups of eight), that
 * decodes to text is masked as that text (see {@link EncodedText#maskDecoded}) and encoded again, wrapped as it came.
 */
final class Base32Text {
    private Base32Text() {
    }

    private static final String STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String EXTENDED_HEX = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
    /** 16 characters hold 10 bytes: fewer than any key or address. */
    private static final int MIN_RUN = 16;
    /** Lines a narrow blob has at least: its first, NARROW_LINES full ones, and maybe a last. */
    private static final int NARROW = 1 + EncodedText.NARROW_LINES;

    /**
     * text with every base32 run from {@code from} on that decodes to text masked, but for the runs [start, end) that
     * leave names; the same instance when none was.
     */
    static String blobs(String text, int from, UnaryOperator<String> mask, java.util.function.BiPredicate<Integer, Integer> leave) {
        byte[] b = text.getBytes(ISO_8859_1);
        int n = b.length;
        StringBuilder out = null;
        int copied = 0;
        int i = from;
        // A run begun before from was judged with what was emitted before: its rest is no blob of its own.
        while (i > 0 && i < n && ALNUM[b[i - 1] & 0xFF] && ALNUM[b[i] & 0xFF]) i++;
        while (i < n) {
            if (!ALNUM[b[i] & 0xFF]) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && ALNUM[b[i] & 0xFF]) i++;
            if (i - start < EncodedText.WRAP_MIN || !mayBeBase32(b, start, i)) continue;  // a word, an id or a digest
            List<int[]> lines = lines(b, start, i);
            if (i - start < MIN_RUN && lines.size() == 1) continue;
            int end = lines.getLast()[1];
            StringBuilder joined = new StringBuilder(end - start);
            for (int[] l : lines) joined.append(text, l[0], l[1]);
            String masked = joined.length() >= MIN_RUN && !leave.test(start, end) ? masked(joined.toString(), lines.size() == 1, mask) : null;
            if (masked != null) {
                if (out == null) out = new StringBuilder(n + 16);
                out.append(text, copied, start);
                int width = lines.get(0)[1] - lines.get(0)[0];
                String lineBreak = lines.size() > 1 ? EncodedText.lineBreak(b, lines.get(0)[1]) : null;
                for (int k = 0; k < masked.length(); k += width) {
                    if (k > 0) out.append(lineBreak);
                    out.append(masked, k, lineBreak == null ? masked.length() : Math.min(masked.length(), k + width));
                    if (lineBreak == null) break;
                }
                copied = end;
            }
            i = Math.max(i, end);
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    /**
     * The [start, end) of each line of the run that starts at start and whose first line's characters end at runEnd:
     * with its padding, and when it began a line, the lines after it of its width (any from WRAP_MIN: base32 -w 10) and
     * a last one no longer. A width under MIN_RUN needs NARROW_LINES full lines after its first (a few short words on
     * their lines are no blob); a run of fewer lines is its first line alone.
     */
    private static List<int[]> lines(byte[] b, int start, int runEnd) {
        List<int[]> lines = new ArrayList<>(1);
        int end = padded(b, runEnd);
        lines.add(new int[] {start, end});
        int width = runEnd - start;
        if (end != runEnd || width < EncodedText.WRAP_MIN || !EncodedText.startsLine(b, start)) return lines;
        int p = runEnd;
        for (String brk; (brk = EncodedText.lineBreak(b, p)) != null; ) {
            int q = p + brk.length();
            int r = q;
            while (r < b.length && ALNUM[b[r] & 0xFF]) r++;
            int pad = padded(b, r);
            if (r - q == width && pad == r) {
                lines.add(new int[] {q, r});
                p = r;
                continue;
            }
            if (r > q && r - q <= width && (pad == b.length || b[pad] == '\n' || b[pad] == '\r')) lines.add(new int[] {q, pad});
            break;
        }
        if (width < MIN_RUN && lines.size() < NARROW) return lines.subList(0, 1);
        return lines;
    }

    /**
     * A look at a run's characters allocating nothing: most runs this long are ids and digests (an ETag, a hash), all
     * hex digits, which no text encodes to, or in mixed case, as base32 never is.
     */
    private static boolean mayBeBase32(byte[] b, int from, int to) {
        boolean upper = false, lower = false, hexOnly = true;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            hexOnly &= Ascii.isHex((char) c);
        }
        return !(upper && lower) && !hexOnly;
    }

    /** Where the '=' padding after p ends (six at most). */
    private static int padded(byte[] b, int p) {
        int q = p;
        while (q < b.length && q - p < 6 && b[q] == '=') q++;
        return q;
    }

    /**
     * The run encoded again after masking what it decodes to, in either alphabet and case it is written in; null when it
     * decodes to no text or nothing in it was masked. One line may be glued to letters before it: each alignment of its
     * groups of eight is read.
     */
    private static String masked(String run, boolean oneLine, UnaryOperator<String> mask) {
        // One pass first, allocating nothing: most runs this long are ids and digests (an ETag, a hash), all hex
        // digits, which no text encodes to, or mix cases, as base32 never does.
        int upper = 0, lower = 0, hexOnly = 0, standard = 0, extended = 0, letters = 0;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (c == '=') continue;
            if (c >= 'a') lower = 1;
            else if (c >= 'A') upper = 1;
            int u = c >= 'a' ? c - 32 : c;
            letters++;
            hexOnly += Ascii.isHex(c) ? 1 : 0;
            standard += STANDARD.indexOf(u) >= 0 ? 1 : 0;
            extended += EXTENDED_HEX.indexOf(u) >= 0 ? 1 : 0;
        }
        if (upper + lower > 1 || hexOnly == letters) return null;
        String bare = run.replace("=", "");
        String up = bare.toUpperCase(java.util.Locale.ROOT);
        boolean padding = bare.length() != run.length();
        for (String alphabet : new String[] {STANDARD, EXTENDED_HEX}) {
            if ((alphabet == STANDARD ? standard : extended) != letters) continue;
            for (int shift = 0; shift < (oneLine ? 8 : 1) && up.length() - shift >= MIN_RUN; shift++) {
                String part = up.substring(shift);
                byte[] head = decode(part.substring(0, MIN_RUN), alphabet);
                boolean packed = head[0] == 0x1F && head[1] == (byte) 0x8B || hoop.core.Compressed.format(head, 0, head.length) != null;
                if (!packed && !mayBeText(head)) continue;
                String m = EncodedText.maskDecoded(decode(part, alphabet), mask, raw -> encode(raw, alphabet, padding));
                if (m == null) continue;
                if (m == EncodedText.CLEAN) return null;
                if (m == EncodedText.COMPRESSED) return m;
                return bare.substring(0, shift) + (lower == 1 ? m.toLowerCase(java.util.Locale.ROOT) : m);
            }
        }
        return null;
    }

    /** A cheap look at a run's first bytes: no control byte, and bytes above 0x7F only as UTF-8 (one cut at the start). */
    private static boolean mayBeText(byte[] b) {
        int i = 0;
        while (i < b.length && i < 3 && (b[i] & 0xC0) == 0x80) i++;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) return false;
                i++;
                continue;
            }
            int more = c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (more < 0) return false;
            for (int k = 1; k <= more && i + k < b.length; k++) if ((b[i + k] & 0xC0) != 0x80) return false;
            i += more + 1;
        }
        return true;
    }

    /** The bytes of whole characters of s (its last bits that fill no byte are dropped). */
    static byte[] decode(String s, String alphabet) {
        byte[] out = new byte[s.length() * 5 / 8];
        int acc = 0, bits = 0, k = 0;
        for (int i = 0; i < s.length(); i++) {
            acc = (acc << 5 | alphabet.indexOf(s.charAt(i))) & 0xFFF;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[k++] = (byte) (acc >>> bits);
            }
        }
        return out;
    }

    static String encode(byte[] b, String alphabet, boolean padding) {
        StringBuilder out = new StringBuilder((b.length * 8 + 4) / 5 + 6);
        int acc = 0, bits = 0;
        for (byte x : b) {
            acc = (acc << 8 | (x & 0xFF)) & 0xFFF;
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(alphabet.charAt(acc >>> bits & 31));
            }
        }
        if (bits > 0) out.append(alphabet.charAt(acc << (5 - bits) & 31));
        while (padding && out.length() % 8 != 0) out.append('=');
        return out.toString();
    }

    private static final boolean[] ALNUM = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) ALNUM[c] = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
