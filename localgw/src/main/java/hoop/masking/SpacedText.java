package hoop.masking;

/**
 * Text with a separator put after every character, or after every group of the same width: {@code sed 's/./& /g'},
 * {@code fold -w1}, {@code grep -o .}, {@code fold -w4 | paste -sd,}, a value through {@code regexp_replace(x, '(.)',
 * '\1 ', 'g')}. A key or address spelled out so is still one to whoever reads it (or joins it back with one more
 * command), though no detector sees it whole. The view drops the separators of such runs, and a match in it is mapped
 * back over the separators between its characters.
 *
 * <p>A run is the same separator (any ASCII character but a letter or digit, a line break too) at every P-th position,
 * P from 2 to {@link #MAX_PERIOD}, at least {@link #MIN_SEPARATORS} times in a row. What lies between is kept whatever
 * it is, so a separator that also occurs in the data (the blank of "key = value" spaced out) reads back as it was;
 * but MIN_SEPARATORS - 1 of the stretches between must hold something else (a line of dashes, blank padding are no run).
 * Ordinary text seldom has one separator at so regular a distance that often; where it does, the view only adds what
 * the detectors find in it.
 */
final class SpacedText {
    private SpacedText() {
    }

    /** Groups of up to eight characters: a secret cut wider shows its groups to the detectors as words of their own. */
    static final int MAX_PERIOD = 9;
    /**
     * Six groups at least: the shortest address the detectors take (a@b.co) spelled one character apart has five.
     * ({@link #present} looks four periods back: it is written for this value.)
     */
    static final int MIN_SEPARATORS = 5;

    private static final boolean[] SEPARATOR = new boolean[256];

    static {
        for (int c = 0; c < 128; c++) SEPARATOR[c] = !Ascii.isAlnum((char) c);
    }

    /** Whether b[off, off+len) holds a run: the cheap look a clean value gets. */
    static boolean present(byte[] b, int off, int len) {
        if (len < 2 * MIN_SEPARATORS) return false;
        int separators = 0;  // most values (a number, an address, a hash) have too few for a run: no work past this
        for (int i = off; i < off + len && separators < MIN_SEPARATORS; i++) if (SEPARATOR[b[i] & 0xFF]) separators++;
        if (separators < MIN_SEPARATORS) return false;
        // A run holds, at some separator after a character of the data (not the separator again: blank padding and
        // lines of dashes spell nothing), the same separator at 1, 2, 3 and 4 periods before: looked up where it
        // stands, with no state, so a value with a few blanks costs a few compares per blank.
        int end = off + len;
        for (int i = off + 2 * (MIN_SEPARATORS - 1); i < end; i++) {
            byte c = b[i];
            if (!SEPARATOR[c & 0xFF]) continue;
            if (b[i - 1] == c) {
                // Blank padding (a char(n) column): eight at a time.
                long word = 0x0101010101010101L * (c & 0xFF);
                while (i + 9 <= end && Words.at(b, i + 1) == word) i += 8;
                continue;
            }
            int at = i - off;
            for (int p = 2; p <= MAX_PERIOD && (MIN_SEPARATORS - 1) * p <= at; p++) {
                if (b[i - p] == c && b[i - 2 * p] == c && b[i - 3 * p] == c && b[i - 4 * p] == c) return true;
            }
        }
        return false;
    }

    /**
     * Whether the p - 1 chars before the separator at i hold anything but that separator (same: how many of the char
     * before i in a row): a line of dashes or blank padding is the separator at every period, and spells nothing.
     */
    private static boolean spells(CharSequence t, int i, int p, int same) {
        return t.charAt(i - 1) != t.charAt(i) || same < p - 1;
    }

    /** Whether t holds a run. */
    static boolean present(CharSequence t) {
        return drops(t) != null;
    }

    /** Short lines held back at the end of a stream's text: a key of 128 characters, one a line. */
    static final int HOLD_LINES = 128;

    /**
     * Where a stream may cut the text before {@code limit} (just after a line break): before its trailing lines of up
     * to MAX_PERIOD - 1 characters, at most HOLD_LINES of them; limit when the last line is longer.
     */
    static int holdFrom(CharSequence s, int limit) {
        int from = limit;
        int end = limit > 0 && s.charAt(limit - 1) == '\n' ? limit - 1 : limit;
        for (int lines = 0; end >= 0 && lines < HOLD_LINES; lines++) {
            int start = end;
            while (start > 0 && s.charAt(start - 1) != '\n') start--;
            int length = end > start && s.charAt(end - 1) == '\r' ? end - 1 - start : end - start;
            if (length >= MAX_PERIOD) break;
            from = start;
            if (start == 0) break;
            end = start - 1;
        }
        return from;
    }

    /** t with the separators of its runs taken out, or null when it holds none. */
    static TerminalText.View of(CharSequence t) {
        boolean[] drop = drops(t);
        if (drop == null) return null;
        TerminalText.View v = new TerminalText.View();
        for (int i = 0; i < t.length(); i++) {
            if (!drop[i] || joinsLines(t, drop, i)) v.add(t.charAt(i), i, i + 1);
        }
        return v;
    }

    /**
     * Whether the separator at i comes after a group shorter than those around it, with no line break of its own:
     * the end of a line that the separator joined to the next (fold -w3 | paste -sd' '). It stands for that line
     * break and stays, or the key that ended the line would read glued to the next line's first word.
     */
    private static boolean joinsLines(CharSequence t, boolean[] drop, int i) {
        int before = sameDropped(t, drop, i, -1);
        int after = sameDropped(t, drop, i, 1);
        if (before < 0 || after < 0) return false;
        int earlier = sameDropped(t, drop, before, -1);
        if (earlier < 0 || i - before >= after - i || i - before >= before - earlier) return false;
        for (int k = before + 1; k < i; k++) if (t.charAt(k) == '\n') return false;
        return true;
    }

    /** The nearest separator taken out in direction step from i, the same char, at most MAX_PERIOD away; or -1. */
    private static int sameDropped(CharSequence t, boolean[] drop, int i, int step) {
        for (int k = i + step, d = 1; d <= MAX_PERIOD && k >= 0 && k < t.length(); k += step, d++) {
            if (drop[k] && t.charAt(k) == t.charAt(i)) return k;
        }
        return -1;
    }

    /**
     * Per char of t, whether it is a separator of a run; null when there is none. Runs of the shortest period are
     * taken first: every third separator of a run one character apart is also one of period 6, and such a chain can
     * go on past the run's end onto a blank of the data (the one between "id" and a key after a line break moved the
     * phase), which must stay. A chain counts only where it adds MIN_SEPARATORS separators to those already taken.
     */
    private static boolean[] drops(CharSequence t) {
        int n = t.length();
        if (n < 2 * MIN_SEPARATORS) return null;
        int[] chains = new int[(MAX_PERIOD + 1) * MAX_PERIOD];
        int[] spelled = new int[chains.length];
        int[] found = new int[3 * 8];  // per chain long enough: period, last separator, length
        int count = 0;
        int same = 0;  // of the char before i, how many in a row
        // Past the end, positions that hold nothing end every chain still open.
        for (int i = 0; i < n + MAX_PERIOD; i++) {
            char c = i < n ? t.charAt(i) : 0;
            boolean separator = i < n && c < 128 && SEPARATOR[c];
            for (int p = 2; p <= MAX_PERIOD; p++) {
                int slot = p * MAX_PERIOD + i % p;
                int before = chains[slot];
                boolean goesOn = separator && i >= p && t.charAt(i - p) == c;
                // A chain this position does not continue ended at i - p (a separator, or before is 0).
                if (!goesOn && spelled[slot] >= MIN_SEPARATORS - 1 && i >= p && i - p < n) {
                    if (count == found.length) found = java.util.Arrays.copyOf(found, 2 * count);
                    found[count++] = p;
                    found[count++] = i - p;
                    found[count++] = before;
                }
                chains[slot] = separator ? (goesOn ? before + 1 : 1) : 0;
                spelled[slot] = goesOn ? spelled[slot] + (spells(t, i, p, same) ? 1 : 0) : 0;
            }
            if (i < n) same = i > 0 && c == t.charAt(i - 1) ? same + 1 : 1;
        }
        if (count == 0) return null;
        boolean[] drop = new boolean[n];
        boolean any = false;
        for (int p = 2; p <= MAX_PERIOD; p++) {
            for (int k = 0; k < count; k += 3) {
                if (found[k] != p) continue;
                int added = 0;
                for (int j = 0, at = found[k + 1]; j < found[k + 2]; j++, at -= p) if (!drop[at]) added++;
                if (added < MIN_SEPARATORS) continue;
                for (int j = 0, at = found[k + 1]; j < found[k + 2]; j++, at -= p) drop[at] = true;
                any = true;
            }
        }
        return any ? drop : null;
    }
}
