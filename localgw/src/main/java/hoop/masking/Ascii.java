package hoop.masking;

/** ASCII-only character classes: detectors must never widen to Unicode, or binary output could match. */
final class Ascii {
    private Ascii() {
    }

    // Bits for in(): one table lookup answers "is c in this regex character class" for the locators.
    static final int DIGIT = 1;
    static final int UPPER = 1 << 1;
    static final int LOWER = 1 << 2;
    static final int UNDERSCORE = 1 << 3;
    static final int DOT = 1 << 4;
    static final int DASH = 1 << 5;
    static final int PLUS = 1 << 6;
    static final int SLASH = 1 << 7;
    static final int SPACE = 1 << 8;
    static final int AT = 1 << 9;
    static final int PERCENT = 1 << 10;
    /** Printable, and not a quote, angle bracket or blank: what a URL can hold where it is written in text. */
    static final int URL = 1 << 11;
    /**
     * Any character beyond ASCII but a surrogate (which the regex engine reads as part of a code point) or one of
     * the Private Use Area. Seen on UTF-8 bytes as ISO-8859-1, each byte of a multibyte character is one.
     */
    static final int NON_ASCII = 1 << 12;
    static final int ALNUM = DIGIT | UPPER | LOWER;
    static final int WORD = ALNUM | UNDERSCORE;
    static final int BASE64 = ALNUM | PLUS | SLASH;

    private static final int[] CLASSES = new int[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            CLASSES[c] = DIGIT;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASSES[c] = UPPER;
            CLASSES[c + 32] = LOWER;
        }
        CLASSES['_'] = UNDERSCORE;
        CLASSES['.'] = DOT;
        CLASSES['-'] = DASH;
        CLASSES['+'] = PLUS;
        CLASSES['/'] = SLASH;
        CLASSES[' '] = SPACE;
        CLASSES['@'] = AT;
        CLASSES['%'] = PERCENT;
        for (char c = '!'; c <= '~'; c++) {
            if ("\"'<>`".indexOf(c) < 0) {
                CLASSES[c] |= URL;
            }
        }
    }

    /** The class bits of {@code c}; 0 outside ASCII. */
    static int classes(char c) {
        return c < 128 ? CLASSES[c] : 0;
    }

    /** True if {@code c} belongs to one of the classes in the bit set {@code classes}. */
    static boolean in(char c, int classes) {
        return c < 128 ? (CLASSES[c] & classes) != 0 : (classes & NON_ASCII) != 0 && nonAscii(c);
    }

    /** See {@link #NON_ASCII}. */
    static boolean nonAscii(char c) {
        return c >= 128 && !Character.isSurrogate(c) && !privateUse(c);
    }

    /**
     * The Private Use Area: no script's letter, and what the adapters' views write syntax as (a CSV field's quotes
     * around an address: a letter there would take the quote into the match and leave the field unclosed).
     */
    static boolean privateUse(char c) {
        return c >= 0xE000 && c <= 0xF8FF;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isAlnum(char c) {
        return isDigit(c) || isUpper(c) || isLower(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static char lower(char c) {
        return isUpper(c) ? (char) (c + 32) : c;
    }

    /** {@code t.charAt(i)}, or 0 (in no class) outside the text, so shape checks need no bounds tests. */
    static char at(CharSequence t, int i) {
        return i >= 0 && i < t.length() ? t.charAt(i) : 0;
    }

    /** String.startsWith for any CharSequence; false where the prefix would leave the text. */
    static boolean startsWith(CharSequence t, String prefix, int at) {
        if (at < 0 || at + prefix.length() > t.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (t.charAt(at + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    interface CharTest {
        boolean test(char c);
    }
}
