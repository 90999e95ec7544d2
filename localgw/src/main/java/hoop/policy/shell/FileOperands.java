package hoop.policy.shell;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which operands of a command are files it opens, and which command substitutions print no path worth judging. A rule
 * on a path meets an operand computed at run time ("cat $(printf /etc/%s shadow)", "f=$(..); cat $f") only where the
 * program reads it as a file: "echo $(date)", "kill $(cat pid)" and "kubectl logs $(kubectl get pod -o name)" name
 * none. The list is of programs that open what they are given to read, copy, pack, hash, encode, edit or compare it.
 */
final class FileOperands {
    private static final Set<String> READERS = Set.of(
            "cat", "tac", "nl", "head", "tail", "less", "more", "most", "bat", "batcat", "view", "pg",
            "zcat", "zless", "zmore", "bzcat", "bzless", "bzmore", "xzcat", "xzless", "lzcat", "zstdcat", "lz4cat",
            "base64", "base32", "basenc", "uuencode", "xxd", "od", "hexdump", "hd", "strings",
            "cp", "scp", "rsync", "install", "tar", "bsdtar", "zip", "7z", "7za", "7zr", "cpio", "ar",
            "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zstd", "lz4", "lzma", "compress",
            "diff", "diff3", "sdiff", "cmp", "comm", "join", "paste", "sort", "uniq", "cut", "wc", "fold", "fmt", "pr",
            "expand", "unexpand", "split", "csplit", "column", "rev", "look", "tsort", "ptx", "shuf",
            "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "cksum", "sum",
            "file", "iconv", "dd", "openssl", "gpg", "gpg2", "age", "jq", "yq", "xmllint", "dos2unix", "unix2dos",
            "vim", "vi", "nvim", "nano", "emacs", "ed", "ex", "mcedit", "micro", "joe", "pico",
            "source", ".", "curl", "wget", "nc", "ncat", "socat", "mail", "mailx", "lp", "lpr",
            "grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack", "sed", "gsed", "awk", "gawk", "mawk", "nawk");
    /** Programs whose first operand is a pattern or script unless an option gives it ("grep $(cat pat) f"). */
    private static final Set<String> SCRIPT_FIRST = Set.of("grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack",
            "sed", "gsed", "awk", "gawk", "mawk", "nawk");
    private static final Pattern SCRIPT_OPTION = Pattern.compile("-[a-zA-Z]*[ef].*|--(regexp|file|expression)(=.*)?");

    /**
     * Commands whose output names no file: dates, names of the host or user, counters, temporary files they make, and
     * what git says of its own state. "cat /var/log/app-$(date +%F)" reads no secret whatever the date.
     */
    private static final Set<String> NO_PATH = Set.of("date", "hostname", "whoami", "id", "uname", "nproc", "seq",
            "mktemp", "uuidgen", "arch", "logname", "tty");
    private static final Set<String> GIT_STATE = Set.of("rev-parse", "describe", "symbolic-ref", "rev-list",
            "merge-base");

    private FileOperands() {
    }

    static boolean readsAny(String program) {
        return READERS.contains(program) || program.equals("<");
    }

    /** Filters that pass on some of the lines they read, unchanged, and read no file of their own. */
    private static final Set<String> FILTERS = Set.of("grep", "egrep", "fgrep", "head", "tail", "sort", "uniq", "shuf",
            "tac");
    private static final Set<String> FINDERS = Set.of("find", "fd", "fdfind");
    private static final Set<String> MATCHERS = Set.of("grep", "egrep", "fgrep", "rg", "ag", "ack");

    /**
     * Whether a pipeline's earlier stages (nearest last) print names of files on disk only, each found by a command
     * whose own arguments are judged: find, fd, ls of operands, grep -l, rg -l, git ls-files, git diff --name-only,
     * passed through filters that drop or reorder lines (grep -v, sort, head). "find . -name '*.py' | xargs cat" reads
     * what find walked; "printf /etc/%s shadow | xargs cat" and a here-string read whatever they spell.
     */
    static boolean listsFiles(List<List<SimpleCommand>> stages) {
        for (int s = stages.size() - 1; s >= 0; s--) {
            List<SimpleCommand> stage = stages.get(s).stream().filter(c -> !c.program().equals(">")).toList();
            if (stage.size() != 1 || stage.get(0).runTimeArgs() != null) {
                return false;
            }
            SimpleCommand c = stage.get(0);
            if (lists(c)) {
                return true;
            }
            boolean filter = FILTERS.contains(c.program()) && operands(c.args()) <= (MATCHERS.contains(c.program()) ? 1 : 0)
                    && c.args().stream().noneMatch(a -> a.matches("-[a-zA-Z]*[rRf].*|--(recursive|file|dereference-recursive).*"));
            if (!filter) {
                return false;
            }
        }
        return false;
    }

    private static boolean lists(SimpleCommand c) {
        List<String> args = c.args();
        if (FINDERS.contains(c.program())) {
            return true;
        }
        if (c.program().equals("ls")) {
            return operands(args) > 0;
        }
        if (MATCHERS.contains(c.program())) {
            return args.stream().anyMatch(a -> a.matches("-[a-zA-Z]*[lL][a-zA-Z]*|--files(-with(out)?-match(es)?)?"));
        }
        if (c.program().equals("git") && !args.isEmpty()) {
            int sub = 0;
            while (sub < args.size() && args.get(sub).startsWith("-")) {
                sub += GitCommands.GLOBAL_WITH_VALUE.contains(args.get(sub)) ? 2 : 1;
            }
            String verb = sub < args.size() ? args.get(sub) : "";
            return verb.equals("ls-files") || Set.of("diff", "show", "log", "ls-tree", "grep").contains(verb)
                    && args.stream().anyMatch(a -> a.equals("--name-only") || a.equals("--name-status") || a.equals("-l")
                    || a.equals("--files-with-matches"));
        }
        return false;
    }

    /** Words that are no option nor a number (an option's count: head -n 5). */
    private static int operands(List<String> args) {
        int n = 0;
        for (String a : args) {
            if (!a.startsWith("-") && !a.matches("[0-9]+")) {
                n++;
            }
        }
        return n;
    }

    /** Whether the program opens its argument at index k as a file to read (k is never an option word). */
    static boolean reads(String program, List<String> args, int k) {
        if (program.equals("<")) {
            return true;
        }
        if (!READERS.contains(program)) {
            return false;
        }
        if (!SCRIPT_FIRST.contains(program)) {
            return true;
        }
        int operands = 0;
        for (int j = 0; j < k && j < args.size(); j++) {
            String a = args.get(j);
            if (a.equals("--")) {
                break;
            }
            if (SCRIPT_OPTION.matcher(a).matches()) {
                return true; // the script or pattern came from an option: every operand is a file
            }
            if (!a.startsWith("-")) {
                operands++;
            }
        }
        return operands > 0;
    }

    /**
     * Whether a word that is one command substitution, "$(...)" or "`...`", prints nothing that names a file hoop did
     * not judge: each of its commands is one of {@link #NO_PATH} or git telling a revision, or it is a pipeline
     * {@link #listsFiles} accepts.
     */
    static boolean printsNoPath(String raw) {
        String inner = raw.startsWith("$(") && raw.endsWith(")") ? raw.substring(2, raw.length() - 1)
                : raw.length() > 1 && raw.startsWith("`") && raw.endsWith("`") ? raw.substring(1, raw.length() - 1) : null;
        if (inner == null || inner.contains("$(") || inner.contains("`")) {
            return false;
        }
        ShellAnalysis a = ShellClassifier.analyzeScript(inner, null);
        if (a.unknown() || a.commands().isEmpty()) {
            return false;
        }
        if (inner.chars().noneMatch(ch -> ch == ';' || ch == '&' || ch == '\n')
                && listsFiles(a.commands().stream().map(List::of).toList())) {
            return true; // "$(ls *.txt)", "$(git ls-files)": names of files whose lister's own words were judged
        }
        for (SimpleCommand c : a.commands()) {
            boolean gitState = c.program().equals("git") && !c.args().isEmpty() && GIT_STATE.contains(c.args().get(0))
                    && !c.args().contains("--show-toplevel") && !c.args().contains("--git-dir")
                    && !c.args().contains("--absolute-git-dir") && !c.args().contains("--show-prefix");
            if (!NO_PATH.contains(c.program()) && !gitState || c.runTimeArgs() != null) {
                return false;
            }
        }
        return true;
    }
}
