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

    /** Why a git directory named otherwise than .git or NAME.git is unknown. */
    static final String OTHER_GIT_DIR = "names a git directory not called .git or NAME.git, whose config (core.fsmonitor,"
            + " core.pager, hooks) was written unseen as any file: git runs the commands it names";

    /**
     * Whether a word given as git's directory (--git-dir, GIT_DIR) is one whose configuration and hooks hoop sees
     * written: .git or NAME.git, as GIT_FILE names them. "printf '[core]\\n\\tfsmonitor = CMD' > d/config;
     * git --git-dir=d status" ran CMD.
     */
    static boolean gitDirName(Word dir) {
        if (dir.dynamic()) {
            return false;
        }
        String v = dir.value();
        while (v.length() > 1 && v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v.equals(".git") || v.endsWith("/.git") || v.matches("(.*/)?[^/]+\\.git");
    }

    /**
     * Whether an absolute path is the config or a hook of a directory that is a git directory now (HEAD, objects and
     * refs in it) whatever its name: "git init --bare d" in one call, then "printf ... >> d/config" in another.
     */
    static boolean inGitDirOnDisk(String path) {
        if (path == null || !path.startsWith("/")) {
            return false;
        }
        java.nio.file.Path p = java.nio.file.Path.of(path);
        java.nio.file.Path dir = p.getParent();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("hooks")) {
            dir = dir.getParent();
        } else if (p.getFileName() != null && p.getFileName().toString().equals("hooks")) {
            dir = p.getParent();
        } else if (p.getFileName() == null || !p.getFileName().toString().matches("config(\\.worktree)?")) {
            return false;
        }
        return dir != null && java.nio.file.Files.isRegularFile(dir.resolve("HEAD"))
                && java.nio.file.Files.isDirectory(dir.resolve("objects")) && java.nio.file.Files.isDirectory(dir.resolve("refs"));
    }

    /** Whether an absolute, normalised path is git configuration or hooks (the gateway's user's ~ included). */
    public static boolean names(String path) {
        String home = PathNormalizer.fromHome(path, PathNormalizer.HOME);
        return GIT_FILE.matcher(path).matches() || home != null && GIT_FILE.matcher(home).matches();
    }

    /**
     * The directories this script makes git directories of before or after it writes their config or hooks: "git init
     * --bare d && printf '[core]\\n\\tfsmonitor = CMD' > d/config" is one call, so d is no git directory on disk yet
     * when the line is judged. git init and clone name them (a bare one's operands, --separate-git-dir), and so does a
     * file written as DIR/HEAD (git takes a directory holding HEAD, objects and refs for a repository). A directory
     * named by a computed word may be any: then every config or hooks write of the script is unknown.
     */
    static final class Made {
        private final Set<String> gitDirs = new java.util.HashSet<>();
        private final Set<String> configDirs = new java.util.HashSet<>();
        private boolean anyGitDir;
        private boolean anyConfigDir;
        /** Work trees git init / clone make (their .git is named so; what is unpacked into them is judged: GitPlants). */
        private final Set<String> workTrees = new java.util.HashSet<>();
        private boolean anyWorkTree;

        private void workTree(String dir) {
            if (dir == null) {
                anyWorkTree = true;
            } else {
                workTrees.add(dir);
            }
        }

        boolean inWorkTree(String dir) {
            return anyWorkTree || workTrees.stream().anyMatch(w -> dir.equals(w) || dir.startsWith(w.endsWith("/") ? w : w + "/"));
        }

        private void gitDir(String dir, Analysis an) {
            if (dir == null) {
                anyGitDir = true;
            } else {
                gitDirs.add(dir);
            }
            check(an);
        }

        private void configDir(String dir, Analysis an) {
            if (dir == null) {
                anyConfigDir = true;
            } else {
                configDirs.add(dir);
            }
            check(an);
        }

        private void check(Analysis an) {
            boolean met = anyGitDir && (anyConfigDir || !configDirs.isEmpty()) || anyConfigDir && !gitDirs.isEmpty()
                    || configDirs.stream().anyMatch(gitDirs::contains);
            if (met) {
                an.unknown("writes the config or hooks of a directory this script makes a git directory (git init or clone,"
                        + " or a HEAD written there): git runs the commands they name later");
            }
        }
    }

    /** git init / git clone: every directory they may make a git directory of (see {@link Made}). */
    static void noteRepositoryMade(String program, List<Word> args, Analysis an) {
        if (!program.equals("git")) {
            return;
        }
        String base = an.dir();
        int j = 0;
        for (; j < args.size(); j++) {
            Word w = args.get(j);
            String v = w.value();
            if (v.equals("-C") && j + 1 < args.size()) {
                Word c = args.get(++j);
                base = c.dynamic() ? null : PathNormalizer.landing(c.value(), base);
                if (c.dynamic()) {
                    an.gitMade.gitDir(null, an);  // a computed -C: where git init lands is unknown
                }
            } else if (v.equals("-c") || v.equals("--git-dir") || v.equals("--work-tree") || v.equals("--namespace")) {
                j++;
            } else if (!v.startsWith("-") || w.dynamic()) {
                break;
            }
        }
        if (j >= args.size() || !args.get(j).value().matches("init|clone")) {
            return;
        }
        boolean init = args.get(j).value().equals("init");
        boolean bare = false;
        List<Word> operands = new java.util.ArrayList<>();
        for (int k = j + 1; k < args.size(); k++) {
            Word w = args.get(k);
            String v = w.value();
            if (v.equals("--separate-git-dir") && k + 1 < args.size()) {
                madeAt(args.get(++k), base, an);
            } else if (v.startsWith("--separate-git-dir=")) {
                madeAt(w.dynamic() ? w : Word.literal(v.substring(v.indexOf('=') + 1)), base, an);
            } else if (v.equals("--bare") || v.equals("--mirror")) {
                bare = true;
            } else if (w.dynamic() || !v.startsWith("-")) {
                operands.add(w);  // an option's value read as an operand too: recording too many only refuses more
            }
        }
        if (!bare) {  // the work tree: its .git is named so, but an archive unpacked into it is judged (GitPlants)
            for (Word w : operands) {
                if (w.dynamic()) {
                    an.gitMade.workTree(null);
                    continue;
                }
                String v = w.value().replaceAll("/+$", "");
                an.gitMade.workTree(PathNormalizer.landing(v, base));
                String name = v.substring(v.lastIndexOf('/') + 1).replaceAll("\\.git$", "");
                an.gitMade.workTree(name.isEmpty() ? null : PathNormalizer.landing(name, base));  // clone's default
            }
            if (operands.isEmpty()) {
                an.gitMade.workTree(base);
            }
        }
        if (bare) {  // without --bare the git directory is the work tree's .git, which GIT_FILE names
            for (Word w : operands) {
                madeAt(w, base, an);
            }
            if (init && operands.isEmpty()) {
                an.gitMade.gitDir(base == null ? "." : base, an);
            }
        }
    }

    private static void madeAt(Word dir, String base, Analysis an) {
        an.gitMade.gitDir(dir.dynamic() ? null : PathNormalizer.landing(dir.value(), base), an);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    /** Notes a HEAD written (its directory may now be a git directory) or a config or hooks write (its directory's). */
    private static void noteWritten(Word word, String landed, Analysis an) {
        String name = landed.substring(landed.lastIndexOf('/') + 1);
        String dir = parent(landed);
        boolean hook = dir.equals("hooks") || dir.endsWith("/hooks");
        if (name.equals("HEAD")) {
            an.gitMade.gitDir(word.dynamic() ? null : dir, an);
        } else if (name.matches("config(\\.worktree)?") || name.equals("hooks")) {
            an.gitMade.configDir(word.dynamic() ? null : dir, an);
        } else if (hook) {
            an.gitMade.configDir(word.dynamic() ? null : parent(dir), an);
        }
    }

    static void judgeWrite(String program, List<Word> args, Analysis an) {
        noteRepositoryMade(program, args, an);
        if (!WRITERS.contains(program) && !COPIERS.contains(program) || program.equals("sed") && args.stream().noneMatch(
                a -> a.value().matches("-[a-zA-Z]*i.*|--in-place.*"))) {
            return;
        }
        for (Word a : COPIERS.contains(program) ? destinations(args) : args) {
            String v = a.value();
            String landed = PathNormalizer.landing(v, an.dir());
            if (landed != null) {
                noteWritten(a, landed, an);
            }
            for (String p : new String[] {PathNormalizer.normalize(v), landed, PathNormalizer.underHome(landed, an.home)}) {
                if (p != null && (GIT_FILE.matcher(p).matches() || inGitDirOnDisk(p))) {
                    an.unknown(program + " writes " + v + ", git configuration or hooks, which make git run commands later");
                    return;
                }
            }
        }
    }
}
