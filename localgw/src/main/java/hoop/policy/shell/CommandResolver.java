package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the words of one simple command into reported commands: resolves the program name,
 * peels off wrappers (sudo, env, timeout, xargs, ...), and recurses into command strings handed
 * to shells, ssh, find -exec and similar. Anything it cannot see through becomes an unknown reason.
 */
final class CommandResolver {
    private static final int MAX_UNWRAP = 32;
    private static final Set<String> SHELLS = Set.of(
            "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "rbash", "fish", "csh", "tcsh");
    private static final Set<String> ALWAYS_UNKNOWN = Set.of("eval", "source", ".", "alias", "trap", "enable", "fc");
    private static final Set<String> SUBSCRIPT_EVALUATORS = Set.of(
            "let", "declare", "typeset", "local", "export", "readonly", "printf", "read", "unset", "test", "[",
            "mapfile", "readarray", "wait");
    /** $0..$9, $@, $* and their ${..} forms: positional parameters. */
    private static final java.util.regex.Pattern POSITIONAL = java.util.regex.Pattern.compile("\\$(\\{!?)?[0-9@*]");
    private static final Set<String> DECLARERS = Set.of("declare", "typeset", "local", "export", "readonly");

    private final Analysis an;

    CommandResolver(Analysis analysis) {
        this.an = analysis;
    }

    /** @param fromXargs the words are completed at run time by xargs input */
    void resolve(List<Word> words, int depth, boolean fromXargs) {
        resolve(words, depth, fromXargs, false);
    }

    /** A simple command as the script writes it, which the shell runs itself (not one a wrapper or program runs). */
    void resolveWritten(List<Word> words, int depth) {
        resolve(words, depth, false, true);
    }

    private void resolve(List<Word> words, int depth, boolean fromXargs, boolean written) {
        for (Word w : words) {
            if (w.dynamic() && POSITIONAL.matcher(w.value()).find()) {
                // The script itself has no arguments, so "$@" or "$1" only means something inside a
                // function ("f(){ rm \"$@\"; }; f -rf /") or a nested "bash -c '..' _ args", where its value
                // comes from a call we do not substitute.
                an.unknown("argument " + w.value() + " comes from a function's or nested shell's arguments");
                break;
            }
        }
        int mark = an.scopes();
        try {
            unwrap(words, depth, fromXargs, written);
        } finally {
            an.leaveScopes(mark);
        }
    }

    private void unwrap(List<Word> words, int depth, boolean fromXargs, boolean written) {
        int i = 0;
        for (int step = 0; step < MAX_UNWRAP; step++) {
            if (i < 0 || i >= words.size()) {
                return;
            }
            Word program = words.get(i);
            if (program.dynamic()) {
                an.unknown("program name is computed at run time: " + program.value());
                return;
            }
            if (program.hasGlob()) {
                an.unknown("program name contains a glob pattern: " + program.value());
                return;
            }
            boolean configured = an.takeConfiguredProgram();
            SimpleCommand.ProgramFile file = null;
            if (!configured && program.value().indexOf('/') >= 0 && !systemProgram(program.value())) {
                // ./x, /tmp/x: a copy or link of another program made earlier ("cp /bin/rm x; ./x -rf /"), or a script,
                // which runs whatever the file holds, as "bash x" does; judged by its name it would be a program it is not
                String reason = "runs the file " + program.value() + ", which is no system program: what it holds is not visible";
                file = written && step == 0 ? an.files.file(program.value(), an.dir(), depth, reason) : null;
                if (file == null) {
                    an.unknown(reason);
                }
            }
            String name = ProgramNames.canonical(basename(program.value()));
            if (name.isEmpty()) {
                an.unknown("empty program name: '" + program.value() + "'");
                if (file != null) {
                    an.unknown(file.reason());
                }
                return;
            }
            if (name.startsWith("git-") && name.length() > 4 && !name.equals("git-shell")) {
                // git's exec path holds each subcommand as a program of its own: /usr/lib/git-core/git-push is git push
                List<Word> split = new java.util.ArrayList<>(words.subList(0, i));
                split.add(Word.literal("git"));
                split.add(Word.literal(name.substring(4)));
                split.addAll(words.subList(i + 1, words.size()));
                words = split;
                name = "git";
            }
            if (name.equals("hub")) {
                name = "git"; // hub hands git every command it does not know itself: "hub push" is git push
            }
            if (configured && SHELLS.contains(name)) {
                an.files.scriptAt(depth + 1); // the script the connection's own shell runs
            }
            an.invoked(name, words.subList(i + 1, words.size()));
            int commands = an.commandCount();
            int reasons = an.reasonCount();
            i = resolveOne(name, words, i, depth, fromXargs);
            if (file != null) {
                // Read as a plain command: one command of its own name, nothing run through it and nothing unknown
                // about it. A file named like a wrapper, shell or runner ("./sudo rm", "./bash -c ..") was taken
                // apart as that program, which the file may not be: its reason stays with no command.
                if (i < 0 && an.commandCount() == commands + 1 && an.reasonCount() == reasons
                        && name.equals(an.lastProgram())) {
                    an.unknownFile(file, !program.value().startsWith("/"));
                } else {
                    an.unknown(file.reason());
                }
            }
        }
        an.unknown("too many nested command wrappers");
    }

    private static final Set<String> SYSTEM_BIN = Set.of("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin",
            "/usr/local/sbin", "/usr/games");

    /** A program file installed with the system or a package, which the agent's commands do not make by name. */
    private boolean systemProgram(String path) {
        String p = path.startsWith("/") ? PathNormalizer.normalize(path)
                : an.dir() != null ? PathNormalizer.normalize(an.dir() + "/" + path) : null;
        if (p == null) {
            return false;
        }
        String parent = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
        return SYSTEM_BIN.contains(parent.isEmpty() ? "/" : parent) || p.startsWith("/usr/lib/")
                || p.startsWith("/usr/libexec/") || p.startsWith("/usr/lib64/") || p.startsWith("/opt/")
                || p.startsWith("/snap/");
    }

    static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Handles the program at index i; returns the index of a wrapped program, or -1 when done. */
    private int resolveOne(String name, List<Word> w, int i, int depth, boolean fromXargs) {
        List<Word> args = w.subList(i + 1, w.size());
        Wrappers wrapper = Wrappers.lookup(name);
        if (wrapper != null) {
            return genericWrapper(name, wrapper, w, i, fromXargs);
        }
        if (SHELLS.contains(name)) {
            shell(name, w, i, depth);
            return -1;
        }
        if (ContainerCommands.CLIS.contains(name)) {
            ContainerCommands.resolve(this, an, name, w, i, depth);
            return -1;
        }
        for (Runners runner : Runners.lookup(name)) {
            int command = runner.commandIndex(w, i, depth, an, name);
            if (command != -1) {
                emit(name, args);
                return command >= 0 ? command : -1;
            }
        }
        switch (name) {
            case "env" -> {
                return env(w, i, depth, fromXargs);
            }
            case "sudo" -> {
                return sudo(w, i, depth, fromXargs);
            }
            case "doas" -> {
                return doas(w, i, fromXargs);
            }
            case "command" -> {
                Options.Scan s = Options.scan(w, i + 1, "", "", Set.of());
                if (s.has("v", "V")) {
                    emit(name, args);
                    return -1;
                }
                return s.operand();
            }
            case "exec" -> {
                Options.Scan s = Options.scan(w, i + 1, "a", "", Set.of());
                if (s.operand() >= w.size() && !s.opts().isEmpty()) {
                    an.unknown("exec with options but no command");
                }
                return s.operand();
            }
            case "xargs" -> {
                xargs(w, i, depth);
                return -1;
            }
            case "watch" -> {
                return watch(w, i, depth);
            }
            case "flock" -> {
                return flock(w, i, depth, fromXargs);
            }
            case "find" -> find(w, i, depth);
            case "fd", "fdfind" -> fdExec(w, i, depth);
            case "rg", "pandoc" -> Launchers.programOptions(this, an, name, args, depth);
            case "ssh" -> {
                ssh(w, i, depth);
                return -1;
            }
            case "su", "runuser" -> {
                return su(name, w, i, depth);
            }
            case "rsync" -> rsync(args, depth);
            case "script" -> {
                Options.Scan s = Options.scan(w, i + 1, "cEIOTBt", "", Set.of("--command", "--log-in", "--log-out",
                        "--log-io", "--log-timing", "--echo", "--output-limit"));
                String command = s.value("c", "--command");
                if (command != null) {
                    an.analyzeNested(command, depth + 1);
                } else {
                    an.unknown("script without -c starts an interactive shell");
                }
            }
            case "setarch" -> {
                // "setarch ARCH [options] [command]": the personality comes before the options.
                if (args.isEmpty() || args.get(0).value().startsWith("-")) {
                    emit(name, args);
                    return -1;
                }
                Options.Scan s = Options.scan(w, i + 2, "", "", Set.of());
                if (s.operand() >= w.size()) {
                    an.unknown("setarch without a command starts a shell");
                    return -1;
                }
                return s.operand();
            }
            case "runcon" -> {
                // "runcon CONTEXT command" without options, "runcon -t TYPE ... command" with them
                Options.Scan s = Options.scan(w, i + 1, "urtl", "", Set.of("--user", "--role", "--type", "--range"));
                int command = s.opts().isEmpty() ? s.operand() + 1 : s.operand();
                if (command >= w.size()) {
                    missingCommand(name, false, fromXargs, args);
                    return -1;
                }
                return command;
            }
            case "capsh" -> {
                Launchers.capsh(this, an, w, i, depth);
                return -1;
            }
            case "sg" -> {
                Launchers.sg(this, an, w, i, depth);
                return -1;
            }
            case "tmux", "screen", "parallel", "sem", "dtach", "abduco" -> {
                if (!infoOnly(args) && !(name.equals("tmux") && !args.isEmpty()
                        && args.get(0).value().matches("ls|list-.*|has-session|has|display-message|display"))) {
                    an.unknown(name + " runs commands (its own, given or read from input) outside this analysis");
                }
            }
            case "sed", "gsed" -> {
                // its r and w commands read and write files as "<" and ">" would
                SedScripts.Result sed = SedScripts.read(args);
                sed.reads().stream().filter(f -> !SedScripts.standardStream(f)).forEach(f -> emit("<", List.of(Word.literal(f))));
                sed.writes().stream().filter(f -> !SedScripts.standardStream(f)).forEach(f -> emit(">", List.of(Word.literal(f))));
            }
            case "awk", "gawk", "mawk", "nawk" -> {
                // getline < "file" reads and print > "file" writes as "<" and ">" would
                String code = AwkPrograms.text(args);
                if (code != null) {
                    AwkPrograms.Files files = AwkPrograms.of(code, AwkPrograms.assignments(args));
                    files.reads().stream().filter(f -> !SedScripts.standardStream(f)).forEach(f -> emit("<", List.of(Word.literal(f))));
                    files.writes().stream().filter(f -> !SedScripts.standardStream(f)).forEach(f -> emit(">", List.of(Word.literal(f))));
                    if (files.runTime() != null) {
                        an.unknown(files.runTime());
                    }
                }
            }
            case "cd", "pushd", "popd" -> an.changeDirectory(name, args);
            case "ln" -> an.noteSymlink(args);
            case "git" -> GitCommands.judge(args, depth, an);
            case "gh" -> GitCommands.gh(args, an);
            case "make", "gmake" -> MakeVariables.judge(an, args, depth);
            case "start-stop-daemon" -> {
                return Launchers.startStopDaemon(this, an, w, i, args, depth);
            }
            case "perf" -> {
                // perf stat/record/trace ... CMD: many options take values, so only "--" shows the command
                int dd = indexOf(w, i + 1, "--");
                if (dd >= 0 && dd + 1 < w.size()) {
                    emit(name, args);
                    return dd + 1;
                }
                if (args.size() > 1 && Set.of("stat", "record", "trace", "mem", "c2c", "kmem", "lock", "sched", "kvm",
                        "timechart", "ftrace", "kwork", "top").contains(args.get(0).value())) {
                    an.unknown("perf " + args.get(0).value() + " may run a command that cannot be told from its options");
                }
            }
            case "nix-shell" -> {
                Options.Scan s = Options.scan(w, i + 1, "pAIE", "", Set.of("--run", "--command", "--packages", "--attr",
                        "--arg", "--argstr", "--include", "--expr", "--option", "--keep", "--unset"));
                String script = s.value("--run", "--command");
                if (script != null) {
                    an.analyzeNested(script, depth + 1);
                } else if (!infoOnly(args)) {
                    an.unknown("nix-shell without --run starts a shell that reads its commands from standard input");
                }
            }
            case "nix" -> {
                // nix develop / nix shell ... --command CMD ARGS; without it a shell reading standard input; nix run
                // runs whatever program the flake names
                String sub = args.isEmpty() ? "" : args.get(0).value();
                if (Set.of("develop", "shell", "run").contains(sub)) {
                    int c = Math.max(indexOf(w, i + 2, "-c"), indexOf(w, i + 2, "--command"));
                    if (!sub.equals("run") && c > 0 && c + 1 < w.size()) {
                        emit(name, args);
                        return c + 1;
                    }
                    an.unknown("nix " + sub + " runs a program or shell hoop does not see");
                }
            }
            case "ansible" -> {
                // ad hoc: -a ARGS is the command line of the command, shell and raw modules (the default is command);
                // the host pattern may stand before or after the options
                String module = null;
                Word line = null;
                for (int k = 0; k < args.size(); k++) {
                    String v = args.get(k).value();
                    Word next = k + 1 < args.size() ? args.get(k + 1) : null;
                    if ((v.equals("-m") || v.equals("--module-name")) && next != null) {
                        module = next.value();
                    } else if (v.startsWith("--module-name=")) {
                        module = v.substring(14);
                    } else if ((v.equals("-a") || v.equals("--args")) && next != null) {
                        line = next;
                    } else if (v.startsWith("--args=")) {
                        line = Word.literal(v.substring(7));
                    }
                }
                if (module != null && !module.matches("(ansible\\.builtin\\.)?(command|shell|raw)")) {
                    if (!module.matches("(ansible\\.builtin\\.)?(ping|setup|debug)")) {
                        an.unknown("ansible module " + module + " may run commands hoop does not see");
                    }
                } else if (line != null && line.dynamic()) {
                    an.unknown("ansible runs a command computed at run time: " + line.value());
                } else if (line != null) {
                    an.analyzeNested(line.value(), depth + 1);
                }
            }
            case "pee", "mispipe" -> {
                // moreutils: each operand is a command line run by sh -c
                for (Word a : args) {
                    if (a.dynamic()) {
                        an.unknown(name + " runs a command computed at run time: " + a.value());
                    } else if (!a.value().startsWith("--")) {
                        an.analyzeNested(a.value(), depth + 1);
                    }
                }
            }
            case "ip" -> {
                // ip [options] netns exec NAME CMD..., ip vrf exec NAME CMD...
                for (int k = i + 1; k + 2 < w.size(); k++) {
                    String v = w.get(k).value();
                    if ((v.equals("netns") || v.equals("vrf")) && w.get(k + 1).value().equals("exec")) {
                        emit(name, args);
                        return k + 3 < w.size() ? k + 3 : -1;
                    }
                }
            }
            case "nc", "ncat", "netcat", "nc.traditional", "nc.openbsd" -> Launchers.netcat(an, name, args, depth);
            case "socat" -> Launchers.socat(an, args, depth);
            case "entr" -> {
                Options.Scan s = Options.scan(w, i + 1, "", "", Set.of());
                if (s.has("s")) {
                    an.unknown("entr -s runs its utility through a shell");
                } else if (s.operand() < w.size()) {
                    emit(name, args);
                    return s.operand();
                }
            }
            case "run-parts", "hyperfine", "bwrap", "proot", "tsp", "nq", "pueue", "watchexec", "nodemon" -> {
                if (!infoOnly(args) && !args.stream().anyMatch(a -> a.value().equals("--test")
                        || a.value().equals("--list"))) {
                    an.unknown(name + " runs commands or scripts that cannot be located statically");
                }
            }
            case "at", "batch" -> an.unknown(name + " schedules commands read from standard input or a file");
            case "hash" -> {
                if (args.stream().anyMatch(a -> a.value().startsWith("-") && a.value().contains("p"))) {
                    an.unknown("hash -p maps a command name to an arbitrary file");
                }
            }
            case "mapfile", "readarray", "compgen", "complete", "bind" -> {
                if (args.stream().anyMatch(a -> a.value().startsWith("-") && (a.value().contains("C")
                        || name.equals("bind") && a.value().contains("x")))) {
                    an.unknown(name + " is given a command string to run later");
                }
            }
            default -> {
            }
        }
        if (ALWAYS_UNKNOWN.contains(name)) {
            an.unknown(name + " runs code that cannot be analysed statically");
        }
        if (SUBSCRIPT_EVALUATORS.contains(name)) {
            subscriptEvaluator(name, args, depth);
        }
        runTimeAssignments(name, args);
        String reason = ProgramRules.hiddenCodeReason(name, args);
        if (reason != null) {
            an.unknown(reason);
        }
        if (fromXargs && SHELLS.contains(name)) {
            return -1;
        }
        emit(name, args);
        return -1;
    }

    static int indexOf(List<Word> w, int from, String value) {
        for (int k = from; k < w.size(); k++) {
            if (w.get(k).value().equals(value)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean infoOnly(List<Word> args) {
        return args.size() == 1 && Set.of("-V", "--version", "-h", "--help").contains(args.get(0).value());
    }

    private int genericWrapper(String name, Wrappers spec, List<Word> w, int i, boolean fromXargs) {
        Options.Scan s = Options.scan(w, i + 1, spec.shortWithArg(), "", spec.longWithArg());
        boolean pidMode = s.opts().stream().anyMatch(o -> o.name().length() == 1 && spec.pidOptions().contains(o.name())
                || o.name().equals("--pid") || o.name().equals("--pgid"));
        int command = s.operand() + spec.operands();
        for (Options.Opt o : s.opts()) {
            if (o.name().startsWith("--") && o.value() == null && !spec.longWithArg().contains(o.name()) && !spec.flag(o.name())) {
                an.unknown(name + " option " + o.name() + " is not known: it may take the next word as its value, so the"
                        + " command it runs cannot be located");
                emit(name, w.subList(i + 1, w.size()));
                return -1;
            }
        }
        if (name.equals("strace") || name.equals("ltrace") || name.equals("time")) {
            fileOptions(s, w, ">", "o", "--output"); // its trace or timing is written there
        }
        if (name.equals("unshare") || name.equals("nsenter")) {
            chdir(s, w, "w", "--wd", "W", "--wdns"); // "unshare -w /etc cat shadow" runs cat in /etc
        }
        if (spec.visible() || pidMode) {
            emit(name, w.subList(i + 1, w.size()));
        }
        if (pidMode) {
            return -1;
        }
        if (command >= w.size()) {
            missingCommand(name, spec.shellIfEmpty(), fromXargs, spec.visible() ? null : w.subList(i + 1, w.size()));
            return -1;
        }
        return command;
    }

    private void missingCommand(String name, boolean startsShell, boolean fromXargs, List<Word> argsToEmit) {
        if (startsShell) {
            an.unknown(name + " without a command starts an interactive shell");
        } else if (fromXargs) {
            an.unknown(name + " takes the command to run from xargs input");
        } else if (argsToEmit != null) {
            emit(name, argsToEmit);
        }
    }

    private int env(List<Word> w, int i, int depth, boolean fromXargs) {
        int j = i + 1;
        while (j < w.size() && w.get(j).value().equals("-") && !w.get(j).dynamic()) {
            j++;
        }
        // -a/--argv0 (coreutils 9.5) takes a value: "env -a x rm -rf /" runs rm
        Options.Scan s = Options.scan(w, j, "uCSa", "", Set.of("--unset", "--chdir", "--split-string", "--argv0"));
        if (s.has("S", "--split-string")) {
            an.unknown("env -S splits a string into a command line");
            return -1;
        }
        chdir(s, w, "C", "--chdir");
        j = s.operand();
        while (j < w.size() && !w.get(j).dynamic() && w.get(j).value().indexOf('=') > 0) {
            String v = w.get(j).value();
            an.noteAssignment(v.substring(0, v.indexOf('=')), Word.literal(v.substring(v.indexOf('=') + 1)), depth);
            j++;
        }
        if (j >= w.size()) {
            missingCommand("env", false, fromXargs, w.subList(i + 1, w.size()));
            return -1;
        }
        return j;
    }

    /**
     * A wrapper's option naming a file it reads or writes itself (xargs -a, strace -o): judged as a redirection in
     * that direction, since the wrapper is not reported as a command of its own.
     */
    private void fileOptions(Options.Scan s, List<Word> w, String direction, String... names) {
        for (Options.Opt o : s.opts()) {
            if (o.value() != null && java.util.Arrays.asList(names).contains(o.name())) {
                boolean dynamic = w.stream().anyMatch(x -> x.dynamic() && x.value().contains(o.value()));
                emit(direction, List.of(dynamic ? Word.literal(o.value()).asDynamic() : Word.literal(o.value())));
            }
        }
    }

    /** A wrapper's option that runs its command in another directory (env -C, sudo -D). */
    private void chdir(Options.Scan s, List<Word> w, String... names) {
        String target = s.value(names);
        if (target != null) {
            boolean dynamic = w.stream().anyMatch(x -> x.dynamic() && x.value().contains(target));
            an.enterScope(dynamic ? Word.literal(target).asDynamic() : Word.literal(target));
        }
    }

    private int sudo(List<Word> w, int i, int depth, boolean fromXargs) {
        Options.Scan s = Options.scan(w, i + 1, "CDghprtTUuR", "", Set.of("--user", "--group", "--close-from",
                "--chdir", "--host", "--prompt", "--role", "--type", "--other-user", "--command-timeout", "--chroot"));
        emit("sudo", w.subList(i + 1, w.size()));
        if (s.has("e", "--edit", "l", "--list", "v", "--validate", "K", "--remove-timestamp", "V", "--version")) {
            return -1;
        }
        chdir(s, w, "D", "--chdir");
        int j = s.operand();
        while (j < w.size() && !w.get(j).dynamic() && w.get(j).value().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            String v = w.get(j).value();
            an.noteAssignment(v.substring(0, v.indexOf('=')), Word.literal(v.substring(v.indexOf('=') + 1)), depth);
            j++;
        }
        if (j >= w.size()) {
            boolean shell = s.has("s", "--shell", "i", "--login");
            missingCommand("sudo" + (shell ? " -s/-i" : ""), shell, fromXargs, null);
            return -1;
        }
        return j;
    }

    private int doas(List<Word> w, int i, boolean fromXargs) {
        // -a style (BSD authentication) takes a value too
        Options.Scan s = Options.scan(w, i + 1, "uCa", "", Set.of());
        emit("doas", w.subList(i + 1, w.size()));
        if (s.has("C")) {
            return -1;
        }
        if (s.has("s") || s.operand() >= w.size()) {
            missingCommand("doas", s.has("s"), fromXargs, null);
            return -1;
        }
        return s.operand();
    }

    void shell(String name, List<Word> w, int i, int depth) {
        boolean inline = false;
        boolean stdin = false;
        boolean info = false;
        int j = i + 1;
        String fishCommand = null;
        while (j < w.size()) {
            Word x = w.get(j);
            String v = x.value();
            if (x.dynamic()) {
                if (inline || x.procSubst()) {
                    break;
                }
                an.unknown(name + " option " + v + " is computed at run time");
                return;
            }
            if (v.equals("-") || v.equals("--")) {
                j++;
                break;
            }
            if (v.startsWith("--")) {
                if (v.equals("--rcfile") || v.equals("--init-file")) {
                    an.unknown(name + " " + v + " sources a startup file that is not visible");
                    return;
                }
                if (v.startsWith("--command=")) {
                    fishCommand = v.substring("--command=".length());
                } else if (v.equals("--command")) {
                    inline = true;
                }
                info |= v.equals("--version") || v.equals("--help");
                j++;
                continue;
            }
            if ((v.startsWith("-") || v.startsWith("+")) && v.length() > 1) {
                j++;
                for (char c : v.substring(1).toCharArray()) {
                    switch (c) {
                        case 'c' -> inline = true;
                        case 's' -> stdin = true;
                        case 'o', 'O' -> j++;
                        default -> {
                        }
                    }
                }
                continue;
            }
            break;
        }
        if (fishCommand != null) {
            an.analyzeNested(fishCommand, depth + 1, name);
            return;
        }
        if (inline) {
            if (j >= w.size()) {
                an.unknown(name + " -c without a command string");
            } else if (w.get(j).dynamic()) {
                an.unknown(name + " -c command string is computed at run time: " + w.get(j).value());
            } else {
                an.analyzeNested(w.get(j).value(), depth + 1, name);
            }
            return;
        }
        emit(name, w.subList(i + 1, w.size()));
        if (stdin || j >= w.size()) {
            if (!info) {
                an.unknown(name + " reads commands from standard input");
            }
        } else if (w.get(j).procSubst()) {
            an.unknown(name + " runs the output of process substitution " + w.get(j).value());
        } else {
            an.unknown(name + " runs script file '" + w.get(j).value() + "' whose contents are not visible");
        }
    }

    private void xargs(List<Word> w, int i, int depth) {
        Options.Scan s = Options.scan(w, i + 1, "aEdILnPs", "eil", Set.of("--arg-file", "--delimiter",
                "--max-args", "--max-procs", "--max-chars", "--process-slot-var"));
        fileOptions(s, w, "<", "a", "--arg-file"); // its input words are read from there, and may be printed
        String replace = s.value("I");
        if (replace == null && s.has("i", "--replace")) {
            String v = s.value("i", "--replace");
            replace = v == null || v.isEmpty() ? "{}" : v;
        }
        if (s.operand() >= w.size()) {
            emit("echo", List.of());
            return;
        }
        List<Word> inner = new ArrayList<>();
        for (Word x : w.subList(s.operand(), w.size())) {
            inner.add(replace != null && x.value().contains(replace) ? x.asDynamic() : x);
        }
        boolean input = an.xargsInput();
        boolean appends = an.xargsAppends();
        List<List<SimpleCommand>> from = an.pipedFrom();
        int before = an.commandCount();
        // Its input supplies the words: with -I in place of the replace string, else after the given ones.
        an.xargs(true, replace == null);
        try {
            resolve(inner, depth, true);
            // "xargs cat <<< /etc/shadow", "printf /etc/%s shadow | xargs cat": a reader given words from an input
            // that lists no files on disk may be given any path, which a read of a file the rule cannot see stands for
            boolean reads = an.commandsFrom(before).stream().anyMatch(c -> FileOperands.readsAny(c.program()));
            if (reads && !FileOperands.listsFiles(from)) {
                an.xargs(true, false);
                emit("<", List.of(Word.literal("$xargs_input").asDynamic()));
            }
        } finally {
            an.xargs(input, appends);
        }
    }

    private int watch(List<Word> w, int i, int depth) {
        Options.Scan s = Options.scan(w, i + 1, "nq", "d", Set.of("--interval", "--equexit", "--differences"));
        if (s.operand() >= w.size()) {
            emit("watch", w.subList(i + 1, w.size()));
            return -1;
        }
        if (s.has("x", "--exec")) {
            return s.operand();
        }
        runJoined("watch", w.subList(s.operand(), w.size()), depth);
        return -1;
    }

    /** Tools that pass their remaining words to "sh -c" as one string. */
    private void runJoined(String via, List<Word> words, int depth) {
        List<String> parts = new ArrayList<>();
        for (Word x : words) {
            if (x.dynamic()) {
                an.unknown(via + " command is built from run-time values: " + x.value());
                return;
            }
            parts.add(x.value());
        }
        an.analyzeNested(String.join(" ", parts), depth + 1);
    }

    private int flock(List<Word> w, int i, int depth, boolean fromXargs) {
        Options.Scan s = Options.scan(w, i + 1, "wEc", "", Set.of("--timeout", "--wait", "--conflict-exit-code",
                "--command"));
        String script = s.value("c", "--command");
        int file = s.operand();
        if (script == null && file + 1 < w.size()
                && (w.get(file + 1).value().equals("-c") || w.get(file + 1).value().equals("--command"))) {
            if (file + 2 >= w.size()) {
                an.unknown("flock -c without a command string");
                return -1;
            }
            script = w.get(file + 2).value();
            if (w.get(file + 2).dynamic()) {
                an.unknown("flock -c command string is computed at run time");
                return -1;
            }
        }
        if (script != null) {
            an.analyzeNested(script, depth + 1);
            return -1;
        }
        if (file + 1 >= w.size()) {
            missingCommand("flock", false, fromXargs, w.subList(i + 1, w.size()));
            return -1;
        }
        return file + 1;
    }

    private void find(List<Word> w, int i, int depth) {
        for (int j = i + 1; j < w.size(); j++) {
            String v = w.get(j).value();
            if (!v.equals("-exec") && !v.equals("-execdir") && !v.equals("-ok") && !v.equals("-okdir")) {
                continue;
            }
            List<Word> inner = new ArrayList<>();
            int k = j + 1;
            boolean terminated = false;
            for (; k < w.size(); k++) {
                String iv = w.get(k).value();
                if (iv.equals(";") || iv.equals("+") && !inner.isEmpty() && inner.get(inner.size() - 1).value().equals("{}")) {
                    terminated = true;
                    break;
                }
                // find substitutes the path for {} at run time, even inside a larger word.
                inner.add(iv.contains("{}") ? w.get(k).asDynamic() : w.get(k));
            }
            if (!terminated) {
                an.unknown("find " + v + " without a terminating ';' or '+'");
                return;
            }
            if (inner.isEmpty()) {
                an.unknown("find " + v + " without a command");
            } else {
                resolve(inner, depth, false);
            }
            j = k;
        }
    }

    /**
     * fd -x/--exec CMD [;] runs CMD for each path found, -X/--exec-batch CMD once with them all: {} and its forms are
     * the path (found at run time), and without one the paths are appended, as xargs does.
     */
    private void fdExec(List<Word> w, int i, int depth) {
        for (int j = i + 1; j < w.size(); j++) {
            String v = w.get(j).value();
            if (!v.equals("-x") && !v.equals("--exec") && !v.equals("-X") && !v.equals("--exec-batch")) {
                continue;
            }
            List<Word> inner = new ArrayList<>();
            int k = j + 1;
            for (; k < w.size() && !w.get(k).value().equals(";"); k++) {
                Word x = w.get(k);
                inner.add(x.value().matches(".*\\{/?/?\\.?}.*") ? x.asDynamic() : x);
            }
            if (inner.isEmpty()) {
                an.unknown("fd " + v + " without a command");
                return;
            }
            boolean placeholder = inner.stream().anyMatch(x -> x.value().matches(".*\\{/?/?\\.?}.*"));
            boolean input = an.xargsInput();
            boolean appends = an.xargsAppends();
            an.xargs(true, !placeholder);
            try {
                resolve(inner, depth, true);
            } finally {
                an.xargs(input, appends);
            }
            j = k;
        }
    }

    private void ssh(List<Word> w, int i, int depth) {
        String spec = "BbcDEeFIiJLlmOoPpQRSWw";
        emit("ssh", w.subList(i + 1, w.size()));
        Options.Scan s = Options.scan(w, i + 1, spec, "", Set.of());
        List<Options.Opt> opts = new ArrayList<>(s.opts());
        int host = s.operand();
        int command = host + 1;
        boolean terminated = host > i + 1 && w.get(host - 1).value().equals("--");
        if (!terminated && command < w.size()) {
            // ssh parses options after the host too, up to "--": "ssh host -oProxyCommand=CMD" runs CMD here
            Options.Scan after = Options.scan(w, command, spec, "", Set.of());
            opts.addAll(after.opts());
            command = after.operand();
        }
        for (Options.Opt o : opts) {
            if (o.name().equals("o") && o.value() != null) {
                String[] kv = o.value().trim().split("[=\\s]+", 2);
                String key = kv[0].toLowerCase();
                if (kv.length == 2 && (key.equals("proxycommand") || key.equals("localcommand")
                        || key.equals("knownhostscommand") || key.equals("remotecommand"))) {
                    an.analyzeNested(kv[1], depth + 1);
                }
            }
            if (o.name().equals("F") && !"/dev/null".equals(o.value())) {
                an.unknown("ssh -F uses a config file that may run local commands");
            }
        }
        if (command < w.size()) {
            an.remote++;
            try {
                runJoined("ssh", w.subList(command, w.size()), depth);
            } finally {
                an.remote--;
            }
        } else if (opts.stream().noneMatch(o -> Set.of("N", "W", "O", "V", "G").contains(o.name()))) {
            an.unknown("ssh without a remote command runs a shell fed from standard input");
        }
    }

    private int su(String name, List<Word> w, int i, int depth) {
        emit(name, w.subList(i + 1, w.size()));
        for (int j = i + 1; j < w.size(); j++) {
            String v = w.get(j).value();
            String script = null;
            boolean hasValue = j + 1 < w.size();
            if (v.equals("-c") || v.equals("--command") || v.equals("--session-command")) {
                script = hasValue ? w.get(j + 1).value() : null;
                if (hasValue && w.get(j + 1).dynamic()) {
                    an.unknown(name + " -c command string is computed at run time");
                    return -1;
                }
            } else if (v.startsWith("--command=") || v.startsWith("--session-command=")) {
                script = v.substring(v.indexOf('=') + 1);
            } else if (v.startsWith("-c") && v.length() > 2 && !v.startsWith("--")) {
                script = v.substring(2);
            } else if (name.equals("runuser") && (v.equals("-u") || v.equals("--user")) && j + 2 < w.size()) {
                Options.Scan s = Options.scan(w, i + 1, "ugGw", "", Set.of("--user", "--group", "--supp-group",
                        "--whitelist-environment"));
                return s.operand() < w.size() ? s.operand() : -1;
            }
            if (script != null) {
                an.analyzeNested(script, depth + 1);
                return -1;
            }
        }
        an.unknown(name + " without -c starts an interactive shell");
        return -1;
    }

    private void rsync(List<Word> args, int depth) {
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            String rsh = null;
            if ((v.equals("-e") || v.equals("--rsh") || v.equals("--rsync-path")) && j + 1 < args.size()) {
                rsh = args.get(++j).value();
            } else if (v.startsWith("--rsh=") || v.startsWith("--rsync-path=")) {
                rsh = v.substring(v.indexOf('=') + 1);
            }
            if (rsh != null) {
                an.analyzeNested(rsh, depth + 1);
            }
        }
    }

    /**
     * Builtins that evaluate array subscripts: a quoted value spelling $(...) would run there,
     * and declarations can set variables (PROMPT_COMMAND, ...) that other programs execute.
     */
    private void subscriptEvaluator(String name, List<Word> args, int depth) {
        if (name.equals("let")) {
            an.noteArithmetic(String.join(" ", args.stream().map(Word::value).toList()));
        }
        boolean functions = false;
        for (int k = 0; k < args.size(); k++) {
            Word a = args.get(k);
            if (a.literalSubst()) {
                an.unknown(name + " argument '" + a.value() + "' spells a command substitution that may be evaluated");
            }
            functions |= name.equals("unset") && a.value().matches("-[fn]+");
            // test -v "$x", unset "$x": x's value is looked up as a variable's name, its subscript evaluated
            boolean named = name.equals("unset") && !functions && !a.value().startsWith("-")
                    || (name.equals("test") || name.equals("[")) && k > 0
                    && (args.get(k - 1).value().equals("-v") || mayBeOption(args.get(k - 1)));
            if (named && a.dynamic()) {
                an.noteNameReference(a.value());
            }
            if (DECLARERS.contains(name)) {
                String v = a.value();
                if (v.startsWith("-") && v.contains("i")) {
                    an.noteArithmetic(String.join(" ", args.stream().map(Word::value).toList()));
                }
                int eq = v.indexOf('=');
                String target = eq > 0 ? v.substring(0, eq) : null;
                if (target != null && target.endsWith("+")) {
                    an.noteRunTimeAssignment(target.substring(0, target.length() - 1));
                } else if (target != null && target.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    an.noteAssignment(target, a.dynamic() ? a : Word.literal(v.substring(eq + 1)), depth);
                } else if (target != null && !v.startsWith("-")) {
                    // declare "BASH_CMDS[ls]=/bin/rm", declare "$n=/tmp:$PATH": an element, or a name known at run time
                    an.noteRunTimeAssignment(target);
                }
            }
        }
    }

    /** Builtins that set a variable to what they read or compute: its value is the script's input. */
    private void runTimeAssignments(String name, List<Word> args) {
        List<String> names = new ArrayList<>();
        switch (name) {
            case "read" -> {
                Options.Scan s = Options.scan(args, 0, "adinNptu", "", Set.of());
                names.add(s.value("a"));
                args.subList(Math.min(s.operand(), args.size()), args.size()).forEach(a -> names.add(a.value()));
            }
            case "mapfile", "readarray" -> {
                Options.Scan s = Options.scan(args, 0, "dnOsuCc", "", Set.of());
                if (s.operand() < args.size()) {
                    names.add(args.get(s.operand()).value());
                }
            }
            case "getopts" -> {
                if (args.size() >= 2) {
                    names.add(args.get(1).value());
                }
            }
            case "printf" -> {
                names.add(nameOption(args, "v", 'v'));
                computedNameOption(args, names);
            }
            // wait -p NAME sets NAME to the id of the job that ended: wait -p "$x" evaluates a subscript x's value spells
            case "wait" -> {
                names.add(nameOption(args, "p", 'p'));
                computedNameOption(args, names);
            }
            case "declare", "typeset", "local", "export", "readonly" -> {
                // a name reference (-n) or an array (-a, -A) is not the value written after '='
                Options.Scan s = Options.scan(args, 0, "", "", Set.of());
                if (s.has("n") && !name.equals("export")) {
                    an.unknown(name + " -n makes a name stand for another variable, so what its assignments set is hidden");
                }
                if (s.has("n", "a", "A") && !name.equals("export")) {
                    args.subList(Math.min(s.operand(), args.size()), args.size())
                            .forEach(a -> names.add(a.value().split("[=\\[]", 2)[0]));
                }
            }
            default -> {
            }
        }
        names.stream().filter(n -> n != null && !n.isEmpty()).map(n -> n.split("=", 2)[0])
                .forEach(an::noteRunTimeAssignment);
    }

    /**
     * The value of a builtin's short option {@code letter} (of those in {@code withValue}) as getopt reads it: "-v NAME",
     * "-vNAME", also where the word is computed ("-v$x", which Options.scan leaves alone as a wrapper's command word).
     */
    private static String nameOption(List<Word> args, String withValue, char letter) {
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            if (v.equals("--") || !v.startsWith("-") || v.equals("-")) {
                return null;
            }
            for (int k = 1; k < v.length(); k++) {
                if (withValue.indexOf(v.charAt(k)) >= 0) {
                    String value = k + 1 < v.length() ? v.substring(k + 1) : j + 1 < args.size() ? args.get(++j).value() : null;
                    if (v.charAt(k) == letter) {
                        return value;
                    }
                    break;
                }
            }
        }
        return null;
    }

    /**
     * Whether a computed word may be an option once expanded: its value is read at run time, or a value the script
     * gives it starts with '-'. Bash takes "o=-v; printf $o NAME 1" as printf -v NAME.
     */
    private boolean mayBeOption(Word w) {
        if (!w.dynamic() || w.procSubst()) {
            return false;
        }
        String guess = an.expandVariables(w.value());
        return an.runTimeWord(w) || guess == null || guess.startsWith("-");
    }

    /**
     * printf -v NAME and wait -p NAME where the option word is computed: the word after the first computed one may be
     * the variable set. A computed name is looked up as one (its subscript evaluated); a written one is set at run time.
     */
    private void computedNameOption(List<Word> args, List<String> names) {
        int j = 0;
        while (j < args.size() && !args.get(j).dynamic() && args.get(j).value().startsWith("-")
                && !args.get(j).value().equals("--")) {
            j++;
        }
        if (j + 1 >= args.size() || !mayBeOption(args.get(j))) {
            return;
        }
        Word next = args.get(j + 1);
        if (next.dynamic()) {
            an.noteNameReference(next.value());
        } else if (next.value().matches("[A-Za-z_][A-Za-z0-9_]*(\\[.*])?")) {
            names.add(next.value());
        }
    }

    void emit(String program, List<Word> args) {
        GitFiles.judgeWrite(program, args, an);
        List<String> values = new ArrayList<>(args.size());
        List<RunTimeValues.Source> sources = new ArrayList<>();
        for (Word a : args) {
            if (a.dynamic() && !a.procSubst()) {
                java.util.Set<String> names = RunTimeValues.references(a.value());
                sources.add(new RunTimeValues.Source(values.size(), a.value(), an.xargsInput(), an.valuesAt(names),
                        Analysis.guessable(a.value())));
            } else if (an.dirLost() && !a.value().isEmpty() && "/~-".indexOf(a.value().charAt(0)) < 0
                    && FileOperands.reads(program, args.stream().map(Word::value).toList(), values.size())) {
                // after "cd $(dirname /etc/x)" a relative "shadow" a reader opens is $(that directory)/shadow: judged
                // as a path computed in part (PartlyComputed), as "cat $(dirname /etc/x)/shadow" is
                String computed = "$(cd)/" + a.value();
                sources.add(new RunTimeValues.Source(values.size(), computed, false, java.util.Map.of(), false));
                values.add(computed);
                continue;
            }
            // bash expands a relative pattern where the command runs: after "cd /etc", sha*ow is /etc's shadow
            java.nio.file.Path where = an.dir() != null ? java.nio.file.Path.of(an.dir()) : an.cwd;
            List<String> expanded = a.hasGlob() && !a.dynamic() && where != null
                    ? GlobExpander.expand(an.globPattern(a), where) : List.of();
            if (expanded.isEmpty()) {
                values.add(a.value());
            } else {
                values.addAll(expanded);
            }
        }
        List<String> guessed = new ArrayList<>(values.size());
        boolean anyGuess = false;
        for (Word a : args) {
            String g = a.dynamic() ? an.expandVariables(a.value()) : null;
            // ~root, ~+, ~- and ~ under a HOME the script set are the paths they lead to
            String tilde = an.expandTilde(g != null ? g : a.value());
            if (tilde != null) {
                g = tilde;
            }
            String linked = an.throughSymlinks(g != null ? g : a.value());
            if (linked != null) {
                g = linked;
            }
            anyGuess |= g != null;
            guessed.add(g != null ? g : a.value());
        }
        an.add(new SimpleCommand(program, values, an.dir(), anyGuess && guessed.size() == values.size() ? guessed : null,
                        null, null, null, an.home),
                sources, an.xargsAppends() ? values.size() : -1);
    }
}
