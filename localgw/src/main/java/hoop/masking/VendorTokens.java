package hoop.masking;

import java.util.Arrays;
import java.util.regex.MatchResult;

/**
 * The api_token detector: credentials that services issue with a fixed prefix of their own (GitLab glpat-, OpenAI and
 * Anthropic sk-, Google AIza, npm_, Hugging Face hf_, SendGrid SG., Vault hvs., ...). The prefix is what makes one a
 * secret whatever key it is written under (an `env` line, a JSON field named "key", a URL's query), so each format is
 * the prefix and the body length and alphabet its issuer documents; a body of another length is not one.
 *
 * <p>{@link Scan} finds candidates at a prefix's first separator ('_', '-' or '.') after a word of this table, at
 * the two prefixes without one (AIza, ATATT3) through the pair that announces AWS keys, and at "ya29." (a digit
 * before its separator) through the pair that announces JWTs.
 */
final class VendorTokens {
    private VendorTokens() {
    }

    static final String REGEX = "(?<![A-Za-z0-9_])(?:"
            + "AIza[0-9A-Za-z_-]{35}"                                          // Google API key
            + "|gl(?:pat|dt|rt|cbt|ptt|ft|imt|oas|soat|agent)-[0-9A-Za-z_-]{20,}" // GitLab
            + "|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}" // Grafana
            + "|sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)[0-9]{2}-)?[A-Za-z0-9_-]{32,}" // OpenAI, Anthropic
            + "|npm_[A-Za-z0-9]{36}"
            + "|hf_[A-Za-z0-9]{30,}"                                           // Hugging Face
            + "|SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"                     // SendGrid
            + "|hv[sb]\\.[A-Za-z0-9_-]{24,}"                                    // HashiCorp Vault
            + "|do[opr]_v1_[a-f0-9]{64}"                                       // DigitalOcean
            + "|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"                            // Shopify
            + "|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"
            + "|PMAK-[a-f0-9]{24}-[a-f0-9]{34}"                                // Postman
            + "|AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}"                          // age
            + "|lin_api_[A-Za-z0-9]{40}"                                       // Linear
            + "|sbp_[a-f0-9]{40}"                                              // Supabase
            + "|NRAK-[A-Z0-9]{27}"                                             // New Relic
            + "|sntry[su]_[A-Za-z0-9+/=_-]{40,}"                               // Sentry
            + "|dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}"              // Doppler
            + "|pul-[a-f0-9]{40}"                                              // Pulumi
            + "|sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}"                             // Square
            + "|key-[0-9a-f]{32}"                                              // Mailgun
            + "|tskey-[a-z]+-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}"                 // Tailscale
            + "|secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,}"                   // Notion
            + "|xai-[A-Za-z0-9]{64,}"                                          // xAI
            + "|gsk_[A-Za-z0-9]{48,}"                                          // Groq
            + "|pplx-[A-Za-z0-9]{40,}"                                         // Perplexity
            + "|dckr_pat_[A-Za-z0-9_-]{27,}"                                   // Docker Hub
            + "|ya29\\.[0-9A-Za-z_-]{30,}"                                      // Google OAuth access token
            + "|ATATT3[A-Za-z0-9_=-]{100,}"                                    // Atlassian
            + ")(?![A-Za-z0-9_-])";

    private static final String[] WORD_LIST = {
            "glpat", "gldt", "glrt", "glcbt", "glptt", "glft", "glimt", "gloas", "glsoat", "glagent", "glsa", "glc",
            "sk", "npm", "hf", "SG", "hvs", "hvb", "dop", "doo", "dor", "shpat", "shpca", "shppa", "shpss", "pypi",
            "PMAK", "AGE", "lin", "sbp", "NRAK", "sntrys", "sntryu", "dp", "pul", "sq0atp", "sq0csp",
            "key", "tskey", "secret", "ntn", "xai", "gsk", "pplx", "dckr"};
    /** The words a token starts with before its first separator, packed as {@link #pack} packs them, sorted. */
    private static final long[] WORDS = Arrays.stream(WORD_LIST).mapToLong(w -> pack(w, 0, w.length())).sorted().toArray();
    /** The same words lower-cased, for text folded to one case (FoldedKeys). */
    private static final long[] LOWER_WORDS = Arrays.stream(WORD_LIST).map(w -> w.toLowerCase(java.util.Locale.ROOT))
            .mapToLong(w -> pack(w, 0, w.length())).sorted().toArray();
    private static final int LONGEST = 8;
    /** Per last letter of a word: the lengths words ending in it have (bit n for length n), so most looks need no search. */
    private static final int[] LENGTHS = new int[128];
    private static final int[] LOWER_LENGTHS = new int[128];
    /** The last letters of the words: the only letters before a separator {@link Scan} needs to look at. */
    static final String LAST_LETTERS;

    static {
        StringBuilder last = new StringBuilder();
        for (String w : WORD_LIST) {
            char c = w.charAt(w.length() - 1);
            if (LENGTHS[c] == 0 && Character.isLetter(c)) last.append(c);
            LENGTHS[c] |= 1 << w.length();
            LOWER_LENGTHS[Character.toLowerCase(c)] |= 1 << w.length();
        }
        LAST_LETTERS = last.toString();
    }

    private static long pack(CharSequence t, int from, int to) {
        long k = 0;
        for (int i = from; i < to; i++) k = k << 8 | t.charAt(i);
        return k;
    }

    /**
     * Where a token may start whose first separator follows {@code t[last]} (a letter): the start of the longest word
     * of the table that ends there, or -1. What is before the word is left to the regex: its look-behind wants no
     * word character there, but a view read without look-behinds (letters spelled apart) wants the token all the same.
     */
    static int startBefore(CharSequence t, int last) {
        return startBefore(t, last, WORDS, LENGTHS);
    }

    /**
     * Where a token may start in lower-cased text: after a word of the table (lower-cased) before a separator, or at
     * aiza, atatt3, ya29. Each start is reported once, in order.
     */
    static void foldedStarts(String lower, java.util.function.IntConsumer start) {
        int n = lower.length();
        for (int i = 1; i < n; i++) {
            char c = lower.charAt(i);
            if (c == '_' || c == '-' || c == '.') {
                char w = lower.charAt(i - 1);
                if (w >= 'a' && w <= 'z' && LOWER_LENGTHS[w] != 0) {
                    int s = startBefore(lower, i - 1, LOWER_WORDS, LOWER_LENGTHS);
                    if (s >= 0) start.accept(s);
                }
                if (c == '.' && i >= 4 && lower.startsWith("ya29", i - 4)) start.accept(i - 4);
            } else if (c == 'i' && lower.startsWith("aiza", i - 1) || c == 't' && lower.startsWith("atatt3", i - 1)) {
                start.accept(i - 1);
            }
        }
    }

    private static int startBefore(CharSequence t, int last, long[] words, int[] byLast) {
        char end = t.charAt(last);
        int lengths = end < 128 ? byLast[end] : 0;
        long k = 0;
        int found = -1;
        for (int len = 1; len <= LONGEST && last + 1 - len >= 0 && lengths >>> len != 0; len++) {
            char c = t.charAt(last + 1 - len);
            if (!Ascii.isAlnum(c)) break;
            k |= (long) c << (8 * (len - 1));
            if ((lengths & 1 << len) != 0 && Arrays.binarySearch(words, k) >= 0) found = last + 1 - len;
        }
        return found;
    }

    /** At an 'A' or a 'y': the prefixes the separator rule does not find. */
    static boolean otherPrefixAt(CharSequence t, int i) {
        return (Ascii.startsWith(t, "AIza", i) || Ascii.startsWith(t, "ATATT3", i) || Ascii.startsWith(t, "ya29.", i))
                && !Ascii.in(Ascii.at(t, i - 1), Ascii.WORD);
    }

    /**
     * sk- is a short prefix on a loose body: what OpenAI and Anthropic issue is random (capitals, small letters and
     * digits), a slug such as sk-learn-image-classification-pipeline is not.
     */
    static boolean plausible(MatchResult r) {
        String v = r.group();
        if (!v.startsWith("sk-")) return true;
        boolean upper = false, lower = false, digit = false;
        for (int i = 3; i < v.length(); i++) {
            char c = v.charAt(i);
            upper |= Ascii.isUpper(c);
            lower |= Ascii.isLower(c);
            digit |= Ascii.isDigit(c);
        }
        return upper && lower && digit;
    }
}
