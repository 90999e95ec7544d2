package hoop.policy.shell;

import java.util.Map;
import java.util.Set;

/**
 * Programs that run another program given on their command line. Each entry describes the
 * wrapper's own options so the wrapped command can be located.
 *
 * @param shortWithArg short options taking a value
 * @param longWithArg  long options taking a value
 * @param operands     positional words the wrapper consumes before the command (timeout's duration)
 * @param pidOptions   options that make it act on a running process instead of a command
 * @param visible      also report the wrapper itself, because it changes privileges or host
 * @param shellIfEmpty without a command it starts an interactive shell (which we cannot see)
 */
record Wrappers(String shortWithArg, Set<String> longWithArg, int operands, String pidOptions,
                boolean visible, boolean shellIfEmpty) {

    private static Wrappers plain(String shortWithArg, Set<String> longWithArg, int operands) {
        return new Wrappers(shortWithArg, longWithArg, operands, "", false, false);
    }

    private static final Map<String, Wrappers> TABLE = Map.ofEntries(
            Map.entry("nohup", plain("", Set.of(), 0)),
            Map.entry("nice", plain("n", Set.of("--adjustment"), 0)),
            Map.entry("time", plain("fo", Set.of("--format", "--output"), 0)),
            Map.entry("timeout", plain("sk", Set.of("--signal", "--kill-after"), 1)),
            Map.entry("stdbuf", plain("ioe", Set.of("--input", "--output", "--error"), 0)),
            Map.entry("setsid", plain("", Set.of(), 0)),
            Map.entry("builtin", plain("", Set.of(), 0)),
            Map.entry("busybox", plain("", Set.of(), 0)),
            Map.entry("ionice", new Wrappers("cnpPu", Set.of("--class", "--classdata", "--pid", "--pgid", "--uid"),
                    0, "pPu", false, false)),
            Map.entry("strace", new Wrappers("abeEIoOpPsSUX", Set.of("--output", "--attach", "--user", "--trace"),
                    0, "p", false, false)),
            Map.entry("ltrace", new Wrappers("aeFnopsuxAD", Set.of("--output"), 0, "p", false, false)),
            Map.entry("chrt", new Wrappers("TPD", Set.of("--sched-runtime", "--sched-period", "--sched-deadline"),
                    1, "p", false, false)),
            Map.entry("taskset", new Wrappers("", Set.of(), 1, "p", false, false)),
            Map.entry("pkexec", new Wrappers("", Set.of("--user"), 0, "", true, true)),
            Map.entry("chroot", new Wrappers("", Set.of("--userspec", "--groups"), 1, "", true, true)),
            Map.entry("unshare", new Wrappers("SGRw", Set.of("--setuid", "--setgid", "--root", "--wd"),
                    0, "", true, true)),
            Map.entry("nsenter", new Wrappers("tSG", Set.of("--target", "--setuid", "--setgid"), 0, "", true, true)),
            Map.entry("systemd-run", new Wrappers("upEHMs", Set.of("--unit", "--property", "--setenv", "--host",
                    "--machine", "--description", "--slice", "--uid", "--gid", "--nice", "--working-directory"),
                    0, "", true, false)),
            // Multi-call binaries and run-a-program tools found on ordinary Linux hosts: each runs
            // the command on its command line, so each was a way to hide "rm" behind another name.
            Map.entry("toybox", plain("", Set.of(), 0)),
            Map.entry("unbuffer", plain("", Set.of(), 0)),
            Map.entry("eatmydata", plain("", Set.of(), 0)),
            Map.entry("chronic", plain("", Set.of(), 0)),
            Map.entry("catchsegv", plain("", Set.of(), 0)),
            Map.entry("valgrind", plain("", Set.of(), 0)),
            Map.entry("dbus-run-session", plain("", Set.of("--config-file", "--dbus-daemon"), 0)),
            Map.entry("ssh-agent", plain("aEPtO", Set.of(), 0)),
            Map.entry("proxychains", plain("f", Set.of(), 0)),
            Map.entry("proxychains4", plain("f", Set.of(), 0)),
            Map.entry("torsocks", new Wrappers("uapPi", Set.of("--user", "--address", "--port", "--pass"),
                    0, "", false, true)),
            Map.entry("fakeroot", new Wrappers("lsib", Set.of("--lib", "--faked"), 0, "", false, true)),
            Map.entry("prlimit", new Wrappers("po", Set.of("--pid", "--output"), 0, "p", false, false)),
            Map.entry("choom", new Wrappers("np", Set.of("--adjust", "--pid"), 0, "p", false, false)),
            Map.entry("setpriv", new Wrappers("", Set.of("--reuid", "--regid", "--ruid", "--rgid", "--euid",
                    "--egid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits",
                    "--pdeathsig", "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule",
                    "--seccomp-filter"), 0, "", true, false)),
            // setarch's personality names, installed as links to it; "setarch ARCH" itself is in CommandResolver.
            Map.entry("linux32", new Wrappers("", Set.of(), 0, "", false, true)),
            Map.entry("linux64", new Wrappers("", Set.of(), 0, "", false, true)),
            Map.entry("i386", new Wrappers("", Set.of(), 0, "", false, true)),
            Map.entry("i686", new Wrappers("", Set.of(), 0, "", false, true)),
            Map.entry("x86_64", new Wrappers("", Set.of(), 0, "", false, true)),
            Map.entry("uname26", new Wrappers("", Set.of(), 0, "", false, true)),
            Map.entry("firejail", new Wrappers("", Set.of(), 0, "", true, true)),
            Map.entry("systemd-inhibit", plain("", Set.of("--what", "--who", "--why", "--mode"), 0)),
            Map.entry("sshpass", plain("pfdP", Set.of(), 0)),
            Map.entry("xvfb-run", plain("efnpsw", Set.of("--error-file", "--auth-file", "--server-num",
                    "--xauth-protocol", "--server-args", "--wait"), 0)),
            // moreutils, container inits, lock and user-switching helpers: each runs the command after its own words
            Map.entry("ifne", plain("", Set.of(), 0)),
            Map.entry("lckdo", plain("", Set.of(), 1)),
            Map.entry("with-lock-ex", plain("", Set.of(), 1)),
            Map.entry("faketime", plain("p", Set.of("--date-prog"), 1)),
            Map.entry("rlwrap", plain("bCDefgHlMOPqsStwz", Set.of("--break-chars", "--command-name", "--histsize",
                    "--extra-char-after-completion", "--file", "--forget-matching", "--history-filename", "--logfile",
                    "--multi-line-ext", "--one-shot-regexp", "--pre-given", "--quote-characters", "--substitute-prompt",
                    "--set-term-name", "--wait-before-prompt", "--filter"), 0)),
            Map.entry("daemonize", plain("ceoEplu", Set.of(), 0)),
            Map.entry("tini", plain("ep", Set.of(), 0)),
            Map.entry("dumb-init", plain("r", Set.of("--rewrite"), 0)),
            Map.entry("gosu", new Wrappers("", Set.of(), 1, "", true, false)),
            Map.entry("su-exec", new Wrappers("", Set.of(), 1, "", true, false)),
            Map.entry("run0", new Wrappers("ugD", Set.of("--unit", "--property", "--description", "--slice", "--user",
                    "--group", "--nice", "--chdir", "--setenv", "--background", "--machine"), 0, "", true, true)),
            // daemontools / runit / busybox process-state tools
            Map.entry("chpst", new Wrappers("uUe/nlLm", Set.of(), 0, "", true, false)),
            Map.entry("setuidgid", new Wrappers("", Set.of(), 1, "", true, false)),
            Map.entry("envuidgid", plain("", Set.of(), 1)),
            Map.entry("envdir", plain("", Set.of(), 1)),
            Map.entry("softlimit", plain("acdfmloprst", Set.of(), 0)),
            Map.entry("setlock", plain("", Set.of(), 1)),
            Map.entry("pgrphack", plain("", Set.of(), 0)),
            Map.entry("cgexec", plain("g", Set.of(), 0)),
            Map.entry("numactl", plain("iCNmpP", Set.of("--interleave", "--preferred", "--membind",
                    "--cpunodebind", "--physcpubind", "--weighted-interleave"), 0)));

    static Wrappers lookup(String program) {
        return TABLE.get(program);
    }
}
