package hoop.policy.shell;

import java.util.List;

/**
 * git commands that throw away work git holds nowhere else: changes in the working tree (checkout -- PATH, checkout -f,
 * restore, reset --hard, switch --discard-changes, and the plumbing under them: checkout-index -f, read-tree --reset
 * -u; worktree remove --force), untracked files (clean), a stash (drop, clear), and the reflog that still holds what
 * a reset left behind (reflog expire --expire=..., reflog delete). Commits a command moves a branch away from stay in
 * the reflog, so they are not counted here; deleting a branch (branch -D) or a remote's (push --force, :ref) loses its
 * reflog, and {@link ServiceLoss} counts those.
 */
final class GitDiscards {
    private GitDiscards() {
    }

    /** @param dir where the command runs, absolute; null when the analysis cannot know */
    static String of(List<String> args, OptionAliases.Parsed p, String dir) {
        List<String> pos = p.positionals();
        if (pos.isEmpty()) return null;
        String sub = pos.get(0);
        boolean force = p.options().contains("-f");
        return switch (sub) {
            case "clean" -> force ? "git clean removes untracked files" : null;
            case "reset" -> p.options().contains("--hard") || p.options().stream().anyMatch(o -> o.length() >= 5 && "--hard".startsWith(o))
                    ? "git reset --hard discards uncommitted changes" : null;
            case "checkout" -> force || pathsAfterDashes(args, sub) || pathOperands(args, sub) || fileNotRef(args, sub, dir)
                    || pos.subList(1, pos.size()).stream().anyMatch(GitDiscards::wholeTree)
                    ? "git checkout over paths discards their uncommitted changes" : null;
            case "restore" -> worktree(p) ? "git restore discards uncommitted changes" : null;
            case "switch" -> force || p.options().contains("--discard-changes") ? "git switch --discard-changes discards uncommitted changes" : null;
            case "checkout-index" -> force ? "git checkout-index -f overwrites uncommitted changes" : null;
            case "read-tree" -> p.options().contains("-u") && p.options().stream().anyMatch(o -> o.length() >= 5
                    && "--reset".startsWith(o)) ? "git read-tree --reset -u discards uncommitted changes" : null;
            case "worktree" -> force && pos.size() > 1 && pos.get(1).equals("remove")
                    ? "git worktree remove --force discards the worktree's uncommitted changes" : null;
            case "reflog" -> pos.size() > 1 && (pos.get(1).equals("delete") || pos.get(1).equals("expire")
                    && p.options().stream().anyMatch(o -> o.startsWith("--expire")))
                    ? "git reflog " + pos.get(1) + " throws away what only the reflog holds" : null;
            case "apply" -> reverses(p) ? "git apply -R undoes changes in the working tree (of git diff: uncommitted ones)" : null;
            case "stash" -> pos.size() > 1 && (pos.get(1).equals("drop") || pos.get(1).equals("clear"))
                    ? "git stash " + pos.get(1) + " throws a stash away" : null;
            default -> null;
        };
    }

    /**
     * "git apply -R" takes a patch's changes back out of the files: fed "git diff", the uncommitted ones, which git holds
     * nowhere else. Where the patch came from the command does not say, so every reverse apply counts, except one that
     * only reports (--check, --stat, --numstat, --summary without --apply) or touches the index alone (--cached).
     */
    private static boolean reverses(OptionAliases.Parsed p) {
        java.util.Set<String> o = new java.util.HashSet<>(p.options());
        boolean reverse = o.contains("-R") || o.stream().anyMatch(x -> x.length() >= 5 && "--reverse".startsWith(x));
        boolean reportsOnly = !o.contains("--apply") && (o.contains("--check") || o.contains("--stat")
                || o.contains("--numstat") || o.contains("--summary"));
        return reverse && !reportsOnly && !o.contains("--cached");
    }

    /** "git checkout [REV] -- PATH...": the paths are overwritten from the index or REV. */
    private static boolean pathsAfterDashes(List<String> args, String sub) {
        int at = args.indexOf(sub);
        int dashes = at < 0 ? -1 : args.subList(at, args.size()).indexOf("--");
        return dashes >= 0 && at + dashes + 1 < args.size();
    }

    /**
     * "git checkout REV PATH...", "git checkout ./PATH": a branch is switched to by one name, so a second operand
     * (without "--" between), or one only a path can be, makes the operands paths overwritten from REV or the index,
     * as "--" would; so does --pathspec-from-file. The values of -b, -B and --orphan are no operands ("git checkout
     * -b topic origin/main" switches). A single bare name that is a file ("git checkout a.txt") reads as a branch.
     */
    private static boolean pathOperands(List<String> args, String sub) {
        int at = args.indexOf(sub);
        if (at < 0) return false;
        int operands = 0;
        for (int j = at + 1; j < args.size() && !args.get(j).equals("--"); j++) {
            String a = args.get(j);
            if (a.startsWith("--pathspec-from-file")) return true;
            if (a.equals("--orphan") || a.matches("-[a-zA-Z]*[bB]")) {
                j++;  // the new branch's name
            } else if (a.equals("-") || !a.startsWith("-")) {
                operands++;
                if (onlyAPath(a)) return true;
            }
        }
        return operands >= 2;
    }

    /**
     * "git checkout a.txt": one bare operand switches to the branch or tag of that name, and when there is none but a
     * file or directory of that name, checks it out from the index over its uncommitted changes. Where the command
     * runs is known here, so the name is looked up as git does: a file, and no ref of that name in the repository.
     */
    private static boolean fileNotRef(List<String> args, String sub, String dir) {
        if (dir == null) return false;
        int at = args.indexOf(sub);
        List<String> operands = new java.util.ArrayList<>();
        for (int j = at + 1; at >= 0 && j < args.size() && !args.get(j).equals("--"); j++) {
            String a = args.get(j);
            if (a.equals("--orphan") || a.matches("-[a-zA-Z]*[bB]")) return false;  // a new branch
            if (!a.startsWith("-")) operands.add(a);
        }
        if (operands.size() != 1) return false;
        String name = operands.get(0);
        java.nio.file.Path base = java.nio.file.Path.of(dir);
        if (!java.nio.file.Files.exists(base.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) return false;
        return !GitRefs.named(base, name);
    }

    /** A name no ref can have: git refuses refs that begin with "." or "/" or hold "..", "/." or a trailing "/". */
    private static boolean onlyAPath(String operand) {
        return operand.startsWith(".") && !operand.equals("-") || operand.startsWith("/") || operand.contains("..")
                || operand.contains("/.") || operand.endsWith("/");
    }

    /** A pathspec for everything or a directory's worth: ".", ":/", a magic one, a glob. */
    private static boolean wholeTree(String path) {
        return path.equals(".") || path.equals("./") || path.startsWith(":") || path.indexOf('*') >= 0;
    }

    /** restore touches the working tree unless it was told only --staged (-S). */
    private static boolean worktree(OptionAliases.Parsed p) {
        boolean staged = p.options().contains("-S") || p.options().contains("--staged");
        boolean worktree = p.options().contains("-W") || p.options().contains("--worktree");
        return !staged || worktree;
    }
}
