package hoop.policy.shell;

import java.util.List;
import java.util.Locale;

/**
 * git commands that lose commits or objects no other ref keeps, beyond those {@link GitDiscards} and
 * {@link ServiceLoss} count: renaming or copying a branch by force over one of that name (branch -M, -C) drops that
 * branch with its reflog as branch -D does; gc with a prune date other than its default, prune and repack -a -d delete
 * the unreachable objects that are the last copy of a dropped stash or a deleted branch; and configuration that makes
 * a push force or mirror (-c remote.X.push=+ref, remote.X.mirror, git config of either, remote add --mirror) arms a
 * plain "git push" to replace what the remote holds.
 */
final class GitHistoryLoss {
    private GitHistoryLoss() {
    }

    static String of(List<String> args, OptionAliases.Parsed p) {
        List<String> pos = p.positionals();
        if (pos.isEmpty()) return null;
        var o = p.options();
        String sub = pos.get(0);
        if (configured(args, "gc.pruneexpire") || configured(args, "gc.reflogexpire")) {
            // any command may start gc on its own ("git -c gc.auto=1 -c gc.pruneExpire=now commit")
            return "git under an earlier prune or reflog expiry date deletes unreachable commits, the last copy of what was dropped";
        }
        return switch (sub) {
            case "branch" -> o.contains("-M") || o.contains("-C") || o.contains("-f") && (o.contains("-m") || o.contains("-c")
                    || o.contains("--move") || o.contains("--copy"))
                    ? "git branch -M replaces a branch of the new name, and its reflog, whether or not its commits are merged" : null;
            case "gc" -> o.stream().anyMatch(x -> x.startsWith("--prune=") && !x.equals("--prune=never"))
                    ? "git gc with an earlier prune date deletes unreachable commits, the last copy of what was dropped" : null;
            case "prune" -> o.contains("-n") || o.stream().anyMatch(x -> x.length() >= 5 && "--dry-run".startsWith(x))
                    ? null : "git prune deletes unreachable commits, the last copy of what was dropped";
            case "repack" -> (o.contains("-a") || o.contains("--all")) && o.contains("-d") && !o.contains("-A")
                    && !o.contains("-k") && !o.contains("--keep-unreachable") && !o.contains("--cruft")
                    ? "git repack -a -d drops unreachable objects, the last copy of what was dropped" : null;
            case "push" -> configuredForce(args)
                    ? "git push under configuration that forces or mirrors replaces what the remote holds" : null;
            case "config" -> armsForce(pos.subList(1, pos.size()))
                    ? "git config of a forcing push refspec or a mirror makes every later push replace what the remote holds" : null;
            case "remote" -> pos.size() > 1 && pos.get(1).equals("add") && o.stream().anyMatch(x -> x.startsWith("--mirror"))
                    ? "git remote add --mirror makes every later push replace what the remote holds" : null;
            default -> null;
        };
    }

    /** git's own "-c KEY=VALUE" (or -cKEY=VALUE) before the subcommand, for a key with this prefix. */
    private static boolean configured(List<String> args, String keyPrefix) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (!a.startsWith("-")) return false;
            String kv = a.equals("-c") && k + 1 < args.size() ? args.get(++k) : a.startsWith("-c") ? a.substring(2) : null;
            String lower = kv == null ? "" : kv.toLowerCase(Locale.ROOT);
            if (lower.startsWith(keyPrefix) && !lower.endsWith("=never")) return true;
            if (!a.equals("-c") && GitCommands.GLOBAL_WITH_VALUE.contains(a)) k++;
        }
        return false;
    }

    private static boolean configuredForce(List<String> args) {
        for (int k = 0; k + 1 < args.size(); k++) {
            if (!args.get(k).startsWith("-")) return false;
            String kv = args.get(k).equals("-c") ? args.get(k + 1) : args.get(k).startsWith("-c") ? args.get(k).substring(2) : null;
            int eq = kv == null ? -1 : kv.indexOf('=');
            if (eq > 0 && forcing(kv.substring(0, eq), kv.substring(eq + 1))) return true;
        }
        return false;
    }

    /**
     * "git config [set|--add] remote.X.push +ref" or "remote.X.mirror true": the key is found by its name, since an
     * option's value ("-f .git/config") stands among the positionals.
     */
    private static boolean armsForce(List<String> pos) {
        for (int k = 0; k + 1 < pos.size(); k++) {
            if (forcing(pos.get(k), pos.get(k + 1))) return true;
        }
        return false;
    }

    private static boolean forcing(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (!k.startsWith("remote.")) return false;
        String v = value.toLowerCase(Locale.ROOT);
        return k.endsWith(".push") && v.startsWith("+") || k.endsWith(".mirror") && !List.of("false", "no", "off", "0", "").contains(v);
    }
}
