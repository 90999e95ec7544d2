package hoop.masking;

/**
 * The characters {@link TerminalText} reads differently from the bytes: controls, invisible characters, look-alikes,
 * invalid UTF-8; and the quick test that the usual output has none of them, at the cost of one pass over its
 * bytes (eight at a time).
 */
final class TerminalChars {
    private TerminalChars() {
    }

    /** True when the views would equal the text: nothing here hides, joins or disguises characters. */
    static boolean plain(CharSequence t, boolean raw) {
        for (int i = 0, n = t.length(); i < n; i++) {
            char c = t.charAt(i);
            if (c >= 0x20 && c < 0x7F) continue;
            if (c == '\n' || c == '\t' || c == '\r' && i + 1 < n && t.charAt(i + 1) == '\n') continue;
            if (c < 0x80) return false;
            int d = raw ? utf8(t, i) : codePoint(t, i);
            if (d < 0 || special(d & CP)) return false;
            i += (d >>> 24) - 1;
        }
        return true;
    }

    private static final long ONES = Words.ONES;
    private static final long HIGHS = Words.HIGHS;

    /**
     * As {@link #plain} for bytes read as ISO-8859-1. Eight at a time: a block of printable ASCII (most of
     * them) costs a few instructions; one with a control or a byte beyond ASCII is looked at byte by byte.
     */
    static boolean plain(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        for (; i + 8 <= end; i += 8) {
            long x = Words.at(b, i);
            // a byte >= 0x80, or one below 0x20, or 0x7F
            if (((x | (x - 0x2020202020202020L & ~x) | (x + ONES)) & HIGHS) != 0 && !plainBytes(b, i, i + 8, end)) {
                return false;
            }
        }
        return plainBytes(b, i, end, end);
    }

    /**
     * {@link #plain} for a Java string whose ISO-8859-1 bytes are b: those bytes are the chars, unless a char
     * beyond Latin-1 became '?', so the chars themselves are looked at only when b holds a '?'.
     */
    static boolean plain(String t, byte[] b) {
        if (!plain(b, 0, b.length)) return false;
        for (int i = 0; i + 8 <= b.length; i += 8) {
            if (Words.has(Words.at(b, i), '?') != 0) return plain(t, false);
        }
        for (int i = b.length & ~7; i < b.length; i++) {
            if (b[i] == '?') return plain(t, false);
        }
        return true;
    }

    private static boolean plainBytes(byte[] b, int from, int to, int end) {
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c >= 0x20 && c != 0x7F || c == '\n' || c == '\t' || c == '\r' && i + 1 < end && b[i + 1] == '\n') {
                continue;
            }
            // a control, or a byte >= 0x80 (negative): decide on the text from here, read in place
            return plain(new Latin1(b, i, end - i), true);
        }
        return true;
    }

    static final int CP = 0xFF_FFFF;

    /** A code point any view would drop, fold or treat as a control. */
    private static boolean special(int cp) {
        return cp < 0xA0 || invisible(cp) || fold(cp) != cp;
    }

    /**
     * Takes no place of its own where it stands: format characters, joiners, variation selectors, fillers, and
     * combining marks (a card number with an accent or a circle on each digit still reads as the number).
     */
    static boolean invisible(int cp) {
        if (cp < 0x00AD) return false;
        if (cp == 0x00AD || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0) return true;
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /**
     * The ASCII character a look-alike stands for (fullwidth forms, other scripts' decimal digits, circled,
     * superscript and other single digits, Unicode blanks and dashes), else cp.
     */
    static int fold(int cp) {
        if (cp < 0xA0) return cp;
        if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
        int type = Character.getType(cp);
        if (type == Character.SPACE_SEPARATOR) return ' ';  // no-break, thin, ideographic...: a blank on screen
        if (type == Character.DASH_PUNCTUATION || cp == 0x2212) return '-';  // hyphens, en dash, minus: group marks
        if (type == Character.DECIMAL_DIGIT_NUMBER || type == Character.OTHER_NUMBER) {
            int v = Character.getNumericValue(cp);
            if (v >= 0 && v <= 9) return '0' + v;
        }
        return cp;
    }

    /** length << 24 | code point of the char(s) at i of a Java string. */
    static int codePoint(CharSequence t, int i) {
        int cp = Character.codePointAt(t, i);
        return Character.charCount(cp) << 24 | cp;
    }

    /**
     * length << 24 | code point of the UTF-8 sequence at i of bytes read as ISO-8859-1, or -1 if the bytes there
     * are not valid UTF-8 (overlong, surrogate, truncated, stray continuation).
     */
    static int utf8(CharSequence t, int i) {
        int b0 = t.charAt(i);
        int n, cp, min;
        if (b0 < 0x80) return 1 << 24 | b0;
        if (b0 >= 0xC2 && b0 <= 0xDF) { n = 2; cp = b0 & 0x1F; min = 0x80; }
        else if (b0 >= 0xE0 && b0 <= 0xEF) { n = 3; cp = b0 & 0x0F; min = 0x800; }
        else if (b0 >= 0xF0 && b0 <= 0xF4) { n = 4; cp = b0 & 0x07; min = 0x10000; }
        else return -1;
        if (i + n > t.length()) return -1;
        for (int k = 1; k < n; k++) {
            int b = t.charAt(i + k);
            if ((b & 0xC0) != 0x80 || b > 0xFF) return -1;
            cp = cp << 6 | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF) return -1;
        return n << 24 | cp;
    }
}
