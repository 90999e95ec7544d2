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

    static final String KEY = "(?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key"
            + "|private[_-]?key|plaintext|cookie|credential)[A-Za-z0-9_.-]*"
            + "|(?:[A-Za-z0-9_.-]*[_.-])?" + "(?:auth|authorization|pass|passphrase|passcode)" + "(?:[_.-][A-Za-z0-9_.-]*)?)";

    /**
     * The secret words that are too short or too common to count inside another word ("author", "compass", "pwm"):
     * they count only as a whole part of a key, between its separators (DB_PASS, _auth, Proxy-Authorization). None
     * holds a 'w', 'c', 'k' or 'x', the letters {@link #keyBefore} looks for first. ("pw" would be one too, but two
     * letters and a '=' turn up by chance in binary data, which password_assignment must leave alone.)
     */
    private static final String[] PART_WORDS = {"auth", "authorization", "pass", "passphrase", "passcode"};

    /**
     * What may stand between a key's separator and its value without being the value: an HTTP authentication scheme
     * (Authorization: Bearer ..., curl -v shows the header so). The scheme stays visible, the credential after it not.
     */
    private static final String SCHEMES = "(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|OAuth|ApiKey|Key|JWT|SSWS|Bot"
            + "|AWS4-HMAC-SHA256)";
    static final String SCHEME = "(?:" + SCHEMES + "[ \\t]+)?";
    /** Before an unquoted value: not a scheme that ends the text (a stream's "Authorization: Basic " before the rest). */
    static final String NOT_A_LONE_SCHEME = "(?!" + SCHEMES + "[ \\t]*\\z)";

    /**
     * A Parameter Store value of type SecureString (decrypted: get-parameter --with-decryption), the Value right
     * after its Type, as the API and the aws CLI write them ({@code "Type": "SecureString",\n "Value": "..."}).
     */
    static final String SECURE_VALUE = "(?<=SecureString\"[ \\t]{0,16},[ \\t\\r\\n]{0,64}\")Value";
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
    private static final Pattern TRAILING = Pattern.compile("(?i)(?<![A-Za-z0-9_.-])(?:" + KEY + "|" + SECURE_VALUE + ")"
            + KEY_QUOTE + "[ \\t]*(?:([=:])[ \\t]*" + SCHEME + "(\\\\?[\"'](?:[^\"'\\\\\\n]|\\\\.)*\\\\?)?)?\\z");

    /** A cookie header whose line has not ended: its value runs to the line's end (every pair of it is a secret). */
    private static final Pattern TRAILING_COOKIE = Pattern.compile("(?i)(?<![A-Za-z0-9_.-])(?:set-)?cookie" + KEY_QUOTE
            + "[ \\t]*[=:][^\\r\\n]*\\z");

    /** An XML element named by a secret word whose text has not ended: a stream is not cut inside it. */
    private static final Pattern TRAILING_ELEMENT = Pattern.compile("(?i)<" + KEY + ">[^<\\n]*\\z");

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
        boolean hint = false;  // every secret word holds a 'w', 'c', 'k' or 'x', most other keys none
        while (start > 0 && Ascii.in(t.charAt(start - 1), KEY_CHARS)) {
            char c = (char) (t.charAt(--start) | 0x20);
            hint |= c == 'w' || c == 'c' || c == 'k' || c == 'x';
        }
        if (end - start == 5 && word(t, start, end, "value") && afterSecureStringType(t, start)) {
            return start;
        }
        return hint && hasKeyWord(t, start, end) || hasPartWord(t, start, end) ? start : -1;
    }

    /** The words before "token" in a key naming a cursor or an idempotency token: no credential (NextToken, page_token). */
    private static final java.util.Set<String> PAGING = java.util.Set.of("next", "starting", "continuation", "client", "page",
            "pagination", "idempotency", "marker", "sync", "cursor", "start");

    /**
     * Whether a password_assignment match's key names a pagination or idempotency token (NextToken, nextPageToken,
     * NextContinuationToken, next_token, ClientToken): an answer's cursor, which a client sends back for the next page.
     * Masked, it broke every paginated listing read through hoop.
     */
    static boolean paging(java.util.regex.MatchResult r) {
        CharSequence t = r.group();
        int end = 0;
        if (end < t.length() && t.charAt(end) == '<') end++;
        int start = end;
        while (end < t.length() && Ascii.in(t.charAt(end), KEY_CHARS)) end++;
        if (end - start < 6 || !word(t, end - 5, end, "token")) return false;
        // The word right before "token": after a separator, or its camel-case hump (NextToken: "Next").
        int e = end - 5;
        if (e > start && (t.charAt(e - 1) == '_' || t.charAt(e - 1) == '-' || t.charAt(e - 1) == '.')) e--;
        int b = e;
        while (b > start && Ascii.isLower(t.charAt(b - 1))) b--;
        if (b > start && Ascii.isUpper(t.charAt(b - 1))) {
            b--;
            if (b + 1 == e) while (b > start && Ascii.isUpper(t.charAt(b - 1))) b--;  // NEXT_TOKEN
        }
        return b < e && PAGING.contains(t.subSequence(b, e).toString().toLowerCase(java.util.Locale.ROOT));
    }

    /** At the '>' closing a start tag: where {@code <KEY>} begins if the tag's name holds a secret word, or -1. */
    static int elementBefore(CharSequence t, int gt) {
        int start = gt;
        while (start > 0 && gt - start < 128 && Ascii.in(t.charAt(start - 1), KEY_CHARS)) start--;
        if (start == gt || start == 0 || t.charAt(start - 1) != '<') return -1;
        return hasKeyWord(t, start, gt) || hasPartWord(t, start, gt) ? start - 1 : -1;
    }

    /**
     * At the '=' of a {@code value} attribute: where its tag begins, if the tag may name it with a secret word in a key
     * or name attribute ({@code <add key="ApiKey" value="..."/>}, .NET's appSettings), or -1. The regex checks the rest.
     */
    static int attributeTagBefore(CharSequence t, int eq) {
        if (eq < 6 || !word(t, eq - 5, eq, "value") || t.charAt(eq - 6) != ' ' && t.charAt(eq - 6) != '\t') return -1;
        // Back over the tag on this line (only " value=" gets here: an XML or HTML attribute, rare elsewhere).
        for (int i = eq - 6; i >= 0; i--) {
            char c = t.charAt(i);
            if (c == '>' || c == '\n') return -1;
            if (c == '<') return i;
        }
        return -1;
    }

    /**
     * A start tag whose key or name attribute holds a secret word: its value attribute is the secret. On one line, as
     * every password_assignment match (its region is the candidate's line). (Loops over one character class only: Java
     * recurses once per character through a loop over an alternation, and a long line overflowed the stack.)
     */
    static final String ATTRIBUTE_PAIR = "<[A-Za-z][A-Za-z0-9:_.-]*[ \\t][^>\\n]*?(?<=[ \\t])(?:key|name)[ \\t]*=[ \\t]*\""
            + KEY + "\"[^>\\n]*?(?<=[ \\t])value[ \\t]*=[ \\t]*\"([^\"\\n]*)\"";

    /** Whether a part of the key {@code t[from, to)} between its separators ('_', '.', '-') is one of PART_WORDS. */
    static boolean hasPartWord(CharSequence t, int from, int to) {
        for (int s = from; s < to; ) {
            int e = s;
            while (e < to && t.charAt(e) != '_' && t.charAt(e) != '.' && t.charAt(e) != '-') e++;
            if (e - s >= 2 && e - s <= 13) {
                for (String w : PART_WORDS) {
                    if (w.length() == e - s && word(t, s, e, w)) return true;
                }
            }
            s = e + 1;
        }
        return false;
    }

    /**
     * Whether {@code t[0, p)} ends with {@code "SecureString",} and blanks: a stream cut there would part the Value
     * that follows from the Type that makes it a secret.
     */
    static boolean secureStringTypeEndsAt(CharSequence t, int p) {
        int i = p - 1;
        while (i >= 0 && p - i < 66 && Ascii.isWhitespace(t.charAt(i))) i--;
        if (i < 0 || t.charAt(i) != ',') return false;
        i--;
        while (i >= 0 && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) i--;
        return i >= 12 && t.charAt(i) == '"' && word(t, i - 12, i, "securestring");
    }

    /** Whether the key at {@code key} (after its opening quote) follows {@code "Type": "SecureString",} (see SECURE_VALUE). */
    private static boolean afterSecureStringType(CharSequence t, int key) {
        return key > 0 && t.charAt(key - 1) == '"' && secureStringTypeEndsAt(t, key - 1);
    }

    /** The words of {@link #KEY} ("passw": password, passwd), lower case, as {@link #hasKeyWord} tells them. */
    static final String[] KEY_WORDS = {"passw", "pwd", "private_key", "private-key", "privatekey", "plaintext", "secret", "token",
            "api_key", "api-key", "apikey", "access_key", "access-key", "accesskey", "cookie", "credential"};

    /** The words of {@link #KEY}, ignoring ASCII case like the regex does (also the names {@link SecretPairs} reads). */
    static boolean hasKeyWord(CharSequence t, int from, int to) {
        for (int i = from; i + 3 <= to; i++) {
            boolean found = switch (Ascii.lower(t.charAt(i))) {
                case 'p' -> word(t, i, to, "passw") || word(t, i, to, "pwd") || joined(t, i, to, "private", "key")
                        || word(t, i, to, "plaintext");
                case 's' -> word(t, i, to, "secret");
                case 't' -> word(t, i, to, "token");
                case 'a' -> joined(t, i, to, "api", "key") || joined(t, i, to, "access", "key");
                case 'c' -> word(t, i, to, "cookie") || word(t, i, to, "credential");
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** {@code first} and {@code second} at i, joined by '_', '-' or nothing (api_key, api-key, apikey). */
    private static boolean joined(CharSequence t, int i, int to, String first, String second) {
        if (!word(t, i, to, first)) return false;
        int j = i + first.length();
        if (j < to && (t.charAt(j) == '_' || t.charAt(j) == '-')) j++;
        return word(t, j, to, second);
    }

    /** Whether lowerWord stands at t[i, ...) within to, ignoring ASCII case. */
    static boolean word(CharSequence t, int i, int to, String lowerWord) {
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

    /**
     * Where a trailing key ends the text {@code s[0, end)} (stream bytes as ISO-8859-1), or null. A key coloured
     * or otherwise laced with control sequences ({@code \e[1mpassword:\e[0m }) is found as a terminal shows it.
     */
    static Trailing trailingKey(CharSequence s, int end) {
        int from = Math.max(0, end - LOOK_BACK);
        CharSequence region = s.subSequence(from, end);
        if (TerminalText.plain(region, true)) {
            return trailingKeyIn(s, from, end);
        }
        TerminalText.View v = TerminalText.of(region.toString(), true).reading();
        Trailing t = trailingKeyIn(v.toString(), 0, v.length());
        return t == null ? null
                : new Trailing(from + v.sourceStart(t.keyStart(), t.keyStart() + 1), t.hasSeparator(), t.openQuote());
    }

    private static Trailing trailingKeyIn(CharSequence s, int from, int end) {
        // A cookie header or a secret element still open: no prompt, the cut goes before it.
        Matcher open = endingIn(TRAILING_COOKIE, s, from, end);
        if (open == null) open = endingIn(TRAILING_ELEMENT, s, from, end);
        if (open != null) {
            return new Trailing(open.start(), false, false);
        }
        Matcher option = endingIn(LoginForms.TRAILING_QUOTED_OPTION, s, from, end);
        if (option == null) option = endingIn(CommandPasswords.TRAILING_QUOTED, s, from, end);
        if (option != null) {
            return new Trailing(option.start(), false, true);
        }
        Matcher m = endingIn(TRAILING, s, from, end);
        if (m == null) {
            return null;
        }
        return new Trailing(contextStart(s, m.start()), m.group(1) != null, m.group(2) != null);
    }

    /** p's match in s[from, end) (anchored at end by the pattern's \z, looking around freely), or null. */
    private static Matcher endingIn(Pattern p, CharSequence s, int from, int end) {
        Matcher m = p.matcher(s);
        m.useTransparentBounds(true).useAnchoringBounds(true);
        m.region(from, end);
        return m.find() ? m : null;
    }

    /**
     * Where the text a key needs to be recognised begins: the key itself, or for a SecureString's Value the Type
     * before it (SECURE_VALUE's lookbehind), so a cut before the key keeps both together.
     */
    private static int contextStart(CharSequence s, int key) {
        if (key + 5 > s.length() || !word(s, key, key + 5, "value")) return key;
        for (int j = key - 12; j >= 0 && key - j < 100; j--) {
            if (word(s, j, j + 12, "securestring")) return j;
        }
        return key;
    }

    /**
     * @param keyStart     where the key begins
     * @param hasSeparator an '=' or ':' follows the key
     * @param openQuote    a quoted value has started but not ended
     */
    record Trailing(int keyStart, boolean hasSeparator, boolean openQuote) {
    }
}
