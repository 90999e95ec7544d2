package hoop.masking;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * One kind of secret.
 *
 * @param name       config name, also the replacement label once upper-cased
 * @param prefilter  necessary condition on the matched characters; {@code null} means "always run"
 * @param pattern    the regex; if it has capturing groups, the first group that took part is the value to
 *                   replace (so assignment keys survive), otherwise the whole match is
 * @param validator  checksum or shape checks a regex cannot express
 * @param singleLine true when no match can contain a line break, which lets the engine prefilter per block
 * @param useGroups  false for custom patterns, whose groups belong to the operator and must not shrink the match
 */
record Detector(String name, Prefilter prefilter, Pattern pattern, Predicate<MatchResult> validator,
                boolean singleLine, boolean useGroups) {

    static Detector custom(CustomPattern p) {
        return new Detector(p.name(), null, p.regex(), m -> true, false, false);
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
