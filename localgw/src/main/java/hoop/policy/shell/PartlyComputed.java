package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A path argument part of which is computed when the line runs: "cat /etc/$(echo shadow)", "cat $(dirname /etc/x)/shadow",
 * "read f; cat ~/.ssh/$f". A rule on a path meets it where the text written before the computed part leads into the
 * rule's path (a directory of it at least: "/etc/", "~/.ssh/id_"), or the text written after it ends with one or more
 * whole names as the rule's path does ("/shadow"). A word computed whole ("cat $(cmd)") is still read as written, or
 * every "cat $(mktemp)" would meet a rule on /etc/shadow; so is a written end that only a rule's trailing '*' could
 * reach ("$(git rev-parse --show-toplevel)/README.md" is no /etc/shadow*), since each name is matched by itself.
 */
final class PartlyComputed {
    private PartlyComputed() {
    }

    /** Marks the end of a written head, so normalising keeps a partial last name ("/etc/sha"). */
    private static final String END = "\u0001";

    static boolean matches(ArgvPattern pattern, SimpleCommand cmd, List<String> pathWords) {
        if (cmd.runTimeArgs() == null || pathWords.isEmpty()) {
            return false;
        }
        for (int k : cmd.runTimeArgs()) {
            if (k >= cmd.args().size()) {
                continue;
            }
            // as written, and with the script's own variables expanded ("$HOME/.ssh/$(ls ~/.ssh | head -1)")
            String raw = cmd.args().get(k);
            String guessed = cmd.guessedArgs() == null ? raw : cmd.guessedArgs().get(k);
            if (meets(pattern, cmd, k, raw, pathWords) || !guessed.equals(raw) && meets(pattern, cmd, k, guessed, pathWords)) {
                return true;
            }
        }
        return false;
    }

    private static boolean meets(ArgvPattern pattern, SimpleCommand cmd, int k, String text, List<String> pathWords) {
        int first = firstExpansion(text);
        if (first < 0) {
            return false;
        }
        String head = text.substring(0, first);
        String tail = tail(text);
        boolean opened = FileOperands.reads(cmd.program(), cmd.args(), k) && !FileOperands.printsNoPath(text);
        for (String word : pathWords) {
            String example = example(word);
            if (leadsInto(head, example, cmd.dir(), cmd.home()) || endsAs(tail, word, cmd.home()) || opened && anyDirectory(head) && !settled(tail, word, cmd.home())) {
                List<String> args = new ArrayList<>(cmd.args());
                args.set(k, example);
                if (pattern.matchesLanded(cmd.withArgs(args))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the computed part may start a path of its own: nothing or a glued option before it ("if=", "--file="),
     * or a directory ending in '/', out of which a computed "../.." climbs. After a partial name ("~/.ssh/known_$x")
     * it can only go down a directory of that name first.
     */
    private static boolean anyDirectory(String head) {
        return head.indexOf('/') < 0 || head.endsWith("/");
    }

    /**
     * Whether the text written after the computed part fixes the file's last name as one the rule's cannot be: a
     * name after a '/' ("$(git rev-parse --show-toplevel)/README.md"), or an extension the rule's name lacks, its
     * trailing '*' aside ("/var/log/$(date +%F).log"). Nothing written before it does: a computed "../../etc/shadow"
     * leaves any directory ("/var/log/$(..)"), so the value may be any path.
     */
    private static boolean settled(String tail, String word, String home) {
        int slash = tail.lastIndexOf('/');
        if (slash >= 0) {
            String name = tail.substring(slash + 1);
            return !name.isEmpty() && !name.equals("..") && !name.equals(".") && !names(tail).contains("..")
                    && !endsAs(tail, word, home);
        }
        if (!tail.startsWith(".")) {
            return false;
        }
        List<String> names = names(PathNormalizer.normalize(word));
        String last = names.isEmpty() ? "" : names.get(names.size() - 1);
        String core = last.endsWith("*") && !last.endsWith("\\*") ? last.substring(0, last.length() - 1) : last;
        // a name the rule's can be and that ends so: "secret.key" ends ".key"; "*.pem" matches "x.pem"
        return !example(core).endsWith(tail) && !Glob.matches(core, tail) && !Glob.matches(core, "x" + tail);
    }

    private static int firstExpansion(String raw) {
        int dollar = raw.indexOf('$');
        int tick = raw.indexOf('`');
        return dollar < 0 ? tick : tick < 0 ? dollar : Math.min(dollar, tick);
    }

    /** The text after the last expansion: after its closing ')', '}' or '`', or after the name of a $name. */
    private static String tail(String raw) {
        int close = Math.max(raw.lastIndexOf(')'), Math.max(raw.lastIndexOf('}'), raw.lastIndexOf('`')));
        String t = raw.substring(close + 1);
        int dollar = t.lastIndexOf('$');
        if (dollar >= 0) {
            int end = dollar + 1;
            while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) {
                end++;
            }
            t = t.substring(end);
        }
        return t;
    }

    private static boolean leadsInto(String head, String example, String dir, String home) {
        if (head.indexOf('/') < 0) {
            return false;
        }
        String landed = PathNormalizer.landing(head + END, dir);
        if (!landed.endsWith(END)) {
            return false;
        }
        landed = landed.substring(0, landed.length() - 1);
        if (!landed.startsWith("/") && !landed.startsWith("~/")) {
            return false;
        }
        String exampleHome = PathNormalizer.underHome(example, home);
        String landedHome = PathNormalizer.underHome(landed.startsWith("~/") ? landed + END : "", home);
        return example.startsWith(landed) || exampleHome != null && exampleHome.startsWith(landed)
                || landedHome != null && example.startsWith(landedHome.substring(0, landedHome.length() - 1));
    }

    private static boolean endsAs(String tail, String word, String userHome) {
        if (!tail.startsWith("/")) {
            return false;
        }
        List<String> names = names(tail);
        if (names.isEmpty() || names.contains("..")) {
            return false;
        }
        String n = PathNormalizer.normalize(word);
        String home = PathNormalizer.underHome(n, userHome);
        return endsWithNames(names(n), names) || home != null && endsWithNames(names(home), names);
    }

    private static boolean endsWithNames(List<String> pattern, List<String> names) {
        if (names.size() > pattern.size() || pattern.get(0).equals("~") && names.size() == pattern.size()) {
            return false;
        }
        for (int k = 1; k <= names.size(); k++) {
            if (!Glob.matches(pattern.get(pattern.size() - k), names.get(names.size() - k))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> names(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/+")) {
            if (!p.isEmpty() && !p.equals(".")) {
                out.add(p);
            }
        }
        return out;
    }

    /** A path the glob matches: '*' as nothing, '?' and a negated class as '_', a class as its first character. */
    static String example(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                out.append(glob.charAt(++i));
            } else if (c == '?') {
                out.append('_');
            } else if (c == '[' && Glob.bracketEnd(glob, i) > 0) {
                int end = Glob.bracketEnd(glob, i);
                char f = glob.charAt(i + 1);
                out.append(f == '!' || f == '^' ? '_' : f);
                i = end;
            } else if (c != '*') {
                out.append(c);
            }
        }
        return PathNormalizer.normalize(out.toString());
    }
}
