package hoop.policy.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configuration and hooks a git command reads on disk where it runs. A program git runs from configuration
 * (core.fsmonitor, core.pager, filter.X.smudge, credential.helper, ...) or a hook is in no word of the line, and how it
 * got there (an archive hoop could not list, a copy of a tree, an earlier call) cannot be told: "tar xJf evil.txz" then,
 * in a later call, "git status" there ran the core.fsmonitor the archive held. So before every git command the files
 * git would read are read (system, global from the run user's home, the repository found from where the command runs,
 * config.worktree, include.path and includeIf.*.path followed) and each program they name is judged as a command the
 * line runs, as is every hook in the hooks directory (core.hooksPath or GIT_DIR/hooks). A hook or value hoop cannot read
 * as shell (another interpreter, too long, unreadable config) and a git command run in a computed directory are unknown.
 */
final class GitRepoConfig {
    private GitRepoConfig() {
    }

    private static final int MAX_INCLUDES = 10;
    private static final long MAX_FILE = 256 * 1024;
    /** The hooks git runs (githooks(5)), by the names git looks for. */
    private static final Set<String> HOOKS = Set.of("applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit",
            "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "post-checkout", "post-merge",
            "pre-push", "pre-receive", "update", "proc-receive", "post-receive", "post-update", "reference-transaction",
            "push-to-checkout", "pre-auto-gc", "post-rewrite", "sendemail-validate", "fsmonitor-watchman", "p4-changelist",
            "p4-prepare-changelist", "p4-post-changelist", "p4-pre-submit", "post-index-change");
    /** Subcommands that find no repository (clone and init make one; its configuration is new). */
    private static final Set<String> NO_REPOSITORY = Set.of("clone", "init", "init-db", "version", "help", "");

    private record Entry(String key, String value, Path file) {
    }

    /**
     * @param gitDir the --git-dir given (literal), or null to find the repository from where the command runs
     * @param sub    the subcommand ("" when none)
     */
    static void judge(String gitDir, String sub, int depth, Analysis an) {
        if (an.readingGitConfig) {
            return;  // a program the configuration names that runs git: that git reads the same files
        }
        an.readingGitConfig = true;
        try {
            judgeFiles(gitDir, sub, depth, an);
        } finally {
            an.readingGitConfig = false;
        }
    }

    private static void judgeFiles(String gitDir, String sub, int depth, Analysis an) {
        if (an.cwd == null) {
            return;  // a partial analysis with no place on disk (FileOperands reading a substitution's words)
        }
        List<Entry> entries = new ArrayList<>();
        String home = home(an);
        if (home == null) {
            return;  // unknown already said
        }
        read(Path.of("/etc/gitconfig"), entries, 0, an);
        String xdg = an.literalValue("XDG_CONFIG_HOME");
        if (xdg == null && an.runTimeValue("XDG_CONFIG_HOME")) {
            an.unknown("git reads its configuration from $XDG_CONFIG_HOME, set at run time");
            return;
        }
        if (xdg != null && xdg.startsWith("/") || !home.isEmpty()) {
            read(Path.of(xdg != null && xdg.startsWith("/") ? xdg : home + "/.config", "git", "config"), entries, 0, an);
        }
        if (!home.isEmpty()) {
            read(Path.of(home, ".gitconfig"), entries, 0, an);
        }
        Path repo = null;
        Path workTree = null;
        if (!NO_REPOSITORY.contains(sub)) {
            String dir = an.dir();
            if (gitDir == null && an.runTimeValue("GIT_DIR")) {
                an.unknown("git reads the repository GIT_DIR names, set at run time, whose configuration can make git run commands");
                return;
            }
            gitDir = gitDir != null ? gitDir : an.literalValue("GIT_DIR");  // GIT_DIR=d/.git git status reads d/.git/config
            if (gitDir != null) {
                repo = gitDir.startsWith("/") ? Path.of(gitDir) : dir == null ? null : Path.of(dir, gitDir);
            } else if (dir != null) {
                Path[] found = discover(Path.of(dir));
                repo = found == null ? null : found[0];
                workTree = found == null ? null : found[1];
            }
            if (repo == null && (gitDir != null || dir == null)) {
                an.unknown("git runs in a directory computed at run time, whose repository configuration and hooks (which"
                        + " make git run commands) hoop cannot read");
                return;
            }
        }
        Path common = repo;
        if (repo != null) {
            common = commonDir(repo);
            read(common.resolve("config"), entries, 0, an);
            read(repo.resolve("config.worktree"), entries, 0, an);
        }
        String hooksPath = null;
        String templateDir = null;
        for (Entry e : entries) {
            String k = e.key();
            if (k.equals("core.hookspath")) {
                hooksPath = e.value();
            } else if (k.equals("init.templatedir")) {
                templateDir = e.value();
            }
            if (k.matches("protocol\\.(ext\\.)?allow") && !e.value().equalsIgnoreCase("never")) {
                an.unknown("git configuration (" + e.file() + ") allows the ext:: transport, which runs a command a URL names");
            }
            String program = program(k, e.value(), sub);
            if (program != null) {
                an.analyzeNested(program, depth + 1, "sh");
            }
        }
        if (hooksPath != null && !hooksPath.isEmpty()) {
            Path p = Path.of(tilde(hooksPath, home));
            hooks(p.isAbsolute() ? p : (workTree != null ? workTree : common != null ? common : Path.of("/")).resolve(p), sub, depth, an);
        } else if (common != null) {
            hooks(common.resolve("hooks"), sub, depth, an);
        }
        if (templateDir != null && NO_REPOSITORY.contains(sub) && !templateDir.isEmpty()) {
            hooks(Path.of(tilde(templateDir, home)).resolve("hooks"), sub, depth, an);
        }
    }

    /** The top of the work tree git finds from dir (absolute), or null when there is none. */
    static String topLevel(String dir) {
        Path[] found = discover(Path.of(dir));
        return found == null || found[1] == null ? null : found[1].toString();
    }

    /**
     * The home git reads ~/.gitconfig from: the script's HOME if it set one, else the run user's, "" when there is none;
     * null (unknown said) when the script set one at run time.
     */
    private static String home(Analysis an) {
        String set = an.literalValue("HOME");
        if (set != null && set.startsWith("/")) {
            return set;
        }
        if (set != null || an.runTimeValue("HOME")) {
            an.unknown("git reads ~/.gitconfig from a HOME hoop cannot tell, whose configuration can make git run commands");
            return null;
        }
        // no HOME for the command (a gateway started without one): git reads no global file either
        return an.home == null ? "" : an.home;
    }

    private static String tilde(String path, String home) {
        return home.isEmpty() ? path : path.equals("~") ? home : path.startsWith("~/") ? home + path.substring(1) : path;
    }

    /** The git directory and work tree git finds from dir (a .git directory or file, or a bare repository), or null. */
    private static Path[] discover(Path dir) {
        for (Path p = dir.normalize(); p != null; p = p.getParent()) {
            Path dotGit = p.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                return new Path[] {dotGit, p};
            }
            if (Files.isRegularFile(dotGit)) {
                try {
                    String line = Files.readString(dotGit).strip();
                    if (line.startsWith("gitdir:")) {
                        Path g = Path.of(line.substring(7).strip());
                        return new Path[] {g.isAbsolute() ? g : p.resolve(g).normalize(), p};
                    }
                } catch (IOException | RuntimeException e) {
                    return new Path[] {dotGit, p};  // read as far as it goes: the file's config is none
                }
            }
            if (Files.isRegularFile(p.resolve("HEAD")) && Files.isDirectory(p.resolve("objects")) && Files.isDirectory(p.resolve("refs"))) {
                return new Path[] {p, null};
            }
        }
        return null;
    }

    /** A linked worktree's git directory names the repository's in its commondir file. */
    private static Path commonDir(Path repo) {
        try {
            Path f = repo.resolve("commondir");
            if (Files.isRegularFile(f)) {
                Path c = Path.of(Files.readString(f).strip());
                return c.isAbsolute() ? c : repo.resolve(c).normalize();
            }
        } catch (IOException | RuntimeException e) {
            // no commondir: the repository is its own
        }
        return repo;
    }

    /** The shell text git runs for a key, or null when the key names no program (or not for this subcommand). */
    static String program(String key, String value, String sub) {
        if (value == null || value.isEmpty() || !ProgramRules.riskyGitConfig(key)) {
            return null;
        }
        String[] parts = key.split("\\.");
        String last = parts[parts.length - 1];
        String first = parts[0];
        boolean bool = value.matches("(?i)true|false|yes|no|on|off|0|1|-?\\d+");
        return switch (first) {
            // an alias runs only as the subcommand it names; one for a command git has not is unknown elsewhere
            case "alias" -> key.substring(6).equalsIgnoreCase(sub) ? (value.startsWith("!") ? value.substring(1) : "git " + value) : null;
            case "include", "includeif", "init", "http", "ssh" -> null;  // files followed, hooks read, no program
            case "protocol" -> null;  // see judge: the ext transport runs a command from a URL
            // a plain NAME runs git-credential-NAME from PATH, a program like any the line could name itself
            case "credential" -> value.startsWith("!") ? value.substring(1) : value.contains("/") ? value : null;
            case "remote" -> last.equals("vcs") ? "git-remote-" + value : value;
            case "uploadpack" -> last.equals("packobjectshook") ? value : null;
            case "receive" -> null;
            case "filter" -> last.equals("required") ? null : value;
            case "guitool" -> last.equals("cmd") ? value : null;
            case "sendemail" -> last.equals("smtpserver") && !value.startsWith("/") ? null : value;
            case "core", "pager" -> key.equals("core.hookspath") || bool ? null : value;
            default -> value;
        };
    }

    /**
     * Subcommands that write no commit, ref or work-tree file: of the hooks, git runs at most post-index-change (status and
     * diff refresh the index and may write it). A repository with a pre-commit hook in Python (the pre-commit framework,
     * husky) left "git status" and "git log" there unknown. Any other subcommand may run any hook.
     */
    private static final Set<String> READS = Set.of("status", "diff", "log", "show", "blame", "annotate", "grep", "ls-files",
            "ls-tree", "ls-remote", "rev-parse", "rev-list", "cat-file", "describe", "shortlog", "show-ref", "for-each-ref",
            "name-rev", "check-ignore", "check-attr", "diff-tree", "diff-files", "diff-index", "count-objects", "var",
            "whatchanged", "version", "help", "show-branch", "cherry", "range-diff", "merge-base", "verify-commit", "verify-tag");

    /** Whether git may run the hook of this name for subcommand sub. */
    private static boolean mayRun(String hook, String sub) {
        return !READS.contains(sub) || hook.equals("post-index-change");
    }

    /** Each hook git would run from dir for sub is judged as the shell script it is; another interpreter's is unknown. */
    private static void hooks(Path dir, String sub, int depth, Analysis an) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (String name : HOOKS) {
            if (!mayRun(name, sub)) {
                continue;
            }
            Path h = dir.resolve(name);
            if (!Files.isRegularFile(h) || !Files.isExecutable(h)) {
                continue;  // git runs only an executable hook
            }
            String text;
            try {
                text = Files.size(h) > MAX_FILE ? null : Files.readString(h, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException | RuntimeException e) {
                text = null;
            }
            String interpreter = text == null ? null : !text.startsWith("#!") ? "sh" : text.lines().findFirst().orElse("")
                    .substring(2).strip().replaceFirst("^/usr/bin/env\\s+", "").replaceFirst("^(/usr)?/bin/", "");
            if (interpreter == null || !interpreter.matches("(sh|bash|dash)(\\s.*)?") || text.indexOf('\0') >= 0) {
                an.unknown("git runs the hook " + h + ", a program hoop cannot read as a shell script");
            } else {
                an.analyzeNested(text, depth + 1, interpreter.startsWith("bash") ? "bash" : "sh");
            }
        }
    }

    /** Reads a config file's entries (following includes); one hoop cannot parse is unknown. A missing file is none. */
    private static void read(Path file, List<Entry> out, int includes, Analysis an) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        if (includes > MAX_INCLUDES) {
            an.unknown("git configuration includes more than " + MAX_INCLUDES + " files deep: " + file);
            return;
        }
        List<Entry> entries;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IOException("too long");
            }
            entries = parse(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8), file);
        } catch (IOException | RuntimeException e) {
            if (Files.isReadable(file) || file.startsWith("/etc")) {
                an.unknown("git reads configuration hoop cannot read (" + file + "), which can make git run commands");
            }
            return;  // a file git cannot read either is none to it (a root-owned one a run_as user does not see)
        }
        for (Entry e : entries) {
            out.add(e);
            if (e.key().equals("include.path") || e.key().startsWith("includeif.") && e.key().endsWith(".path")) {
                String home = an.literalValue("HOME") != null ? an.literalValue("HOME") : an.home;
                Path p = Path.of(home == null ? e.value() : tilde(e.value(), home));
                read(p.isAbsolute() ? p : file.getParent().resolve(p), out, includes + 1, an);
            }
        }
    }

    /** git-config(1)'s syntax: [section], [section "sub"], [section.sub], key = value, quotes, escapes, continuations. */
    static List<Entry> parse(String text, Path file) {
        List<Entry> out = new ArrayList<>();
        String section = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '#' || c == ';') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '[') {
                int end = text.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed section");
                }
                String head = text.substring(i + 1, end).strip();
                int q = head.indexOf('"');
                if (q >= 0) {
                    String sub = head.substring(q + 1, head.lastIndexOf('"')).replaceAll("\\\\(.)", "$1");
                    section = head.substring(0, q).strip().toLowerCase(Locale.ROOT) + "." + sub;
                } else {
                    section = head.toLowerCase(Locale.ROOT);
                }
                i = end + 1;
            } else {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '-')) {
                    i++;
                }
                if (i == start || section == null) {
                    throw new IllegalArgumentException("bad line");
                }
                String name = text.substring(start, i).toLowerCase(Locale.ROOT);
                while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && text.charAt(i) == '=') {
                    i = value(text, i + 1, value);
                } else {
                    value.append("true");
                }
                // section and key are lower case to git; a subsection keeps its case
                out.add(new Entry(section + "." + name, value.toString(), file));
            }
        }
        return out;
    }

    /** Reads a value up to its line's end: quotes kept out, escapes read, a backslash-newline continues it. */
    private static int value(String text, int i, StringBuilder out) {
        boolean quoted = false;
        int n = text.length();
        int trailing = 0;  // unquoted trailing blanks are dropped
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' && !quoted) {
                break;
            }
            if ((c == '#' || c == ';') && !quoted) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                break;
            }
            if (c == '"') {
                quoted = !quoted;
                trailing = 0;
            } else if (c == '\\' && i + 1 < n) {
                char e = text.charAt(++i);
                trailing = 0;
                switch (e) {
                    case '\n' -> { }
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'b' -> { if (!out.isEmpty()) out.setLength(out.length() - 1); }
                    case '"', '\\' -> out.append(e);
                    default -> throw new IllegalArgumentException("bad escape");
                }
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (!out.isEmpty()) {
                    out.append(c);
                    trailing++;
                }
            } else if (c != '\r') {
                out.append(c);
                trailing = 0;
            }
            i++;
        }
        out.setLength(out.length() - trailing);
        return i;
    }
}
