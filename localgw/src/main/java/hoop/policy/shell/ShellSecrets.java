package hoop.policy.shell;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords and tokens a command line gives as arguments, found by the option that takes them rather than by their
 * look: {@code mysql -pX}, {@code sshpass -p X}, {@code curl -u user:X}, {@code redis-cli -a X}, {@code --password X},
 * an {@code Authorization:} header. A detector cannot tell such a value from any other word, so without this the
 * recording and the approval prompt would keep it as typed. Found as the parser reads the line (quotes removed,
 * wrappers such as sudo or env unwrapped), then masked wherever the text spells them.
 */
public final class ShellSecrets {
    /** Shorter values are left alone: masking every "abc" in a command line would garble it for little gain. */
    static final int MIN_LENGTH = 4;
    /**
     * Words that make a long option's value a credential, as --name=X or --name X, on any program, wherever they
     * stand in its name: --password, --new-password, --master-user-password (rds), --secret-string (secretsmanager),
     * --api-key, --auth-token, --plaintext (kms encrypt)...
     */
    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pass", "passphrase", "secret", "token",
            "apikey", "credential", "credentials", "plaintext", "bearer");
    /** Last words of options that only name or describe a secret (--secret-id, --password-length, --token-file). */
    private static final Set<String> NAMING_WORDS = Set.of("id", "ids", "arn", "arns", "name", "names", "file", "files",
            "path", "dir", "length", "age", "required", "type", "types", "duration", "version", "versions", "policy", "prompt",
            "stdin", "env", "region", "count", "reset", "rotation", "url", "uri", "endpoint", "enabled", "disabled", "expiry",
            "expiration", "ttl", "lifetime", "format", "source", "prefix", "filter", "command", "cmd", "helper", "header",
            "store", "manager", "mode", "size", "timeout", "retries", "kms", "location");
    /** Tokens that page or make a call idempotent (--next-token, --client-token): no credential. */
    private static final Set<String> PAGING_WORDS = Set.of("next", "starting", "continuation", "client", "page", "pagination",
            "idempotency", "marker", "sync");
    private static final Set<String> MYSQL = Set.of("mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlshow",
            "mysqlcheck", "mysqlpump", "mariadb", "mariadb-dump", "mariadb-admin", "mariadb-import", "mariadb-show", "mariadb-check");
    private static final Set<String> LDAP = Set.of("ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldappasswd",
            "ldapwhoami", "ldapcompare", "ldapmodrdn");
    private static final Set<String> MONGO = Set.of("mongo", "mongosh", "mongodump", "mongorestore", "mongoexport",
            "mongoimport", "mongostat", "mongotop");
    private static final Set<String> HTTPIE = Set.of("http", "https", "xh", "xhs");
    /** A header carrying a credential: "Authorization: Bearer X", "X-Api-Key: X", "Private-Token: X". */
    private static final Pattern CREDENTIAL_HEADER = Pattern.compile(
            "(?i)^\\s*[\\w-]*(?:auth|token|key|secret|password|cookie)[\\w-]*\\s*:\\s*(?:(?:bearer|basic|token|digest)\\s+)?(\\S.*?)\\s*$");

    private ShellSecrets() {
    }

    /** The credentials an argv gives (a shell's -c script included); empty when there are none. */
    public static Set<String> in(List<String> argv) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> line : ShellClassifier.invocations(argv)) {
            arguments(line.get(0).toLowerCase(Locale.ROOT), line.subList(1, line.size()), out);
        }
        out.removeIf(s -> s.length() < MIN_LENGTH);
        return out;
    }

    private static void arguments(String program, List<String> args, Set<String> out) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            String prev = i > 0 ? args.get(i - 1) : "";
            // A header given to an HTTP client: after -H/--header, or as HTTPie's and xh's "Name:value" items.
            boolean headerPlace = prev.equals("-H") || prev.equals("--header") || HTTPIE.contains(program);
            boolean attached = a.startsWith("--header=") || a.startsWith("-H") && a.length() > 2;
            String value = !attached ? a : a.startsWith("--") ? a.substring(9) : a.substring(2);
            Matcher header = CREDENTIAL_HEADER.matcher(value);
            if ((headerPlace || attached) && value.contains(":") && header.matches()) {
                out.add(header.group(1));
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = (eq < 0 ? a.substring(2) : a.substring(2, eq)).toLowerCase(Locale.ROOT);
                // ssm put-parameter's --value is a parameter's value, SecureString or not (a String named .../password).
                if (secretOption(name) || program.equals("aws") && name.equals("value") && args.contains("put-parameter")) {
                    if (eq >= 0) out.add(a.substring(eq + 1));
                    else if (next != null && !next.startsWith("-")) out.add(next);
                } else if ((name.equals("user") || name.equals("proxy-user")) && program.equals("curl")) {
                    afterFirst(eq >= 0 ? a.substring(eq + 1) : next, ':', out);
                }
                continue;
            }
            if (program.equals("aws") && i >= 1 && args.get(i - 1).equals("configure") && a.equals("set") && next != null
                    && i + 2 < args.size() && secretOption(next.substring(next.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT))) {
                out.add(args.get(i + 2)); // aws configure set [profile.]aws_session_token VALUE
            } else if (MYSQL.contains(program) || program.equals("7z") || program.equals("7za")) {
                attached(a, "-p", out); // mysql -pX (a bare -p prompts); 7z -pX
            } else if (program.equals("sshpass")) {
                valueOf(a, next, "-p", out);
            } else if (program.equals("redis-cli")) {
                valueOf(a, next, "-a", out);
            } else if (program.equals("curl")) {
                user(a, next, out);
            } else if (program.equals("smbclient") || program.equals("rpcclient")) {
                if (a.equals("-U")) afterFirst(next, '%', out);
                else if (a.startsWith("-U")) afterFirst(a.substring(2), '%', out);
            } else if (program.equals("openssl")) {
                if (List.of("-pass", "-passin", "-passout").contains(a) && next != null) {
                    out.add(next.regionMatches(true, 0, "pass:", 0, 5) ? next.substring(5) : next);
                } else if (a.equals("-k") || a.equals("-K")) {
                    valueOf(a, next, a, out);
                }
            } else if (program.equals("zip") || program.equals("unzip") || program.equals("sqlcmd") || program.equals("bcp")) {
                valueOf(a, next, "-P", out);
            } else if (LDAP.contains(program)) {
                valueOf(a, next, "-w", out);
            } else if (MONGO.contains(program) || (List.of("docker", "podman", "nerdctl").contains(program) && args.contains("login"))) {
                valueOf(a, next, "-p", out);
            } else if (program.equals("htpasswd") && i == args.size() - 1 && !args.isEmpty() && args.get(0).startsWith("-")
                    && args.get(0).contains("b")) {
                out.add(a); // htpasswd -b file user password
            }
        }
    }

    /** An option name holding a secret word and not ending in a word that only names or describes one. */
    static boolean secretOption(String name) {
        if (name.startsWith("no-")) return false;
        String[] words = name.replace("api-key", "apikey").replace("api_key", "apikey").replace("access-key", "apikey")
                .replace("secret-key", "secret").replace("private-key", "secret").split("[-_.]");
        if (words.length == 0 || NAMING_WORDS.contains(words[words.length - 1])) return false;
        for (int i = 0; i < words.length; i++) {
            if (!SECRET_WORDS.contains(words[i])) continue;
            if (words[i].equals("token") && i > 0 && PAGING_WORDS.contains(words[i - 1])) continue;
            return true;
        }
        return false;
    }

    /** curl's -u/-U user:password, also at the end of a cluster of flags that take no value (-su, -sSLu). */
    private static void user(String a, String next, Set<String> out) {
        if (a.length() < 2 || a.charAt(0) != '-' || a.charAt(1) == '-') return;
        for (int k = 1; k < a.length(); k++) {
            char c = a.charAt(k);
            if (c == 'u' || c == 'U') {
                afterFirst(k == a.length() - 1 ? next : a.substring(k + 1), ':', out);
                return;
            }
            if ("sSfLkvIiNnRjJOGq#0123456".indexOf(c) < 0) return; // a flag taking a value: the rest is its value
        }
    }

    /** -xVALUE or -x VALUE. */
    private static void valueOf(String a, String next, String option, Set<String> out) {
        if (a.equals(option)) {
            if (next != null) out.add(next);
        } else {
            attached(a, option, out);
        }
    }

    private static void attached(String a, String option, Set<String> out) {
        if (a.startsWith(option) && a.length() > option.length()) out.add(a.substring(option.length()));
    }

    private static void afterFirst(String value, char separator, Set<String> out) {
        int at = value == null ? -1 : value.indexOf(separator);
        if (at >= 0 && at + 1 < value.length()) out.add(value.substring(at + 1));
    }
}
