package hoop.policy.shell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lexical path normalisation so {@code /etc/../etc//shadow} is judged as {@code /etc/shadow}. */
final class PathNormalizer {
    /**
     * /proc/PID/root and /proc/PID/cwd, the PID any component: self, a number, or one the shell computes ($$, $BASHPID,
     * $PPID, $(pgrep x), a glob); no other entry of /proc has a root or cwd under it.
     */
    private static final Pattern PROC_LINK = Pattern.compile("/proc/[^/]+/(root|cwd)(/.*)?");

    private PathNormalizer() {
    }

    /**
     * The gateway's own home ($HOME), where ~ leads for a command run as the gateway's user; null when unknown. A
     * command run as another user (run_as) has that user's home: see {@link SimpleCommand#home()}.
     */
    static final String HOME = home(System.getenv("HOME"));

    /**
     * A $HOME value normalised, or null when it is not absolute. The root is a home like any other (a container's root,
     * systemd-network): "cd; cat etc/shadow" and "cat ~/etc/shadow" read /etc/shadow. No path is folded into ~ for it
     * ({@link #fromHome} needs a '/' after the home), so rules on ~ do not meet every absolute path.
     */
    static String home(String value) {
        if (value == null || !value.startsWith("/")) {
            return null;
        }
        return normalize(value);
    }

    /**
     * A path inside the home directory as spelled from ~ ("/root/.ssh/id_rsa" is ~/.ssh/id_rsa), or null.
     *
     * @param home the home of the user the command runs as (normalised, see {@link #home}), or null when unknown
     */
    static String fromHome(String path, String home) {
        if (home == null || !path.startsWith(home) || path.length() > home.length() && path.charAt(home.length()) != '/') {
            return null;
        }
        return "~" + path.substring(home.length());
    }

    /** ~ and ~/PATH as the home directory's absolute path, or null for other words or an unknown home. */
    static String underHome(String path, String home) {
        if (home == null || !path.equals("~") && !path.startsWith("~/")) {
            return null;
        }
        return normalize(home + path.substring(1));
    }

    /**
     * Where a path that climbs out of its starting directory may land: "../../../etc/shadow" run from
     * three or fewer levels below / is /etc/shadow, and so is "~/../../etc/shadow" for a home two levels
     * deep or "~root/../etc/shadow". The start is not known when a pattern is matched (a cd can move it),
     * so the climb is taken to reach the root, the reading a deny rule on an absolute path must catch.
     * Returns null for a path that does not climb.
     */
    static String rooted(String arg) {
        String path = arg;
        if (path.startsWith("~")) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                return null;
            }
            path = path.substring(slash + 1);
        }
        if (path.startsWith("/") || path.indexOf("..") < 0) {
            return null;
        }
        String n = normalize(path);
        if (!n.equals("..") && !n.startsWith("../")) {
            return null;
        }
        while (n.startsWith("../")) {
            n = n.substring(3);
        }
        return n.equals("..") ? "/" : "/" + n;
    }

    /**
     * The file an argument may open, for rules that deny or review: a path glued to an option or an
     * operand name ("if=/etc/shadow", "-f/etc/shadow", "--file=..", curl's "@/etc/shadow",
     * "file:///etc/shadow") is taken out of its word; a relative path is resolved against the directory
     * an earlier cd moved to ("cd /etc && cat shadow"), or else, if it climbs, read from the root.
     *
     * @param dir the directory an earlier cd named, or null
     */
    static String landing(String arg, String dir) {
        return landing(arg, dir, null);
    }

    /**
     * The same, knowing the home the command runs with: a path from ~ lands in that home, so a rule naming the absolute
     * path meets it ("cat ~/x" run as agent is /home/agent/x), and one that climbs out of it lands where it leads from
     * there ("~/../alice/.ssh/id_rsa" from /home/bob is /home/alice/.ssh/id_rsa), not from the root as when the home's
     * depth is unknown.
     */
    static String landing(String arg, String dir, String home) {
        String path = embeddedPath(arg);
        String word = path != null ? path : arg;
        word = throughProc(word);
        if (home != null && (word.equals("~") || word.startsWith("~/"))) {
            return normalize(home + word.substring(1));
        }
        if (dir != null && !word.isEmpty() && "/~-".indexOf(word.charAt(0)) < 0) {
            return normalize(dir + "/" + word);
        }
        String r = rooted(word);
        return r != null ? r : normalize(word);
    }

    /**
     * /proc/self/root (or /proc/PID/root, /proc/$$/root, /proc/thread-self/root) is a link to /, and .../cwd to the
     * working directory: "cat /proc/self/root/etc/shadow" reads /etc/shadow.
     */
    private static String throughProc(String word) {
        String w = word;
        for (int i = 0; i < 8 && w.startsWith("/"); i++) {
            Matcher m = PROC_LINK.matcher(normalize(w));
            if (!m.matches()) {
                break;
            }
            String rest = m.group(2) == null ? "" : m.group(2);
            w = m.group(1).equals("root") ? (rest.isEmpty() ? "/" : rest) : "." + rest;
        }
        return w;
    }

    private static String embeddedPath(String arg) {
        String url = fileUrlPath(arg);
        if (url != null) {
            return url;
        }
        for (String glue : new String[] {"=", "@"}) {
            int at = arg.indexOf(glue);
            String glued = at >= 0 ? fileUrlPath(arg.substring(at + 1)) : null;
            if (glued != null) {
                return glued; // --url=file:///etc/shadow
            }
            if (at >= 0 && at + 1 < arg.length() && "/~.".indexOf(arg.charAt(at + 1)) >= 0) {
                return arg.substring(at + 1);
            }
        }
        // a short option with its value attached: -f/etc/shadow, -T/etc/shadow
        if (arg.length() > 3 && arg.charAt(0) == '-' && Character.isLetter(arg.charAt(1))
                && "/~".indexOf(arg.charAt(2)) >= 0) {
            return arg.substring(2);
        }
        return null;
    }

    /**
     * A file URL as curl, wget and browsers read it: the scheme in any case, no host or the local one (file:/p,
     * file:///p, FILE://localhost/p, file://127.0.0.1/p all open /p), %XX escapes decoded, a query or fragment cut off.
     */
    private static final Pattern FILE_URL = Pattern.compile(
            "(?i)file:(?://(?:localhost|127\\.0\\.0\\.1|\\[::1]|)(?=/))?(/[^?#]*).*");

    private static String fileUrlPath(String arg) {
        Matcher m = FILE_URL.matcher(arg);
        if (!m.matches()) {
            return null;
        }
        String path = m.group(1);
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    static String normalize(String arg) {
        if (arg.indexOf('/') < 0) {
            return arg;
        }
        int eq = arg.indexOf('=');
        if (arg.startsWith("-") && eq > 0 && eq < arg.indexOf('/')) {
            return arg.substring(0, eq + 1) + normalize(arg.substring(eq + 1));
        }
        boolean absolute = arg.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : arg.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!absolute) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
