package hoop.masking;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * What a client decodes before a person reads it, for output that is an API's answer rather than a screen (the
 * AWS APIs, and the aws CLI printing them):
 * <ul>
 * <li>base64 blobs: a KMS {@code Plaintext}, a Secrets Manager {@code SecretBinary}, a DynamoDB {@code B} value,
 * Lambda's log tail, an SQS binary attribute, a Kinesis record. The SDKs hand them out decoded, so a blob that
 * decodes to text (also once gunzipped: CloudWatch Logs records) is masked as that text and encoded again; one that
 * decodes to binary data passes (detectors find false secrets in random bytes);</li>
 * <li>escapes, which the client's parser undoes: JSON's and XML's, CDATA sections and percent-encoding (IAM
 * answers policy documents so, and the aws CLI prints them decoded), read as the characters they stand for by
 * {@link DecodedView}, which every masker runs and an answer's adds the JSON slash and CDATA to.</li>
 * </ul>
 */
final class EncodedText {
    private EncodedText() {
    }

    /** Shorter runs are words and ids; 12 characters hold 9 bytes, less than any address or key. */
    private static final int MIN_RUN = 12;
    /** Nested blobs (a base64 Kubernetes secret inside a SecretBinary) are read this deep. */
    static final int MAX_DEPTH = 3;

    /**
     * text with every base64 run from {@code from} on that decodes to text replaced by the encoding of what
     * {@code mask} makes of that text; the same instance when nothing changed.
     */
    static String blobs(String text, int from, UnaryOperator<String> mask) {
        return blobs(text, from, mask, (start, end) -> false);
    }

    /** As above, leaving alone the runs [start, end) that {@code leave} names. */
    static String blobs(String text, int from, UnaryOperator<String> mask, java.util.function.BiPredicate<Integer, Integer> leave) {
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);  // one copy: a table look per byte beats charAt
        int i = from;
        // A run begun before from was judged with what was emitted before: its rest is no blob of its own.
        while (i > 0 && i < n && BASE64[b[i - 1] & 0xFF] && BASE64[b[i] & 0xFF]) i++;
        while (i < n) {
            if (!BASE64[b[i] & 0xFF]) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && BASE64[b[i] & 0xFF]) i++;
            // A short run may be a blob's first line at a narrow width (base64 -w 8): then lines of its width follow.
            if (i - start < MIN_RUN - 2 && !(startsLine(b, start) && wrappedEnd(b, start, i) > 0)) continue;
            int pad = i;
            while (pad < n && pad - i < 2 && b[pad] == '=') pad++;
            // Lines of one blob (MIME wraps at 76, PEM at 64): read joined, written back wrapped the same way. What a
            // script printed before it on its first line ("key=", any letters) is not part of it.
            int width = pad == i ? nextLineWidth(b, i) : -1;
            int lineStart = width > 0 && i - start > width ? i - width : start;
            int end = pad == i ? wrappedEnd(b, lineStart, i) : -1;
            if (end > 0) {
                String lineBreak = lineBreak(b, i);
                String joined = text.substring(lineStart, end).replace(lineBreak, "");
                String masked = !leave.test(lineStart, end) && mayBeText(joined, 0, joined.length()) ? maskBlob(joined, mask) : null;
                if (masked != null && masked != CLEAN) {
                    if (out == null) out = new StringBuilder(n + 16);
                    out.append(text, copied, lineStart);
                    for (int k = 0; k < masked.length(); k += i - lineStart) {
                        if (k > 0) out.append(lineBreak);
                        out.append(masked, k, Math.min(masked.length(), k + i - lineStart));
                    }
                    copied = end;
                }
                i = end;
                continue;
            }
            // One line: the blob may be glued to letters before or after it ("a" + base64, base64 + "zz"), which shift
            // its four-character groups; each of the four alignments is read, whole groups only, and without its last
            // group, which letters after an unpadded blob may have spoilt.
            shifts:
            for (int shift = 0; shift < 4 && pad - start - shift >= MIN_RUN; shift++) {
                int from4 = start + shift;
                int whole = (pad - from4) % 4 == 0 ? pad : i - (i - from4) % 4;
                if (leave.test(from4, whole)) break;
                if (whole - from4 < MIN_RUN || !mayBeText(text, from4, whole)) continue;
                for (int to = whole; to >= whole - 4 && to - from4 >= MIN_RUN; to -= 4) {
                    String masked = maskBlob(text.substring(from4, to), mask);
                    if (masked == CLEAN) continue shifts;  // text at this alignment, and nothing in it to mask
                    if (masked != null) {
                        if (out == null) out = new StringBuilder(n + 16);
                        out.append(text, copied, from4).append(masked);
                        copied = to;
                        break shifts;
                    }
                }
            }
            i = pad;
        }
        if (out == null) return text;
        return out.append(text, copied, n).toString();
    }

    /**
     * Where a blob wrapped over lines ends, when the line [start, lineEnd) is the first of two or more: full lines of
     * one length (any from WRAP_MIN: base64 -w 30 cuts groups of four, and joined they read whole) after it, and a last
     * one no longer (padded or not); -1 otherwise. Under 16 a width needs NARROW_LINES full lines after the first, so
     * that a few short words on their lines are not taken for one. The end is that of the last line, before its break.
     */
    static int wrappedEnd(byte[] b, int start, int lineEnd) {
        int len = lineEnd - start;
        if (len < WRAP_MIN) return -1;
        String lineBreak = lineBreak(b, lineEnd);
        if (lineBreak == null) return -1;
        int end = -1;
        int full = 0;
        int p = lineEnd;
        while (p < b.length && startsWith(b, p, lineBreak)) {
            int q = p + lineBreak.length();
            int r = q;
            while (r < b.length && BASE64[b[r] & 0xFF]) r++;
            int pad = r;
            while (pad < b.length && pad - r < 2 && b[pad] == '=') pad++;
            if (pad < b.length && (BASE64[b[pad] & 0xFF] || b[pad] == '=')) break;
            if (r - q == len && pad == r) {  // another full line
                end = r;
                p = r;
                full++;
                continue;
            }
            if (pad > q && pad - q <= len && (len % 4 != 0 || (pad - q) % 4 == 0)) end = pad;  // the last, shorter line
            break;
        }
        return len < 16 && full < NARROW_LINES ? -1 : end;
    }

    /** The narrowest wrap read (base64 -w 4), and how many full lines a width under 16 needs after its first. */
    static final int WRAP_MIN = 4, NARROW_LINES = 3;

    /** Whether p begins a line: the text's start, after a line break, or after its escape in a JSON string. */
    static boolean startsLine(byte[] b, int p) {
        return p == 0 || b[p - 1] == '\n' || p >= 2 && b[p - 2] == '\\' && b[p - 1] == 'n';
    }

    /**
     * The length of the base64 run that fills the line after lineEnd, when another line follows it (so it is a full
     * line of a blob, not its shorter last one, which says nothing of the width), or -1.
     */
    private static int nextLineWidth(byte[] b, int lineEnd) {
        String lineBreak = lineBreak(b, lineEnd);
        if (lineBreak == null) return -1;
        int q = lineEnd + lineBreak.length();
        int r = q;
        while (r < b.length && BASE64[b[r] & 0xFF]) r++;
        String next = lineBreak(b, r);
        boolean more = next != null && r + next.length() < b.length && BASE64[b[r + next.length()] & 0xFF];
        return r - q >= 16 && more ? r - q : -1;
    }

    /**
     * The line break at p: a real one, or (a blob in a JSON string, as the aws CLI prints a parameter's or a log's
     * value) its escape, backslash and n, whose n a base64 run would otherwise take as its first character, so that
     * the lines after the first were read at the wrong alignment and a secret across two of them was not found.
     */
    static String lineBreak(byte[] b, int p) {
        for (String brk : LINE_BREAKS) if (startsWith(b, p, brk)) return brk;
        return null;
    }

    private static final String[] LINE_BREAKS = {"\r\n", "\n", "\\r\\n", "\\n"};

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) return false;
        for (int k = 0; k < s.length(); k++) if (b[at + k] != s.charAt(k)) return false;
        return true;
    }

    /**
     * A cheap look at the first bytes the run decodes to, before decoding it whole: text (or gzip, which is looked
     * into) is UTF-8 with no NUL and no control byte among its first few; an id or a hash (hex, random base64) is
     * mostly not.
     */
    private static boolean mayBeText(String t, int start, int end) {
        if (compressed(t, start, end)) return true;  // looked into too: hidden whole (maskBlob)
        if (tar(t, start, end)) return true;  // a tar's text is read where it stands (maskDecoded)
        int first = Math.min(end, start + 12);  // 9 bytes
        int bits = 0, acc = 0, k = 0, continuations = 0;
        boolean leading = true;
        for (int i = start; i < first; i++) {
            acc = acc << 6 | value(t.charAt(i));
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                int b = acc >>> bits & 0xFF;
                if (k++ == 0 && b == 0x1F) return true;  // gzip's first byte
                if (k <= 3 && (b & 0xC0) == 0x80 && continuations == 0 && leading) continue;  // the end of a cut character
                leading = false;
                if (continuations > 0) {
                    if ((b & 0xC0) != 0x80) return false;
                    continuations--;
                } else if (b >= 0x80) {
                    if (b < 0xC2 || b > 0xF4) return false;  // a continuation byte first, or no UTF-8 lead at all
                    continuations = b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
                } else if (b == 0 || b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0C && b != 0x1B || b == 0x7F) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the run decodes to a tar: "ustar" at byte 257 (its first bytes are a file name padded with NULs). */
    private static boolean tar(String t, int start, int end) {
        if (end - start < 352) return false;
        int acc = 0;
        byte[] b = new byte[9];  // bytes 255 to 263, from the twelve characters at 340
        for (int i = 0; i < 12; i++) {
            char c = t.charAt(start + 340 + i);
            if (c == '=') return false;
            acc = acc << 6 | value(c);
            if (i % 4 == 3) {
                b[i / 4 * 3] = (byte) (acc >> 16);
                b[i / 4 * 3 + 1] = (byte) (acc >> 8);
                b[i / 4 * 3 + 2] = (byte) acc;
                acc = 0;
            }
        }
        return b[2] == 'u' && b[3] == 's' && b[4] == 't' && b[5] == 'a' && b[6] == 'r';
    }

    /** Whether the run decodes to a compressed format hoop does not read (its first bytes are one's magic). */
    private static boolean compressed(String t, int start, int end) {
        byte[] head = new byte[hoop.core.Compressed.SNIFF];
        int n = 0, bits = 0, acc = 0;
        for (int i = start; i < end && n < head.length && t.charAt(i) != '='; i++) {
            acc = acc << 6 | value(t.charAt(i));
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                head[n++] = (byte) (acc >>> bits);
            }
        }
        return hoop.core.Compressed.format(head, 0, n) != null;
    }

    /** What a blob of a compressed format hoop does not read is shown as: whoever decompresses it would read it unmasked. */
    static final String COMPRESSED = "[COMPRESSED]";

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        return c == '+' ? 62 : 63;
    }

    /** What maskBlob answers for a blob that decodes to text with nothing to mask; compared by identity. */
    static final String CLEAN = new String("clean");

    /** The blob encoded again after masking what it decodes to; null when it is no text, CLEAN when nothing changed. */
    private static String maskBlob(String blob, UnaryOperator<String> mask) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(blob);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return maskDecoded(raw, mask, b -> Base64.getEncoder().encodeToString(b));
    }

    /**
     * What a blob of any encoding decoded to (raw), masked and encoded again by encode; COMPRESSED for a format hoop
     * does not read, null when it is no text, CLEAN when nothing changed. gzip is looked into and written back so.
     */
    static String maskDecoded(byte[] raw, UnaryOperator<String> mask, java.util.function.Function<byte[], String> encode) {
        if (hoop.core.Compressed.format(raw, 0, raw.length) != null) return COMPRESSED;
        boolean gzip = raw.length > 18 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B;
        if (gzip) raw = gunzip(raw);
        // gzip in gzip, or xz in gzip: not text once inflated, it was passed as some id's bytes, the inner stream unread.
        if (gzip && raw != null && hoop.core.Compressed.formatOrGzip(raw, 0, raw.length) != null) return COMPRESSED;
        if (raw == null) return null;
        if (!text(raw)) {
            // Binary holding text (a tar of config files, a .tar.gz shipped as base64): whoever decodes and unpacks it
            // reads that text, which passed unread as "no text". Masked as it stands; a compressed member hides whole.
            if (hoop.core.EmbeddedStreams.find(raw, 0, raw.length) != null) return COMPRESSED;
            String decoded = new String(raw, StandardCharsets.ISO_8859_1);
            String masked = mask.apply(decoded);
            if (masked.equals(decoded)) return null;
            byte[] out = masked.getBytes(StandardCharsets.ISO_8859_1);
            return encode.apply(gzip ? gzip(out) : out);
        }
        String decoded = new String(raw, StandardCharsets.ISO_8859_1);
        String masked = mask.apply(decoded);
        if (masked.equals(decoded)) return CLEAN;
        byte[] out = masked.getBytes(StandardCharsets.ISO_8859_1);
        return encode.apply(gzip ? gzip(out) : out);
    }

    /** What a gzip blob inflates to (CloudWatch Logs records in Kinesis and Firehose are), or null past MAX_INFLATED. */
    private static byte[] gunzip(byte[] raw) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            byte[] b = in.readNBytes(MAX_INFLATED + 1);
            return b.length > MAX_INFLATED ? null : b;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static byte[] gzip(byte[] b) {
        var out = new java.io.ByteArrayOutputStream(b.length / 2 + 32);
        try (var z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A blob inflating to more is passed as binary: a decompression bomb must not cost more than reading it. */
    private static final int MAX_INFLATED = 16 << 20;

    /** Text as a client would print it: UTF-8, no NUL, hardly a control character. */
    static boolean text(byte[] b) {
        if (!hoop.core.TextBytes.fewControls(b, 0, b.length)) return false;
        // A character cut at either end is still text: wrapped lines of a blob may arrive in parts, cut anywhere.
        int from = 0;
        while (from < b.length && from < 3 && (b[from] & 0xC0) == 0x80) from++;
        int end = b.length;
        while (end > from && b.length - end < 3 && (b[end - 1] & 0xC0) == 0x80) end--;
        if (end > from && (b[end - 1] & 0xC0) == 0xC0) end--;
        else if (end < b.length) end = b.length;  // continuation bytes that close their character
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, end - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static final boolean[] BASE64 = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            BASE64[c] = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
        }
    }
}
