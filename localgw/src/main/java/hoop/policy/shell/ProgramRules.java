package hoop.policy.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Programs that execute code we cannot see: interpreters given inline code or reading their
 * program from stdin, and tools with a built-in "run this command" feature.
 */
final class ProgramRules {
    /**
     * @param code      short options whose value (or the option itself) is program text
     * @param withArg   short options taking a separate value
     * @param attached  short options whose value is the rest of the cluster (perl -Mstrict)
     * @param codeLong  long options carrying program text
     * @param argLong   long options taking a separate value
     * @param stdinIfNoScript without a script operand the program reads code from stdin
     */
    private record Interpreter(String code, String withArg, String attached, Set<String> codeLong,
                               Set<String> argLong, boolean stdinIfNoScript) {
    }

    private static final Interpreter PYTHON = new Interpreter("c", "WXQ", "", Set.of(), Set.of(), true);
    private static final Map<String, Interpreter> INTERPRETERS = Map.ofEntries(
            Map.entry("perl", new Interpreter("eE", "", "IMmlix0dDCF", Set.of(), Set.of(), true)),
            Map.entry("ruby", new Interpreter("e", "rICE", "FWx", Set.of(), Set.of("--require"), true)),
            Map.entry("irb", new Interpreter("", "", "", Set.of(), Set.of(), true)),
            Map.entry("node", new Interpreter("ep", "rC", "", Set.of("--eval", "--print"),
                    Set.of("--require", "--import", "--loader", "--experimental-loader", "--conditions"), true)),
            Map.entry("bun", new Interpreter("ep", "r", "", Set.of("--eval", "--print"), Set.of(), false)),
            Map.entry("php", new Interpreter("rBREa", "cdfzt", "", Set.of(), Set.of(), true)),
            Map.entry("lua", new Interpreter("ei", "l", "", Set.of(), Set.of(), true)),
            Map.entry("luajit", new Interpreter("ei", "lbj", "O", Set.of(), Set.of(), true)),
            Map.entry("osascript", new Interpreter("e", "ls", "", Set.of(), Set.of(), true)),
            Map.entry("Rscript", new Interpreter("e", "", "", Set.of(), Set.of(), false)),
            Map.entry("julia", new Interpreter("eE", "JLpt", "", Set.of("--eval", "--print"), Set.of(), true)),
            Map.entry("groovy", new Interpreter("e", "", "", Set.of(), Set.of(), false)),
            Map.entry("expect", new Interpreter("c", "", "", Set.of(), Set.of(), true)),
            Map.entry("tclsh", new Interpreter("", "", "", Set.of(), Set.of(), true)),
            Map.entry("wish", new Interpreter("", "", "", Set.of(), Set.of(), true)));
    /** python -m modules that run the code they are given: statements (timeit), standard input (code, asyncio, pdb). */
    private static final Set<String> CODE_MODULES = Set.of("timeit", "code", "asyncio", "pdb", "idlelib", "idlelib.idle");
    private static final Pattern PYTHON_NAME = Pattern.compile("(python|pypy)[0-9.]*");
    private static final Set<String> INFO_FLAGS = Set.of("-v", "-V", "--version", "-h", "--help");
    private static final Set<String> AWKS = Set.of("awk", "gawk", "mawk", "nawk", "busybox-awk");
    private static final Pattern SED_EXEC = Pattern.compile(
            "(?s)(^|[;\\n{}])\\s*(\\d+|\\$|/(?:\\\\.|[^/])*/)?\\s*(,\\s*(\\d+|\\$|/(?:\\\\.|[^/])*/))?\\s*!?\\s*e(\\s|;|$)"
            + "|s(.)(?:\\\\.|(?!\\6).)*\\6(?:\\\\.|(?!\\6).)*\\6[gpIiMm0-9w]*e");
    private static final Pattern GIT_RISKY_CONFIG = Pattern.compile(
            "(?i)(alias\\..*|core\\.(pager|sshcommand|editor|fsmonitor|hookspath|askpass|gitproxy)|sequence\\.editor"
            + "|diff\\..*\\.(textconv|command)|diff\\.external|filter\\..*|merge\\..*\\.driver|pager\\..*"
            + "|credential\\..*helper|gpg\\..*program|uploadpack\\..*|receive\\..*hook.*|includeif\\..*|include\\..*"
            + "|http\\..*proxy.*|protocol\\..*|remote\\..*\\.(uploadpack|receivepack|vcs)|ssh\\.variant"
            // commands that difftool/mergetool, archive, fetch, add -p, signing, help and send-email run; hooks of new repos
            + "|(merge|diff)tool\\..*\\.(cmd|path)|tar\\..*\\.command|core\\.alternaterefscommand|interactive\\.difffilter"
            + "|gpg\\..*command|(browser|man)\\..*\\.(cmd|path)|sendemail\\..*(cmd|smtpserver)|guitool\\..*|init\\.templatedir)\\s*(=.*)?");

    /** Options through which these programs run a command (GTFOBins-style escapes). */
    private static final Map<String, List<String>> COMMAND_OPTIONS = Map.ofEntries(
            Map.entry("tar", List.of("--to-command", "--checkpoint-action", "--use-compress-program", "-I", "--rsh-command",
                    "--info-script", "--new-volume-script", "--rmt-command", "-F")),
            Map.entry("zip", List.of("-TT", "--unzip-command")),
            Map.entry("scp", List.of("-S", "-F")),
            Map.entry("sftp", List.of("-S", "-F", "-D")),
            Map.entry("split", List.of("--filter")),
            Map.entry("sort", List.of("--compress-program")),
            Map.entry("tcpdump", List.of("-z")),
            Map.entry("wget", List.of("--use-askpass")),
            Map.entry("man", List.of("-P", "--pager", "-H", "--html")),
            Map.entry("vim", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("vi", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("nvim", List.of("-c", "--cmd", "+", "-S", "-l")),
            Map.entry("ex", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("view", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("vimdiff", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("gvim", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("rview", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("nvimdiff", List.of("-c", "--cmd", "+", "-S")),
            Map.entry("emacs", List.of("--eval", "--execute", "-l", "--load", "--script", "-x")),
            Map.entry("gdb", List.of("-ex", "--eval-command", "-x", "--command", "-iex", "--init-eval-command")),
            Map.entry("apt-get", List.of("-o")));

    private ProgramRules() {
    }

    private static String commandOptionReason(String program, List<Word> args) {
        List<String> options = COMMAND_OPTIONS.get(program.equals("apt") ? "apt-get" : program);
        if (options == null) {
            return null;
        }
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            String name = v.startsWith("--") ? v.split("=", 2)[0] : null;
            String letters = clusteredOptions(program, v, j == 0);
            for (String o : options) {
                boolean attached = o.length() == 2 && v.startsWith(o) && !v.startsWith("--");
                boolean exCommand = o.equals("+") && v.length() > 1 && v.startsWith("+")
                        && !Character.isDigit(v.charAt(1)) && v.charAt(1) != '/';
                // getopt_long takes an unambiguous abbreviation as the option: tar --to-com='rm -rf /'
                boolean abbreviated = name != null && o.startsWith("--") && name.length() >= 3 && o.startsWith(name)
                        && !OPTIONS_NAMED_LIKE_A_COMMAND_OPTION.contains(program + " " + name);
                // and a short option inside a cluster: tar -xIrm, tar xIf prog a.tar, scp -qS prog
                boolean clustered = o.length() == 2 && o.charAt(0) == '-' && letters.indexOf(o.charAt(1)) >= 0;
                if (v.equals(o) || v.startsWith(o + "=") || attached || exCommand || abbreviated || clustered) {
                    return program + " option " + o + " can run arbitrary commands";
                }
            }
        }
        return null;
    }

    /** Programs whose short options cluster as getopt's do, so "-xI" holds -I; each with its options taking a value. */
    private static final Map<String, String> CLUSTERED = Map.of("tar", "bCfFgHIKLNTVX", "scp", "cDFiJloPSX",
            "sftp", "BbcDFiJloPRSsX", "tcpdump", "BcCEFGijMmrsTVwWyzZQ", "man", "CeEHLmMpPrRSsX", "apt-get", "cot",
            "apt", "cot");

    /**
     * The option letters a word sets when it is a cluster of short options ("-xzf", or tar's first word written without
     * its dash), up to the first one taking a value, that one included: the rest of the word is that value.
     */
    private static String clusteredOptions(String program, String word, boolean first) {
        String valued = CLUSTERED.get(program);
        boolean dashed = word.startsWith("-") && !word.startsWith("--");
        if (valued == null || !dashed && !(first && program.equals("tar"))) {
            return "";
        }
        if (!dashed) {
            return word; // old style: every letter is an option, their values are the words after it
        }
        int k = 1;
        while (k < word.length() && Character.isLetterOrDigit(word.charAt(k)) && valued.indexOf(word.charAt(k)) < 0) {
            k++;
        }
        return word.substring(1, Math.min(k + 1, word.length()));
    }
    /** Real options whose whole name begins a command option's: getopt_long reads an exact name as itself. */
    private static final Set<String> OPTIONS_NAMED_LIKE_A_COMMAND_OPTION = Set.of("tar --checkpoint", "man --html");

    private static final Pattern SSH_COMMAND_KEY = Pattern.compile(
            "(?i)\\s*(proxycommand|localcommand|knownhostscommand|remotecommand|include|match)([=\\s].*)?",
            Pattern.DOTALL);

    /** scp and sftp pass -o to ssh, which runs ProxyCommand and the like here: -oKey=v, -o Key=v, -o 'Key v'. */
    private static String sshCommandOption(List<Word> args) {
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            String value = v.equals("-o") && j + 1 < args.size() ? args.get(++j).value()
                    : v.startsWith("-o") && v.length() > 2 ? v.substring(2) : null;
            if (value != null && (SSH_COMMAND_KEY.matcher(value).matches() || args.get(j).dynamic())) {
                return value;
            }
        }
        return null;
    }

    /** Returns why the program runs code we cannot inspect, or null. */
    static String hiddenCodeReason(String program, List<Word> args) {
        if (PYTHON_NAME.matcher(program).matches()) {
            return interpreterReason(program, PYTHON, args);
        }
        Interpreter spec = INTERPRETERS.get(program.equals("nodejs") ? "node" : program);
        if (spec != null) {
            return interpreterReason(program, spec, args);
        }
        if (AWKS.contains(program)) {
            return awkReason(program, args);
        }
        String optionReason = commandOptionReason(program, args);
        if (optionReason != null) {
            return optionReason;
        }
        if (program.equals("scp") || program.equals("sftp")) {
            String o = sshCommandOption(args);
            if (o != null) {
                return program + " -o " + o + " runs a local command";
            }
        }
        return switch (program) {
            case "jshell" -> infoOnly(args) ? null : "jshell evaluates Java code that is not visible";
            case "pwsh", "powershell", "powershell.exe", "pwsh.exe" -> powershellReason(program, args);
            case "deno" -> !args.isEmpty() && args.get(0).value().equals("eval")
                    ? "deno eval runs inline code" : null;
            case "sed", "gsed" -> sedReason(args);
            case "git" -> gitReason(args);
            case "make", "gmake" -> makeReason(args);
            case "sqlite3", "sqlite" -> sqliteReason(args);
            case "ed", "red" -> "ed reads editing commands, which can run shell commands (!), from standard input";
            // Standard input is no terminal under hoop exec: vim then reads it as typed keys (":!cmd" runs cmd), -s
            // and -e read commands; gdb reads its commands, "shell cmd" too, there unless told -batch.
            case "vim", "vi", "ex", "view", "vimdiff", "gvim", "rview", "rvim", "gview", "evim" -> infoOnly(args) ? null
                    : program + " reads keys or commands, which can run shell commands (:!), from standard input";
            case "nvim", "nvimdiff" -> args.stream().anyMatch(a -> a.value().matches("-[a-zA-Z]*[esE][a-zA-Z]*"))
                    ? program + " -e/-s reads commands, which can run shell commands, from standard input or a file" : null;
            case "gdb" -> infoOnly(args) || args.stream().anyMatch(a -> a.value().matches("--?batch")) ? null
                    : "gdb reads its commands, shell commands included, from standard input";
            // Shells whose language hoop does not read (nushell, elvish, xonsh, rc, es, oils...): a script, -c or
            // standard input, whatever it does is not visible.
            case "nu", "elvish", "xonsh", "rc", "es", "osh", "ysh", "oil", "murex", "ion", "hilbish", "oksh", "loksh",
                 "scsh", "rush", "ngs" -> infoOnly(args) ? null : program + " runs a script in a language hoop does not read";
            case "psql" -> clientReason("psql", args, Set.of("-c", "--command"), Set.of("-f", "--file"),
                    Set.of("-l", "--list", "-V", "--version", "-?", "--help"), PSQL_SHELL);
            case "mysql", "mariadb" -> clientReason(program, args, Set.of("-e", "--execute"), Set.of(),
                    Set.of("-V", "--version", "-?", "--help", "-I"), MYSQL_SHELL);
            case "sftp", "ftp" -> infoOnly(args) ? null
                    : program + " runs local shell commands (!cmd) read from a batch file or standard input";
            case "redis-cli", "valkey-cli", "keydb-cli" -> redisReason(program, args);
            // without --eval (or a script file of its own) the mongo shell runs what standard input holds
            case "mongosh", "mongo" -> infoOnly(args) || args.stream().anyMatch(a -> a.value().equals("--eval")
                    || a.value().startsWith("--eval=") || a.value().endsWith(".js") || a.value().equals("--nodb"))
                    ? null : program + " reads its commands from standard input";
            case "crontab" -> args.stream().anyMatch(a -> a.value().matches("-[lrVh]+|--help|--version")) ? null
                    : "crontab installs commands that run later, read from a file or standard input";
            // \write18 in the document runs a shell command when shell escape is on
            case "tex", "latex", "pdflatex", "xelatex", "lualatex", "pdftex", "xetex", "luatex", "etex", "platex",
                 "uplatex" -> args.stream().anyMatch(a -> a.value().matches("--?(shell-escape|enable-write18)(=.*)?"))
                    ? program + " with shell escape runs the commands its document holds" : null;
            // -e/-r: perl code; -pdflatex=CMD and the like: the command latexmk runs for each step
            case "latexmk" -> args.stream().anyMatch(a -> a.value().matches("-[er]|-\\w+=.*|--?shell-escape"))
                    ? "latexmk runs perl code or commands given on its command line" : null;
            default -> null;
        };
    }

    /** redis-cli's options taking a value; a word after them that is no option is a command to send. */
    private static final Set<String> REDIS_VALUED = Set.of("-h", "-p", "-s", "-a", "-u", "-n", "-r", "-i", "-d", "-D",
            "--user", "--pass", "--cacert", "--cacertdir", "--cert", "--key", "--sni", "--tls-ciphers", "--tls-ciphersuites",
            "-e", "--rdb", "--functions-rdb", "--memkeys-samples", "--count", "--pattern", "--quoted-pattern",
            "--replica", "--eval", "--lru-test", "--cluster", "--pipe-timeout", "-t", "--show-pushes");

    /** redis-cli with no command word, or --pipe, sends what standard input holds (FLUSHALL included). */
    private static String redisReason(String program, List<Word> args) {
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k).value();
            if (v.equals("--pipe") || v.equals("--eval")) {
                return program + " " + v + " runs commands or a script hoop does not see";
            }
            if (REDIS_VALUED.contains(v)) {
                k++;
            } else if (!v.startsWith("-") || infoOnly(List.of(args.get(k)))) {
                return null;
            }
        }
        return program + " without a command sends the commands standard input holds";
    }

    /** psql meta-commands that run a shell command or pipe output to one. */
    private static final Pattern PSQL_SHELL = Pattern.compile(
            "\\\\(!|(o|out|g|gx|w|write)\\s*\\||(i|include|ir|include_relative)\\s)|(?i)\\\\copy\\b.*\\bprogram\\b",
            Pattern.DOTALL);
    /** mysql client commands that run a shell command or set a pager command. */
    private static final Pattern MYSQL_SHELL = Pattern.compile(
            "(?im)(^|;)\\s*(system|pager|source|\\\\[!P.])(\\s|;|$)|--pager");

    /**
     * A database client's own commands can run a shell command (psql's \!, mysql's system): a command text is read
     * for them, and a script file or standard input (its default) is not visible.
     */
    private static String clientReason(String program, List<Word> args, Set<String> command, Set<String> file,
                                       Set<String> info, Pattern shell) {
        boolean given = false;
        for (int j = 0; j < args.size(); j++) {
            Word a = args.get(j);
            String v = a.value();
            String name = v.startsWith("--") && v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
            if (info.contains(v)) {
                return null;
            }
            if (v.startsWith("--pager") && program.startsWith("m")) {
                return program + " --pager runs its output through a command";
            }
            if (file.contains(name) || file.stream().anyMatch(f -> f.length() == 2 && v.startsWith(f) && v.length() > 2)) {
                return program + " runs commands from a script file that is not visible";
            }
            String text = null;
            if (command.contains(name) && !name.equals(v)) {
                text = v.substring(v.indexOf('=') + 1);
            } else if (command.contains(v) && j + 1 < args.size()) {
                a = args.get(++j);
                text = a.value();
            } else if (command.stream().anyMatch(c -> c.length() == 2 && v.startsWith(c) && v.length() > 2)) {
                text = v.substring(2);
            }
            if (text != null) {
                given = true;
                if (a.dynamic() || shell.matcher(text).find()) {
                    return program + " command text can run a shell command: " + text;
                }
            }
        }
        return given ? null : program + " reads its commands, which can run shell commands, from standard input";
    }

    private static boolean infoOnly(List<Word> args) {
        return args.size() == 1 && INFO_FLAGS.contains(args.get(0).value());
    }

    private static String interpreterReason(String program, Interpreter spec, List<Word> args) {
        boolean info = false;
        for (int j = 0; j < args.size(); j++) {
            Word a = args.get(j);
            String v = a.value();
            if (a.dynamic()) {
                return program + " argument " + v + " is computed at run time";
            }
            if (v.equals("-")) {
                return program + " reads its program from standard input";
            }
            if (v.equals("--") || !v.startsWith("-")) {
                return null;
            }
            info |= INFO_FLAGS.contains(v);
            if (v.startsWith("--")) {
                String name = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
                if (spec.codeLong().contains(name)) {
                    return program + " " + name + " runs inline code";
                }
                if (spec.argLong().contains(name)) {
                    String value = v.contains("=") ? v.substring(v.indexOf('=') + 1)
                            : j + 1 < args.size() ? args.get(++j).value() : "";
                    // node --import data:text/javascript,... runs the code in the URL
                    if (value.startsWith("data:")) {
                        return program + " " + name + " loads inline code from a data: URL";
                    }
                }
                continue;
            }
            if (spec == PYTHON && v.startsWith("-m")) {
                String module = v.length() > 2 ? v.substring(2) : j + 1 < args.size() ? args.get(j + 1).value() : "";
                return CODE_MODULES.contains(module)
                        ? program + " -m " + module + " runs code given on its command line or standard input" : null;
            }
            for (int k = 1; k < v.length(); k++) {
                char c = v.charAt(k);
                if (spec.code().indexOf(c) >= 0) {
                    return program + " -" + c + " runs inline code";
                }
                if (spec == PYTHON && c == 'i' || program.equals("perl") && c == 'd'
                        && (k + 1 >= v.length() || v.charAt(k + 1) != ':')) {
                    // an interactive prompt or debugger after the script reads code from standard input
                    return program + " -" + c + " reads code from standard input";
                }
                if (spec.attached().indexOf(c) >= 0) {
                    break;
                }
                if (spec.withArg().indexOf(c) >= 0) {
                    if (k == v.length() - 1) {
                        j++;
                    }
                    break;
                }
            }
        }
        if (spec.stdinIfNoScript() && !info) {
            return program + " without a script reads its program from standard input";
        }
        return null;
    }

    private static String awkReason(String program, List<Word> args) {
        StringBuilder code = new StringBuilder();
        boolean programFromOption = false;
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            if (v.equals("-f") || v.startsWith("--file") || v.equals("-E") || v.startsWith("--exec")
                    || v.equals("-i") || v.startsWith("--include") || v.equals("-l") || v.startsWith("--load")) {
                return program + " loads program code from a file that is not visible";
            }
            if (v.equals("-e") || v.equals("--source")) {
                programFromOption = true;
                if (j + 1 < args.size()) {
                    code.append(args.get(++j).value()).append('\n');
                }
            } else if (v.equals("-F") || v.equals("-v") || v.equals("--assign") || v.equals("--field-separator")) {
                j++;
            } else if (v.equals("--")) {
                if (!programFromOption && j + 1 < args.size()) {
                    code.append(args.get(j + 1).value());
                }
                break;
            } else if (!v.startsWith("-") || v.equals("-")) {
                if (!programFromOption) {
                    if (args.get(j).dynamic()) {
                        return program + " program text is computed at run time";
                    }
                    code.append(v);
                }
                break;
            }
        }
        String text = code.toString();
        if (text.contains("system") || text.contains("|") || text.contains("@load")) {
            return program + " program can run shell commands (system() or a pipe)";
        }
        return null;
    }

    private static String powershellReason(String program, List<Word> args) {
        if (infoOnly(args)) {
            return null;
        }
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value().toLowerCase();
            if (v.equals("-file") || v.equals("-f")) {
                return null;
            }
            if (v.startsWith("-") && ("-command".startsWith(v) || "-encodedcommand".startsWith(v)
                    || v.equals("-ec") || v.equals("-enc"))) {
                return program + " " + args.get(j).value() + " runs inline code";
            }
        }
        return program + " runs code that is not visible";
    }

    private static String sedReason(List<Word> args) {
        String read = SedScripts.read(args).reason();
        return read != null ? read : sedCommandText(args);
    }

    /** The e command where its text shows it, however the script around it reads. */
    private static String sedCommandText(List<Word> args) {
        boolean scriptGiven = false;
        for (int j = 0; j < args.size(); j++) {
            Word a = args.get(j);
            String v = a.value();
            String script = null;
            if (v.equals("-f") || v.startsWith("--file")) {
                return "sed script file is not visible and may use the 'e' command";
            }
            if (v.equals("-e") || v.equals("--expression")) {
                script = j + 1 < args.size() ? args.get(++j).value() : "";
                scriptGiven = true;
            } else if (v.startsWith("--expression=")) {
                script = v.substring("--expression=".length());
                scriptGiven = true;
            } else if (!scriptGiven && !v.startsWith("-")) {
                script = v;
                scriptGiven = true;
                if (a.dynamic()) {
                    return "sed script is computed at run time";
                }
            }
            if (script != null && SED_EXEC.matcher(script).find()) {
                return "sed script uses the 'e' command, which runs shell commands";
            }
        }
        return null;
    }

    /**
     * sqlite3's dot-commands .shell/.system (and '|cmd' targets of .once/.output/.read/.import) run
     * shell commands, as does load_extension() with native code; with no SQL given it reads them
     * from standard input.
     */
    private static String sqliteReason(List<Word> args) {
        if (infoOnly(args)) {
            return null;
        }
        int positional = 0;
        for (int j = 0; j < args.size(); j++) {
            Word a = args.get(j);
            String v = a.value();
            if (v.equals("-cmd") || v.equals("--cmd") || v.equals("-init") || v.equals("--init")) {
                return "sqlite3 " + v + " runs commands that may include .shell or .system";
            }
            if (v.startsWith("-") && positional == 0) {
                continue;
            }
            positional++;
            if (positional >= 2 && (a.dynamic() || v.strip().startsWith(".") || v.contains("\n.")
                    || v.contains("\n .") || v.toLowerCase().contains("load_extension"))) {
                return "sqlite3 dot-commands (.shell, .system, .once |cmd) and load_extension() run other code";
            }
        }
        return positional < 2 ? "sqlite3 without SQL reads commands, .shell included, from standard input" : null;
    }

    static final Pattern MAKE_SHELL = Pattern.compile("(?s)(override\\s+)?(SHELL|\\.SHELLFLAGS)\\s*(::?|:::|\\+|\\?|!)?=.*");

    /** make --eval / -E adds makefile text, recipes included, from the command line. */
    private static String makeReason(List<Word> args) {
        for (int j = 0; j < args.size(); j++) {
            Word a = args.get(j);
            String v = a.value();
            if (v.equals("--")) {
                return null;
            }
            if (v.startsWith("--ev") || v.startsWith("-") && !v.startsWith("--") && v.indexOf('E') > 0) {
                return "make --eval runs makefile text given on the command line";
            }
            if (MAKE_SHELL.matcher(v).matches()) {
                // every recipe runs as "$(SHELL) $(.SHELLFLAGS) recipe": make SHELL=/bin/rm .SHELLFLAGS='-rf /'
                return "make " + v + " sets the program every recipe runs through";
            }
            // a makefile read from standard input or a pipe: its recipes are shell commands nobody sees
            Word file = null;
            if ((v.equals("-f") || v.startsWith("--file") && !v.contains("=") || v.startsWith("--makefile") && !v.contains("="))
                    && j + 1 < args.size()) {
                file = args.get(j + 1);
            } else if (v.startsWith("-f") && v.length() > 2 || v.startsWith("--file=") || v.startsWith("--makefile=")) {
                String f = v.startsWith("-f") ? v.substring(2) : v.substring(v.indexOf('=') + 1);
                file = a.dynamic() ? a : Word.literal(f);
            }
            if (file != null && (file.dynamic() || file.procSubst() || file.value().equals("-")
                    || file.value().matches("/dev/(stdin|fd/\\d+)|/proc/(self|\\d+)/fd/\\d+"))) {
                return "make reads a makefile from standard input or a pipe, whose recipes are not visible";
            }
        }
        return null;
    }

    /** Whether setting this git configuration key can make git run a command. */
    static boolean riskyGitConfig(String key) {
        return GIT_RISKY_CONFIG.matcher(key).matches();
    }

    private static String gitReason(List<Word> args) {
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            if (!v.startsWith("-")) {
                if (v.equals("init") && args.subList(j + 1, args.size()).stream().anyMatch(a -> a.value().startsWith("--template"))) {
                    return "git init --template installs hooks that git runs later";
                }
                return v.equals("clone") ? cloneReason(args.subList(j + 1, args.size())) : null;
            }
            String config = null;
            if (v.equals("-c") && j + 1 < args.size()) {
                config = args.get(++j).value();
            } else if (v.startsWith("-c") && v.length() > 2) {
                config = v.substring(2);
            } else if (v.startsWith("--config-env")) {
                return "git --config-env sets configuration from the environment";
            } else if (v.equals("--exec-path") || v.startsWith("--exec-path=")) {
                return "git --exec-path points git at other helper programs";
            }
            if (config != null && GIT_RISKY_CONFIG.matcher(config).matches()) {
                return "git -c " + config + " can make git run other commands";
            }
            Word gitDir = v.equals("--git-dir") && j + 1 < args.size() ? args.get(j + 1)
                    : v.startsWith("--git-dir=") ? (args.get(j).dynamic() ? args.get(j) : Word.literal(v.substring(10))) : null;
            if (gitDir != null && !GitFiles.gitDirName(gitDir)) {
                return "git --git-dir " + gitDir.value() + " " + GitFiles.OTHER_GIT_DIR;
            }
            if (v.equals("-C") || v.equals("--git-dir") || v.equals("--work-tree") || v.equals("--namespace")) {
                j++;
            }
        }
        return null;
    }

    /**
     * git clone -c/--config sets configuration in the new repository before it fetches, so core.sshCommand and the
     * like run during the clone; --template copies hooks (post-checkout runs at the end of the clone).
     */
    private static String cloneReason(List<Word> args) {
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            String config = null;
            if ((v.equals("-c") || v.equals("--config")) && j + 1 < args.size()) {
                config = args.get(++j).value();
            } else if (v.startsWith("--config=")) {
                config = v.substring("--config=".length());
            } else if (v.startsWith("-c") && v.length() > 2) {
                config = v.substring(2);
            } else if (v.equals("--template") || v.startsWith("--template=") || v.equals("--")) {
                if (!v.equals("--")) {
                    return "git clone --template installs hooks that run during the clone";
                }
                return null;
            }
            if (config != null && (args.get(j).dynamic() || GIT_RISKY_CONFIG.matcher(config).matches())) {
                return "git clone -c " + config + " can make git run other commands";
            }
        }
        return null;
    }
}
