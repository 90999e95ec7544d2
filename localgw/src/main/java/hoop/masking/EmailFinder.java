package hoop.masking;

/**
 * The email detector's regex run by hand, because result sets are full of addresses and the regex engine
 * spends most of a masked row's time on them:
 * {@code (?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![A-Za-z0-9])}.
 * It finds what that regex finds with transparent, non-anchoring bounds, match for match (EmailFinderTest
 * holds the two equal on random text); NaiveMasker still runs the regex.
 */
final class EmailFinder {
    private EmailFinder() {
    }

    /** The first match in {@code t[from, to)}: {start, end}, or null. Lookarounds see past the bounds. */
    static int[] find(CharSequence t, int from, int to) {
        for (int s = from; s < to; s++) {
            if (!local(t.charAt(s)) || s > 0 && local(t.charAt(s - 1))) continue;
            // The local part is the whole run of local characters from s ('@' is not one), and '@' ends it.
            int e = s;
            while (e < to && local(t.charAt(e))) e++;
            if (e - s <= 64 && e < to && t.charAt(e) == '@') {
                int end = domainEnd(t, e + 1, to);
                if (end >= 0) return new int[] {s, end};
            }
            s = e - 1;  // inside the run the look-behind fails; the next candidate starts after it
        }
        return null;
    }

    /**
     * End of the domain starting at d, or -1. Every label but the top-level one is a whole dot-separated
     * run of label characters (a partial one would leave a label character where a dot must follow); the
     * greedy repetition takes as many as it can and gives them back one at a time until a top-level label
     * fits: 2 to 24 letters from the start of the next run, not followed by a letter or digit.
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

    private static int topLevelEnd(CharSequence t, int p, int to) {
        int q = p;
        while (q < to && q - p < 25 && letter(t.charAt(q))) q++;
        int len = q - p;
        if (len < 2 || len > 24) return -1;
        return q < t.length() && (letter(t.charAt(q)) || digit(t.charAt(q))) ? -1 : q;
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
        return letter(c) || digit(c) || c == '-';
    }

    private static boolean local(char c) {
        return label(c) || c == '.' || c == '_' || c == '%' || c == '+';
    }
}
