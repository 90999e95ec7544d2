package hoop.masking;

/**
 * Login secrets that no secret word right before an '=' or ':' announces, in the forms credential files and command
 * lines give them: a .netrc's {@code password X} (machine api.example.com login deploy password X), a .pgpass line
 * (host:port:database:user:password), a long option and its value set apart (--password X, --api-token X), and curl's
 * user:password (curl -u deploy:X) and cookies (curl -b 'session=X'); and a password as SQL gives it, a quoted literal
 * after the word (ALTER ROLE app PASSWORD 'X', OPTIONS (password 'X'), MySQL's IDENTIFIED BY 'X'), which a history file,
 * a migration or pg_stat_activity shows as text. Part of password_assignment: {@link Scan} finds them at the blank after
 * the word, or at the colon, and {@link #REGEX} holds their alternatives, each capturing the value.
 */
final class LoginForms {
    private LoginForms() {
    }

    private static final String NETRC_WORD = "pass(?:word|wd)[ \\t]+(\\S+)";
    /** The secret words an option may end in; an option going on past one (--password-stdin, --token-file) is no value. */
    private static final String OPTION_END = "(?:password|passwd|pass|pw|secret|token|api-?key|access-key|private-key)";
    private static final String[] OPTION_ENDS = {"password", "passwd", "pass", "pw", "secret", "token", "apikey", "api-key",
            "access-key", "private-key"};

    /** A .pgpass field before the password, as beforeColon walks it: printable ASCII but what JSON or prose puts between. */
    private static final String FIELD = "[\\x21-\\x7E&&[^:\"',{]]";

    /** SQL's words before a password literal, as identifiedBy and beforeBlank read them. */
    private static final String SQL_PASSWORD = "(?<![A-Za-z0-9])(?:pass(?:word|wd)"
            + "|identified[ \\t]+(?:with[ \\t]+[\\x21-\\x7E&&[^'\"]]{1,64}[ \\t]+)?(?:by|as)(?:[ \\t]+password)?)";

    /** After an option: a distinguished name (cn=admin,dc=x; "ou=People, dc=x"), its first word holding no ';'. */
    private static final String DN = "(?:[ \\t]+|=)[\"']?[A-Za-z][A-Za-z0-9-]*=[^\\s\"',;=]*,[ \\t]*[A-Za-z][A-Za-z0-9.-]*=[^\\s\"';]*(?:[\\s\"']|$)";

    /** An option starts a word: what blankBefore says, as the regex says it. */
    private static final String AFTER_BLANK = "(?<![^\\s\"'(`])";

    static final String REGEX = ""
            // .netrc: the password of a machine entry, on the entry's line or on a line of its own.
            + "(?m:^)[ \\t]*(?:machine|default|login|account)[ \\t][^\\n]*?(?<=[ \\t])" + NETRC_WORD
            + "|(?m:^)[ \\t]*" + NETRC_WORD + "[ \\t]*(?m:$)"
            // .pgpass: host:port:database:user:password, the port a number or '*', colons in a field escaped.
            + "|(?m:^)" + FIELD.replace("]]", "#]]") + FIELD + "*:(?:[0-9]{1,5}|\\*):" + FIELD + "+:" + FIELD + "+:((?:[^\\s:\\\\]|\\\\.)++)(?m:$)"
            // --password X, --db-token "X" (not an option after it).
            + "|" + AFTER_BLANK + "--(?:[A-Za-z0-9]+-)*" + OPTION_END + "[ \\t]+(?!-)(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s\"']+)"
            // curl's cookies: -b 'theme=dark; session=...', --cookie. Not an LDAP DN after -b (ldapsearch -b
            // dc=example,dc=org, the search base): cookies are set apart by ';', a DN's names by ','.
            + "|" + AFTER_BLANK + "(?:-b(?!" + DN + ")|--cookie)(?:[ \\t]+|=)(?:\"([A-Za-z0-9_.-]+=[^\"\\r\\n]*)|'([A-Za-z0-9_.-]+=[^'\\r\\n]*)"
            + "|([A-Za-z0-9_.-]+=[^\\s\"']*))"
            // curl -u user:password, --user, --proxy-user (a user:group of numbers is no password). A scheme's "://" is
            // a URL (redis-cli -u redis://user:pw@h, whose password url_password masks as in any URL): read as a user
            // "redis" it hid the whole URL and showed a host and port given alone as a password.
            + "|" + AFTER_BLANK + "(?:-u|--user|--proxy-user)(?:[ \\t]+|=)[\"']?[\\x21-\\x7E&&[^:\"'@]]{1,64}:(?![0-9]+(?:[\\s\"']|$))"
            + "(?!(?:\\\\?/){2})([^\\s\"']+)"
            // SQL: [ENCRYPTED] PASSWORD 'X', OPTIONS (password 'X'), IDENTIFIED [WITH plugin] BY|AS [PASSWORD] 'X'; a quote
            // doubled or escaped inside the literal is part of it.
            + "|" + SQL_PASSWORD + "[ \\t]+(?:'((?:[^'\\n\\\\]|''|\\\\.)++)'|\"((?:[^\"\\n\\\\]|\"\"|\\\\.)++)\")";

    /** A secret option's or SQL password's quoted value that has begun but not ended: a stream is not cut inside it. */
    static final java.util.regex.Pattern TRAILING_QUOTED_OPTION = java.util.regex.Pattern.compile(
            "(?i)(?:(?<![A-Za-z0-9_.-])--(?:[A-Za-z0-9]+-)*" + OPTION_END + "|" + SQL_PASSWORD + ")[ \\t]+[\"'][^\"'\\n]*\\z");

    /** At the blank after {@code t[last]}: where a .netrc password's line or a secret option starts, or -1. */
    static int beforeBlank(CharSequence t, int last) {
        String secret = secretWordEnding(t, last + 1);
        if (secret == null) return identifiedBy(t, last);  // most words: a few looks
        int word = last + 1 - secret.length();
        int start = last;
        while (start > 0 && last - start < 48 && (Ascii.isAlnum(t.charAt(start - 1)) || t.charAt(start - 1) == '-')) start--;
        if (start + 2 <= last && t.charAt(start) == '-' && t.charAt(start + 1) == '-' && blankBefore(t, start)) {
            return word == start + 2 || t.charAt(word - 1) == '-' ? start : -1;
        }
        if (!secret.startsWith("passw")) return -1;
        // SQL's PASSWORD 'X' glued to what is before it (_password 'X'); set apart, it is read from the line's start,
        // as a .netrc's password is.
        if (!blankBefore(t, word)) return quoteAfterBlanks(t, last + 1) ? word : -1;
        int line = word;
        while (line > 0 && t.charAt(line - 1) != '\n') line--;
        return line;
    }

    /** Whether a quote follows t[from]'s blanks (t[from] is a blank). */
    private static boolean quoteAfterBlanks(CharSequence t, int from) {
        int i = from;
        while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) i++;
        return i < t.length() && (t.charAt(i) == '\'' || t.charAt(i) == '"');
    }

    /**
     * At the blank after MySQL's {@code IDENTIFIED BY} or {@code IDENTIFIED WITH plugin AS} ({@code t[last]} its last letter),
     * a quote or PASSWORD after it: where IDENTIFIED starts, or -1.
     */
    private static int identifiedBy(CharSequence t, int last) {
        if (!(endsWith(t, last + 1, "by") || endsWith(t, last + 1, "as"))) return -1;
        int end = blanksBefore(t, last - 1);
        if (endsWith(t, end, "identified")) return wordStart(t, end - 10);
        // IDENTIFIED WITH plugin AS: the plugin's name, then WITH.
        int plugin = end;
        while (plugin > 0 && end - plugin < 64 && t.charAt(plugin - 1) > ' ' && t.charAt(plugin - 1) < 0x7F
                && t.charAt(plugin - 1) != '\'' && t.charAt(plugin - 1) != '"') plugin--;
        if (plugin == end) return -1;
        end = blanksBefore(t, plugin);
        if (!endsWith(t, end, "with")) return -1;
        end = blanksBefore(t, end - 4);
        return endsWith(t, end, "identified") ? wordStart(t, end - 10) : -1;
    }

    /** Where the blanks (one at least) that end just before i begin; -1 when there are none. */
    private static int blanksBefore(CharSequence t, int i) {
        int p = i;
        while (p > 0 && (t.charAt(p - 1) == ' ' || t.charAt(p - 1) == '\t')) p--;
        return p == i ? -1 : p;
    }

    /** w when no letter or digit is right before it (the word starts there), else -1. */
    private static int wordStart(CharSequence t, int w) {
        return w == 0 || !Ascii.isAlnum(t.charAt(w - 1)) ? w : -1;
    }

    /** The word of OPTION_ENDS t[0, end) ends with (no two of them end one text), or null. */
    private static String secretWordEnding(CharSequence t, int end) {
        for (String w : OPTION_ENDS) {
            if (endsWith(t, end, w)) return w;
        }
        return null;
    }

    /** At a ':': where a .pgpass line whose fourth field it ends, or a curl user:password, starts, or -1. */
    static int beforeColon(CharSequence t, int colon) {
        int line = colon;
        int colons = 0;
        // Back to the line's start over three more colons at most, and none of what JSON or prose puts between
        // fields: a colon in a JSON answer costs a step or two.
        while (line > 0 && t.charAt(line - 1) != '\n' && colon - line < 512 && colons <= 3) {
            char c = t.charAt(line - 1);
            if (c <= ' ' || c >= 0x7F || c == '"' || c == '\'' || c == ',' || c == '{') break;
            if (c == ':' && (line < 2 || t.charAt(line - 2) != '\\')) colons++;
            line--;
        }
        if (colons == 3 && (line == 0 || t.charAt(line - 1) == '\n')) return line;
        // curl: the user before the colon, maybe quoted, then the option and a blank or '='.
        int user = colon;
        while (user > 0 && colon - user < 64 && userChar(t.charAt(user - 1))) user--;
        return user == colon ? -1 : optionBefore(t, user, "-u", "--user", "--proxy-user");
    }

    /** At an '=': where curl's -b or --cookie starts whose first cookie it ends the name of, or -1. */
    static int beforeEquals(CharSequence t, int eq) {
        int name = eq;
        while (name > 0 && eq - name < 64 && Ascii.in(t.charAt(name - 1), Ascii.WORD | Ascii.DOT | Ascii.DASH)) name--;
        if (name == eq) return -1;
        return optionBefore(t, name, "-b", "--cookie");
    }

    /** Where one of options ends just before {@code value} (a quote, then blanks or '=' between), or -1. */
    private static int optionBefore(CharSequence t, int value, String... options) {
        int p = value;
        if (p > 0 && (t.charAt(p - 1) == '"' || t.charAt(p - 1) == '\'')) p--;
        if (p > 0 && t.charAt(p - 1) == '=') {
            p--;
        } else {
            p = blanksBefore(t, p);
            if (p < 0) return -1;
        }
        for (String option : options) {
            int o = p - option.length();
            if (endsWith(t, p, option) && blankBefore(t, o)) return o;
        }
        return -1;
    }

    /**
     * A character of a user name before curl's colon: printable ASCII. (Binary data has a ':' in every 256 bytes, and a
     * walk over any byte cost a GetObject of random data twice its masking time.)
     */
    private static boolean userChar(char c) {
        return c > ' ' && c < 0x7F && c != ':' && c != '"' && c != '\'' && c != '@';
    }

    /** Whether nothing but a blank, a quote or the start of the text is before i. */
    private static boolean blankBefore(CharSequence t, int i) {
        if (i <= 0) return i == 0;
        char c = t.charAt(i - 1);
        return Ascii.isWhitespace(c) || c == '"' || c == '\'' || c == '(' || c == '`';
    }

    /** Whether t[0, end) ends with lowerWord, ignoring ASCII case. */
    private static boolean endsWith(CharSequence t, int end, String lowerWord) {
        int s = end - lowerWord.length();
        return s >= 0 && AssignmentKeys.word(t, s, end, lowerWord);
    }
}
