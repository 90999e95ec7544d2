package hoop.masking;

import java.util.List;
import java.util.Set;

/**
 * The password_hash detector: stored password hashes and verifiers, which an agent who reads them can crack offline
 * (/etc/shadow, pg_authid, .htpasswd, a web app's users table, mysql.user, an LDIF). Each form follows its documented
 * grammar rather than examples: crypt(3)'s modular {@code $id$[rounds=N$]salt$hash} with the hash length each id
 * produces, PHC strings ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}), PostgreSQL's SCRAM verifier and
 * {@code md5}+32 hex, MySQL's {@code *}+40 capital hex, Django's and Werkzeug's {@code algorithm$...} (the algorithm
 * stays readable), and RFC 2307 / Dovecot {@code {SCHEME}value} (the scheme stays readable).
 *
 * <p>A '$' may be written doubled (docker-compose escapes it so: {@code $$apr1$$salt$$hash}) or as {@code \$}.
 * Only the forms' own grammar is matched, so shell's {@code $1}, a price, a Java class {@code Outer$1$Inner}, a bare
 * digest ({@code md5sum}, a git SHA) and a {@code *} list stay readable. {@link Scan} finds candidates at a '$'
 * before an id of {@link #CRYPT_IDS} or after an algorithm word, at "SCRAM-SHA-", "md5" before hex, '*' before 40
 * capital hex digits, and '{' before a scheme of {@link #SCHEMES}.
 */
final class PasswordHashes {
    private PasswordHashes() {
    }

    /** What follows '$' in crypt(3) and PHC strings, as the Scan reads it (up to the next '$', ',' or '\'). */
    static final Set<String> CRYPT_IDS = Set.of("1", "apr1", "md5", "5", "6", "2", "2a", "2b", "2x", "2y", "y", "gy", "7",
            "sha1", "3", "P", "H", "S", "argon2id", "argon2i", "argon2d", "scrypt", "pbkdf2", "pbkdf2-sha1",
            "pbkdf2-sha256", "pbkdf2-sha512", "bcrypt-sha256", "balloon", "balloon-sha256");

    /** RFC 2307 (OpenLDAP, 389-ds), Dovecot and Atlassian schemes in braces, upper-cased as the Scan compares them. */
    static final List<String> SCHEMES = List.of("SSHA", "SHA", "SHA1", "SSHA1", "SHA256", "SSHA256", "SHA384", "SSHA384",
            "SHA512", "SSHA512", "MD5", "SMD5", "LDAP-MD5", "CRYPT", "MD5-CRYPT", "SHA256-CRYPT", "SHA512-CRYPT", "BLF-CRYPT",
            "DES-CRYPT", "BCRYPT", "ARGON2", "ARGON2I", "ARGON2ID", "SCRYPT", "PBKDF2", "PBKDF2-SHA1", "PBKDF2-SHA256",
            "PBKDF2-SHA512", "X-PBKDF2", "PKCS5S2", "CRAM-MD5", "DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "NTLM",
            "LANMAN", "RPA", "PLAIN", "PLAIN-MD5", "PLAIN-TRUNC", "CLEAR", "CLEARTEXT");
    /** Schemes whose value is the password itself: any printable run, however short. */
    private static final String CLEAR_SCHEMES = "PLAIN|PLAIN-TRUNC|CLEAR|CLEARTEXT";

    private static final String C = "[./0-9A-Za-z]";          // crypt(3)'s base64 alphabet
    private static final String B64 = "[A-Za-z0-9+/=.-]";      // PHC's and passlib's base64, padded or not
    private static final String NOT_C = "(?![./0-9A-Za-z])";
    /** A '$' as written: plain, doubled by docker-compose, or escaped for a shell or PHP. */
    private static final String SEP = "(?:\\$\\$?|\\\\\\$)";

    static final String REGEX = ("(?:"
            // crypt(3): MD5 (and Apache's), SHA-256/512 with optional rounds, bcrypt, yescrypt, scrypt, NetBSD sha1,
            // Solaris SunMD5, FreeBSD NT hash, phpass (WordPress, phpBB), Drupal 7.
            + "§(?:1|apr1)§" + C + "{0,8}§" + C + "{22}" + NOT_C
            + "|§md5(?:,rounds=[0-9]{1,9})?§" + C + "{0,8}§" + C + "{22}" + NOT_C
            + "|§[56]§(?:rounds=[0-9]{1,9}§)?" + C + "{0,16}§" + C + "{43}(?:" + C + "{43})?" + NOT_C
            + "|§2[abxy]?§[0-9]{2}§" + C + "{53}" + NOT_C
            + "|§(?:y|gy|7)§" + C + "++§(?:" + C + "*+§)?" + C + "{43}" + NOT_C
            + "|§sha1§[0-9]{1,9}§" + C + "{0,64}§" + C + "{28}" + NOT_C
            + "|§3§[0-9a-f]{32}(?![0-9A-Za-z])"
            + "|§[PH]§" + C + "{31}" + NOT_C
            + "|§S§" + C + "{52}" + NOT_C
            // PHC strings: $id$[v=N$][params or rounds$]salt$hash.
            + "|§(?:argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha(?:1|256|512))?|bcrypt-sha256|balloon(?:-sha256)?)§(?:v=[0-9]+§)?"
            + "(?:[0-9]++|[a-z0-9-]{1,32}=[A-Za-z0-9/+.-]++(?:,[a-z0-9-]{1,32}=[A-Za-z0-9/+.-]++)*+)§[A-Za-z0-9/+.-]++§" + B64 + "{16,}+"
            // Django: algorithm$iterations$salt$hash (scrypt: $N$salt$r$p$hash), and the old salted and unsalted digests.
            + "|(?<![A-Za-z0-9_])(?:pbkdf2_sha(?:1|256|512)|pbkdf2|scrypt)§([0-9]{1,9}§(?:[A-Za-z0-9./+=_-]{1,128}§){1,3}[A-Za-z0-9+/=]{20,}+)"
            + "|(?<![A-Za-z0-9_])(?:unsalted_)?(?:sha1|md5)§((?:[A-Za-z0-9./]{0,64}§)?[0-9a-f]{32,40})(?![0-9A-Za-z])"
            // Werkzeug (Flask): pbkdf2:sha256:600000$salt$hexhash, scrypt:32768:8:1$salt$hexhash.
            + "|(?<![A-Za-z0-9_])(?:pbkdf2:sha(?:1|256|512)(?::[0-9]{1,9})?|scrypt:[0-9]{1,9}:[0-9]{1,4}:[0-9]{1,4})"
            + "§([A-Za-z0-9]{1,64}§[0-9a-f]{32,128})(?![0-9A-Za-z])"
            // PostgreSQL: SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey, and md5 followed by 32 hex digits.
            + "|SCRAM-SHA-(?:1|256|512)§[0-9]{1,9}:[A-Za-z0-9+/=]++§[A-Za-z0-9+/=]++:[A-Za-z0-9+/=]++"
            + "|(?<![A-Za-z0-9_])md5[0-9a-f]{32}(?![A-Za-z0-9_])"
            // MySQL's mysql_native_password: '*' and the 40 capital hex digits of SHA1(SHA1(password)).
            + "|(?<![A-Za-z0-9_*])\\*[0-9A-F]{40}(?![A-Za-z0-9_])"
            // {SCHEME}value: the value of a cleartext scheme is any printable run, of a hash one its characters; neither holds
            // a ':' (Dovecot's passwd-file: user:{PLAIN}pw:uid:gid::home).
            + "|\\{(?i:" + CLEAR_SCHEMES + ")\\}([!-~&&[^\"'<>`:]]++)"
            + "|\\{(?i:" + String.join("|", SCHEMES) + ")\\}([A-Za-z0-9+/=.$_,-]{8,}+)"
            + ")").replace("§", SEP);

    /** At a '$' that an id or a '$' follows: whether a hash may start or go on here. Allocates nothing. */
    static boolean dollarAt(CharSequence t, int i) {
        int j = Ascii.at(t, i + 1) == '$' ? i + 2 : i + 1;
        if (ID_FIRST.indexOf(Ascii.at(t, j)) >= 0) {
            for (String id : CRYPT_ID_LIST) {
                char end = Ascii.at(t, j + id.length());
                if ((end == '$' || end == ',' || end == '\\') && Ascii.startsWith(t, id, j)) return true;
            }
        }
        return Ascii.isAlnum(Ascii.at(t, i - 1)) && algorithmBefore(t, i);
    }

    private static final List<String> CRYPT_ID_LIST = List.copyOf(CRYPT_IDS);
    /** The first characters of the ids: a '$' before any other (a shell variable, a price) is passed at once. */
    private static final String ID_FIRST = firsts(CRYPT_ID_LIST, false);
    private static final String SCHEME_FIRST = firsts(SCHEMES, true);

    private static String firsts(List<String> words, boolean bothCases) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            char c = w.charAt(0);
            if (sb.indexOf(String.valueOf(c)) < 0) sb.append(c);
            if (bothCases && sb.indexOf(String.valueOf(Character.toLowerCase(c))) < 0) sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /** Whether the word of letters, digits, '_' and ':' ending before {@code dollar} names a hash algorithm. */
    private static boolean algorithmBefore(CharSequence t, int dollar) {
        int from = dollar;
        while (from > 0 && dollar - from < 48) {
            char c = t.charAt(from - 1);
            if (!Ascii.isAlnum(c) && c != '_' && c != ':') break;
            from--;
        }
        for (int k = from; k < dollar; k++) {
            char c = t.charAt(k);
            if (c == 's' && Ascii.startsWith(t, "sha", k) || c == 'm' && Ascii.startsWith(t, "md5", k)
                    || c == 'c' && Ascii.startsWith(t, "crypt", k) || c == 'p' && Ascii.startsWith(t, "pbkdf", k)) {
                return true;
            }
        }
        return false;
    }

    /** At the 'd' of "md5": 32 hex digits follow. */
    static boolean md5At(CharSequence t, int d) {
        if (Ascii.at(t, d - 1) != 'm' || Ascii.at(t, d + 1) != '5') return false;
        for (int k = d + 2; k < d + 34; k++) {
            char c = Ascii.at(t, k);
            if (!(Ascii.isDigit(c) || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    /** At a '*': 40 capital hex digits follow. */
    static boolean mysqlAt(CharSequence t, int star) {
        for (int k = star + 1; k <= star + 40; k++) {
            char c = Ascii.at(t, k);
            if (!(Ascii.isDigit(c) || c >= 'A' && c <= 'F')) return false;
        }
        return true;
    }

    /** At a '{': a scheme of {@link #SCHEMES} (any case) and '}' follow. Allocates nothing. */
    static boolean schemeAt(CharSequence t, int brace) {
        if (SCHEME_FIRST.indexOf(Ascii.at(t, brace + 1)) < 0) return false;
        for (String scheme : SCHEMES) {
            if (Ascii.at(t, brace + 1 + scheme.length()) == '}' && startsWithIgnoringCase(t, scheme, brace + 1)) return true;
        }
        return false;
    }

    private static boolean startsWithIgnoringCase(CharSequence t, String upper, int at) {
        for (int k = 0; k < upper.length(); k++) {
            char c = Ascii.at(t, at + k);
            if (c != upper.charAt(k) && (c < 'a' || c > 'z' || c - 32 != upper.charAt(k))) return false;
        }
        return true;
    }
}
