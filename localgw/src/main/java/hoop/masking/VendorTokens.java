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

    /** The words a token starts with before its first separator, packed as {@link #pack} packs them, sorted. */
    private static final long[] WORDS = Arrays.stream(new String[]{
            "glpat", "gldt", "glrt", "glcbt", "glptt", "glft", "glimt", "gloas", "glsoat", "glagent", "glsa", "glc",
            "sk", "npm", "hf", "SG", "hvs", "hvb", "dop", "doo", "dor", "shpat", "shpca", "shppa", "shpss", "pypi",
            "PMAK", "AGE", "lin", "sbp", "NRAK", "sntrys", "sntryu", "dp", "pul", "sq0atp", "sq0csp",
            "key", "tskey", "secret", "ntn", "xai", "gsk", "pplx", "dckr"})
            .mapToLong(w -> pack(w, 0, w.length())).sorted().toArray();
    private static final int LONGEST = 8;

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
        long k = 0;
        int found = -1;
        for (int len = 1; len <= LONGEST && last + 1 - len >= 0; len++) {
            char c = t.charAt(last + 1 - len);
            if (!Ascii.isAlnum(c)) break;
            k |= (long) c << (8 * (len - 1));
            if (len >= 2 && Arrays.binarySearch(WORDS, k) >= 0) found = last + 1 - len;
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
