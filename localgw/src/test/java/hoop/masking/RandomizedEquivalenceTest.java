package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan that decides where regexes run must never skip a match: Masker has to agree with NaiveMasker,
 * which runs every regex over the whole text, on text built to sit right at the scan's thresholds.
 */
class RandomizedEquivalenceTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** Separators, quotes and non-ASCII look-alikes (Kelvin sign, long s) that must not widen a match. */
    private static final String[] GLUE = {" ", " ", "  ", "-", ".", ",", ":", "=", "\t", "\n", "\n", "\"", "'",
            "@", "+", "_", "/", "é", "\u212A", "\u017F", "✓", "日本", "\r\n", ";", "(", ")"};
    private static final String[] WORDS = {"password", "PassWd", "pwd", "secret", "TOKEN", "api_key", "apikey",
            "access_key", "private_key", "db_Password_file", "aws_secret_access_key", "status", "user", "id",
            "example.com", "mail", "Bearer", "INFO", "DE", "GB", "AKIA", "ASIA", "ghp_", "github_pat_", "xoxb-",
            "xapp-", "sk_live_", "rk_test_", "eyJ", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----",
            "-----BEGIN CERTIFICATE-----", "BEGIN", "k_live_", "gh", "xox", "http://", "tel:",
            // api_token prefixes and the new password_assignment forms (headers, part words, .netrc, .pgpass, options).
            "AIza", "ATATT3", "glpat-", "sk-", "sk-proj-", "npm_", "hf_", "SG.", "hvs.", "ya29.", "AGE-SECRET-KEY-1", "key-",
            "Authorization", "Bearer", "Cookie", "Set-Cookie", "auth", "DB_PASS", "x-api-key", "--password", "--api-token",
            "machine", "login", "password", "-u", "--user", ":5432:", "*:*:", "\n", "'",
            "<password>", "</", "<", ">", " value=\"", "<add key=\"ApiKey\"", "NextToken", "next_token", "Password=", ";",
            // SQL's password literals as text.
            "PASSWORD '", "identified", "IDENTIFIED BY", "by", "as", "with", "mysql_native_password", "''", "\"",
            // password_hash: the ids, separators and prefixes its forms start with, to be glued to random runs.
            "$", "$$", "\\$", "$1$", "$apr1$", "$5$rounds=5000$", "$6$", "$2b$12$", "$y$j9T$", "$7$", "$3$$", "$P$", "$S$",
            "$md5,rounds=904$", "$sha1$", "$argon2id$v=19$m=65536,t=3,p=4$", "$scrypt$ln=16,r=8,p=1$", "$pbkdf2-sha256$29000$",
            "pbkdf2_sha256$600000$", "sha1$", "unsalted_md5$", "pbkdf2:sha256:600000$", "scrypt:32768:8:1$", "SCRAM-SHA-256$4096:",
            "md5", "*", "{SSHA}", "{sha}", "{PLAIN}", "{CRYPT}", "{ARGON2}", "{x}", "Outer$1$",
            // Command lines with a password option (CommandPasswords): programs, options, continuations, separators.
            "mysql ", " mysql", "/usr/bin/mysqldump ", "7z ", "sshpass ", "redis-cli ", "docker login ", "helm registry login ",
            "keytool ", "smbclient ", " -p", " -P", " -a", " -w", " -k", " -U", " -storepass ", " --passphrase ", " -e ", "-p'",
            " \\\n", " \\\r\n", "%", " && ", " | ", ";", "redis://", "rediss://", " -u ",
            // Structured secrets: a Kubernetes Secret's data in either order, arrays and YAML values apart from their key.
            "kind: Secret", "\"kind\": \"Secret\"", "kind: ConfigMap", "data:", "stringData:", "\"data\": {", "data: {", "[", "]",
            "{", "}", "- ", ": |", ": >-", "|2", "---", "\n  ", "\n    ", "\n- ", "tokens:\n", "passwords: [", "\"api_keys\": ["};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void mixedTokens(long seed) {
        assertSame(corpus(new Random(seed), 20_000, 0));
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void digitHeavy(long seed) {
        assertSame(corpus(new Random(seed), 20_000, 1));
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void base64Heavy(long seed) {
        assertSame(corpus(new Random(seed), 20_000, 2));
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33})
    void keysAndAtSigns(long seed) {
        assertSame(corpus(new Random(seed), 20_000, 3));
    }

    /** Blank padding of every width between tokens: the scan skips runs of blanks eight at a time. */
    @ParameterizedTest
    @ValueSource(longs = {51, 52, 53, 54})
    void blankPadded(long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (String piece : corpus(r, 20_000, (int) (seed % 4)).split(" ")) {
            sb.append(piece).append(" ".repeat(r.nextInt(30)));
        }
        assertSame(sb.toString());
    }

    /** Colours, cursor moves, OSC strings and invisible characters dropped anywhere, inside tokens too. */
    @ParameterizedTest
    @ValueSource(longs = {61, 62, 63, 64})
    void terminalNoise(long seed) {
        String[] noise = {"\u001B[1m", "\u001B[01;31m\u001B[K", "\u001B[m\u001B[K", "\u200B", "\b", "\r", "x\b",
                "\u001B]0;t\u0007", "\u00AD", "\uFF11", "\u001B[D", "\u001B[2K", "\u001B[5G", "\u009B1m", "\uFEFF"};
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(corpus(r, 20_000, (int) (seed % 4)));
        for (int k = 0; k < 1500; k++) {
            sb.insert(r.nextInt(sb.length()), noise[r.nextInt(noise.length)]);
        }
        String text = sb.toString();
        assertSame(text);
        MaskingRules rules = Samples.allDetectors(Style.REDACT);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(NaiveMasker.create(rules, KEY, List.of("Lit3ral-Secret")).mask(bytes), StandardCharsets.ISO_8859_1),
                new String(Masker.create(rules, KEY, List.of("Lit3ral-Secret")).mask(bytes), StandardCharsets.ISO_8859_1));
    }

    /**
     * A value masked where it lies in a larger buffer (a result row) must come out exactly as the same
     * value masked on its own; "unchanged" (null) must mean the String path changed nothing either.
     */
    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 44})
    void valuesInsideABufferAgreeWithValuesAlone(long seed) {
        Random r = new Random(seed);
        String text = corpus(r, 40_000, (int) (seed % 4));
        Masker masker = Masker.create(Samples.allDetectors(Style.REDACT), KEY, List.of("Lit3ral-Secret", "4111 1111"));
        int pos = 0;
        while (pos < text.length()) {
            int end = Math.min(text.length(), pos + r.nextInt(200));
            byte[] value = text.substring(pos, end).getBytes(StandardCharsets.UTF_8);
            byte[] row = new byte[value.length + 16];
            r.nextBytes(row);  // whatever lies around a value (lengths, other columns) must not matter
            System.arraycopy(value, 0, row, 8, value.length);
            byte[] alone = masker.mask(value);
            byte[] inPlace = masker.mask(row, 8, value.length);
            if (alone == value) {
                assertEquals(null, inPlace, text.substring(pos, end));
            } else {
                assertEquals(new String(alone, StandardCharsets.ISO_8859_1),
                        inPlace == null ? "(unchanged)" : new String(inPlace, StandardCharsets.ISO_8859_1));
            }
            pos = end + 1;
        }
    }

    /**
     * A candidate found by walking back (the tag start before value=) that lies before one a later trigger found on its
     * line (pwd:) was dropped: the tag's value went unmasked where the whole-text regex masks it.
     */
    @Test
    void aWalkedBackCandidateBeforeAnEarlierOneIsKept() {
        String text = "<add key=\"ApiKey\" pwd: 5n/a@ex.io\" value=\"w3bC0nf1gS3cret\"/>\nmachine h login u x:y password n3trcPw\n";
        assertSame(text);
        Masker m = Masker.create(MaskingRules.of(List.of("password_assignment"), java.util.Map.of(), List.of(), Style.REDACT), KEY, List.of());
        org.junit.jupiter.api.Assertions.assertFalse(m.mask(text).contains("w3bC0nf1gS3cret"), m.mask(text));
    }

    private static void assertSame(String text) {
        for (Style style : List.of(Style.REDACT, Style.PARTIAL)) {
            MaskingRules rules = Samples.allDetectors(style);
            List<String> literals = List.of("Lit3ral-Secret", "4111 1111");
            String naive = NaiveMasker.create(rules, KEY, literals).mask(text);
            assertEquals(naive, Masker.create(rules, KEY, literals).mask(text));
            for (String d : MaskingRules.knownDetectors()) {  // each alone: no other detector may hide a miss
                MaskingRules one = MaskingRules.of(List.of(d), java.util.Map.of(), List.of(), style);
                assertEquals(NaiveMasker.create(one, KEY, List.of()).mask(text),
                        Masker.create(one, KEY, List.of()).mask(text), d);
            }
        }
    }

    /** @param flavour 0 mixed, 1 mostly digit groups, 2 mostly base64 runs, 3 mostly keys, '@' and '+' */
    private static String corpus(Random r, int size, int flavour) {
        StringBuilder sb = new StringBuilder(size + 200);
        while (sb.length() < size) {
            int pick = flavour == 0 ? r.nextInt(7) : r.nextInt(3) == 0 ? r.nextInt(7) : flavour;
            switch (pick) {
                case 1 -> digits(sb, r);
                case 2 -> sb.append(random(r, r.nextBoolean() ? B64 : ALNUM, 36 + r.nextInt(8)));
                case 3 -> sb.append(WORDS[r.nextInt(9)]).append(r.nextBoolean() ? "" : "\"").append(r.nextBoolean() ? "=" : ": ")
                        .append(r.nextBoolean() ? "\"" + random(r, ALNUM + " ", 1 + r.nextInt(12)) + "\"" : random(r, B64, r.nextInt(41)))
                        .append(r.nextBoolean() ? "@ex" + random(r, ALNUM, 2) + ".io" : "+" + (1 + r.nextInt(9)));
                case 4 -> sb.append(WORDS[r.nextInt(WORDS.length)]).append(random(r, r.nextBoolean() ? ALNUM : B64, r.nextInt(40)));
                case 5 -> sb.append(MaskingCorpus.cardNumber(r));
                case 6 -> token(sb, r);
                default -> sb.append(WORDS[r.nextInt(WORDS.length)]);
            }
            sb.append(GLUE[r.nextInt(GLUE.length)]);
        }
        return sb.toString();
    }

    /** A token of a real shape, one character short or long about half of the time. */
    private static void token(StringBuilder sb, Random r) {
        int jitter = r.nextInt(4) == 0 ? -1 : r.nextInt(3) == 0 ? 1 : 0;
        switch (r.nextInt(9)) {
            case 7 -> passwordHash(sb, r, jitter);
            case 8 -> passwordHash(sb, r, jitter);
            case 0 -> sb.append("github_pat_").append(random(r, ALNUM + "_", 82 + jitter));
            case 1 -> sb.append("gh").append("pousr".charAt(r.nextInt(5))).append('_').append(random(r, ALNUM, 36 + jitter));
            case 2 -> sb.append("AKIA").append(random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16 + jitter));
            case 3 -> sb.append("xoxb-").append(random(r, ALNUM + "-", 10 + r.nextInt(20) + jitter));
            case 4 -> sb.append("sk_live_").append(random(r, ALNUM, 16 + jitter));
            case 5 -> sb.append("eyJ").append(random(r, ALNUM, 10)).append(".eyJ").append(random(r, ALNUM, 10))
                    .append('.').append(random(r, ALNUM + "-_", 10));
            default -> sb.append(new String[]{"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "078-05-1120",
                    "10.0.0.1", "+44 20 7946 0958", "NO9386011117947"}[r.nextInt(6)]);
        }
    }

    private static final String CRYPT = "./" + ALNUM;

    /** A password hash of one of password_hash's forms, its hash one character short or long now and then. */
    private static void passwordHash(StringBuilder sb, Random r, int jitter) {
        String sep = new String[]{"$", "$", "$", "$$", "\\$"}[r.nextInt(5)];
        switch (r.nextInt(10)) {
            case 0 -> sb.append(sep).append("1").append(sep).append(random(r, CRYPT, 8)).append(sep).append(random(r, CRYPT, 22 + jitter));
            case 1 -> sb.append(sep).append("6").append(sep).append(random(r, CRYPT, 16)).append(sep).append(random(r, CRYPT, 86 + jitter));
            case 2 -> sb.append(sep).append("2b").append(sep).append("12").append(sep).append(random(r, CRYPT, 53 + jitter));
            case 3 -> sb.append(sep).append("y").append(sep).append("j9T").append(sep).append(random(r, CRYPT, 12)).append(sep)
                    .append(random(r, CRYPT, 43 + jitter));
            case 4 -> sb.append(sep).append("argon2id").append(sep).append("v=19").append(sep).append("m=65536,t=3,p=4").append(sep)
                    .append(random(r, B64, 22)).append(sep).append(random(r, B64, 10 + r.nextInt(30)));
            case 5 -> sb.append("SCRAM-SHA-256").append(sep).append("4096:").append(random(r, B64, 24)).append(sep)
                    .append(random(r, B64, 44)).append(':').append(random(r, B64, r.nextInt(45)));
            case 6 -> sb.append("md5").append(random(r, "0123456789abcdef", 32 + jitter));
            case 7 -> sb.append('*').append(random(r, "0123456789ABCDEF", 40 + jitter));
            case 8 -> sb.append(new String[]{"{SSHA}", "{sha}", "{PLAIN}", "{CRYPT}", "{pbkdf2-sha256}"}[r.nextInt(5)])
                    .append(random(r, B64 + "$.", r.nextInt(20)));
            default -> sb.append(new String[]{"pbkdf2_sha256", "sha1", "unsalted_md5", "pbkdf2:sha256:600000", "scrypt"}[r.nextInt(5)])
                    .append(sep).append(random(r, ALNUM, r.nextInt(3) == 0 ? 0 : 12)).append(sep)
                    .append(random(r, r.nextBoolean() ? "0123456789abcdef" : B64, 32 + 8 * r.nextInt(3) + jitter));
        }
    }

    /** Groups of digits joined by single or double blanks, dashes or dots: timestamps, IPs, cards, SSNs. */
    private static void digits(StringBuilder sb, Random r) {
        int groups = 1 + r.nextInt(6);
        for (int g = 0; g < groups; g++) {
            sb.append(random(r, "0123456789", 1 + r.nextInt(r.nextBoolean() ? 4 : 9)));
            if (g + 1 < groups) {
                String sep = new String[]{" ", "-", ".", "  ", "--", " -", ":"}[r.nextInt(7)];
                sb.append(sep);
            }
        }
    }

    private static String random(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
