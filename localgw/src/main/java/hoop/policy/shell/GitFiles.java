package hoop.policy.shell;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * git's configuration and hooks are commands git runs later: core.fsmonitor on "git status", core.pager, an alias,
 * a pre-commit hook on "git commit". "git config core.fsmonitor CMD" is unknown; writing the file itself
 * ("printf '[core]\n\tfsmonitor = CMD' >> .git/config; git status") did the same unseen, and so does a file written
 * now that a later command's git reads. A redirection or a program writing such a file makes the script unknown.
 */
public final class GitFiles {
    /** A repository's config, worktree config or hooks (or its whole git directory); a user's or the system's config. */
    private static final Pattern GIT_FILE = Pattern.compile(
            "(.*/)?([^/]*\\.git|\\.git)(/(config(\\.worktree)?|hooks(/.*)?|worktrees/[^/]+/config\\.worktree))?"
            + "|(.*/)?\\.gitconfig|(.*/)?\\.config/git/config|/etc/gitconfig");
    /** Programs that write the files their words name (with sed, only -i does). */
    private static final Set<String> WRITERS = Set.of(">", "tee", "dd", "sed", "curl", "wget");
    /** Programs that write only their last operand (or -t DIR): their sources are read. */
    private static final Set<String> COPIERS = Set.of("cp", "mv", "install", "ln", "rsync");

    private GitFiles() {
    }

    /** The last operand and any -t/--target-directory value. */
    private static List<Word> destinations(List<Word> args) {
        List<Word> out = new java.util.ArrayList<>();
        Word last = null;
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k).value();
            if ((v.equals("-t") || v.equals("--target-directory")) && k + 1 < args.size()) {
                out.add(args.get(++k));
            } else if (v.startsWith("--target-directory=") || v.startsWith("-t") && v.length() > 2 && !v.startsWith("--")) {
                out.add(Word.literal(v.substring(v.startsWith("-t") ? 2 : v.indexOf('=') + 1)));
            } else if (!v.startsWith("-")) {
                last = args.get(k);
            }
        }
        if (last != null) {
            out.add(last);
        }
        return out;
    }

    /** Whether an absolute, normalised path is git configuration or hooks (the gateway's user's ~ included). */
    public static boolean names(String path) {
        String home = PathNormalizer.fromHome(path, PathNormalizer.HOME);
        return GIT_FILE.matcher(path).matches() || home != null && GIT_FILE.matcher(home).matches();
    }

    static void judgeWrite(String program, List<Word> args, Analysis an) {
        if (!WRITERS.contains(program) && !COPIERS.contains(program) || program.equals("sed") && args.stream().noneMatch(
                a -> a.value().matches("-[a-zA-Z]*i.*|--in-place.*"))) {
            return;
        }
        for (Word a : COPIERS.contains(program) ? destinations(args) : args) {
            String v = a.value();
            String landed = PathNormalizer.landing(v, an.dir());
            for (String p : new String[] {PathNormalizer.normalize(v), landed, PathNormalizer.underHome(landed, an.home)}) {
                if (p != null && GIT_FILE.matcher(p).matches()) {
                    an.unknown(program + " writes " + v + ", git configuration or hooks, which make git run commands later");
                    return;
                }
            }
        }
    }
}
