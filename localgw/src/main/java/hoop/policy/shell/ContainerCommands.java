package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Commands a container or cluster CLI runs: "docker exec C CMD", "docker run IMAGE CMD" (and create, whose command
 * "docker start" runs later), "--entrypoint PROG", "docker compose run|exec SERVICE CMD", "kubectl exec|run|debug ...
 * -- CMD". The command runs in the container, on whatever the host mounted into it ("docker run -v /:/h alpine rm -rf
 * /h/srv"), so it is judged as a command. The CLI's own options may stand before the verb ("docker -H host exec",
 * "kubectl -n prod exec"), and an option of the verb not known here makes the command unknown rather than misread.
 */
final class ContainerCommands {
    private ContainerCommands() {
    }

    static final Set<String> CLIS = Set.of("docker", "podman", "nerdctl", "docker-compose", "podman-compose",
            "kubectl", "oc");

    /** docker run/create/exec flags taking no value (pflag's booleans), as letters and long names. */
    private static final String RUN_FLAGS = "dtiPqT";
    private static final Set<String> RUN_LONG_FLAGS = Set.of("--detach", "--init", "--interactive", "--tty",
            "--privileged", "--publish-all", "--quiet", "--read-only", "--rm", "--sig-proxy", "--no-healthcheck",
            "--oom-kill-disable", "--disable-content-trust", "--use-api-socket", "--help", "--no-deps", "--service-ports",
            "--use-aliases", "--build", "--quiet-pull", "--remove-orphans", "--no-TTY", "--replace", "--rmi",
            "--systemd", "--tls-verify", "--http-proxy", "--env-host", "--no-hosts", "--read-only-tmpfs");
    /** docker run/create/exec short options taking a value. */
    private static final String RUN_VALUED = "acehlmpuvw";
    /** Long options taking a value (docker 28's run, create and exec, compose's run and exec); any other is unknown. */
    private static final Set<String> RUN_LONG_VALUED = Set.of("add-host", "annotation", "attach", "blkio-weight",
            "blkio-weight-device", "cap-add", "cap-drop", "cgroup-parent", "cgroupns", "cidfile", "cpu-count",
            "cpu-percent", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus",
            "cpuset-cpus", "cpuset-mems", "detach-keys", "device", "device-cgroup-rule", "device-read-bps",
            "device-read-iops", "device-write-bps", "device-write-iops", "dns", "dns-option", "dns-search", "domainname",
            "entrypoint", "env", "env-file", "expose", "gpus", "group-add", "health-cmd", "health-interval",
            "health-retries", "health-start-interval", "health-start-period", "health-timeout", "hostname",
            "io-maxbandwidth", "io-maxiops", "ip", "ip6", "ipc", "isolation", "kernel-memory", "label", "label-file",
            "link", "link-local-ip", "log-driver", "log-opt", "mac-address", "memory", "memory-reservation",
            "memory-swap", "memory-swappiness", "mount", "name", "network", "network-alias", "oom-score-adj", "pid",
            "pids-limit", "platform", "publish", "pull", "restart", "runtime", "security-opt", "shm-size", "stop-signal",
            "stop-timeout", "storage-opt", "sysctl", "tmpfs", "ulimit", "user", "userns", "uts", "volume",
            "volume-driver", "volumes-from", "workdir", "index", "pod", "arch", "os", "variant", "secret");

    /**
     * Resolves the command the CLI runs, if it runs one; the CLI itself is emitted with all its words either way.
     */
    static void resolve(CommandResolver r, Analysis an, String name, List<Word> w, int i, int depth) {
        r.emit(name, w.subList(i + 1, w.size()));
        boolean kube = name.equals("kubectl") || name.equals("oc");
        if (kube) {
            String bare = KubeSecretOutput.reason(name, w.subList(i + 1, w.size()).stream().map(Word::value).toList());
            if (bare != null) an.unknown(bare);
        }
        boolean composeCli = name.endsWith("-compose");
        for (int j = i + 1; j < w.size(); j++) {
            String v = w.get(j).value();
            if (v.equals("--")) {
                return;
            }
            if (v.startsWith("-")) {
                continue; // a global option; its value, if any, is not a verb below (both readings are taken)
            }
            if (kube && Set.of("exec", "run", "debug").contains(v)) {
                kubectl(r, an, name, v, w, j, depth);
                return;
            }
            if (!kube && !composeCli && v.equals("container") && j + 1 < w.size()) {
                continue;
            }
            if (!kube && !composeCli && Set.of("exec", "run", "create").contains(v)) {
                container(r, an, name + " " + v, v.equals("exec"), w, j, depth);
                return;
            }
            if (!kube && (composeCli || v.equals("compose"))) {
                int verb = nextVerb(w, composeCli ? j : j + 1);
                if (verb > 0 && (w.get(verb).value().equals("run") || w.get(verb).value().equals("exec"))) {
                    container(r, an, name + " compose " + w.get(verb).value(), true, w, verb, depth);
                }
                return;
            }
            if (!v.contains("/") && !v.contains(":") && !v.contains("=") && !afterOption(w, j)) {
                return; // another verb
            }
        }
    }

    /** Whether the word stands right after an option that may have taken it as its value. */
    private static boolean afterOption(List<Word> w, int j) {
        String before = w.get(j - 1).value();
        return before.startsWith("-") && !before.contains("=") && !before.equals("--");
    }

    /** The first word from j that is no option nor an option's value: compose's verb after its own options. */
    private static int nextVerb(List<Word> w, int j) {
        for (; j < w.size(); j++) {
            String v = w.get(j).value();
            if (!v.startsWith("-") && !afterOption(w, j) || v.equals("run") || v.equals("exec")) {
                return j;
            }
        }
        return -1;
    }

    /** exec CONTAINER CMD, run|create IMAGE CMD (or --entrypoint PROG CMD), compose run|exec SERVICE CMD. */
    private static void container(CommandResolver r, Analysis an, String what, boolean exec, List<Word> w, int verb,
                                  int depth) {
        Word entrypoint = null;
        int j = verb + 1;
        while (j < w.size()) {
            Word x = w.get(j);
            String v = x.value();
            if (x.dynamic() && v.startsWith("$")) {
                an.unknown(what + " option " + v + " is computed at run time");
                return;
            }
            if (v.equals("--")) {
                j++;
                break;
            }
            if (!v.startsWith("-") || v.equals("-")) {
                break;
            }
            String option = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
            Word value = v.contains("=") ? Word.literal(v.substring(v.indexOf('=') + 1))
                    : j + 1 < w.size() ? w.get(j + 1) : null;
            if (v.startsWith("--")) {
                if (RUN_LONG_FLAGS.contains(option)) {
                    j++;
                    continue;
                }
                if (!RUN_LONG_VALUED.contains(option.substring(2))) {
                    an.unknown(what + " option " + option + " is not known, so the command it runs cannot be located");
                    return;
                }
                if (option.equals("--entrypoint")) {
                    entrypoint = value;
                } else if (option.equals("--health-cmd") && value != null) {
                    nested(an, what, value, depth);
                }
                j += v.contains("=") ? 1 : 2;
                continue;
            }
            int k = 1;
            while (k < v.length() && RUN_FLAGS.indexOf(v.charAt(k)) >= 0) {
                k++;
            }
            if (k == v.length()) {
                j++;
            } else if (RUN_VALUED.indexOf(v.charAt(k)) >= 0) {
                j += k + 1 < v.length() ? 1 : 2;
            } else {
                an.unknown(what + " option " + v + " is not known, so the command it runs cannot be located");
                return;
            }
        }
        j++; // the container, image or service
        List<Word> command = new ArrayList<>();
        if (entrypoint != null) {
            if (entrypoint.value().isEmpty()) {
                an.unknown(what + " --entrypoint '' runs the image's command with its own words: not visible");
                return;
            }
            command.add(entrypoint);
        }
        if (j < w.size()) {
            command.addAll(w.subList(j, w.size()));
        }
        if (!command.isEmpty()) {
            r.resolve(command, depth, false);
        }
    }

    private static void nested(Analysis an, String what, Word script, int depth) {
        if (script.dynamic()) {
            an.unknown(what + " runs a command computed at run time: " + script.value());
        } else {
            an.analyzeNested(script.value(), depth + 1);
        }
    }

    /** kubectl exec|run|debug ... -- CMD; run's --overrides may set the command in its JSON. */
    private static void kubectl(CommandResolver r, Analysis an, String name, String verb, List<Word> w, int at, int depth) {
        int dashes = CommandResolver.indexOf(w, at + 1, "--");
        for (int k = at + 1; k < (dashes < 0 ? w.size() : dashes); k++) {
            String v = w.get(k).value();
            if (v.startsWith("--overrides") || v.startsWith("--custom")) {
                an.unknown(name + " " + verb + " " + v + " may set the command the container runs");
                return;
            }
        }
        if (dashes >= 0 && dashes + 1 < w.size()) {
            r.resolve(new ArrayList<>(w.subList(dashes + 1, w.size())), depth, false);
        } else if (dashes < 0 && verb.equals("exec") && w.size() - at > 2) {
            an.unknown(name + " exec without '--': the command cannot be told from the options");
        }
    }
}
