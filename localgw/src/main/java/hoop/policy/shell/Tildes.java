package hoop.policy.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Bash's tilde prefixes beyond a plain ~ under the inherited $HOME: ~user is that user's home directory, ~+ the
 * working directory, ~- the one before the last cd, and ~ itself the script's own HOME once it sets one. Each reads
 * the same file as the path it stands for ("cat ~root/.ssh/id_rsa" is ~/.ssh/id_rsa when the gateway runs as root).
 */
final class Tildes {
    private Tildes() {
    }

    /** Where the expansion looks its values up; null where the script does not show them. */
    record Context(String home, boolean homeSet, String dir, String oldDir) {
    }

    private static volatile Map<String, String> homes;

    /**
     * The word with its tilde prefix (leading, or after the '=' of an option or assignment) replaced, or null when it
     * has none this can resolve: a plain ~ under the inherited HOME stays as written, since rules name paths from ~.
     */
    static String expand(String word, Context at) {
        if (word.startsWith("~")) {
            return replace(word, at);
        }
        int eq = word.indexOf('=');
        if (eq > 0 && eq + 1 < word.length() && word.charAt(eq + 1) == '~') {
            String tail = replace(word.substring(eq + 1), at);
            return tail == null ? null : word.substring(0, eq + 1) + tail;
        }
        return null;
    }

    private static String replace(String word, Context at) {
        int slash = word.indexOf('/');
        String prefix = slash < 0 ? word.substring(1) : word.substring(1, slash);
        String rest = slash < 0 ? "" : word.substring(slash);
        String base;
        if (prefix.isEmpty()) {
            base = at.homeSet() ? at.home() : null;
        } else if (prefix.equals("+")) {
            base = at.dir();
        } else if (prefix.equals("-")) {
            base = at.oldDir();
        } else if (prefix.matches("[A-Za-z_][A-Za-z0-9_.-]*\\$?")) {
            base = homes().get(prefix);
        } else {
            base = null;
        }
        return base == null || base.isEmpty() ? null : base + rest;
    }

    /** Users' home directories as /etc/passwd lists them, read once: bash looks ~user up there (getpwnam). */
    private static Map<String, String> homes() {
        Map<String, String> h = homes;
        if (h == null) {
            h = new HashMap<>();
            try {
                for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 6 && f[5].startsWith("/")) {
                        h.putIfAbsent(f[0], f[5]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no table: ~user stays as written, as bash leaves a name it cannot look up
            }
            homes = h;
        }
        return h;
    }
}
