package hoop.masking;

import java.util.Arrays;

/**
 * One pass over the text noting, per built-in detector, positions a match must contain or start at.
 * Each check is a necessary condition, loose where that is cheaper: a false candidate costs one short
 * regex run, a missing one would leak (the Masker-versus-NaiveMasker tests guard against that). Digits,
 * frequent in logs, are only looked at in runs of 7 or more number characters, so short counters cost
 * nothing and timestamps are turned away without a regex.
 *
 * <p>It reads bytes (text as ISO-8859-1, one byte a character: every detector is ASCII), so a value
 * inside a result row is scanned where it lies, without a String of its own.
 */
final class Scan {
    static final int PRIVATE_KEY = 0;  // at "-----BEGIN"
    static final int JWT = 1;          // at the 'y' of "eyJ"
    static final int GITHUB = 2;       // at the 'g' of "gh?_" or the 'b' of "github_pat_"
    static final int SLACK = 3;        // at "xox?-" or "xapp-"
    static final int STRIPE = 4;       // at the 'k' of "sk_live_" and the like
    static final int AWS_KEY = 5;      // at "AKIA" and the other prefixes
    static final int AWS_SECRET = 6;   // at a run of exactly 40 base64 characters
    static final int IBAN = 7;         // at two capitals and two digits starting a word
    static final int CARD = 8;         // at the 13th digit of digits joined by single blanks or dashes
    static final int SSN = 9;          // at ddd-dd-dddd
    static final int PHONE = 10;       // at '+' and a digit 1-9
    static final int EMAIL = 11;       // at '@'
    static final int IPV4 = 12;        // at a run of digits and at least three dots
    static final int ASSIGNMENT = 13;  // at a key holding a secret word, before '=' or ':' (or '>' closing its XML tag)
    static final int URL_PASSWORD = 14; // at '@', as EMAIL
    static final int API_TOKEN = 15;   // at the start of a word of VendorTokens before '_', '-' or '.'; at AIza, ya29.
    static final int PASSWORD_HASH = 16; // at '$', '*' or '{' starting one of PasswordHashes' forms, at "md5", "SCRAM-SHA-"
    private static final int KINDS = 17;

    /** Characters of a number in the widest sense: card and phone groups, SSNs, dotted addresses. */
    private static final int NUMBER = Ascii.DIGIT | Ascii.SPACE | Ascii.DOT | Ascii.DASH;
    /*
     * Most tokens are announced by a pair of characters: the first of pair k sets bit 2k+1, the second
     * bit 2k, so one AND of the previous byte's (shifted) bits with this byte's spots all pairs at once. Plain words with
     * a 'g', 'k' or 'x' thus cost nothing; only "gh", "k_" and the like reach special().
     */
    private static final String[][] PAIRS = {
            {"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"},  // IBAN
            {"g", "h"},                                    // GitHub
            {"kb", "_"},                                   // Stripe "sk_", and "github_pat_"
            {"x", "oa"},                                   // Slack
            {"y", "Ja"},                                   // JWT, and "ya29." (VendorTokens)
            {"-", "BS"},                                   // PEM header, and "SCRAM-SHA-" (PasswordHashes)
            {"A", "KSGIRNBCT"},                            // AWS access key, and AIza, ATATT3 (VendorTokens)
            {"+", "123456789"},                            // phone
            {VendorTokens.LAST_LETTERS, "_-."},            // a word of VendorTokens before its separator
            {"dswtnyDSWTNY", " \t"},                      // a secret word before a blank (LoginForms: --password X)
            {"$*{", "$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}, // PasswordHashes: $id$, *HEX, {SSHA}
            {"d", "5"},                                    // PostgreSQL's md5 verifier (PasswordHashes)
            {" \t", "-"},                                  // an option after a blank (CommandPasswords: mysql -pX)
    };
    private static final int SECONDS = 0x1555555;
    /** Set in every FIRST and in the SECOND of '@', '=', ':' and '>', which special() looks at alone. */
    private static final int TRIGGER = 1 << 26;
    /*
     * Per byte value: FIRST holds the pair roles it can open (shifted onto the closing bit) plus TRIGGER,
     * SECOND the roles it can close, so "prevFirst & SECOND[c]" finds pairs and triggers in one test.
     * KEEP masks the run lengths packed in one long (base64 run low, NUMBER run high) that go on
     * through the byte; what it clears is the length of a run that ended just before it.
     */
    private static final int[] FIRST = new int[256];
    private static final int[] SECOND = new int[256];
    private static final long[] KEEP = new long[256];
    private static final long ONE_EACH = 1L << 32 | 1L;
    private static final long NUMBER_RUN_7 = 7L << 32;

    static {
        int[] classes = new int[256];
        for (int k = 0; k < PAIRS.length; k++) {
            for (char c : PAIRS[k][0].toCharArray()) {
                classes[c] |= 1 << (2 * k + 1);
            }
            for (char c : PAIRS[k][1].toCharArray()) {
                classes[c] |= 1 << (2 * k);
            }
        }
        for (int c = 0; c < 256; c++) {  // bytes beyond ASCII belong to no class
            FIRST[c] = (classes[c] >>> 1 & SECONDS) | TRIGGER;
            SECOND[c] = (classes[c] & SECONDS) | ("@=:>".indexOf(c) >= 0 ? TRIGGER : 0);
            KEEP[c] = (c < 128 && Ascii.in((char) c, Ascii.BASE64) ? 0xFFFF_FFFFL : 0)
                    | (c < 128 && Ascii.in((char) c, NUMBER) ? 0xFFFF_FFFFL << 32 : 0);
        }
    }

    private final int[][] positions = new int[KINDS][];
    private final int[] counts = new int[KINDS];

    private Scan() {
    }

    /** A String's characters as ISO-8859-1 bytes: ASCII stays itself, anything else is no detector's. */
    static Scan of(String t, int wanted) {
        byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return of(b, 0, b.length, wanted);
    }

    /**
     * Candidates in {@code bytes[off, off+len)} for the detector kinds whose bit is set in {@code wanted},
     * or null if there are none: the common clean case allocates nothing. Positions count from off.
     */
    static Scan of(byte[] bytes, int off, int len, int wanted) {
        // Per byte: three table loads, a handful of arithmetic and one branch that is rarely taken. On
        // this path a mispredicted branch costs more than all the arithmetic, hence the masks; the digit
        // count a number run needs is taken only when such a run ends.
        Scan s = null;
        Latin1 t = null;  // a view for the rare closer looks, made on the first
        long runs = 0;    // length of the base64 run before i (low half) and of the NUMBER run (high half)
        int prevFirst = TRIGGER;
        int prevC = -1;
        for (int i = 0; i < len; i++) {
            int c = bytes[off + i] & 0xFF;
            if ((c == ' ') & (prevC == ' ')) {
                // Inside blank padding (char(n) columns, aligned text) nothing can happen until the blanks end:
                // only the NUMBER run grows. Skip whole blank words at once.
                int j = i;
                while (j + 8 <= len && Words.at(bytes, off + j) == Words.BLANKS) j += 8;
                if (j > i) {
                    runs += (long) (j - i) << 32;
                    i = j - 1;
                    continue;
                }
            }
            prevC = c;
            long keep = KEEP[c];
            long ended = runs & ~keep;
            int pair = prevFirst & SECOND[c];
            if ((pair != 0) | ((int) ended == 40) | (ended >= NUMBER_RUN_7)) {
                if (t == null) {
                    t = new Latin1(bytes, off, len);
                }
                if ((int) ended == 40) {
                    s = add(s, wanted, AWS_SECRET, i - 40);
                }
                int number = (int) (ended >>> 32);
                if (number >= 7) {  // 7: shortest IPv4 address; cards and SSNs are longer
                    s = numberRun(s, bytes, off, t, i - number, i, wanted);
                }
                if (pair != 0) {
                    s = special(s, t, i - 1, wanted);
                }
            }
            runs = (runs + ONE_EACH) & keep;
            prevFirst = FIRST[c];
        }
        if ((int) runs == 40) {
            s = add(s, wanted, AWS_SECRET, len - 40);
        }
        int number = (int) (runs >>> 32);
        return number >= 7 ? numberRun(s, bytes, off, new Latin1(bytes, off, len), len - number, len, wanted) : s;
    }

    /** A NUMBER run of 7 or more: blank padding and the like has no digit, and every detector needs 4. */
    private static Scan numberRun(Scan s, byte[] bytes, int off, CharSequence t, int from, int to, int wanted) {
        int digits = 0;
        for (int p = off + from; p < off + to && digits < 4; p++) {
            digits += bytes[p] >= '0' && bytes[p] <= '9' ? 1 : 0;
        }
        return digits >= 4 ? number(s, t, from, to, wanted) : s;
    }

    int count(int kind) {
        return counts[kind];
    }

    int position(int kind, int k) {
        return positions[kind][k];
    }

    private static Scan add(Scan s, int wanted, int kind, int pos) {
        if ((wanted & (1 << kind)) == 0) {
            return s;
        }
        if (s == null) {
            s = new Scan();
        }
        int[] p = s.positions[kind];
        if (p == null) {
            p = s.positions[kind] = new int[4];
        } else if (s.counts[kind] == p.length) {
            p = s.positions[kind] = Arrays.copyOf(p, p.length * 2);
        }
        p[s.counts[kind]++] = pos;
        return s;
    }

    private static boolean wants(int wanted, int kind) {
        return (wanted & (1 << kind)) != 0;
    }

    /** Looks at the pair starting at {@code i}, or at the trigger at {@code i + 1}. */
    private static Scan special(Scan s, CharSequence t, int i, int wanted) {
        switch (t.charAt(i + 1)) {
            case '@' -> {
                s = add(s, wanted, EMAIL, i + 1);
                s = add(s, wanted, URL_PASSWORD, i + 1);
            }
            case '=', ':' -> {
                int key = wants(wanted, ASSIGNMENT) ? AssignmentKeys.keyBefore(t, i + 1) : -1;
                if (key < 0 && wants(wanted, ASSIGNMENT)) {
                    key = t.charAt(i + 1) == ':' ? LoginForms.beforeColon(t, i + 1) : LoginForms.beforeEquals(t, i + 1);
                }
                if (key < 0 && t.charAt(i + 1) == '=' && wants(wanted, ASSIGNMENT)) {
                    key = AssignmentKeys.attributeTagBefore(t, i + 1);
                }
                if (key >= 0) {
                    s = add(s, wanted, ASSIGNMENT, key);
                }
            }
            case '>' -> {
                int key = wants(wanted, ASSIGNMENT) ? AssignmentKeys.elementBefore(t, i + 1) : -1;
                if (key >= 0) {
                    s = add(s, wanted, ASSIGNMENT, key);
                }
            }
            case '-' -> {
                int key = i >= 0 && (t.charAt(i) == ' ' || t.charAt(i) == '\t') && wants(wanted, ASSIGNMENT)
                        ? CommandPasswords.at(t, i + 1) : -1;
                if (key >= 0) {
                    s = add(s, wanted, ASSIGNMENT, key);
                }
            }
            case ' ', '\t' -> {
                int key = i >= 0 && wants(wanted, ASSIGNMENT) ? LoginForms.beforeBlank(t, i) : -1;
                if (key >= 0) {
                    s = add(s, wanted, ASSIGNMENT, key);
                }
            }
            default -> {
            }
        }
        if (i < 0) {
            return s;
        }
        switch (t.charAt(i)) {
            case 'g' -> {
                char k = Ascii.at(t, i + 2);
                if ((k == 'p' || k == 'o' || k == 'u' || k == 's' || k == 'r') && Ascii.at(t, i + 3) == '_') {
                    s = add(s, wanted, GITHUB, i);
                }
            }
            case 'k' -> {
                char k = Ascii.at(t, i - 1);
                if ((k == 's' || k == 'r') && (Ascii.startsWith(t, "k_live_", i) || Ascii.startsWith(t, "k_test_", i))) {
                    s = add(s, wanted, STRIPE, i);
                }
            }
            case 'b' -> {
                if (Ascii.startsWith(t, "github_pat_", i - 5)) {
                    s = add(s, wanted, GITHUB, i);
                }
            }
            case 'x' -> {
                char k = Ascii.at(t, i + 3);
                if (Ascii.startsWith(t, "xox", i) && (k == 'a' || k == 'b' || k == 'p' || k == 'r' || k == 's')
                        && Ascii.at(t, i + 4) == '-' || Ascii.startsWith(t, "xapp-", i)) {
                    s = add(s, wanted, SLACK, i);
                }
            }
            case 'y' -> {
                if (Ascii.at(t, i - 1) == 'e') {
                    s = add(s, wanted, JWT, i);
                } else if (t.charAt(i + 1) == 'a' && VendorTokens.otherPrefixAt(t, i)) {
                    s = add(s, wanted, API_TOKEN, i);
                }
            }
            case '-' -> {
                if (Ascii.startsWith(t, "-----BEGIN", i - 4)) {
                    s = add(s, wanted, PRIVATE_KEY, i - 4);
                } else if (Ascii.startsWith(t, "SCRAM-SHA-", i - 5)) {
                    s = add(s, wanted, PASSWORD_HASH, i - 5);
                }
            }
            case '$' -> {
                if (wants(wanted, PASSWORD_HASH) && PasswordHashes.dollarAt(t, i)) {
                    s = add(s, wanted, PASSWORD_HASH, i);
                }
            }
            case '*' -> {
                if (wants(wanted, PASSWORD_HASH) && PasswordHashes.mysqlAt(t, i)) {
                    s = add(s, wanted, PASSWORD_HASH, i);
                }
            }
            case '{' -> {
                if (wants(wanted, PASSWORD_HASH) && PasswordHashes.schemeAt(t, i)) {
                    s = add(s, wanted, PASSWORD_HASH, i);
                }
            }
            case 'd' -> {
                if (wants(wanted, PASSWORD_HASH) && PasswordHashes.md5At(t, i)) {
                    s = add(s, wanted, PASSWORD_HASH, i - 1);
                }
            }
            case '+' -> s = add(s, wanted, PHONE, i);
            default -> {
                if (Ascii.isUpper(t.charAt(i)) && Ascii.isDigit(t.charAt(i + 1))) {
                    s = iban(s, t, i + 1, wanted);
                }
                if (t.charAt(i) == 'A' && awsKeyPrefix(t, i)) {
                    s = add(s, wanted, AWS_KEY, i);
                }
                if (t.charAt(i) == 'A' && VendorTokens.otherPrefixAt(t, i)) {
                    s = add(s, wanted, API_TOKEN, i);
                }
            }
        }
        char sep = t.charAt(i + 1);
        if ((sep == '_' || sep == '-' || sep == '.') && wants(wanted, API_TOKEN) && Ascii.isUpper(t.charAt(i)) | Ascii.isLower(t.charAt(i))) {
            int start = VendorTokens.startBefore(t, i);
            if (start >= 0) {
                s = add(s, wanted, API_TOKEN, start);
            }
        }
        return s;
    }

    private static final String[] AWS_KEY_PREFIXES =
            {"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ABIA", "ACCA"};

    private static boolean awsKeyPrefix(CharSequence t, int i) {
        if (Ascii.at(t, i + 3) != 'A') {  // every prefix ends in 'A' too: a quick reject for ordinary words
            return false;
        }
        for (String p : AWS_KEY_PREFIXES) {
            if (Ascii.startsWith(t, p, i)) {
                return true;
            }
        }
        return false;
    }

    /** At a digit after a capital: two capitals and two digits, not preceded by a letter or digit. */
    private static Scan iban(Scan s, CharSequence t, int i, int wanted) {
        if (Ascii.isUpper(Ascii.at(t, i - 2)) && !Ascii.isAlnum(Ascii.at(t, i - 3)) && Ascii.isDigit(Ascii.at(t, i + 1))) {
            s = add(s, wanted, IBAN, i - 2);
        }
        return s;
    }

    /** The run {@code t[from, to)} of digits, blanks, dots and dashes, at least 7 long. */
    private static Scan number(Scan s, CharSequence t, int from, int to, int wanted) {
        int chain = 0;       // card: digits joined by single blanks or dashes
        int dotted = from;   // IPv4: start of the current run of digits and dots
        int dots = 0;
        for (int p = from; p <= to; p++) {
            char c = p < to ? t.charAt(p) : ' ';
            if (Ascii.isDigit(c)) {
                if (++chain == 13) {
                    s = add(s, wanted, CARD, p);
                }
            } else if (c == '.') {
                dots++;
                chain = 0;
            } else {  // blank or dash, or the end
                if (dots >= 3 && p - dotted >= 7) {
                    s = add(s, wanted, IPV4, dotted);
                }
                dotted = p + 1;
                dots = 0;
                if (!Ascii.isDigit(Ascii.at(t, p + 1))) {
                    chain = 0;
                }
                if (c == '-' && ssnAt(t, p)) {
                    s = add(s, wanted, SSN, p - 3);
                }
            }
        }
        return s;
    }

    /** ddd-dd-dddd with its first dash at {@code dash}. */
    private static boolean ssnAt(CharSequence t, int dash) {
        return digits(t, dash - 3, dash) && digits(t, dash + 1, dash + 3) && Ascii.at(t, dash + 3) == '-'
                && digits(t, dash + 4, dash + 8);
    }

    private static boolean digits(CharSequence t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Ascii.isDigit(Ascii.at(t, i))) {
                return false;
            }
        }
        return true;
    }
}
