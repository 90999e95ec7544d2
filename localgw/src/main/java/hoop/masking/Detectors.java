package hoop.masking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The built-in detectors. Registration order is also the tie-break when two detectors find exactly the
 * same span, so the more specific ones come first.
 */
final class Detectors {
    private Detectors() {
    }

    private static final String PEM_LABEL_CHARS = "[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----";
    /** Shared with the stream masker so that "block still open" means exactly what the regex means. */
    static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN" + PEM_LABEL_CHARS);
    static final Pattern PEM_END = Pattern.compile("-----END" + PEM_LABEL_CHARS);

    private static final Map<String, Detector> ALL = build();

    static Map<String, Detector> all() {
        return ALL;
    }

    static Detector get(String name) {
        return ALL.get(name);
    }

    private static Map<String, Detector> build() {
        Map<String, Detector> m = new LinkedHashMap<>();
        // An unterminated block is masked to the end of the text: failing closed beats leaking key material.
        add(m, "private_key", Prefilter.keywords("BEGIN"),  // a rarer first char than '-' searches faster
                "(?s)" + PEM_BEGIN.pattern() + ".*?(?:" + PEM_END.pattern() + "|\\z)", false);
        add(m, "jwt", Prefilter.keywords("eyJ"),
                "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
        add(m, "github_token", Prefilter.keywords("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])");
        add(m, "slack_token", Prefilter.keywords("xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "xapp-"),
                "(?<![A-Za-z0-9_-])(?:xox[abprs]|xapp)-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9_-])");
        add(m, "stripe_key", Prefilter.keywords("k_live_", "k_test_"),
                "(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])");
        add(m, "aws_access_key",
                Prefilter.keywords("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ABIA", "ACCA"),
                "(?<![A-Za-z0-9_])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9_])");
        // Both branches leave the value as a run of exactly 40 base64 characters, which is the prefilter.
        add(m, "aws_secret_key", Prefilter.run(Ascii::isBase64, 40, 40, c -> true, 0),
                "(?:(?i:aws_secret_access_key|aws_secret_key|secret_access_key)[\"']?[ \\t]*[=:][ \\t]*[\"']?"
                        + "([A-Za-z0-9/+]{40})|(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40}))(?![A-Za-z0-9/+=])",
                Detectors::plausibleAwsSecret);
        add(m, "iban", Detectors::ibanShape,
                "(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])",
                r -> Checksums.ibanValid(r.group()));
        add(m, "credit_card", Prefilter.separatedDigits(13),
                "(?<![0-9])[2-6](?:[ -]?[0-9]){12,18}(?![0-9])",
                r -> Checksums.luhn(r.group()) && !Checksums.allSameDigit(r.group()));
        add(m, "ssn", Detectors::ssnShape,
                "(?<![0-9-])(?!000|666|9[0-9][0-9])[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![0-9-])");
        add(m, "phone", Prefilter.charFollowedBy('+', c -> c >= '1' && c <= '9'),
                "(?<![0-9A-Za-z+])\\+[1-9](?:[ -]?[0-9]){7,14}(?![0-9]|[ -][0-9])");
        add(m, "email", Prefilter.keywords("@"),
                "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*"
                        + "\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])");
        add(m, "ipv4", Prefilter.run(c -> Ascii.isDigit(c) || c == '.', 7, Integer.MAX_VALUE, c -> c == '.', 3),
                "(?<![0-9A-Za-z.])(?:" + OCTET + "\\.){3}" + OCTET + "(?![0-9]|\\.[0-9])");
        add(m, "password_assignment", Prefilter.keywordsIgnoreCase(
                        "passw", "pwd", "secret", "token", "api_key", "apikey", "access_key", "private_key"),
                "(?i)(?<![A-Za-z0-9_.-])" + AssignmentKeys.KEY + "[\"']?[ \\t]*[=:][ \\t]*"
                        + "(?:\"([^\"\\n]+)\"|'([^'\\n]+)'|([^ \\t\\r\\n\"'][^ \\t\\r\\n]*))");
        return Collections.unmodifiableMap(m);
    }

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

    private static void add(Map<String, Detector> m, String name, Prefilter p, String regex) {
        add(m, name, p, regex, r -> true);
    }

    private static void add(Map<String, Detector> m, String name, Prefilter p, String regex, boolean singleLine) {
        m.put(name, new Detector(name, p, Pattern.compile(regex), r -> true, singleLine, true));
    }

    private static void add(Map<String, Detector> m, String name, Prefilter p, String regex,
                            Predicate<MatchResult> validator) {
        m.put(name, new Detector(name, p, Pattern.compile(regex), validator, true, true));
    }

    /** An explicit key name is enough; a bare token must look random, so git SHA-1s and words stay visible. */
    private static boolean plausibleAwsSecret(MatchResult r) {
        if (r.group(1) != null) {
            return true;
        }
        String v = r.group(2);
        boolean upper = false, lower = false, other = false, allHex = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            upper |= Ascii.isUpper(c);
            lower |= Ascii.isLower(c);
            other |= Ascii.isDigit(c) || c == '/' || c == '+';
            allHex &= Ascii.isHex(c);
        }
        return upper && lower && other && !allHex;
    }

    private static boolean ibanShape(String t, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (Ascii.isUpper(t.charAt(i)) && Ascii.isUpper(t.charAt(i + 1))
                    && Ascii.isDigit(t.charAt(i + 2)) && Ascii.isDigit(t.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    /** ddd-dd-dddd, checked around every dash. */
    private static boolean ssnShape(String t, int from, int to) {
        for (int i = t.indexOf('-', from, to); i >= 0; i = t.indexOf('-', i + 1, to)) {
            if (i - 3 >= from && i + 8 <= to && digits(t, i - 3, i) && digits(t, i + 1, i + 3)
                    && t.charAt(i + 3) == '-' && digits(t, i + 4, i + 8)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Ascii.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
