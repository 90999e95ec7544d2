package hoop.masking;

/**
 * A cheap necessary condition for a detector: if a match lies inside {@code [from, to)}, the test must
 * return true there. False positives only cost time; a false negative would leak, and is caught by the
 * test comparing {@link Masker} with {@link NaiveMasker}.
 */
@FunctionalInterface
interface Prefilter {
    boolean test(String text, int from, int to);

    /** Any of the keywords, case-sensitive; String.indexOf is vectorised, so one pass each is cheap. */
    static Prefilter keywords(String... words) {
        return (text, from, to) -> {
            for (String w : words) {
                if (text.indexOf(w, from, to) >= 0) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Any of the lower-case ASCII keywords (each at least two chars), ignoring ASCII case, in a single pass.
     * Candidates are screened on their first two letters, since single letters like 's' are too common.
     */
    static Prefilter keywordsIgnoreCase(String... lowerWords) {
        boolean[] firstPair = new boolean[128 * 128];
        for (String w : lowerWords) {
            firstPair[w.charAt(0) * 128 + w.charAt(1)] = true;
        }
        return (text, from, to) -> {
            for (int i = from; i + 1 < to; i++) {
                char a = Ascii.lower(text.charAt(i));
                char b = Ascii.lower(text.charAt(i + 1));
                if (a < 128 && b < 128 && firstPair[a * 128 + b]) {
                    for (String w : lowerWords) {
                        if (i + w.length() <= to && text.regionMatches(true, i, w, 0, w.length())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    /** {@code c} occurs and is followed by a character accepted by {@code next}. */
    static Prefilter charFollowedBy(char c, CharTest next) {
        return (text, from, to) -> {
            for (int i = text.indexOf(c, from, to); i >= 0 && i + 1 < to; i = text.indexOf(c, i + 1, to)) {
                if (next.test(text.charAt(i + 1))) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * A maximal run of {@code member} characters with a length in {@code [min, max]} and at least
     * {@code minMarks} characters accepted by {@code mark}.
     */
    static Prefilter run(CharTest member, int min, int max, CharTest mark, int minMarks) {
        return (text, from, to) -> {
            int len = 0;
            int marks = 0;
            for (int i = from; i <= to; i++) {
                char c = i < to ? text.charAt(i) : '\n';
                if (member.test(c)) {
                    len++;
                    if (mark.test(c)) {
                        marks++;
                    }
                } else {
                    if (len >= min && len <= max && marks >= minMarks) {
                        return true;
                    }
                    len = 0;
                    marks = 0;
                }
            }
            return false;
        };
    }

    /** At least {@code minDigits} digits joined by single spaces or dashes, as in "4111 1111-1111". */
    static Prefilter separatedDigits(int minDigits) {
        return (text, from, to) -> {
            int digits = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (Ascii.isDigit(c)) {
                    if (++digits >= minDigits) {
                        return true;
                    }
                } else if (!((c == ' ' || c == '-') && digits > 0 && Ascii.isDigit(text.charAt(i - 1))
                        && i + 1 < to && Ascii.isDigit(text.charAt(i + 1)))) {
                    digits = 0;
                }
            }
            return false;
        };
    }

    @FunctionalInterface
    interface CharTest {
        boolean test(char c);
    }
}
