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

    private static final int JWT_CHARS = Ascii.WORD | Ascii.DOT | Ascii.DASH;
    private static final int SLACK_CHARS = Ascii.ALNUM | Ascii.DASH;
    private static final int EMAIL_CHARS = Ascii.WORD | Ascii.DOT | Ascii.PERCENT | Ascii.PLUS | Ascii.DASH | Ascii.AT | Ascii.NON_ASCII;
    private static final int PHONE_CHARS = Ascii.DIGIT | Ascii.PLUS | Ascii.SPACE | Ascii.DASH;
    private static final int CARD_CHARS = Ascii.DIGIT | Ascii.SPACE | Ascii.DASH;
    private static final int IBAN_CHARS = Ascii.DIGIT | Ascii.UPPER | Ascii.SPACE;

    /*
     * Each detector names its Scan candidates and how to widen one into a region that holds the whole
     * match: mostly the run of the characters its regex can match, see Regions.
     */
    private static Map<String, Detector> build() {
        Map<String, Detector> m = new LinkedHashMap<>();
        // An unterminated block is masked to the end of the text: failing closed beats leaking key material.
        add(m, "private_key", Scan.PRIVATE_KEY, Regions.TO_TEXT_END,
                "(?s)" + PEM_BEGIN.pattern() + ".*?(?:" + PEM_END.pattern() + "|\\z)");
        add(m, "jwt", Scan.JWT, Regions.run(JWT_CHARS),
                "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
        add(m, "github_token", Scan.GITHUB, Regions.run(Ascii.WORD),
                "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])");
        add(m, "slack_token", Scan.SLACK, Regions.run(SLACK_CHARS),
                "(?<![A-Za-z0-9_-])(?:xox[abprs]|xapp)-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9_-])");
        add(m, "stripe_key", Scan.STRIPE, Regions.run(Ascii.WORD),
                "(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])");
        add(m, "api_token", Scan.API_TOKEN, Regions.run(Ascii.URL), VendorTokens.REGEX, VendorTokens::plausible);
        add(m, "password_hash", Scan.PASSWORD_HASH, Regions.run(Ascii.URL), PasswordHashes.REGEX);
        add(m, "aws_access_key", Scan.AWS_KEY, Regions.run(Ascii.WORD),
                "(?<![A-Za-z0-9_])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9_])");
        // Both branches leave the value as a run of exactly 40 base64 characters; a key may precede it.
        add(m, "aws_secret_key", Scan.AWS_SECRET, Regions.LINE,
                "(?:(?i:aws_secret_access_key|aws_secret_key|secret_access_key)[\"']?[ \\t]*[=:][ \\t]*[\"']?"
                        + "([A-Za-z0-9/+]{40})|(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40}))(?![A-Za-z0-9/+=])",
                Detectors::plausibleAwsSecret);
        add(m, "iban", Scan.IBAN, Regions.run(IBAN_CHARS),
                "(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])",
                r -> Checksums.ibanValid(r.group()));
        add(m, "credit_card", Scan.CARD, Regions.run(CARD_CHARS),
                "(?<![0-9])[2-6](?:[ -]?[0-9]){12,18}(?![0-9])",
                r -> Checksums.luhn(r.group()) && !Checksums.allSameDigit(r.group()));
        add(m, "ssn", Scan.SSN, Regions.run(Ascii.DIGIT | Ascii.DASH),
                "(?<![0-9-])(?!000|666|9[0-9][0-9])[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![0-9-])");
        add(m, "phone", Scan.PHONE, Regions.run(PHONE_CHARS),
                "(?<![0-9A-Za-z+])\\+[1-9](?:[ -]?[0-9]){7,14}(?![0-9]|[ -][0-9])");
        // Addresses may hold any script (RFC 6531: jöhn@bücher.de, почта@пример.рф), so every non-ASCII character
        // counts as a letter. On UTF-8 bytes seen as ISO-8859-1 that is every byte of a multibyte character; an
        // address never starts on a continuation byte (0x80-0xBF) nor ends inside a character, so a mask never
        // splits one. Text glued to either side must not hide it: a run of local characters longer than the 64 a
        // local part may hold (prose in a script without spaces, a value concatenated in front) gives its last 64,
        // and a top-level label may be followed by digits (e-mail || phone), which no top-level label holds.
        add(m, "email", Scan.EMAIL, Regions.run(EMAIL_CHARS),
                "(?![\\x{80}-\\x{BF}])[A-Za-z0-9._%+" + NA + "-]{1,64}@[A-Za-z0-9" + NA + "-]{1,63}"
                        + "(?:\\.[A-Za-z0-9" + NA + "-]{1,63})*"
                        + "\\.(?:[A-Za-z]{2,24}(?![A-Za-z])|[" + NA + "]{2,63}(?![A-Za-z" + NA + "]))");
        // scheme://user:password@host: the password (a DSN's, a git remote's token). "\/" as JSON writes a
        // slash counts as one; the password runs to the last '@' before the host, as a lax parser reads it.
        add(m, "url_password", Scan.URL_PASSWORD, Regions.run(Ascii.URL),
                "(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}:(?:\\\\?/){2}[^\\s/?#@:\"'<>`]*:([^\\s/?#\"'<>`]+)@"
                        + "(?=[A-Za-z0-9\\[])"
                        // Redis's URI gives a password alone before the '@' (redis://pw@host, redis-cli's and Lettuce's grammar).
                        + "|(?<![A-Za-z0-9+.-])(?i:rediss?|valkeys?):(?:\\\\?/){2}([^\\s/?#@:\"'<>`]+)@(?=[A-Za-z0-9\\[])");
        add(m, "ipv4", Scan.IPV4, Regions.run(Ascii.DIGIT | Ascii.DOT),
                "(?<![0-9A-Za-z.])(?:" + OCTET + "\\.){3}" + OCTET + "(?![0-9]|\\.[0-9])");
        // A bare value ends at a blank or a control char: an escape sequence after it (a colour reset, an OSC's
        // terminator) is the terminal's, and the views in TerminalText see a value that continues past one. It also
        // ends at "</": in XML (an S3 listing is one line) a '<' in text is always escaped, so "</" closes the element,
        // and masking past it broke the document for every reader (the aws CLI got a 500 for a whole bucket).
        // A double-quoted value ends at its first unescaped quote (a JSON string: a SecretString holding JSON is
        // masked whole); one quoted as JSON inside a JSON string (\"password\":\"x\") ends at its \".
        // A key word inside an ARN is a resource type or a name (arn:aws:secretsmanager:...:secret:db-AbCdEf), no key.
        // The value loops are possessive: Java runs a greedy loop over an alternation by recursing once per character,
        // and a value of a few thousand characters overflowed the stack (the row or answer holding it was lost).
        // An unquoted value ends at an XML reference to a line break (NOT_A_LINE_BREAK).
        // A cookie header's value is every pair to the line's end or a quote (Cookie: a=1; session=...). An unquoted
        // value does not start with '{' (nor after a quoted key with '['): that is structure ("PasswordPolicy": {...}),
        // whose own keys are judged in turn; after a quoted key (JSON) it also ends at ',', '}' or ']'
        // ("MinimumPasswordLength": 8}), or the answer
        // would lose its closing braces; and a JSON number, true, false or null there is no secret (a policy's
        // MinimumPasswordLength): a placeholder in its place would leave the answer no JSON.
        String quoted = "\"((?:[^\"\\\\\\n]|\\\\.)++)\"|\\\\\"((?:[^\"\\\\\\n]|\\\\[^\"\\n])++)\\\\\"|'([^'\\n]+)'";
        String key = "(?:" + AssignmentKeys.KEY + "|" + AssignmentKeys.SECURE_VALUE + ")";
        // An unquoted value ends at a quote (the string it is written in closes: a connection string in JSON or an XML
        // attribute) and at a ';' that begins the next name=value of a connection string. An XML element named by a
        // secret word has its text masked (Maven's <password>), and so has the value attribute of a tag whose key or
        // name attribute holds one (<add key="ApiKey" value="..."/>). Pagination tokens are no secret (AssignmentKeys.paging).
        add(m, "password_assignment", Scan.ASSIGNMENT, Regions.TO_LINE_END,
                "(?i)(?<![A-Za-z0-9_.-])(?<!arn:[^\\s\"'<>,;&]{0,256})(?:(?:set-)?cookie" + AssignmentKeys.KEY_QUOTE
                        + "[ \\t]*[=:][ \\t]*(?![\"'\\\\{\\[])([^\\r\\n\"'\\\\]+)"
                        + "|" + key + "\\\\?[\"'][ \\t]*[=:][ \\t]*(?:" + quoted + "|" + JSON_LITERAL_AHEAD + "((?:[^\\x00-\\x20\\x7F\"'\\\\<{\\[,}\\]])++))"
                        + "|" + key + "[ \\t]*[=:][ \\t]*(?:" + quoted + "|" + AssignmentKeys.SCHEME + AssignmentKeys.NOT_A_LONE_SCHEME
                        + "((?:[^\\x00-\\x20\\x7F\"'\\\\<{&]|<(?!/)|" + NOT_A_LINE_BREAK + ")(?:[^\\x00-\\x20\\x7F<\"';&]|<(?!/)|" + NOT_A_LINE_BREAK
                        + "|;(?![A-Za-z][A-Za-z0-9 _.-]*=))*+))"
                        + "|<" + AssignmentKeys.KEY + ">" + XML_LITERAL_AHEAD + "([^<\\n]+)</|" + AssignmentKeys.ATTRIBUTE_PAIR
                        + "|" + LoginForms.REGEX + "|" + CommandPasswords.REGEX + ")", r -> !AssignmentKeys.paging(r));
        // Not found through Scan (kind -1, over the whole text), by hand rather than by its regex (see CredentialFields).
        m.put("aws_credential", new Detector("aws_credential", -1, null, Pattern.compile(CredentialFields.REGEX), r -> true, true,
                CredentialFields::find));
        return Collections.unmodifiableMap(m);
    }

    /**
     * An XML element's text that is a number, a boolean or a time: what an answer's typed fields hold (IAM's
     * MinimumPasswordLength, PasswordResetRequired, PasswordLastUsed), which a client parses as its type.
     */
    private static final String XML_LITERAL_AHEAD = "(?!(?:true|false|-?[0-9][0-9.]*|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?)</)";

    /**
     * An '&' that does not begin XML's reference to a line break (&#xA;, &#10;, &#xD;, &#13;): in XML text (a YAML
     * template in CloudFormation's answer) that is where the line ends, so a key with no value on its line
     * (DbPassword: then its mapping below) took the line break as its value, and the template's lines ran together.
     */
    private static final String NOT_A_LINE_BREAK = "&(?!#(?:[xX]0*[aAdD]|0*1[03]);)";

    private static final String JSON_LITERAL_AHEAD = "(?!(?:true|false|null|-?[0-9][0-9.eE+-]*)[ \\t]*(?:[,}\\]\\r\\n]|$))";

    /** Non-ASCII characters, surrogates and the Private Use Area aside: see {@link Ascii#NON_ASCII}. */
    private static final String NA = "\\x{80}-\\x{D7FF}\\x{F900}-\\x{FFFF}";
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

    private static void add(Map<String, Detector> m, String name, int kind, Regions.Widen widen, String regex) {
        add(m, name, kind, widen, regex, r -> true);
    }

    private static void add(Map<String, Detector> m, String name, int kind, Regions.Widen widen, String regex,
                            Predicate<MatchResult> validator) {
        m.put(name, new Detector(name, kind, widen, Pattern.compile(regex), validator, true,
                name.equals("email") ? EmailFinder::find : null));
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
}
