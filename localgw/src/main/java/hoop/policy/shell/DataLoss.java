package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a command destroys data it did not create: it removes what it was not given by name (a whole tree, the
 * files another program lists, whatever rsync finds missing at the source), empties or overwrites a file or device
 * with nothing of its own (truncate, shred, cp /dev/null, mkfs, sed -i dropping every line, sort -o of nothing), throws
 * away work git does not hold yet (checkout -- ., restore, reset --hard, clean, stash drop), takes a whole tree's modes
 * or owners away (chmod -R), or destroys what a service holds (see {@link ServiceLoss}: a force push, a container, a
 * database, a bucket's objects, cluster objects). A command
 * that removes or writes only what it names (rm file, cp a b, mv a b, a redirection of its own output) is not one:
 * its words say what it touches.
 *
 * <p>Every reading of the arguments the analysis has (as written, with variables guessed, per loop value) is judged,
 * as a deny rule judges them.
 */
public final class DataLoss {
    /** The flag a shell unit carries when its command destroys data (see the default shell-guard policy). */
    public static final String FLAG = "destroys-data";

    private static final Set<String> WIPERS = Set.of("shred", "wipe", "srm", "wipefs", "blkdiscard", "mkswap", "mke2fs");
    private static final Set<String> MODE_CHANGERS = Set.of("chmod", "chown", "chgrp");
    /** Devices whose content is nothing, zeros or noise: copied onto a file, they leave nothing of it. */
    private static final Set<String> EMPTY_SOURCES = Set.of("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom",
            "/dev/full");
    /** Under /dev, what is no device holding data: writing there loses nothing. */
    private static final List<String> HARMLESS_DEVICES = List.of("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty",
            "/dev/fd/", "/dev/pts/", "/dev/shm/", "/dev/stdin");

    private DataLoss() {
    }

    /**
     * The forms whose destruction an option decides, also judged as a deny rule's pattern judges a command: an option
     * computed at run time ("rm $(echo -rf) d", what xargs appends) or abbreviated ("git reset --har") may be it.
     */
    private static final java.util.Map<ArgvPattern, String> BY_OPTION = byOption(
            "rm -r *", "rm -r removes a whole tree",
            "chmod -R *", "chmod -R changes a whole tree, and its old modes are kept nowhere",
            "chown -R *", "chown -R changes a whole tree, and its old owners are kept nowhere",
            "chgrp -R *", "chgrp -R changes a whole tree, and its old groups are kept nowhere",
            "git clean -f*", "git clean removes untracked files",
            "git reset --hard*", "git reset --hard discards uncommitted changes",
            "rsync --delete *", "rsync --delete removes what the source lacks",
            "find * -delete", "find -delete removes whatever it finds");

    private static java.util.Map<ArgvPattern, String> byOption(String... patternAndReason) {
        java.util.Map<ArgvPattern, String> m = new java.util.LinkedHashMap<>();
        for (int k = 0; k < patternAndReason.length; k += 2) m.put(ArgvPattern.compile(patternAndReason[k]), patternAndReason[k + 1]);
        return m;
    }

    /** Why the command destroys data, or null when it does not. */
    public static String of(SimpleCommand c) {
        for (var e : BY_OPTION.entrySet()) {
            if (e.getKey().matches(c)) return e.getValue();
        }
        for (List<String> args : readings(c)) {
            String why = judge(c.program(), args, c);
            if (why != null) return why;
        }
        return null;
    }

    private static List<List<String>> readings(SimpleCommand c) {
        List<List<String>> all = new ArrayList<>();
        all.add(c.args());
        if (c.guessedArgs() != null) all.add(c.guessedArgs());
        if (c.readings() != null) all.addAll(c.readings());
        return all;
    }

    private static String judge(String program, List<String> args, SimpleCommand c) {
        if (program.startsWith("mkfs") || WIPERS.contains(program)) return program + " erases what it is given";
        OptionAliases.Parsed p = OptionAliases.parse(program, args);
        return switch (program) {
            case "rm" -> namedAtRunTime(c) ? "rm removes files another program lists" : null;
            case "find" -> args.contains("-delete") ? "find -delete removes whatever it finds" : null;
            case "rsync" -> p.options().stream().anyMatch(o -> o.equals("--del") || o.startsWith("--delete"))
                    ? "rsync --delete removes what the source lacks"
                    : movesIntoNothing(program, args, p) ? MOVED_INTO_NOTHING : null;
            case "tar", "bsdtar", "zip", "7z", "7za", "7zr" -> movesIntoNothing(program, args, p) ? MOVED_INTO_NOTHING : null;
            case "uniq", "xxd" -> operandOfNothing(args) && !(program.equals("xxd") && reverts(args)) ? program + " writes nothing of its own into its output file" : null;
            case "openssl" -> optionOfNothing(args, "-in", "-out") ? "openssl -out writes nothing of its own over the file" : null;
            case "truncate" -> shrinks(args) ? "truncate cuts a file's content" : null;
            case "fallocate" -> args.stream().anyMatch(a -> a.matches("-[a-zA-Z]*[pzc][a-zA-Z]*|--(punch-hole|zero-range"
                    + "|collapse-range)")) ? "fallocate zeroes or cuts out a range of a file's content" : null;
            case "cp", "install" -> p.positionals().size() >= 2
                    && p.positionals().subList(0, p.positionals().size() - 1).stream().anyMatch(EMPTY_SOURCES::contains)
                    ? program + " overwrites a file with nothing of its own" : null;
            case "dd" -> args.stream().anyMatch(a -> a.startsWith("of=") && device(a.substring(3)))
                    ? "dd overwrites a device" : ddEmpties(args) ? "dd empties the file it writes" : null;
            case "mv" -> !p.positionals().isEmpty() && intoDev(target(args, p)) ? "mv onto a device loses the file"
                    : p.positionals().size() >= 2 && EMPTY_SOURCES.contains(p.positionals().get(0))
                    ? "mv puts a device in place of the file" : null;
            case "ln" -> p.options().contains("-s") && p.options().contains("-f")
                    && p.positionals().stream().anyMatch(EMPTY_SOURCES::contains)
                    ? "ln -sf replaces a file with a link to nothing" : null;
            case ">" -> !args.isEmpty() && device(args.get(0)) ? "a redirection overwrites a device" : null;
            case "git" -> GitDiscards.of(args, p, c.dir()) != null ? GitDiscards.of(args, p, c.dir())
                    : GitHistoryLoss.of(args, p) != null ? GitHistoryLoss.of(args, p) : ServiceLoss.of(program, args, p);
            case "sed", "gsed" -> sedEmpties(args) ? "sed -i writes back nothing of the file" : null;
            case "sort", "shuf" -> sortsNothingInto(args) ? program + " -o writes nothing of its own over the file" : null;
            default -> MODE_CHANGERS.contains(program) && p.options().contains("-R")
                    ? program + " -R changes a whole tree, and its old modes are kept nowhere" : ServiceLoss.of(program, args, p);
        };
    }

    /**
     * sed -i (no backup suffix) whose script drops every line or prints none under -n: "sed -i d f", "sed -ni
     * '/nomatch/!d;d' f". A cluster ends at i, whose rest is the suffix ("-in" keeps a copy named fn).
     */
    private static boolean sedEmpties(List<String> args) {
        boolean inPlace = false;
        boolean quiet = false;
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = SedScripts.longName(a.substring(2, eq < 0 ? a.length() : eq));
                if ("in-place".equals(name)) {
                    if (eq >= 0 && eq + 1 < a.length()) return false; // --in-place=.bak keeps a copy
                    inPlace = true;
                }
                quiet |= "quiet".equals(name) || "silent".equals(name);
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    if (c == 'n') quiet = true;
                    if (c == 'i') {
                        if (k + 1 < a.length()) return false;
                        inPlace = true;
                    }
                    if (c == 'i' || c == 'e' || c == 'f' || c == 'l') break;
                }
            }
        }
        return inPlace && SedScripts.dropsEverything(args.stream().map(Word::literal).toList(), quiet);
    }

    /** sort -o FILE whose every input is an empty source: "sort -o f /dev/null" writes nothing over f. */
    private static boolean sortsNothingInto(List<String> args) {
        boolean output = false;
        List<String> inputs = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.equals("-o") || a.equals("--output")) {
                output = true;
                k++;
            } else if (a.startsWith("--output=") || a.startsWith("-o") && a.length() > 2 && !a.startsWith("--")) {
                output = true;
            } else if (Set.of("-k", "-t", "-S", "-T", "--key", "--field-separator", "--buffer-size", "--head-count",
                    "--random-source", "--batch-size", "--parallel", "--files0-from").contains(a)) {
                k++;
            } else if (!a.startsWith("-") || a.equals("-")) {
                inputs.add(a);
            }
        }
        return output && !inputs.isEmpty() && inputs.stream().allMatch(EMPTY_SOURCES::contains);
    }

    private static final String MOVED_INTO_NOTHING =
            "the files are removed once archived or copied into a device, which keeps nothing of them";

    /**
     * A program that removes its sources once it has stored them (tar --remove-files, zip -m, 7z -sdel, rsync
     * --remove-source-files), storing them into /dev/null or another device: the files are gone, and nothing holds
     * them. Into an archive or directory they live on, as after mv.
     */
    private static boolean movesIntoNothing(String program, List<String> args, OptionAliases.Parsed p) {
        String into = movedInto(program, args, p);
        // to standard output the archive goes on to whatever reads it ("tar -c --remove-files d | ssh host tar -x"),
        // unless the script throws that output away (ShellParser: movesIntoOutput)
        return into != null && intoDev(into) && !toStdout(into) && !PathNormalizer.normalize(into).startsWith("/dev/fd/");
    }

    /**
     * A program that removes its sources once it has stored them into its standard output ("tar -cf - --remove-files
     * d", "zip -m - d"): where the script sends that output to /dev/null, nothing keeps the files.
     */
    static boolean movesIntoOutput(SimpleCommand c) {
        if (!Set.of("tar", "bsdtar", "zip").contains(c.program())) return false;
        for (List<String> args : readings(c)) {
            String into = movedInto(c.program(), args, OptionAliases.parse(c.program(), args));
            if (into != null && toStdout(into)) return true;
        }
        return false;
    }

    private static boolean toStdout(String into) {
        String n = PathNormalizer.normalize(into);
        return into.equals("-") || n.equals("/dev/stdout") || n.equals("/dev/fd/1") || n.equals("/proc/self/fd/1");
    }

    /** Where a program that removes its sources once stored stores them, or null when it removes none. */
    private static String movedInto(String program, List<String> args, OptionAliases.Parsed p) {
        String into;
        switch (program) {
            case "tar", "bsdtar" -> {
                if (args.stream().noneMatch(a -> a.length() >= 5 && "--remove-files".startsWith(a.split("=", 2)[0]))) {
                    return null;
                }
                into = FileWriters.archiveOf(args);
            }
            case "zip" -> {
                boolean move = args.stream().anyMatch(a -> a.equals("--move")
                        || a.matches("-[a-zA-Z0-9]*m[a-zA-Z0-9]*") && !a.startsWith("--"));
                if (!move) return null;
                into = args.stream().filter(a -> a.equals("-") || !a.startsWith("-")).findFirst().orElse(null);  // "-": standard output
            }
            case "7z", "7za", "7zr" -> {
                if (args.stream().noneMatch(a -> a.equalsIgnoreCase("-sdel"))) return null;
                List<String> operands = args.stream().filter(a -> !a.startsWith("-")).toList();
                into = operands.size() >= 2 ? operands.get(1) : null;
            }
            case "rsync" -> {
                if (args.stream().noneMatch(a -> a.startsWith("--remove-s") || a.equals("--remove-sent-files"))
                        || p.positionals().size() < 2) {
                    return null;
                }
                into = target(args, p);
            }
            default -> {
                return null;
            }
        }
        return into;
    }

    /** uniq IN OUT, xxd IN OUT whose input is an empty source: OUT is written with nothing. */
    private static boolean operandOfNothing(List<String> args) {
        List<String> operands = inAndOut(args);
        return operands.size() == 2 && EMPTY_SOURCES.contains(operands.get(0)) && !operands.get(1).equals("-")
                && !HARMLESS_DEVICES.contains(PathNormalizer.normalize(operands.get(1)));
    }

    /** uniq's and xxd's operands ([IN [OUT]], "-" among them), their options' values left out. */
    static List<String> inAndOut(List<String> args) {
        List<String> operands = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (Set.of("-f", "-s", "-w", "-c", "-g", "-l", "-o", "-n", "-C").contains(a)) {
                k++; // uniq -f/-s/-w N, xxd -c/-g/-l/-o/-s/-n/-C N
            } else if (a.equals("-") || !a.startsWith("-")) {
                operands.add(a);
            }
        }
        return operands;
    }

    /** xxd -r patches its output file in place rather than truncating it. */
    static boolean reverts(List<String> args) {
        return args.stream().anyMatch(a -> a.equals("-revert") || a.matches("-[a-z]*r[a-z]*") && !a.startsWith("--"));
    }

    /** openssl ... -in /dev/null -out FILE: FILE is written with nothing (or a header of nothing). */
    private static boolean optionOfNothing(List<String> args, String in, String out) {
        int i = args.indexOf(in);
        int o = args.indexOf(out);
        return i >= 0 && o >= 0 && i + 1 < args.size() && o + 1 < args.size() && EMPTY_SOURCES.contains(args.get(i + 1))
                && !HARMLESS_DEVICES.contains(PathNormalizer.normalize(args.get(o + 1)));
    }

    /** Operands xargs appends or find -exec fills in ({}): files named by what the command reads, not by the script. */
    private static boolean namedAtRunTime(SimpleCommand c) {
        if (c.args().contains("{}")) return true;
        return c.runTimeArgs() != null && c.runTimeArgs().contains(c.args().size());
    }

    /** dd of=FILE from /dev/null, or of no block at all (count=0): the file is truncated to nothing. */
    private static boolean ddEmpties(List<String> args) {
        boolean file = args.stream().anyMatch(a -> a.startsWith("of=") && !a.equals("of=/dev/null")
                && !a.startsWith("of=/dev/std") && !a.startsWith("of=/dev/fd/"));
        boolean nothing = args.contains("if=/dev/null") || args.contains("count=0");
        return file && nothing && args.stream().noneMatch(a -> a.startsWith("conv=") && a.contains("notrunc"));
    }

    /** truncate -s N or -r FILE may cut; only sizes that grow it (+N, >N) cannot. */
    private static boolean shrinks(List<String> args) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            String size = a.equals("-s") || a.equals("--size") ? (k + 1 < args.size() ? args.get(k + 1) : "")
                    : a.startsWith("--size=") ? a.substring(7) : a.startsWith("-s") && a.length() > 2 ? a.substring(2) : null;
            if (size != null && !size.startsWith("+") && !size.startsWith(">")) return true;
            if (a.equals("-r") || a.startsWith("--reference")) return true;
        }
        return false;
    }

    /** mv's destination: -t DIR, or the last operand. */
    private static String target(List<String> args, OptionAliases.Parsed p) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if ((a.equals("-t") || a.equals("--target-directory")) && k + 1 < args.size()) return args.get(k + 1);
            if (a.startsWith("--target-directory=")) return a.substring(a.indexOf('=') + 1);
        }
        return p.positionals().get(p.positionals().size() - 1);
    }

    /** mv f /dev/null: the file is gone, and /dev/null is a file where the system expects a device. */
    private static boolean intoDev(String path) {
        String n = PathNormalizer.normalize(path);
        return (n.equals("/dev") || n.startsWith("/dev/")) && !n.startsWith("/dev/shm/");
    }

    static boolean device(String path) {
        String n = PathNormalizer.normalize(path);
        if (!n.startsWith("/dev/")) return false;
        for (String h : HARMLESS_DEVICES) {
            if (h.endsWith("/") ? n.startsWith(h) : n.equals(h)) return false;
        }
        return true;
    }
}
