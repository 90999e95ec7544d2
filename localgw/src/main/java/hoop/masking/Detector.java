package hoop.masking;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * One kind of secret.
 *
 * @param name       config name, also the replacement label once upper-cased
 * @param kind       its {@link Scan} candidates, or -1 to run the regex over the whole text
 * @param widen      turns a candidate into a region holding the whole match
 * @param pattern    the regex; if it has capturing groups, the first group that took part is the value to
 *                   replace (so assignment keys survive), otherwise the whole match is
 * @param validator  checksum or shape checks a regex cannot express
 * @param useGroups  false for custom patterns, whose groups belong to the operator and must not shrink the match
 * @param finder     the regex run by hand (whole match, no validator), for the fast masker; null: the regex
 */
record Detector(String name, int kind, Regions.Widen widen, Pattern pattern, Predicate<MatchResult> validator,
                boolean useGroups, Finder finder) {

    /** Finds what {@link #pattern} finds in t[from, to) with transparent bounds: {start, end}, or null. */
    @FunctionalInterface
    interface Finder {
        int[] find(CharSequence t, int from, int to);
    }

    /**
     * This detector without the look-behind its pattern starts with and the look-ahead it ends with (a word character
     * before or after a key): itself when it has neither. See MaskEngine's unbounded engine.
     */
    Detector unbounded() {
        String regex = pattern.pattern();
        String cut = regex;
        if (cut.startsWith("(?<![")) {
            int close = cut.indexOf("])");
            if (close > 0) cut = cut.substring(close + 2);
        }
        int ahead = cut.lastIndexOf("(?![");
        if (ahead >= 0 && cut.endsWith("])") && cut.indexOf(')', ahead + 4) == cut.length() - 1) cut = cut.substring(0, ahead);
        return cut.equals(regex) ? this
                : new Detector(name, kind, widen, Pattern.compile(cut, pattern.flags()), validator, useGroups, finder);
    }

    static Detector custom(CustomPattern p) {
        return new Detector(p.name(), -1, null, p.regex(), m -> true, false, null);
    }

    String label() {
        return name.toUpperCase(Locale.ROOT);
    }

    /** Index of the group holding the value, or 0 for the whole match. */
    int valueGroup(MatchResult m) {
        if (useGroups) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.start(g) >= 0) {
                    return g;
                }
            }
        }
        return 0;
    }
}
