package hoop.masking;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key names whose value is a secret. Shared by the password_assignment detector and by the stream
 * masker, which must not separate such a key from a value that has not arrived yet.
 */
final class AssignmentKeys {
    private AssignmentKeys() {
    }

    static final String KEY = "[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_key|apikey|access_key"
            + "|private_key)[A-Za-z0-9_.-]*";

    /** A key at the very end of the text, perhaps with its separator and the start of an unclosed quote. */
    private static final Pattern TRAILING = Pattern.compile("(?i)(?<![A-Za-z0-9_.-])" + KEY
            + "[\"']?[ \\t]*(?:([=:])[ \\t]*([\"'][^\"'\\n]*)?)?\\z");

    private static final int LOOK_BACK = 512;

    /** Where a trailing key ends the text {@code s[0, end)}, or null. */
    static Trailing trailingKey(CharSequence s, int end) {
        Matcher m = TRAILING.matcher(s);
        m.useTransparentBounds(true).useAnchoringBounds(true);
        m.region(Math.max(0, end - LOOK_BACK), end);
        if (!m.find()) {
            return null;
        }
        return new Trailing(m.start(), m.group(1) != null, m.group(2) != null);
    }

    /**
     * @param keyStart     where the key begins
     * @param hasSeparator an '=' or ':' follows the key
     * @param openQuote    a quoted value has started but not ended
     */
    record Trailing(int keyStart, boolean hasSeparator, boolean openQuote) {
    }
}
