package hoop.masking;

/**
 * The email detector's regex (see Detectors) run by hand, because result sets are full of addresses and the regex
 * engine spends most of a masked row's time on them. It finds what that regex finds with transparent,
 * non-anchoring bounds, match for match (EmailFinderTest holds the two equal on random text); NaiveMasker still
 * runs the regex. Every non-ASCII character but a surrogate counts as a letter (Ascii.NON_ASCII).
 */
final class EmailFinder {
    private EmailFinder() {
    }

    /** The first match in {@code t[from, to)}: {start, end}, or null. Lookarounds see past the bounds. */
    static int[] find(CharSequence t, int from, int to) {
        for (int s = from; s < to; s++) {
            if (!local(t.charAt(s))) continue;
            // The run of local characters from s ('@' is not one); a match needs '@' right after it.
            int e = s;
            while (e < to && local(t.charAt(e))) e++;
            if (e < to && t.charAt(e) == '@') {
                // The leftmost start within 64 of '@' (not inside a character); every start meets the same domain.
                int first = Math.max(s, e - 64);
                while (first < e && !startable(t, first)) first++;
                if (first < e) {
                    int end = domainEnd(t, e + 1, to);
                    if (end >= 0) return new int[] {first, end};
                }
            }
            s = e;  // the '@' or other character that ended the run starts nothing
        }
        return null;
    }

    /** Not on a UTF-8 continuation byte (seen as ISO-8859-1). */
    private static boolean startable(CharSequence t, int k) {
        char c = t.charAt(k);
        return !(c >= 0x80 && c <= 0xBF);
    }

    /**
     * End of the domain starting at d, or -1. Every label but the top-level one is a whole dot-separated
     * run of label characters (a partial one would leave a label character where a dot must follow); the
     * greedy repetition takes as many as it can and gives them back one at a time until a top-level label
     * fits: 2 to 24 letters from the start of the next run, not followed by a letter.
     */
    private static int domainEnd(CharSequence t, int d, int to) {
        int first = runEnd(t, d, to);
        if (first == d || first - d > 63 || first >= to || t.charAt(first) != '.') return -1;
        // Starts of the runs after each dot; the greedy repetition covers those of 1 to 63 characters.
        int[] starts = new int[8];
        int n = 0;
        int p = first + 1;
        while (true) {
            if (n == starts.length) starts = java.util.Arrays.copyOf(starts, n * 2);
            starts[n++] = p;
            int q = runEnd(t, p, to);
            if (q == p || q - p > 63 || q >= to || t.charAt(q) != '.') break;
            p = q + 1;
        }
        // starts[k] is the run a top-level label would start with after k whole labels; try the most first.
        for (int k = n - 1; k >= 0; k--) {
            int end = topLevelEnd(t, starts[k], to);
            if (end >= 0) return end;
        }
        return -1;
    }

    /** An ASCII top-level label of 2 to 24 letters, or else a run of 2 to 63 non-ASCII ones, ending the address (digits may follow). */
    private static int topLevelEnd(CharSequence t, int p, int to) {
        int q = p;
        while (q < to && q - p < 25 && letter(t.charAt(q))) q++;
        int len = q - p;
        if (len >= 2 && len <= 24 && !(q < t.length() && letter(t.charAt(q)))) return q;
        q = p;
        while (q < to && q - p < 64 && Ascii.nonAscii(t.charAt(q))) q++;
        len = q - p;
        if (len < 2 || len > 63) return -1;
        return q < t.length() && (letter(t.charAt(q)) || Ascii.nonAscii(t.charAt(q))) ? -1 : q;
    }

    private static int runEnd(CharSequence t, int p, int to) {
        while (p < to && label(t.charAt(p))) p++;
        return p;
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean label(char c) {
        return letter(c) || digit(c) || c == '-' || Ascii.nonAscii(c);
    }

    private static boolean local(char c) {
        return label(c) || c == '.' || c == '_' || c == '%' || c == '+';
    }
}
