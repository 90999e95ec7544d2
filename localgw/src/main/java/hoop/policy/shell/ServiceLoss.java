package hoop.policy.shell;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Commands that destroy data held elsewhere than in local files, where no copy is kept: a remote branch rewritten or
 * deleted (git push --force, +ref, :ref, --delete, --mirror), a branch deleted unmerged (git branch -D), a crontab,
 * containers and volumes (docker rm, volume rm/prune, system prune, compose down -v), infrastructure (terraform
 * destroy, apply -destroy), databases and their tables (dropdb, DROP/TRUNCATE/DELETE without WHERE through psql, mysql
 * or sqlite3, redis FLUSHALL), a bucket's objects (aws s3 rm --recursive, rb --force, sync --delete), the aws stores that
 * hold data (dynamodb delete-table, rds delete-db-instance, ec2 delete-volume, sqs purge-queue, ...), cluster objects
 * (kubectl delete, replace --force, apply --prune, drain deleting emptyDir data) and volumes (zfs destroy, lvremove).
 */
final class ServiceLoss {
    private ServiceLoss() {
    }

    private static final Set<String> CONTAINER_CLIS = Set.of("docker", "podman", "nerdctl");
    private static final Set<String> TERRAFORMS = Set.of("terraform", "tofu", "terragrunt");
    private static final Set<String> VOLUME_REMOVERS = Set.of("lvremove", "vgremove", "pvremove");
    /** mongo shell code dropping a database or collection, or deleting every document. */
    private static final Pattern MONGO_DROP = Pattern.compile(
            "dropDatabase\\s*\\(|\\.drop\\s*\\(|(deleteMany|remove)\\s*\\(\\s*\\{\\s*}\\s*\\)");
    /** SQL that drops or empties a table, schema or database: DROP x, TRUNCATE, DELETE FROM t with no WHERE. */
    private static final Pattern DESTRUCTIVE_SQL = Pattern.compile(
            "(?is).*\\b(drop\\s+(table|database|schema|view|materialized|index|sequence|owned|collection|keyspace|user|role)"
            + "|truncate\\b|alter\\s+table\\b.*\\bdrop\\b|delete\\s+from\\s+[\\w.\"`\\[\\]]+\\s*(;|$)).*");

    static String of(String program, List<String> args, OptionAliases.Parsed p) {
        List<String> pos = p.positionals();
        if (CONTAINER_CLIS.contains(program)) return container(program, p);
        if (program.equals("docker-compose") || program.equals("podman-compose")) return compose(program, pos, p);
        if (TERRAFORMS.contains(program)) return terraform(program, verbs(p), args);
        if (VOLUME_REMOVERS.contains(program)) return program + " removes a volume and what it holds";
        return switch (program) {
            case "git" -> git(pos, p);
            case "gh" -> pos.size() >= 2 && (pos.get(0).equals("repo") || pos.get(0).equals("release")) && pos.get(1).equals("delete")
                    ? "gh " + pos.get(0) + " delete deletes it on GitHub with what it holds" : null;
            case "crontab" -> p.options().stream().anyMatch(o -> o.startsWith("-") && !o.startsWith("--") && o.contains("r"))
                    || p.options().contains("--remove") ? "crontab -r removes the whole crontab" : null;
            case "dropdb", "dropuser", "pg_dropcluster" -> program + " drops what it names with everything in it";
            case "mysqladmin" -> pos.stream().anyMatch(a -> a.equalsIgnoreCase("drop")) ? "mysqladmin drop drops a database" : null;
            case "psql", "mysql", "mariadb", "sqlite3", "cockroach", "clickhouse-client" -> sql(program, args);
            case "redis-cli", "valkey-cli", "keydb-cli" -> pos.stream().anyMatch(a -> a.equalsIgnoreCase("flushall")
                    || a.equalsIgnoreCase("flushdb")) ? program + " FLUSHALL/FLUSHDB deletes every key" : null;
            case "aws" -> s3(pos, p) != null ? s3(pos, p) : awsDataStore(pos, p);
            case "kubectl", "oc" -> kubectl(program, verbs(p), p, args);
            case "helm" -> verbs(p).stream().anyMatch(v -> v.equals("uninstall") || v.equals("delete") || v.equals("del")
                    || v.equals("un")) ? "helm uninstall deletes a release's objects" : null;
            case "zfs", "zpool" -> !pos.isEmpty() && (pos.get(0).equals("destroy") || pos.get(0).equals("labelclear"))
                    ? program + " " + pos.get(0) + " removes a pool or dataset" : null;
            case "rclone" -> !pos.isEmpty() && Set.of("purge", "delete", "deletefile", "sync", "rmdirs", "cleanup")
                    .contains(pos.get(0)) ? "rclone " + pos.get(0) + " deletes files at the remote" : null;
            case "gsutil" -> pos.contains("rm") && p.options().stream().anyMatch(o -> o.equals("-r") || o.equals("-R")
                    || o.equals("-a")) || pos.contains("rb") && p.options().contains("-f")
                    ? "gsutil rm -r deletes every object under a prefix" : null;
            case "gcloud" -> pos.size() > 1 && pos.get(0).equals("storage") && pos.get(1).equals("rm")
                    && (p.options().contains("-r") || p.options().contains("--recursive"))
                    ? "gcloud storage rm -r deletes every object under a prefix" : null;
            case "s3cmd", "mc" -> pos.stream().anyMatch(x -> Set.of("del", "rm", "rb").contains(x))
                    && (p.options().contains("-r") || p.options().contains("--recursive") || p.options().contains("--force"))
                    ? program + " deletes every object under a prefix" : null;
            case "mongosh", "mongo" -> args.stream().anyMatch(a -> MONGO_DROP.matcher(a).find())
                    ? program + " drops or empties a database or collection" : null;
            case "etcdctl" -> pos.contains("del") && (p.options().contains("--prefix") || p.options().contains("--from-key"))
                    ? "etcdctl del --prefix deletes every key under a prefix" : null;
            case "consul" -> pos.contains("kv") && pos.contains("delete") && args.contains("-recurse")
                    ? "consul kv delete -recurse deletes every key under a prefix" : null;
            case "journalctl" -> args.stream().anyMatch(a -> a.startsWith("--vacuum-"))
                    ? "journalctl --vacuum deletes journal files" : null;
            case "sgdisk", "sfdisk" -> args.stream().anyMatch(a -> a.matches("-[a-zA-Z]*[Zzo][a-zA-Z]*|--zap(-all)?|--clear"
                    + "|--delete")) ? program + " erases a partition table" : null;
            case "cryptsetup" -> pos.stream().anyMatch(x -> x.equals("erase") || x.equals("luksErase")
                    || x.equals("luksKillSlot")) ? "cryptsetup erase destroys the keys to a volume" : null;
            case "btrfs" -> pos.size() > 1 && pos.get(0).startsWith("sub") && pos.get(1).startsWith("del")
                    ? "btrfs subvolume delete removes a subvolume" : null;
            default -> null;
        };
    }

    /**
     * The words that may be the subcommand: the first operand and, when that one stands right after an option (which
     * may have taken it as its value: "docker -H host rm x", "kubectl -n prod delete"), the next ones as well.
     */
    private static List<String> verbs(OptionAliases.Parsed p) {
        List<String> pos = p.positionals();
        int k = 0;
        while (k < pos.size() && p.afterOption().contains(k)) k++;
        return pos.subList(0, Math.min(pos.size(), k + 1));
    }

    /** The positionals after the verb found (the first of verbs that is one of {@code names}), or null. */
    private static List<String> after(OptionAliases.Parsed p, Set<String> names) {
        List<String> pos = p.positionals();
        for (String v : verbs(p)) {
            if (names.contains(v)) {
                int at = pos.indexOf(v);
                return pos.subList(at + 1, pos.size());
            }
        }
        return null;
    }

    private static String git(List<String> pos, OptionAliases.Parsed p) {
        if (pos.isEmpty()) return null;
        boolean force = p.options().contains("-f");
        boolean delete = p.options().contains("-d");
        return switch (pos.get(0)) {
            case "push" -> force ? "git push --force replaces what the remote holds, which keeps no copy"
                    : delete ? "git push deletes a branch or tag on the remote" : null;
            case "branch" -> p.options().contains("-D") || force && delete
                    ? "git branch -D deletes a branch whether or not its commits are merged" : null;
            case "update-ref" -> delete ? "git update-ref -d deletes a ref whether or not its commits are merged" : null;
            // -f removes files whose changes the index does not hold; --cached leaves the working tree alone
            case "rm" -> force && !p.options().contains("--cached")
                    ? "git rm -f removes files with changes git holds nowhere" : null;
            default -> null;
        };
    }

    private static String container(String program, OptionAliases.Parsed p) {
        List<String> rest = after(p, Set.of("rm", "container", "volume", "system", "compose", "pod", "network"));
        if (rest == null) return null;
        String verb = p.positionals().get(p.positionals().size() - rest.size() - 1);
        String sub = rest.isEmpty() ? "" : rest.get(0);
        return switch (verb) {
            case "rm" -> program + " rm removes containers and what they hold";
            case "container", "pod" -> sub.equals("rm") || sub.equals("prune") ? program + " " + verb + " " + sub
                    + " removes containers and what they hold" : null;
            case "volume" -> sub.equals("rm") || sub.equals("prune") ? program + " volume " + sub + " removes volumes" : null;
            case "system" -> sub.equals("prune") || sub.equals("reset") ? program + " system " + sub
                    + " removes stopped containers and what they hold" : null;
            case "compose" -> compose(program + " compose", rest, p);
            default -> null;
        };
    }

    private static final Set<String> COMPOSE_VERBS = Set.of("attach", "build", "commit", "config", "cp", "create", "down",
            "events", "exec", "export", "images", "kill", "logs", "ls", "pause", "port", "ps", "pull", "push", "restart",
            "rm", "run", "scale", "start", "stats", "stop", "top", "unpause", "up", "version", "wait", "watch");

    /** compose's verb is its first word that is one (its own options' values stand before it: -f x.yml). */
    private static String compose(String program, List<String> pos, OptionAliases.Parsed p) {
        String verb = pos.stream().filter(COMPOSE_VERBS::contains).findFirst().orElse("");
        if (verb.equals("rm")) return program + " rm removes containers and what they hold";
        return verb.equals("down") && (p.options().contains("-v") || p.options().contains("--volumes"))
                ? program + " down -v removes the project's volumes" : null;
    }

    /** terraform's options take one dash: -destroy (or -destroy=true) is one option, not a cluster. */
    private static String terraform(String program, List<String> verbs, List<String> args) {
        // terragrunt run-all destroy: the verb may follow a wrapper's own
        if (verbs.contains("destroy") || program.equals("terragrunt") && args.contains("destroy")) {
            return program + " destroy removes the infrastructure it manages";
        }
        return verbs.contains("apply") && args.stream().anyMatch(a -> a.matches("--?destroy(=true)?"))
                ? program + " apply -destroy removes the infrastructure it manages" : null;
    }

    private static String sql(String program, List<String> args) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            String text = null;
            if (Set.of("-c", "--command", "-e", "--execute", "--query", "-q").contains(a) && k + 1 < args.size()) {
                text = args.get(k + 1);
            } else if (a.startsWith("--command=") || a.startsWith("--execute=") || a.startsWith("--query=")) {
                text = a.substring(a.indexOf('=') + 1);
            } else if (a.length() > 2 && (a.startsWith("-c") || a.startsWith("-e")) && !a.startsWith("--")) {
                text = a.substring(2);
            } else if (program.equals("sqlite3") && !a.startsWith("-")) {
                text = a; // sqlite3 DB SQL...
            }
            if (text != null && DESTRUCTIVE_SQL.matcher(text).matches()) {
                return program + " runs SQL that drops or empties a table or database";
            }
        }
        return null;
    }

    private static String s3(List<String> pos, OptionAliases.Parsed p) {
        // aws --profile x --region y s3 ...: the global options' values stand before the service
        int s3 = pos.indexOf("s3");
        if (s3 < 0 || s3 + 1 >= pos.size()) return null;
        Set<String> o = p.options();
        return switch (pos.get(s3 + 1)) {
            case "rm" -> o.contains("--recursive") ? "aws s3 rm --recursive deletes every object under a prefix" : null;
            case "rb" -> o.contains("--force") ? "aws s3 rb --force deletes a bucket with its objects" : null;
            case "sync" -> o.contains("--delete") ? "aws s3 sync --delete deletes what the source lacks" : null;
            default -> null;
        };
    }

    /**
     * An aws operation that deletes a store with what it holds: a table, database, volume, snapshot, file system,
     * backup, stream, log group, search domain, repository, vault, queue's messages or stack, by the noun its
     * operation name ends with (delete-table, delete-db-cluster-snapshot, purge-queue).
     */
    private static final Pattern AWS_DATA_DELETE = Pattern.compile("(delete|purge)(-[a-z0-9]+)*-(table|tables|database"
            + "|db-instance|db-cluster|cluster|volume|snapshot|file-system|backup|backup-vault|recovery-point|stream"
            + "|log-group|log-stream|domain|elasticsearch-domain|repository|vault|archive|keyspace|ledger|namespace|stack"
            + "|replication-group|cache-cluster|serverless-cache|queue|bucket-contents)");

    private static String awsDataStore(List<String> pos, OptionAliases.Parsed p) {
        for (int k = 1; k < pos.size(); k++) {
            String op = pos.get(k);
            if (AWS_DATA_DELETE.matcher(op).matches() || op.equals("delete-secret")
                    && p.options().contains("--force-delete-without-recovery")) {
                return "aws " + pos.get(k - 1) + " " + op + " deletes a store and what it holds";
            }
        }
        return null;
    }

    private static String kubectl(String program, List<String> verbs, OptionAliases.Parsed p, List<String> args) {
        Set<String> o = p.options();
        String verb = verbs.stream().filter(v -> Set.of("delete", "replace", "apply", "drain").contains(v)).findFirst()
                .orElse("");
        return switch (verb) {
            case "delete" -> program + " delete removes cluster objects and what they hold";
            case "replace" -> o.contains("--force") ? program + " replace --force deletes and recreates objects" : null;
            case "apply" -> o.stream().anyMatch(x -> x.startsWith("--prune"))
                    ? program + " apply --prune deletes objects the files do not name" : null;
            case "drain" -> args.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).startsWith("--delete-emptydir-data")
                    || a.startsWith("--delete-local-data")) ? program + " drain deletes pods' emptyDir data" : null;
            default -> null;
        };
    }
}
