package hoop.masking;

/** Checksums that turn "looks like a number" into "is one", to keep false positives down. */
final class Checksums {
    private Checksums() {
    }

    /** Luhn over the ASCII digits of {@code s}; other characters (separators) are skipped. */
    static boolean luhn(CharSequence s) {
        int sum = 0;
        boolean doubled = false;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** True when every ASCII digit in {@code s} is the same; such runs pass Luhn yet are placeholders. */
    static boolean allSameDigit(CharSequence s) {
        char first = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (first == 0) {
                    first = c;
                } else if (c != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /** ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 must be 1. */
    static boolean ibanValid(CharSequence raw) {
        StringBuilder s = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != ' ') {
                s.append(c);
            }
        }
        if (s.length() < 15 || s.length() > 34) {
            return false;
        }
        int rem = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt((k + 4) % s.length());
            if (c >= '0' && c <= '9') {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }
}
