package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Programs with their own way of naming the command they start: capsh's "--", sg's command
 * string, start-stop-daemon's --exec and "--", netcat's -e/-c and socat's EXEC:/SYSTEM: addresses.
 */
final class Launchers {
    private Launchers() {
    }

    /** capsh hands every word after "--" to bash ("capsh -- -c 'rm -rf /'"); "==" re-runs capsh itself. */
    static void capsh(CommandResolver r, Analysis an, List<Word> w, int i, int depth) {
        r.emit("capsh", w.subList(i + 1, w.size()));
        for (int j = i + 1; j < w.size(); j++) {
            String v = w.get(j).value();
            if (v.equals("==") || v.startsWith("--shell")) {
                an.unknown("capsh " + v + " runs a program given by its arguments");
                return;
            }
            if (v.equals("--")) {
                List<Word> shell = new ArrayList<>();
                shell.add(Word.literal("bash"));
                shell.addAll(w.subList(j + 1, w.size()));
                r.shell("bash", shell, 0, depth);
                return;
            }
        }
    }

    /** "sg GROUP [-c] COMMAND" runs the one word COMMAND with /bin/sh -c; without it, a shell. */
    static void sg(CommandResolver r, Analysis an, List<Word> w, int i, int depth) {
        r.emit("sg", w.subList(i + 1, w.size()));
        int j = i + 1;
        if (j < w.size() && w.get(j).value().equals("-")) {
            j++;
        }
        j++; // the group
        if (j < w.size() && w.get(j).value().equals("-c")) {
            j++;
        }
        if (j >= w.size()) {
            an.unknown("sg without a command starts an interactive shell");
        } else if (w.get(j).dynamic()) {
            an.unknown("sg command string is computed at run time: " + w.get(j).value());
        } else {
            an.analyzeNested(w.get(j).value(), depth + 1);
        }
    }

    /** start-stop-daemon --start --exec PATH [--startas PATH] -- ARGS runs PATH with ARGS. */
    static int startStopDaemon(CommandResolver r, Analysis an, List<Word> w, int i, List<Word> args, int depth) {
        r.emit("start-stop-daemon", args);
        boolean start = false;
        Word program = null;
        int dd = CommandResolver.indexOf(w, i + 1, "--");
        int end = dd < 0 ? w.size() : dd;
        for (int k = i + 1; k < end; k++) {
            String v = w.get(k).value();
            start |= v.equals("--start") || v.equals("-S") || v.startsWith("-") && !v.startsWith("--") && v.contains("S");
            for (String opt : new String[] {"--startas", "-a", "--exec", "-x"}) {
                if (v.equals(opt) && k + 1 < end && (program == null || opt.startsWith("--s") || opt.equals("-a"))) {
                    program = w.get(k + 1);
                } else if (opt.startsWith("--") && v.startsWith(opt + "=")
                        && (program == null || opt.equals("--startas"))) {
                    program = Word.literal(v.substring(opt.length() + 1));
                }
            }
        }
        if (!start) {
            return -1;
        }
        if (program == null) {
            an.unknown("start-stop-daemon --start without a visible program");
            return -1;
        }
        List<Word> command = new ArrayList<>();
        command.add(program);
        if (dd >= 0) {
            command.addAll(w.subList(dd + 1, w.size()));
        }
        r.resolve(command, depth, false);
        return -1;
    }

    /** nc -e PROG / -c CMD, ncat --exec / --sh-exec CMD run a program for each connection. */
    static void netcat(Analysis an, String name, List<Word> args, int depth) {
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k).value();
            String value = null;
            if ((v.equals("-e") || v.equals("-c") || v.equals("--exec") || v.equals("--sh-exec")) && k + 1 < args.size()) {
                if (args.get(k + 1).dynamic()) {
                    an.unknown(name + " " + v + " program is computed at run time");
                    return;
                }
                value = args.get(k + 1).value();
            } else if (v.startsWith("--exec=") || v.startsWith("--sh-exec=")) {
                value = v.substring(v.indexOf('=') + 1);
            } else if (v.startsWith("-e") && v.length() > 2 && !v.startsWith("--")) {
                value = v.substring(2);
            } else if (v.startsWith("--lua-exec")) {
                an.unknown(name + " --lua-exec runs a script that is not visible");
                return;
            }
            if (value != null) {
                an.analyzeNested(value, depth + 1);
            }
        }
    }

    /**
     * Options naming a program run on the files: rg --pre PROG runs PROG FILE for each file it searches, pandoc
     * --filter PROG runs PROG on the document. The file is appended when it runs.
     */
    static void programOptions(CommandResolver r, Analysis an, String name, List<Word> args, int depth) {
        java.util.Set<String> options = name.equals("rg") ? java.util.Set.of("--pre") : java.util.Set.of("--filter", "-F");
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k).value();
            String option = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
            if (!options.contains(option)) {
                continue;
            }
            Word program = v.contains("=") ? Word.literal(v.substring(v.indexOf('=') + 1)) : k + 1 < args.size() ? args.get(++k) : null;
            if (program == null || program.value().isEmpty()) {
                continue;
            }
            boolean input = an.xargsInput();
            boolean appends = an.xargsAppends();
            an.xargs(true, true);
            try {
                r.resolve(List.of(program), depth, true);
            } finally {
                an.xargs(input, appends);
            }
        }
    }

    /** socat EXEC:cmd / SYSTEM:cmd addresses run a command. */
    static void socat(Analysis an, List<Word> args, int depth) {
        for (Word a : args) {
            String v = a.value();
            String upper = v.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EXEC:") || upper.startsWith("SYSTEM:")) {
                if (a.dynamic()) {
                    an.unknown("socat " + v + " command is computed at run time");
                    return;
                }
                String command = v.substring(v.indexOf(':') + 1);
                int comma = command.indexOf(',');
                an.analyzeNested(comma < 0 ? command : command.substring(0, comma), depth + 1);
            }
        }
    }
}
