package hoop.masking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Secrets the gateway already knows (resolved from config, a session's own credential); they are masked before any
 * detector runs, whole and exactly, and (those at least {@link SecretForms#MIN_VALUE} long) in any of the
 * {@link SecretForms} a script can print them in.
 */
final class LiteralSecrets {
    static final String PLACEHOLDER = "[SECRET]";
    private static final int MIN_LENGTH = 4;  // shorter literals would shred ordinary output

    private final String[] secrets;
    private final SecretForms forms;  // null when no secret is long enough to have forms

    /** Replacements other than PLACEHOLDER, by secret: a value known because a detector found it by its key elsewhere. */
    private final java.util.Map<String, String> labels;

    LiteralSecrets(Collection<String> literals) {
        this(literals, java.util.Map.of());
    }

    /** labels: for some of the literals, what replaces them (as their detector would have) instead of PLACEHOLDER. */
    LiteralSecrets(Collection<String> literals, java.util.Map<String, String> labels) {
        this.labels = java.util.Map.copyOf(labels);
        Set<String> kept = new LinkedHashSet<>();
        if (literals != null) {
            for (String s : literals) {
                if (s != null && s.length() >= MIN_LENGTH) {
                    kept.add(s);
                }
            }
        }
        secrets = kept.toArray(String[]::new);
        forms = SecretForms.of(secrets);
        latin1 = new byte[secrets.length][];
        for (int i = 0; i < secrets.length; i++) {
            latin1[i] = secrets[i].chars().allMatch(c -> c < 256) ? secrets[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : null;
        }
    }

    /** The secrets kept (each at least MIN_LENGTH long). */
    String[] secrets() {
        return secrets.clone();
    }

    java.util.Map<String, String> labels() {
        return labels;
    }

    /** Each secret as ISO-8859-1 bytes, or null when it has a character no such text can hold. */
    private final byte[][] latin1;

    /** True when no secret occurs in {@code b[off, off+len)} read as ISO-8859-1 text (as {@link #apply} reads it). */
    boolean absentIn(byte[] b, int off, int len) {
        for (byte[] s : latin1) {
            if (s == null || s.length > len) {
                continue;
            }
            int last = off + len - s.length;  // the last place a secret could start
            int i = off;
            // Eight places at a time: a block without the secret's first byte (the usual case) costs a
            // few instructions; one that may hold it is looked at byte by byte.
            for (; i + 7 <= last; i += 8) {
                if (Words.has(Words.at(b, i), s[0]) != 0 && occursIn(b, i, i + 7, s)) {
                    return false;
                }
            }
            if (occursIn(b, i, last, s)) {
                return false;
            }
        }
        return (forms == null || forms.find(b, off, off + len, null, true) == null) && !brokenIn(b, off, len);
    }

    /** Whether a secret's form runs over line breaks in b[off, off+len) ({@link #acrossLines}). */
    private boolean brokenIn(byte[] b, int off, int len) {
        if (forms == null) return false;
        boolean lines = false;
        for (int i = off; i < off + len && !lines; i++) lines = b[i] == '\n';
        return lines && acrossLines(new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1)) != null;
    }

    /**
     * The pieces, line by line, of each secret (at least SecretForms.MIN_VALUE long) that line breaks cut apart in
     * text: {@code fold -w 9 .env}, {@code grep -o '.\{9\}'}, a value wrapped at a fixed width, also reversed or with
     * its lines in reverse order ({@code rev | fold}, {@code | tac}). Each piece may be
     * shorter than any form's run, yet together they print the value to whoever joins the lines. The lines are joined
     * only to look for the known secrets' forms, by their own rules (SecretForms: a run of ten characters of the value,
     * twenty of letters alone), never for the detectors: two header lines of one width are no wrapped value. [start,
     * end) pairs of the pieces a run spanning a line break covers, or null.
     */
    List<int[]> acrossLines(String text) {
        if (forms == null || text.indexOf('\n') < 0) return null;
        List<int[]> lines = new ArrayList<>();
        for (int s = 0; s < text.length(); ) {
            int e = text.indexOf('\n', s);
            if (e < 0) e = text.length();
            int end = e > s && text.charAt(e - 1) == '\r' ? e - 1 : e;
            lines.add(new int[] {s, end});
            s = e + 1;
        }
        if (lines.size() < 2) return null;
        boolean[] covered = null;
        // The lines in order, and last to first (tac of the pieces). The forms are the value and the value reversed
        // (rev first), with their rules: a run of ten characters, twenty of letters and dashes alone.
        for (int order = 0; order < 2; order++) {
            byte[] joined = new byte[text.length()];
            int n = 0;
            int[] at = new int[text.length()];
            for (int l = 0; l < lines.size(); l++) {
                int[] line = lines.get(order == 0 ? l : lines.size() - 1 - l);
                for (int i = line[0]; i < line[1]; i++) {
                    char c = text.charAt(i);
                    at[n] = i;
                    joined[n++] = (byte) (c < 256 ? c : '?');
                }
            }
            List<int[]> runs = forms.find(joined, 0, n, null, true) == null ? null : forms.find(joined, 0, n, null, false);
            for (int r = 0; runs != null && r < runs.size(); r++) {
                int start = runs.get(r)[0], end = runs.get(r)[1];
                if (end <= start || at[end - 1] + 1 - at[start] == end - start) continue;  // on one line: found there
                covered = covered == null ? new boolean[text.length()] : covered;
                for (int k = start; k < end; k++) covered[at[k]] = true;
            }
        }
        if (covered == null) return null;
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < covered.length; ) {
            if (!covered[k] || text.charAt(k) == '\n' || text.charAt(k) == '\r') {
                k++;
                continue;
            }
            int start = k;
            while (k < covered.length && covered[k] && text.charAt(k) != '\n' && text.charAt(k) != '\r') k++;
            out.add(new int[] {start, k});
        }
        return out;
    }

    /** Whether {@code s} starts somewhere in {@code b[from, to]}; the caller keeps {@code to + s.length} in bounds. */
    private static boolean occursIn(byte[] b, int from, int to, byte[] s) {
        for (int i = from; i <= to; i++) {
            if (b[i] == s[0] && java.util.Arrays.equals(b, i, i + s.length, s, 0, s.length)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return secrets.length == 0;
    }

    /** Whether some secret is long enough to have forms ({@link #formRuns}). */
    boolean hasForms() {
        return forms != null;
    }

    /** The [start, end) runs of the secrets' forms in b (text as ISO-8859-1), or null; only if {@link #hasForms}. */
    List<int[]> formRuns(byte[] b) {
        return forms.find(b, 0, b.length, null, false);
    }

    /** Text with literals replaced; placeholders lists [start, end) pairs in the new text. */
    record Applied(String text, int[] placeholders) {
    }

    /**
     * Replaces occurrences that reach past {@code from}. Overlapping occurrences are merged into one
     * placeholder, since dropping either would reveal part of a secret. Forms are not replaced here but found by
     * {@link #formRuns}, so a terminal's view of the text still holds whatever they are part of.
     */
    Applied apply(String text, int from) {
        List<int[]> hits = null;  // allocated on the first hit: the usual miss costs no garbage
        for (int k = 0; k < secrets.length; k++) {
            String s = secrets[k];
            for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
                if (i + s.length() > from) {
                    hits = hits == null ? new ArrayList<>() : hits;
                    hits.add(new int[]{Math.max(i, from), i + s.length(), k});
                }
            }
        }
        if (hits == null) {
            return null;
        }
        hits.sort(Comparator.comparingInt(h -> h[0]));
        StringBuilder out = new StringBuilder(text.length());
        List<Integer> ranges = new ArrayList<>();
        int pos = 0;
        for (int k = 0; k < hits.size(); ) {
            int start = hits.get(k)[0];
            int end = hits.get(k)[1];
            // Merged with others, a labelled secret is a secret like any: the label would name only one of them.
            String label = labels.isEmpty() ? PLACEHOLDER : labels.getOrDefault(secrets[hits.get(k)[2]], PLACEHOLDER);
            int first = k;
            for (k++; k < hits.size() && hits.get(k)[0] < end; k++) {
                end = Math.max(end, hits.get(k)[1]);
            }
            if (k - first > 1) label = PLACEHOLDER;
            out.append(text, pos, start);
            ranges.add(out.length());
            out.append(label);
            ranges.add(out.length());
            pos = end;
        }
        out.append(text, pos, text.length());
        return new Applied(out.toString(), ranges.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Adds every occurrence in text, made by {@code make(start, end)}; out may be null until the first. */
    <T> List<T> spans(String text, List<T> out, java.util.function.BiFunction<Integer, Integer, T> make) {
        for (String s : secrets) {
            for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
                out = out == null ? new ArrayList<>() : out;
                out.add(make.apply(i, i + s.length()));
            }
        }
        List<int[]> runs = forms == null ? null
                : forms.find(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, text.length(), null, false);
        for (int k = 0; runs != null && k < runs.size(); k++) {
            out = out == null ? new ArrayList<>() : out;
            out.add(make.apply(runs.get(k)[0], runs.get(k)[1]));
        }
        return out;
    }

    /**
     * True if some literal could start before {@code cut} and continue after it, judging by the text
     * available on both sides; cutting there would let each half pass unmasked.
     */
    boolean mightStraddle(CharSequence text, int cut) {
        if (forms != null && forms.mightStraddle(text, cut)) {
            return true;
        }
        if (cut > 0 && (text.charAt(cut - 1) == '\n' || text.charAt(cut - 1) == '\r') && endsBroken(text, cut)) {
            return true;
        }
        for (String s : secrets) {
            for (int k = 1; k < s.length() && k <= cut; k++) {
                if (matches(text, cut - k, s, 0, k)
                        && matches(text, cut, s, k, Math.min(s.length() - k, text.length() - cut))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the lines before a cut at a line break end with the start (three characters or more) of a secret (at least SecretForms.MIN_VALUE
     * long) that the text after it, line breaks skipped, goes on with as far as it goes: a stream must not part the
     * pieces {@link #acrossLines} joins.
     */
    private boolean endsBroken(CharSequence text, int cut) {
        for (String s : secrets) {
            if (s.length() < SecretForms.MIN_VALUE) continue;
            StringBuilder before = new StringBuilder();
            for (int i = cut - 1; i >= 0 && before.length() < s.length() - 1; i--) {
                char c = text.charAt(i);
                if (c != '\n' && c != '\r') before.append(c);
            }
            before.reverse();
            StringBuilder after = new StringBuilder();
            for (int i = cut; i < text.length() && after.length() < s.length(); i++) {
                char c = text.charAt(i);
                if (c != '\n' && c != '\r') after.append(c);
            }
            // From three characters: a line ending in a letter or two a secret starts with is not held back (each
            // line would wait for the next); the rest of such a value is still a run of ten the next lines hold.
            for (int k = 3; k <= before.length(); k++) {
                if (matches(before, before.length() - k, s, 0, k)
                        && matches(after, 0, s, k, Math.min(s.length() - k, after.length()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(CharSequence text, int at, String s, int sFrom, int len) {
        for (int i = 0; i < len; i++) {
            if (text.charAt(at + i) != s.charAt(sFrom + i)) {
                return false;
            }
        }
        return true;
    }
}
