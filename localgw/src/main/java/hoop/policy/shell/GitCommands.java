package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * git subcommands that run a command given on their own command line ("git rebase --exec CMD",
 * "git clone -u CMD", "git grep -OCMD", "git submodule foreach CMD", "git bisect run CMD"), and
 * "git config" storing a key that makes git run a command later. The command is judged like any
 * other; git's own options reach it only through these spellings.
 */
final class GitCommands {
    /** git's options before the subcommand that take the next word as their value. */
    static final Set<String> GLOBAL_WITH_VALUE = Set.of(
            "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env", "--attr-source");
    /**
     * git's own commands (git 2.39's --list-cmds=main,nohelpers, those of later versions and of its optional packages,
     * and git-lfs). Any other word runs an alias or a git-WORD program, which configuration hoop does not see defines
     * (a .git/config the script wrote, an earlier command's, the user's): an alias cannot shadow these.
     */
    private static final Set<String> KNOWN = Set.of(
            "add", "am", "annotate", "apply", "archimport", "archive", "backfill", "bisect", "blame", "branch",
            "bugreport", "bundle", "cat-file", "check-attr", "check-ignore", "check-mailmap", "check-ref-format",
            "checkout", "checkout-index", "cherry", "cherry-pick", "citool", "clean", "clone", "column", "commit",
            "commit-graph", "commit-tree", "config", "count-objects", "credential", "credential-cache", "credential-store",
            "cvsexportcommit", "cvsimport", "cvsserver", "daemon", "describe", "diagnose", "diff", "diff-files",
            "diff-index", "diff-tree", "difftool", "fast-export", "fast-import", "fetch", "fetch-pack", "filter-branch",
            "fmt-merge-msg", "for-each-ref", "for-each-repo", "format-patch", "fsck", "fsck-objects", "gc",
            "get-tar-commit-id", "grep", "gui", "hash-object", "help", "hook", "http-backend", "http-fetch", "http-push",
            "imap-send", "index-pack", "init", "init-db", "instaweb", "interpret-trailers", "last-modified", "lfs", "log",
            "ls-files", "ls-remote", "ls-tree", "mailinfo", "mailsplit", "maintenance", "merge", "merge-base",
            "merge-file", "merge-index", "merge-octopus", "merge-one-file", "merge-ours", "merge-recursive",
            "merge-recursive-ours", "merge-recursive-theirs", "merge-resolve", "merge-subtree", "merge-tree", "mergetool",
            "mktag", "mktree", "multi-pack-index", "mv", "name-rev", "notes", "p4", "pack-objects", "pack-redundant",
            "pack-refs", "patch-id", "pickaxe", "prune", "prune-packed", "pull", "push", "quiltimport", "range-diff",
            "read-tree", "rebase", "receive-pack", "reflog", "refs", "remote", "remote-ext", "remote-fd", "remote-ftp",
            "remote-ftps", "remote-http", "remote-https", "repack", "replace", "replay", "repo", "request-pull", "rerere",
            "reset", "restore", "rev-list", "rev-parse", "revert", "rm", "send-email", "send-pack", "shell", "shortlog",
            "show", "show-branch", "show-index", "show-ref", "sparse-checkout", "stage", "stash", "status", "stripspace",
            "submodule", "subtree", "svn", "switch", "symbolic-ref", "tag", "unpack-file", "unpack-objects",
            "update-index", "update-ref", "update-server-info", "upload-archive", "upload-pack", "var", "verify-commit",
            "verify-pack", "verify-tag", "version", "whatchanged", "worktree", "write-tree");
    /** Per subcommand, long options whose value is a shell command (git accepts unambiguous prefixes). */
    private static final Map<String, Set<String>> COMMAND_OPTIONS = Map.of(
            "rebase", Set.of("--exec"),
            "clone", Set.of("--upload-pack"),
            "fetch", Set.of("--upload-pack"),
            "pull", Set.of("--upload-pack"),
            "ls-remote", Set.of("--upload-pack"),
            "push", Set.of("--receive-pack", "--exec"),
            "archive", Set.of("--exec"),
            "difftool", Set.of("--extcmd"),
            "grep", Set.of("--open-files-in-pager"),
            "send-email", Set.of("--to-cmd", "--cc-cmd", "--header-cmd", "--sendmail-cmd"));
    /** Short spellings of the options above, per subcommand. */
    private static final Map<String, String> SHORT = Map.of(
            "rebase", "x", "clone", "u", "difftool", "x", "grep", "O");

    private GitCommands() {
    }

    static void judge(List<Word> args, int depth, Analysis an) {
        int j = 0;
        String gitDir = null;
        while (j < args.size() && args.get(j).value().startsWith("-")) {
            String v = args.get(j).value();
            if (v.equals("--git-dir") && j + 1 < args.size() && !args.get(j + 1).dynamic()) {
                gitDir = args.get(j + 1).value();
            } else if (v.startsWith("--git-dir=") && !args.get(j).dynamic()) {
                gitDir = v.substring(10);
            }
            if (args.get(j).value().equals("-C") && !args.get(j).dynamic() && j + 1 < args.size()) {
                // git -C DIR runs as if started in DIR, each -C from the one before: relative paths it is given
                // ("git -C /etc diff --no-index /dev/null shadow") are read there, as env -C's and sudo -D's are
                an.enterScope(args.get(j + 1));
            }
            j += GLOBAL_WITH_VALUE.contains(args.get(j).value()) ? 2 : 1;
        }
        // the configuration and hooks on disk where it runs name programs git runs (GitRepoConfig)
        GitRepoConfig.judge(gitDir, j >= args.size() ? "" : args.get(j).dynamic() ? "?" : args.get(j).value(), depth, an);
        if (j >= args.size()) {
            return;
        }
        String sub = args.get(j).value();
        if (!args.get(j).dynamic() && !KNOWN.contains(sub)) {
            an.unknown("git " + sub + " is no git command: an alias or another program, which configuration hoop does not see names");
            return;
        }
        List<Word> rest = args.subList(j + 1, args.size());
        switch (sub) {
            case "submodule" -> {
                int f = indexOf(rest, "foreach");
                if (f >= 0) {
                    int k = f + 1;
                    while (k < rest.size() && rest.get(k).value().startsWith("-")) {
                        k++;
                    }
                    joined("git submodule foreach", rest.subList(k, rest.size()), depth, an);
                }
            }
            case "bisect" -> {
                if (!rest.isEmpty() && rest.get(0).value().equals("run")) {
                    if (rest.size() > 1) {
                        an.resolver.resolve(rest.subList(1, rest.size()), depth, false);
                    }
                }
            }
            case "filter-branch" -> {
                for (int k = 0; k + 1 < rest.size(); k++) {
                    String v = rest.get(k).value();
                    if (v.startsWith("--") && (v.endsWith("-filter") || v.equals("--setup"))) {
                        nested("git filter-branch " + v, rest.get(++k), depth, an);
                    }
                }
            }
            case "config" -> config(rest, an);
            case "send-pack", "http-push" -> pushes(args.subList(0, j), rest, an);
            case "subtree" -> {
                // git subtree push runs "git push" itself
                if (!rest.isEmpty() && rest.get(0).value().startsWith("push")) {
                    pushes(args.subList(0, j), rest.subList(1, rest.size()), an);
                }
            }
            default -> commandOptions(sub, rest, depth, an);
        }
    }

    /**
     * GitHub's CLI publishing commits to a branch on GitHub as a push does: "gh pr merge" merges into the base branch
     * there, "gh repo sync OWNER/REPO" moves the fork's branch (by force with --force, as "git push --force"). Each is
     * also reported as the git push it amounts to; a sync of the local repository by force is a reset --hard of it.
     */
    static void gh(List<Word> args, Analysis an) {
        List<String> pos = new ArrayList<>();
        boolean force = false;
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k).value();
            if (v.equals("--force")) {
                force = true;
            } else if (Set.of("-b", "--branch", "-s", "--source", "-R", "--repo", "-t", "--subject", "-B", "--body",
                    "-F", "--body-file", "-A", "--author-email", "--match-head-commit").contains(v)) {
                k++;
            } else if (!v.startsWith("-")) {
                pos.add(v);
            }
        }
        if (pos.size() >= 2 && pos.get(0).equals("pr") && pos.get(1).equals("merge")) {
            an.resolver.emit("git", List.of(Word.literal("push")));
        } else if (pos.size() >= 2 && pos.get(0).equals("repo") && pos.get(1).equals("sync")) {
            if (pos.size() > 2) {
                an.resolver.emit("git", force ? List.of(Word.literal("push"), Word.literal("--force")) : List.of(Word.literal("push")));
            } else if (force) {
                an.resolver.emit("git", List.of(Word.literal("reset"), Word.literal("--hard")));
            }
        }
    }

    /**
     * send-pack and http-push update another repository's refs as push does ("git send-pack ../r.git main" pushed past
     * "git push*"): each is also reported as the push it is.
     */
    private static void pushes(List<Word> globals, List<Word> rest, Analysis an) {
        List<Word> push = new ArrayList<>(globals);
        push.add(Word.literal("push"));
        push.addAll(rest);
        an.resolver.emit("git", push);
    }

    private static void commandOptions(String sub, List<Word> rest, int depth, Analysis an) {
        Set<String> longs = COMMAND_OPTIONS.getOrDefault(sub, Set.of());
        String shorts = SHORT.getOrDefault(sub, "");
        for (int k = 0; k < rest.size(); k++) {
            String v = rest.get(k).value();
            if (v.equals("--")) {
                return;
            }
            if (v.startsWith("--") && v.length() > 3) {
                int eq = v.indexOf('=');
                String name = eq < 0 ? v : v.substring(0, eq);
                if (longs.stream().noneMatch(l -> l.startsWith(name))) {
                    continue;
                }
                if (eq >= 0) {
                    nested("git " + sub + " " + name, part(rest.get(k), v.substring(eq + 1)), depth, an);
                } else if (!sub.equals("grep") && k + 1 < rest.size()) {
                    nested("git " + sub + " " + name, rest.get(++k), depth, an);
                }
            } else if (v.length() > 1 && v.charAt(0) == '-' && v.charAt(1) != '-' && !shorts.isEmpty()) {
                int at = v.indexOf(shorts.charAt(0));
                if (at < 1) {
                    continue;
                }
                if (at + 1 < v.length()) {
                    nested("git " + sub + " -" + shorts, part(rest.get(k), v.substring(at + 1)),
                            depth, an);
                } else if (!sub.equals("grep") && k + 1 < rest.size()) {
                    nested("git " + sub + " -" + shorts, rest.get(++k), depth, an);
                }
            }
        }
    }

    /** "git config KEY VALUE" (or "config set KEY VALUE") with a key that runs commands later. */
    private static void config(List<Word> rest, Analysis an) {
        int k = 0;
        List<String> positionals = new ArrayList<>();
        while (k < rest.size()) {
            String v = rest.get(k).value();
            if (v.equals("-f") || v.equals("--file") || v.equals("--blob") || v.equals("--type")
                    || v.equals("--default") || v.equals("--comment") || v.equals("--value")) {
                k += 2;
                continue;
            }
            if (!v.startsWith("-")) {
                positionals.add(v);
            }
            k++;
        }
        if (!positionals.isEmpty() && Set.of("set", "add", "replace-all").contains(positionals.get(0))) {
            positionals = positionals.subList(1, positionals.size());
        }
        if (positionals.size() >= 2 && ProgramRules.riskyGitConfig(positionals.get(0))) {
            an.unknown("git config " + positionals.get(0) + " makes git run a command later");
        }
    }

    /** The value glued to an option word, or the word itself when it is computed at run time. */
    private static Word part(Word word, String value) {
        return word.dynamic() ? word : Word.literal(value);
    }

    private static void nested(String via, Word command, int depth, Analysis an) {
        if (command.dynamic()) {
            an.unknown(via + " command is computed at run time: " + command.value());
        } else {
            an.analyzeNested(command.value(), depth + 1);
        }
    }

    private static void joined(String via, List<Word> words, int depth, Analysis an) {
        StringBuilder sb = new StringBuilder();
        for (Word w : words) {
            if (w.dynamic()) {
                an.unknown(via + " command is built from run-time values: " + w.value());
                return;
            }
            sb.append(sb.isEmpty() ? "" : " ").append(w.value());
        }
        if (!sb.isEmpty()) {
            an.analyzeNested(sb.toString(), depth + 1);
        }
    }

    private static int indexOf(List<Word> words, String value) {
        for (int k = 0; k < words.size(); k++) {
            if (words.get(k).value().equals(value)) {
                return k;
            }
            if (!words.get(k).value().startsWith("-")) {
                return -1;
            }
        }
        return -1;
    }
}
