package hoop.masking;

/** ASCII-only character classes: detectors must never widen to Unicode, or binary output could match. */
final class Ascii {
    private Ascii() {
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

    static boolean isBase64(char c) {
        return isAlnum(c) || c == '+' || c == '/';
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
}
