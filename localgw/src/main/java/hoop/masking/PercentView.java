package hoop.masking;

/**
 * Text as it reads once its %XX escapes are decoded: alice%40example.com in a stored URL, a form body or an
 * access log line is an address to whoever decodes it, so the detectors read that too. Each escape becomes the
 * one byte it names, seen as ISO-8859-1 like every raw byte view here (so %C3%B6 is the two bytes of 'ö').
 *
 * @param text the decoded text
 * @param from for each char of text, where its source starts in the original
 * @param to   for each char of text, where its source ends in the original
 */
record PercentView(String text, int[] from, int[] to) {

    /** True if t[off, off+len) holds an escape: '%' and two hex digits. */
    static boolean present(byte[] t, int off, int len) {
        for (int i = off, end = off + len - 2; i < end; i++) {
            if (t[i] == '%' && hex(t[i + 1]) >= 0 && hex(t[i + 2]) >= 0) {
                return true;
            }
        }
        return false;
    }

    static PercentView of(String t) {
        StringBuilder out = new StringBuilder(t.length());
        int[] from = new int[t.length()];
        int[] to = new int[t.length()];
        for (int i = 0; i < t.length(); ) {
            int hi = i + 2 < t.length() && t.charAt(i) == '%' ? hex(t.charAt(i + 1)) : -1;
            int lo = hi >= 0 ? hex(t.charAt(i + 2)) : -1;
            from[out.length()] = i;
            if (lo >= 0) {
                out.append((char) (hi << 4 | lo));
                i += 3;
            } else {
                out.append(t.charAt(i));
                i++;
            }
            to[out.length() - 1] = i;
        }
        return new PercentView(out.toString(), from, to);
    }

    /** Where the view's chars [start, end) came from in the original: {start, end}. */
    int[] source(int start, int end) {
        return new int[] {from[start], to[end - 1]};
    }

    private static int hex(int c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
