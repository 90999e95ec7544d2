package hoop.masking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A password a command line gives by a short option, as text: a script, a shell history, a crontab, {@code ps} output,
 * a CI log, a Dockerfile's RUN, a jobs table's column. Each program's documented grammar says which option takes a
 * password and how its value is written: glued only ({@code mysql -pX}: {@code -p X} prompts, X is a database), glued
 * or as the next word ({@code sshpass -p X}, getopt's rule), or the next word only ({@code redis-cli -a X},
 * {@code openssl enc -k X}, whose parsers compare whole words: {@code -keyout} is another option). The program is a
 * word of its own (a path before it is fine) at most {@link #WINDOW} characters before the option on the same command
 * line, which a trailing backslash continues. Long options need no program ({@code --password X} is
 * {@link LoginForms}'); {@code --passphrase X} (gpg) is here. Part of password_assignment: {@link Scan} finds them at
 * the blank before the option's dash, and {@link #REGEX} holds the same forms, each capturing the value.
 */
final class CommandPasswords {
    private CommandPasswords() {
    }

    /** How an option's value is written. */
    private enum Value { GLUED, NEXT_WORD, EITHER }

    /** Programs (a space between words of a command such as "docker login"), one option, how its value is given. */
    private record Form(String option, Value value, String valuePrefix, String... programs) {
    }

    private static final String[] MYSQL = {"mysql", "mariadb", "mysqldump", "mysqladmin", "mysqlimport", "mysqlshow",
            "mysqlcheck", "mysqlslap", "mysqlbinlog", "mysqlpump", "mysqlsh", "mysql_upgrade", "mariadb-dump",
            "mariadb-admin", "mariadb-import", "mariadb-show", "mariadb-check", "mariadb-slap", "mariadb-binlog",
            "mariadb-upgrade", "mariabackup", "7z", "7za", "7zr", "7zz"};
    private static final String[] LOGINS = {"mydumper", "myloader", "docker login", "podman login",
            "nerdctl login", "buildah login", "skopeo login", "helm registry login", "oras login", "az login", "cf login",
            "mongo", "mongosh", "mongodump", "mongorestore", "mongoexport", "mongoimport", "mongostat", "mongotop",
            "mongofiles"};
    private static final String[] LDAP = {"ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapwhoami",
            "ldappasswd", "ldapcompare", "ldapmodrdn", "ldapexop"};
    private static final String[] SAMBA = {"smbclient", "rpcclient", "smbcacls", "smbget", "smbtree", "net"};
    private static final String[] KEYTOOL = {"keytool", "jarsigner"};

    private static final Form[] FORMS = {
            new Form("-p", Value.GLUED, "", MYSQL),
            new Form("-p", Value.EITHER, "", LOGINS),
            // A wrapper: its own options, then the command it runs, whose options are that command's (ssh -p 2222).
            new Form("-p", Value.EITHER, "", "sshpass"),
            new Form("-a", Value.NEXT_WORD, "", "redis-cli", "valkey-cli", "keydb-cli"),
            new Form("-P", Value.EITHER, "", "zip", "unzip", "sqlcmd", "bcp"),
            new Form("-w", Value.EITHER, "", LDAP),
            new Form("-k", Value.NEXT_WORD, "", "openssl"),
            // user%password: the password after the first '%'.
            new Form("-U", Value.EITHER, "['\"]?[^\\s%'\"]*%", SAMBA),
            new Form("-storepass", Value.NEXT_WORD, "", KEYTOOL),
            new Form("-keypass", Value.NEXT_WORD, "", KEYTOOL),
            new Form("-srcstorepass", Value.NEXT_WORD, "", KEYTOOL),
            new Form("-deststorepass", Value.NEXT_WORD, "", KEYTOOL),
            new Form("-srckeypass", Value.NEXT_WORD, "", KEYTOOL),
            new Form("-destkeypass", Value.NEXT_WORD, "", KEYTOOL),
            new Form("-new", Value.NEXT_WORD, "", "keytool"),
    };

    /** Blanks between the words of a program such as "docker login", at most (a lookbehind needs a bound). */
    private static final int BLANKS = 16;

    /** Characters between the program and the option on one line, at most. */
    static final int WINDOW = 200;
    /** Lines a trailing backslash continues that may come between the program and the option, at most. */
    private static final int CONTINUED = 2;
    /**
     * What may come between the program and the option: a Java lookbehind needs an obvious bound, and a counted group has
     * none, so the continued lines are spelled out: [^\n]{0,W} (\\\r?\n [^\n]{0,W}){0,CONTINUED}.
     */
    private static final String LINES = continued(CONTINUED);

    /** Two of a wrapper's own options before the password's, each maybe with its value (sshpass -e -P prompt -p X). */
    private static final String WRAPPER_OPTIONS = ("(?:[ \\t]{1,8}-[A-Za-z]{1,2}(?:[ \\t]{1,8}[^\\s;&|-][^\\s;&|]{0,40})?)?").repeat(2);

    /** A command line's characters: a shell's ';', '&' and '|' end a command, and the next one's options are its own. */
    private static String continued(int lines) {
        String line = "[^\\n;&|]{0," + WINDOW + "}";
        return lines == 0 ? line : "(?:" + line + "\\\\\\r?\\n)?" + continued(lines - 1);
    }

    /**
     * A shell word: bare characters, a backslash escape, '...' or "..." (one left open runs to the line's end: a value
     * cut or garbled is still withheld). Possessive throughout, so a long value costs one pass.
     */
    private static final String WORD = "((?:\\\\[^\\n]|[^\\s'\"\\\\]|'[^'\\n]*+'?|\"(?:[^\"\\\\\\n]|\\\\[^\\n])*+\"?)++)";
    /** A name character: a program's word has none right before it. */
    private static final String NAME_CHAR = "[A-Za-z0-9_.-]";

    static final String REGEX = buildRegex();

    private static String buildRegex() {
        // A blank and a dash first, once for all forms, then each option and only then the look back for its program: a
        // bounded look-behind tries every start up to its length (about 640 here) wherever it is tried, so in front of
        // the option it cost that at every character of the text (MaskerTest's reference masker ran 5 minutes).
        StringBuilder r = new StringBuilder("(?-i:(?<=[ \\t])-(?:");
        for (Form f : FORMS) {
            StringBuilder programs = new StringBuilder();
            for (String p : f.programs()) {
                programs.append(programs.isEmpty() ? "" : "|").append(p.replace(" ", "[ \\t]{1," + BLANKS + "}"));
            }
            String window = f.programs().length == 1 && f.programs()[0].equals("sshpass") ? WRAPPER_OPTIONS : "(?:[ \\t]" + LINES + ")?";
            String option = f.option();
            // A look-behind tries each of its starts: a class of the programs' first letters turns most away in one look.
            StringBuilder first = new StringBuilder();
            for (String p : f.programs()) {
                if (first.indexOf(p.substring(0, 1)) < 0) first.append(p.charAt(0));
            }
            r.append(option.substring(1)).append("(?<=(?=[").append(first).append("])(?<!" + NAME_CHAR + ")(?:")
                    .append(programs).append(')')
                    .append(window).append("[ \\t]").append(option).append(')');
            String before = switch (f.value()) {
                case GLUED -> "";
                case NEXT_WORD -> "[ \\t]+(?!-)";
                case EITHER -> "(?:[ \\t]+(?!-))?";
            };
            r.append(before).append(f.valuePrefix()).append(WORD).append('|');
        }
        // gpg --passphrase X, any program's: --passphrase-fd and --passphrase-file go on past the word.
        r.append("-(?:[A-Za-z0-9]+-)*passphrase[ \\t]+(?!-)").append(WORD).append("))");
        return r.toString();
    }

    /**
     * A short option whose quoted value has begun but not ended ({@code -p'two words}, {@code -U 'ops%two}): a stream is
     * not cut inside it, but before the option, which keeps the program in the line's context.
     */
    static final java.util.regex.Pattern TRAILING_QUOTED = java.util.regex.Pattern.compile(
            "(?<=[ \\t])-[A-Za-z]{1,16}[ \\t]*[^\\s'\"]*['\"][^'\"\\n]*\\z");

    /**
     * Whether the line break at {@code nl} continues a command (a backslash before it): a stream is not cut there, so
     * the program stays in sight of an option on the lines after it. A run of such lines is held, as any line is.
     */
    static boolean continuedAt(CharSequence s, int nl) {
        int p = nl > 0 && s.charAt(nl - 1) == '\r' ? nl - 1 : nl;
        return p > 0 && s.charAt(p - 1) == '\\';
    }

    /** Program's last word -> the programs ending in it and the forms they take. */
    private static final Map<String, List<Entry>> BY_LAST_WORD = new HashMap<>();

    private record Entry(String[] words, Form form) {
    }

    static {
        for (Form f : FORMS) {
            for (String p : f.programs()) {
                String[] words = p.split(" ");
                BY_LAST_WORD.computeIfAbsent(words[words.length - 1], k -> new ArrayList<>()).add(new Entry(words, f));
            }
        }
    }

    /** The letters that may follow an option's dash here: anything else is turned away with one look. */
    private static final String OPTION_LETTERS = "pPawkUsdn-";

    /**
     * At the dash of {@code t[dash]} (a blank before it): {@code dash} when one of the forms' options starts there and
     * its program precedes it as {@link #REGEX} reads it, else -1. Loose where cheaper: the value is the regex's to judge.
     */
    static int at(CharSequence t, int dash) {
        if (dash < 1 || dash + 1 >= t.length() || OPTION_LETTERS.indexOf(t.charAt(dash + 1)) < 0) return -1;
        if (t.charAt(dash + 1) == '-') return passphraseAt(t, dash) ? dash : -1;
        boolean any = false;
        for (Form f : FORMS) {
            any |= Ascii.startsWith(t, f.option(), dash);
        }
        if (!any) return -1;
        // The program ends at a blank e: right before the option's blank, or before what LINES allows.
        if (programEndsAt(t, dash - 1, dash)) return dash;
        int seg = 0;  // characters of the line being walked, between e and the option (or a continuation)
        int seps = 0;
        for (int q = dash - 2; q >= 0; ) {
            char c = t.charAt(q);
            if (c == '\n') {
                int sep = q >= 1 && t.charAt(q - 1) == '\\' ? 2 : q >= 2 && t.charAt(q - 1) == '\r' && t.charAt(q - 2) == '\\' ? 3 : 0;
                if (sep == 0 || seps == CONTINUED) return -1;
                seps++;
                seg = 0;
                q -= sep;
                continue;
            }
            if (c == ';' || c == '&' || c == '|') return -1;
            if ((c == ' ' || c == '\t') && programEndsAt(t, q, dash)) return dash;
            if (++seg > WINDOW) return -1;
            q--;
        }
        return -1;
    }

    /** Whether --[word-]*passphrase and a blank start at dash. */
    private static boolean passphraseAt(CharSequence t, int dash) {
        int end = dash + 2;
        while (end < t.length() && end - dash < 64 && (Ascii.isAlnum(t.charAt(end)) || t.charAt(end) == '-')) end++;
        if (end >= t.length() || (t.charAt(end) != ' ' && t.charAt(end) != '\t')) return false;
        int s = end - "passphrase".length();
        return s >= dash + 2 && AssignmentKeys.word(t, s, end, "passphrase")
                && (s == dash + 2 || t.charAt(s - 1) == '-');
    }

    /** Whether a program whose form has the option at {@code dash} ends right before the blank {@code t[e]}. */
    private static boolean programEndsAt(CharSequence t, int e, int dash) {
        int start = nameStart(t, e);
        if (start == e || e - start > 24) return false;
        List<Entry> entries = BY_LAST_WORD.get(t.subSequence(start, e).toString());
        if (entries == null) return false;
        for (Entry en : entries) {
            Form f = en.form();
            if (Ascii.startsWith(t, f.option(), dash) && valueMayFollow(t, dash + f.option().length(), f.value())
                    && earlierWords(t, start, en.words())) return true;
        }
        return false;
    }

    /**
     * Whether a value as the form gives it may start at {@code p}, looser than {@link #REGEX}: a prompting option
     * ({@code mysql -p db}, {@code mongosh -p --host h}) then costs no region, whose regex would find nothing.
     */
    private static boolean valueMayFollow(CharSequence t, int p, Value value) {
        if (p >= t.length()) return true;
        char c = t.charAt(p);
        boolean blank = c == ' ' || c == '\t';
        if (!blank) return value != Value.NEXT_WORD && c != '\n' && c != '\r';
        if (value == Value.GLUED) return false;
        while (p < t.length() && (t.charAt(p) == ' ' || t.charAt(p) == '\t')) p++;
        return p >= t.length() || (t.charAt(p) != '-' && t.charAt(p) != '\n' && t.charAt(p) != '\r');
    }

    /** Whether words[0 .. n-2] precede the word at {@code start}, BLANKS blanks at most between, as the regex reads them. */
    private static boolean earlierWords(CharSequence t, int start, String[] words) {
        int end = start;
        for (int w = words.length - 2; w >= 0; w--) {
            int p = end;
            while (p > 0 && end - p <= BLANKS && (t.charAt(p - 1) == ' ' || t.charAt(p - 1) == '\t')) p--;
            if (p == end || end - p > BLANKS) return false;
            int s = nameStart(t, p);
            if (!words[w].contentEquals(t.subSequence(s, p))) return false;
            end = s;
        }
        return true;
    }

    /** Start of the run of name characters that ends at e. */
    private static int nameStart(CharSequence t, int e) {
        int s = e;
        while (s > 0 && e - s <= 24 && nameChar(t.charAt(s - 1))) s--;
        return s;
    }

    private static boolean nameChar(char c) {
        return Ascii.isAlnum(c) || c == '_' || c == '.' || c == '-';
    }
}
