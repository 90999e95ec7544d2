package hoop.masking;

import java.nio.charset.StandardCharsets;

/**
 * Text as it reads once its escapes are decoded: alice%40example.com in a stored URL, a form body or an access
 * log line, alice&#64;example.com in HTML or XML, or an address with its '@' as a JSON escape (backslash, u, 0040), is an address to whoever
 * reads it, so the detectors read that too. A %XX escape becomes the byte it names; a character reference
 * ({@code &#64;}, {@code &#x40;}, and the named ones that spell an address or a key: {@code &commat; &period;
 * &amp;...}) and a JSON escape of four hex digits (a surrogate pair of them as one) become their character, written as UTF-8 bytes
 * where the text is raw bytes seen as ISO-8859-1.
 *
 * <p>An API's answer (see {@link EncodedText}) is also read as its parser hands it out: JSON's {@code \/} is a
 * slash, and a CDATA section's content is mapped to the whole section, markers included, so a masked span that
 * touches one takes it whole and the document stays well-formed.
 */
final class DecodedView {
    private static final java.util.Map<String, Character> NAMED = java.util.Map.ofEntries(
            java.util.Map.entry("amp", '&'), java.util.Map.entry("lt", '<'), java.util.Map.entry("gt", '>'),
            java.util.Map.entry("quot", '"'), java.util.Map.entry("apos", '\''), java.util.Map.entry("commat", '@'),
            java.util.Map.entry("period", '.'), java.util.Map.entry("sol", '/'), java.util.Map.entry("plus", '+'),
            java.util.Map.entry("equals", '='), java.util.Map.entry("colon", ':'), java.util.Map.entry("lowbar", '_'),
            java.util.Map.entry("hyphen", '-'), java.util.Map.entry("dash", '-'), java.util.Map.entry("percnt", '%'),
            java.util.Map.entry("nbsp", ' '));

    /**
     * True if t[off, off+len) holds an escape this view decodes. Every value of a result row passes here, so words
     * without a '%', '&' or backslash are passed over eight bytes at a time.
     */
    static boolean present(byte[] t, int off, int len) {
        return present(t, off, len, false);
    }

    /** answers: also a CDATA section or JSON's escaped slash, which {@link #of} reads in an API's answer. */
    static boolean present(byte[] t, int off, int len, boolean answers) {
        int end = off + len;
        int i = off;
        while (i + 8 <= end) {
            long w = Words.at(t, i);
            if ((Words.has(w, '%') | Words.has(w, '&') | Words.has(w, '\\') | (answers ? Words.has(w, '<') : 0)) == 0) {
                i += 8;
                continue;
            }
            for (int k = i; k < i + 8; k++) {
                if (escapeAt(t, off, len, k, answers)) {
                    return true;
                }
            }
            i += 8;
        }
        for (; i < end; i++) {
            if (escapeAt(t, off, len, i, answers)) {
                return true;
            }
        }
        return false;
    }

    private static boolean escapeAt(byte[] t, int off, int len, int i, boolean answers) {
        int end = off + len;
        byte c = t[i];
        if (answers && (c == '\\' && i + 1 < end && t[i + 1] == '/' || c == '<' && cdata(new Latin1(t, off, len), i - off))) {
            return true;
        }
        if (c == '%') {
            return i + 2 < end && hex(t[i + 1]) >= 0 && hex(t[i + 2]) >= 0;
        }
        if (c == '&') {
            return reference(new Latin1(t, off, len), i - off) != null;
        }
        return c == '\\' && unicodeEscape(new Latin1(t, off, len), i - off) != null;
    }

    private DecodedView() {
    }

    /**
     * t read with its escapes decoded, each char mapped to the source it came from. rawBytes: t is bytes seen as
     * ISO-8859-1, so a character beyond ASCII decodes to its UTF-8 bytes.
     */
    static TerminalText.View of(String t, boolean rawBytes, boolean answers) {
        TerminalText.View out = new TerminalText.View();
        for (int i = 0; i < t.length(); ) {
            int start = i;
            int[] ref;
            String decoded;
            if (answers && cdata(t, i)) {
                int close = t.indexOf("]]>", i + 9);
                int end = close < 0 ? t.length() : close + 3;
                for (int k = i + 9; k < (close < 0 ? t.length() : close); k++) {
                    out.add(t.charAt(k), start, end);
                }
                i = end;
                continue;
            } else if (answers && t.charAt(i) == '\\' && i + 1 < t.length() && t.charAt(i + 1) == '/' && !escaped(t, i)) {
                decoded = "/";
                i += 2;
            } else if (t.charAt(i) == '%' && i + 2 < t.length() && hex(t.charAt(i + 1)) >= 0 && hex(t.charAt(i + 2)) >= 0) {
                decoded = String.valueOf((char) (hex(t.charAt(i + 1)) << 4 | hex(t.charAt(i + 2))));
                i += 3;
            } else if ((t.charAt(i) == '&' && (ref = reference(t, i)) != null) || (t.charAt(i) == '\\' && (ref = unicodeEscape(t, i)) != null)) {
                String chars = new String(Character.toChars(ref[0]));
                decoded = rawBytes && ref[0] >= 0x80 ? new String(chars.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) : chars;
                i = ref[1];
            } else {
                decoded = String.valueOf(t.charAt(i));
                i++;
            }
            for (int k = 0; k < decoded.length(); k++) {
                out.add(decoded.charAt(k), start, i);
            }
        }
        return out;
    }

    /** The character reference at t[i] ('&'): {code point, index after its ';'}, or null. */
    private static int[] reference(CharSequence t, int i) {
        int semi = -1;
        for (int k = i + 1; k < t.length() && k <= i + 32; k++) { // leading zeros may pad a number
            if (t.charAt(k) == ';') {
                semi = k;
                break;
            }
        }
        if (semi < i + 3) {
            return null;
        }
        int cp = 0;
        if (t.charAt(i + 1) == '#') {
            boolean hexRef = t.charAt(i + 2) == 'x' || t.charAt(i + 2) == 'X';
            int digits = i + (hexRef ? 3 : 2);
            if (digits == semi) {
                return null;
            }
            for (int k = digits; k < semi; k++) {
                int d = hexRef ? hex(t.charAt(k)) : t.charAt(k) >= '0' && t.charAt(k) <= '9' ? t.charAt(k) - '0' : -1;
                if (d < 0) {
                    return null;
                }
                cp = cp * (hexRef ? 16 : 10) + d;
                if (cp > Character.MAX_CODE_POINT) {
                    return null;
                }
            }
            return Character.isSurrogate((char) cp) && cp <= 0xFFFF || cp == 0 ? null : new int[] {cp, semi + 1};
        }
        Character named = NAMED.get(t.subSequence(i + 1, semi).toString());
        return named == null ? null : new int[] {named, semi + 1};
    }

    /** The {@code \\uXXXX} escape at t[i] ('\\'), a surrogate pair of them as one: {code point, index after it}, or null. */
    private static int[] unicodeEscape(CharSequence t, int i) {
        int unit = unit(t, i);
        if (unit < 0) {
            return null;
        }
        if (Character.isHighSurrogate((char) unit)) {
            int low = unit(t, i + 6);
            return low >= 0 && Character.isLowSurrogate((char) low) ? new int[] {Character.toCodePoint((char) unit, (char) low), i + 12} : null;
        }
        return Character.isSurrogate((char) unit) || unit == 0 ? null : new int[] {unit, i + 6};
    }

    private static int unit(CharSequence t, int i) {
        if (i + 6 > t.length() || t.charAt(i) != '\\' || t.charAt(i + 1) != 'u') {
            return -1;
        }
        if (escaped(t, i)) {
            return -1; // the backslash is itself escaped: a backslash, then the letter u
        }
        int v = 0;
        for (int k = i + 2; k < i + 6; k++) {
            int d = hex(t.charAt(k));
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The backslash at t[i] follows an odd number of backslashes: it is itself escaped. */
    private static boolean escaped(CharSequence t, int i) {
        int before = 0;
        while (i - before > 0 && t.charAt(i - before - 1) == '\\') {
            before++;
        }
        return before % 2 == 1;
    }

    private static boolean cdata(CharSequence t, int i) {
        String open = "<![CDATA[";
        if (i + open.length() > t.length()) {
            return false;
        }
        for (int k = 0; k < open.length(); k++) {
            if (t.charAt(i + k) != open.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int hex(int c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
