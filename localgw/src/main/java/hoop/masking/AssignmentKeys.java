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
    private static final int KEY_CHARS = Ascii.ALNUM | Ascii.UNDERSCORE | Ascii.DOT | Ascii.DASH;

    /**
     * A key's closing quote, perhaps escaped as JSON inside a JSON string writes it ({@code {\"password\":...}}:
     * a Secrets Manager SecretString, a log line quoting JSON).
     */
    static final String KEY_QUOTE = "\\\\?[\"']?";

    /**
     * A key at the very end of the text, perhaps with its separator and the start of an unclosed quote (whose
     * escaped quotes do not close it).
     */
    private static final Pattern TRAILING = Pattern.compile("(?i)(?<![A-Za-z0-9_.-])" + KEY
            + KEY_QUOTE + "[ \\t]*(?:([=:])[ \\t]*(\\\\?[\"'](?:[^\"'\\\\\\n]|\\\\.)*\\\\?)?)?\\z");

    private static final int LOOK_BACK = 512;

    /**
     * Where a password_assignment match would start if the '=' or ':' at {@code sep} ends its key part
     * {@code KEY\\?["']?[ \t]*}, or -1 if the key holds none of the secret words.
     */
    static int keyBefore(CharSequence t, int sep) {
        int end = sep;
        while (end > 0 && (t.charAt(end - 1) == ' ' || t.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && (t.charAt(end - 1) == '"' || t.charAt(end - 1) == '\'')) {
            end--;
            if (end > 0 && t.charAt(end - 1) == '\\') {
                end--;
            }
        }
        int start = end;
        boolean hint = false;  // every secret word holds a 'w', 'c' or 'k', most other keys none
        while (start > 0 && Ascii.in(t.charAt(start - 1), KEY_CHARS)) {
            char c = (char) (t.charAt(--start) | 0x20);
            hint |= c == 'w' || c == 'c' || c == 'k';
        }
        return hint && hasKeyWord(t, start, end) ? start : -1;
    }

    /** The words of {@link #KEY}, ignoring ASCII case like the regex does. */
    private static boolean hasKeyWord(CharSequence t, int from, int to) {
        for (int i = from; i + 3 <= to; i++) {
            boolean found = switch (Ascii.lower(t.charAt(i))) {
                case 'p' -> word(t, i, to, "passw") || word(t, i, to, "pwd") || word(t, i, to, "private_key");
                case 's' -> word(t, i, to, "secret");
                case 't' -> word(t, i, to, "token");
                case 'a' -> word(t, i, to, "api_key") || word(t, i, to, "apikey") || word(t, i, to, "access_key");
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean word(CharSequence t, int i, int to, String lowerWord) {
        if (i + lowerWord.length() > to) {
            return false;
        }
        for (int k = 0; k < lowerWord.length(); k++) {
            if (Ascii.lower(t.charAt(i + k)) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

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
