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
 * @param longFlags    long options taking no value, or taking one only after '=' ({@link #ANY}: every option written
 *                     without '=' is one). Any other long option may take the next word as its value, so where the
 *                     command starts cannot be told ("unshare --propagation private rm -rf /" runs rm).
 */
record Wrappers(String shortWithArg, Set<String> longWithArg, int operands, String pidOptions,
                boolean visible, boolean shellIfEmpty, Set<String> longFlags) {

    /** For wrappers whose options take a value only after '=' (firejail --net=none, valgrind --tool=x). */
    static final Set<String> ANY = Set.of("*");

    private Wrappers(String shortWithArg, Set<String> longWithArg, int operands, String pidOptions, boolean visible,
                     boolean shellIfEmpty) {
        this(shortWithArg, longWithArg, operands, pidOptions, visible, shellIfEmpty, Set.of());
    }

    private static Wrappers plain(String shortWithArg, Set<String> longWithArg, int operands) {
        return plain(shortWithArg, longWithArg, operands, Set.of());
    }

    private static Wrappers plain(String shortWithArg, Set<String> longWithArg, int operands, Set<String> longFlags) {
        return new Wrappers(shortWithArg, longWithArg, operands, "", false, false, longFlags);
    }

    private Wrappers flags(String... longFlags) {
        return new Wrappers(shortWithArg, longWithArg, operands, pidOptions, visible, shellIfEmpty, Set.of(longFlags));
    }

    /** Whether the long option (a name or an abbreviation, as getopt_long reads it) takes no separate value. */
    boolean flag(String option) {
        if (longFlags == ANY || option.equals("--help") || option.equals("--version")) {
            return true;
        }
        return longFlags.contains(option) || option.length() > 3 && longFlags.stream().anyMatch(f -> f.startsWith(option))
                && longWithArg.stream().noneMatch(f -> f.startsWith(option));
    }

    private static final Map<String, Wrappers> TABLE = Map.ofEntries(
            Map.entry("nohup", plain("", Set.of(), 0)),
            // corepack yarn ARGS runs the package manager named first: "corepack yarn exec rm -rf /" runs yarn exec
            Map.entry("corepack", plain("", Set.of(), 0)),
            Map.entry("dbus-launch", plain("", Set.of("--config-file", "--autolaunch"), 0,
                    Set.of("--sh-syntax", "--csh-syntax", "--binary-syntax", "--close-stderr", "--exit-with-session",
                            "--exit-with-x11"))),
            Map.entry("nice", plain("n", Set.of("--adjustment"), 0)),
            Map.entry("time", plain("fo", Set.of("--format", "--output"), 0,
                    Set.of("--portability", "--append", "--verbose", "--quiet"))),
            Map.entry("timeout", plain("sk", Set.of("--signal", "--kill-after"), 1,
                    Set.of("--preserve-status", "--foreground", "--verbose"))),
            Map.entry("stdbuf", plain("ioe", Set.of("--input", "--output", "--error"), 0)),
            Map.entry("setsid", plain("", Set.of(), 0, Set.of("--ctty", "--fork", "--wait"))),
            Map.entry("builtin", plain("", Set.of(), 0)),
            Map.entry("busybox", plain("", Set.of(), 0)),
            Map.entry("ionice", new Wrappers("cnpPu", Set.of("--class", "--classdata", "--pid", "--pgid", "--uid"),
                    0, "pPu", false, false).flags("--ignore")),
            Map.entry("strace", new Wrappers("abeEIoOpPsSUX", Set.of("--output", "--attach", "--user", "--trace", "--env",
                    "--detach-on", "--interruptible", "--signal", "--status", "--trace-path", "--columns", "--abbrev",
                    "--verbose", "--raw", "--read", "--write", "--kvm", "--string-limit", "--const-print-style",
                    "--summary-syscall-overhead", "--summary-sort-by", "--summary-columns", "--inject", "--fault",
                    "--decode-pids"), 0, "p", false, false).flags("--follow-forks", "--output-separately",
                    "--successful-only", "--failed-only", "--instruction-pointer", "--stack-traces", "--syscall-number",
                    "--output-append-mode", "--no-abbrev", "--summary-only", "--summary", "--summary-wall-clock", "--debug",
                    "--seccomp-bpf", "--daemonize", "--relative-timestamps", "--absolute-timestamps", "--syscall-times",
                    "--strings-in-hex", "--decode-fds", "--quiet", "--tips")),
            Map.entry("ltrace", new Wrappers("aeFnopsuxAD", Set.of("--output"), 0, "p", false, false)),
            Map.entry("chrt", new Wrappers("TPD", Set.of("--sched-runtime", "--sched-period", "--sched-deadline"),
                    1, "p", false, false).flags("--batch", "--deadline", "--fifo", "--idle", "--other", "--rr",
                    "--reset-on-fork", "--all-tasks", "--max", "--pid", "--verbose")),
            Map.entry("taskset", new Wrappers("", Set.of(), 1, "p", false, false).flags("--all-tasks", "--pid", "--cpu-list")),
            Map.entry("pkexec", new Wrappers("", Set.of("--user"), 0, "", true, true).flags("--disable-internal-agent",
                    "--keep-cwd")),
            Map.entry("chroot", new Wrappers("", Set.of("--userspec", "--groups"), 1, "", true, true).flags("--skip-chdir")),
            Map.entry("unshare", new Wrappers("SGRw", Set.of("--setuid", "--setgid", "--root", "--wd", "--propagation",
                    "--setgroups", "--map-user", "--map-group", "--map-users", "--map-groups", "--monotonic", "--boottime"),
                    0, "", true, true).flags("--mount", "--uts", "--ipc", "--net", "--pid", "--user", "--cgroup", "--time",
                    "--fork", "--map-root-user", "--map-current-user", "--map-auto", "--kill-child", "--mount-proc",
                    "--keep-caps")),
            Map.entry("nsenter", new Wrappers("tSGW", Set.of("--target", "--setuid", "--setgid", "--wdns"), 0, "", true, true)
                    .flags("--all", "--mount", "--uts", "--ipc", "--net", "--pid", "--cgroup", "--user", "--time",
                            "--preserve-credentials", "--root", "--wd", "--no-fork", "--follow-context")),
            Map.entry("systemd-run", new Wrappers("upEHMs", Set.of("--unit", "--property", "--setenv", "--host",
                    "--machine", "--description", "--slice", "--uid", "--gid", "--nice", "--working-directory",
                    "--service-type", "--path-property", "--socket-property", "--on-active", "--on-boot", "--on-startup",
                    "--on-unit-active", "--on-unit-inactive", "--on-calendar", "--timer-property"),
                    0, "", true, false).flags("--no-ask-password", "--user", "--system", "--scope", "--slice-inherit",
                    "--no-block", "--remain-after-exit", "--wait", "--send-sighup", "--same-dir", "--pty", "--pipe",
                    "--quiet", "--collect", "--shell", "--on-timezone-change", "--on-clock-change")),
            // Multi-call binaries and run-a-program tools found on ordinary Linux hosts: each runs
            // the command on its command line, so each was a way to hide "rm" behind another name.
            Map.entry("toybox", plain("", Set.of(), 0)),
            Map.entry("unbuffer", plain("", Set.of(), 0)),
            Map.entry("eatmydata", plain("", Set.of(), 0)),
            Map.entry("chronic", plain("", Set.of(), 0)),
            Map.entry("catchsegv", plain("", Set.of(), 0)),
            Map.entry("valgrind", plain("", Set.of(), 0, ANY)),
            Map.entry("dbus-run-session", plain("", Set.of("--config-file", "--dbus-daemon"), 0)),
            Map.entry("ssh-agent", plain("aEPtO", Set.of(), 0)),
            Map.entry("proxychains", plain("f", Set.of(), 0)),
            Map.entry("proxychains4", plain("f", Set.of(), 0)),
            Map.entry("torsocks", new Wrappers("uapP", Set.of("--user", "--address", "--port", "--pass"),
                    0, "", false, true).flags("--isolate", "--quiet", "--debug", "--shell")),
            Map.entry("fakeroot", new Wrappers("lsib", Set.of("--lib", "--faked"), 0, "", false, true).flags("--unknown-is-real")),
            Map.entry("prlimit", new Wrappers("po", Set.of("--pid", "--output"), 0, "p", false, false).flags("--noheadings",
                    "--raw", "--verbose", "--core", "--data", "--nice", "--fsize", "--sigpending", "--memlock", "--rss",
                    "--nofile", "--msgqueue", "--rtprio", "--stack", "--cpu", "--nproc", "--as", "--locks", "--rttime")),
            Map.entry("choom", new Wrappers("np", Set.of("--adjust", "--pid"), 0, "p", false, false)),
            Map.entry("setpriv", new Wrappers("", Set.of("--reuid", "--regid", "--ruid", "--rgid", "--euid",
                    "--egid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits",
                    "--pdeathsig", "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule",
                    "--seccomp-filter"), 0, "", true, false).flags("--dump", "--nnp", "--no-new-privs", "--clear-groups",
                    "--keep-groups", "--init-groups", "--reset-env")),
            // setarch's personality names, installed as links to it; "setarch ARCH" itself is in CommandResolver.
            Map.entry("linux32", personality()),
            Map.entry("linux64", personality()),
            Map.entry("i386", personality()),
            Map.entry("i686", personality()),
            Map.entry("x86_64", personality()),
            Map.entry("uname26", personality()),
            Map.entry("firejail", new Wrappers("", Set.of(), 0, "", true, true, ANY)),
            Map.entry("systemd-inhibit", plain("", Set.of("--what", "--who", "--why", "--mode"), 0,
                    Set.of("--no-pager", "--no-legend", "--list"))),
            Map.entry("sshpass", plain("pfdP", Set.of(), 0)),
            Map.entry("xvfb-run", plain("efnpsw", Set.of("--error-file", "--auth-file", "--server-num",
                    "--xauth-protocol", "--server-args", "--wait"), 0, Set.of("--auto-servernum", "--auto-display", "--listen-tcp"))),
            // moreutils, container inits, lock and user-switching helpers: each runs the command after its own words
            Map.entry("ifne", plain("", Set.of(), 0)),
            Map.entry("lckdo", plain("", Set.of(), 1)),
            Map.entry("with-lock-ex", plain("", Set.of(), 1)),
            Map.entry("faketime", plain("p", Set.of("--date-prog"), 1, Set.of("--exclude-monotonic"))),
            Map.entry("rlwrap", plain("bCDefgHlMOPqsStwz", Set.of("--break-chars", "--command-name", "--histsize",
                    "--extra-char-after-completion", "--file", "--forget-matching", "--history-filename", "--logfile",
                    "--multi-line-ext", "--one-shot-regexp", "--pre-given", "--quote-characters", "--substitute-prompt",
                    "--set-term-name", "--wait-before-prompt", "--filter"), 0, Set.of("--always-readline", "--ansi-colour-aware",
                    "--complete-filenames", "--case-insensitive", "--no-children", "--no-warnings", "--one-shot", "--polling",
                    "--remember", "--renice", "--debug", "--mono-prompt", "--pass-sigint-as-sigterm"))),
            Map.entry("daemonize", plain("ceoEplu", Set.of(), 0)),
            Map.entry("tini", plain("ep", Set.of(), 0)),
            Map.entry("dumb-init", plain("r", Set.of("--rewrite"), 0, Set.of("--single-child", "--verbose"))),
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
            Map.entry("cgexec", plain("g", Set.of(), 0, Set.of("--sticky"))),
            Map.entry("numactl", plain("iCNmpP", Set.of("--interleave", "--preferred", "--membind",
                    "--cpunodebind", "--physcpubind", "--weighted-interleave"), 0, Set.of("--all", "--localalloc", "--hardware",
                    "--show", "--touch", "--strict"))));

    /** setarch's options, which its personality links take too. */
    private static Wrappers personality() {
        return new Wrappers("", Set.of(), 0, "", false, true).flags("--32bit", "--fdpic-funcptrs", "--short-inode",
                "--addr-compat-layout", "--addr-no-randomize", "--whole-seconds", "--sticky-timeouts",
                "--read-implies-exec", "--mmap-page-zero", "--3gb", "--4gb", "--uname-2.6", "--verbose");
    }

    static Wrappers lookup(String program) {
        return TABLE.get(program);
    }
}
