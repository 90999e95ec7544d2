package hoop.masking;

import java.util.Arrays;

/**
 * Ranges of a text where one detector's regex may match, in ascending order. Every match must lie inside
 * one range and no match may straddle a range edge; then running the regex range by range, with
 * transparent bounds so lookarounds still see past the edges, finds exactly what one run over the whole
 * text finds. Candidates are therefore widened to a run of characters no match can leave, or to a line,
 * and ranges that touch are merged.
 */
final class Regions {
    private int[] bounds = new int[8];  // start, end pairs
    private int size;

    /**
     * Adds {@code [start, end)}, merging it into the last range if they touch; allocates only on first use. A candidate
     * found by walking back from its trigger (a tag's start from its value=, a .netrc or .pgpass line's start) may lie
     * before ranges added for later triggers: the ranges it reaches are merged with it, so the ranges stay ascending.
     */
    static Regions add(Regions r, int start, int end) {
        if (r == null) {
            r = new Regions();
        }
        int s = start;
        int e = end;
        while (r.size > 0 && s <= r.bounds[r.size - 1]) {
            s = Math.min(s, r.bounds[r.size - 2]);
            e = Math.max(e, r.bounds[r.size - 1]);
            r.size -= 2;
        }
        if (r.size == r.bounds.length) {
            r.bounds = Arrays.copyOf(r.bounds, r.size * 2);
        }
        r.bounds[r.size++] = s;
        r.bounds[r.size++] = e;
        return r;
    }

    /**
     * True if position {@code i} is already inside the last range, so a candidate there adds nothing. (Not one before
     * it: a walked-back candidate there was dropped, and the match starting at it, a tag's value="..." after a key:
     * on its line, was not looked for.)
     */
    static boolean covers(Regions r, int i) {
        return r != null && i >= r.bounds[r.size - 2] && i < r.bounds[r.size - 1];
    }

    int count() {
        return size / 2;
    }

    int start(int k) {
        return bounds[2 * k];
    }

    int end(int k) {
        return bounds[2 * k + 1];
    }

    /** Turns a candidate position from {@link Scan} into the region its match must lie in. */
    @FunctionalInterface
    interface Widen {
        Regions add(Regions r, String t, int candidate);
    }

    /** The maximal run of {@code classes} characters around the candidate: for matches made only of them. */
    static Widen run(int classes) {
        return (r, t, i) -> add(r, runStart(t, i, classes), runEnd(t, i, classes));
    }

    /** The candidate's line: for single-line matches that may start before the candidate. */
    static final Widen LINE = (r, t, i) -> add(r, lineStart(t, i), lineEnd(t, i));

    /** From a candidate at the start of a single-line match to the end of its line. */
    static final Widen TO_LINE_END = (r, t, i) -> add(r, i, lineEnd(t, i));

    /** From a candidate at the start of a match that may span lines to the end of the text. */
    static final Widen TO_TEXT_END = (r, t, i) -> add(r, i, t.length());

    /** The regions around the {@code kind} candidates of a scan, or null when there are none. */
    static Regions of(Scan scan, int kind, Widen widen, String t) {
        Regions r = null;
        for (int k = 0; scan != null && k < scan.count(kind); k++) {
            int candidate = scan.position(kind, k);
            if (!covers(r, candidate)) {  // also keeps many candidates on one long line linear
                r = widen.add(r, t, candidate);
            }
        }
        return r;
    }

    /** Start of the maximal run of {@code classes} characters that contains or ends just before {@code i}. */
    static int runStart(String t, int i, int classes) {
        while (i > 0 && Ascii.in(t.charAt(i - 1), classes)) {
            i--;
        }
        return i;
    }

    /** End of the maximal run of {@code classes} characters that contains or starts at {@code i}. */
    static int runEnd(String t, int i, int classes) {
        int n = t.length();
        while (i < n && Ascii.in(t.charAt(i), classes)) {
            i++;
        }
        return i;
    }

    static int lineStart(String t, int i) {
        return i == 0 ? 0 : t.lastIndexOf('\n', i - 1) + 1;
    }

    static int lineEnd(String t, int i) {
        int nl = t.indexOf('\n', i);
        return nl < 0 ? t.length() : nl;
    }
}
