package hoop.policy.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mutable state shared by every nested parse of one classifier call. */
final class Analysis {
    static final int MAX_DEPTH = 8;
    static final int MAX_SCRIPT_CHARS = 1 << 20;

    /** Variables whose value other programs run as a shell command. */
    private static final Set<String> COMMAND_VARIABLES = Set.of(
            "PROMPT_COMMAND", "GIT_SSH_COMMAND", "GIT_SSH", "GIT_PAGER", "PAGER", "MANPAGER", "SYSTEMD_PAGER",
            "EDITOR", "VISUAL", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "KUBE_EDITOR", "FCEDIT", "LESSOPEN",
            "LESSCLOSE", "GIT_EXTERNAL_DIFF", "GIT_ASKPASS", "SSH_ASKPASS", "SUDO_ASKPASS", "GIT_PROXY_COMMAND",
            "RSYNC_RSH", "BROWSER", "RSYNC_CONNECT_PROG", "KUBECTL_EXTERNAL_DIFF", "SUDO_EDITOR", "SYSTEMD_EDITOR",
            "CVS_RSH", "SVN_SSH", "HGEDITOR");
    /** Interpreter option variables, and the options in them that load or run code. */
    private static final Map<String, Pattern> CODE_OPTION_VARIABLES = Map.of(
            "NODE_OPTIONS", Pattern.compile("(^|\\s)(-r|--require|--import|--loader|--experimental-loader|-e|--eval"
                    + "|-p|--print)(\\s|=|$)|data:"),
            "RUBYOPT", Pattern.compile("-[a-zA-Z]*r|-e"),
            "PERL5OPT", Pattern.compile("-[a-zA-Z]*[MmId]"),
            "JAVA_TOOL_OPTIONS", Pattern.compile("-(javaagent|agentpath|agentlib|XX:OnOutOfMemoryError|XX:OnError)"),
            "JDK_JAVA_OPTIONS", Pattern.compile("-(javaagent|agentpath|agentlib|XX:OnOutOfMemoryError|XX:OnError)"),
            "_JAVA_OPTIONS", Pattern.compile("-(javaagent|agentpath|agentlib|XX:OnOutOfMemoryError|XX:OnError)"));
    /** In MAKEFLAGS: SHELL or .SHELLFLAGS set, --eval/-E, or a makefile named (-f, --file, --makefile). */
    private static final Pattern MAKEFLAGS_CODE = Pattern.compile(
            "SHELL|--ev|--file|--makefile|(^|\\s)-?[A-Za-z]*[Ef]");
    private static final Set<String> PROMPT_VARIABLES = Set.of("PS0", "PS1", "PS2", "PS3", "PS4");
    private static final Set<String> LOADER_VARIABLES = Set.of(
            "LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH");

    final Path cwd;
    /** While above zero, commands are another host's (ssh's remote command): its files are not this host's. */
    int remote;
    /** The indexes of the commands ssh runs on another host. */
    final Set<Integer> remoteCommands = new java.util.HashSet<>();
    /** Git directories this script makes, and the config or hooks it writes (GitFiles.Made). */
    final GitFiles.Made gitMade = new GitFiles.Made();
    final CommandResolver resolver = new CommandResolver(this);
    private final List<SimpleCommand> commands = new ArrayList<>();
    /** Each program as it is invoked, wrappers included (sudo, env, sshpass), with the words after it. */
    private final List<List<String>> invocations = new ArrayList<>();

    void invoked(String program, List<Word> args) {
        List<String> line = new ArrayList<>(args.size() + 1);
        line.add(program);
        args.forEach(w -> line.add(w.value()));
        invocations.add(line);
    }

    /** See {@link #invocations}: program first. */
    List<List<String>> invocations() {
        return invocations;
    }
    private final Set<String> reasons = new LinkedHashSet<>();
    private boolean sawArithmetic;
    private String dir;
    private final Map<String, String> literalValues = new HashMap<>();
    private final Map<String, String> symlinks = new HashMap<>();
    /**
     * $name, ${name}, ${name:-word}, ${name-word}, ${name:=word}, ${name:+word}, ${name:?word}, and the operators that
     * compute from the value (see {@link ValueOperators}): ${name#p}, ${name%p}, ${name/p/r}, ${name,,}, ${name:1:2}, ...
     */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+?]|"
            + ValueOperators.OPERATOR + ")([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private boolean sawLiteralSubstitution;

    /**
     * $HOME of the user the command runs as (normalised; null when unknown): where ~, $HOME and a bare cd lead. On a
     * connection with run_as it is that user's home, not the gateway's.
     */
    final String home;

    Analysis(Path cwd, String home) {
        this.cwd = cwd;
        this.home = PathNormalizer.home(home);
        // The child starts where the gateway runs (analyzeScript/analyzeArgv pass that directory): a relative path is
        // inside it, so "cat etc/shadow" run from / or "cd ../../..; cat etc/shadow" is judged as the file it reads.
        this.dir = cwd == null ? null : PathNormalizer.normalize(cwd.toString());
        this.files = new ProgramFiles(dir);
    }

    /** Programs run from a file whose unknown reason may travel on their own command. */
    final ProgramFiles files;
    /** Reasons no command carries. */
    private final Set<String> commandless = new LinkedHashSet<>();

    /** Indexes of the redirections that only empty their file (see ShellAnalysis#emptied). */
    private final Set<Integer> emptied = new java.util.TreeSet<>();

    void emptied(int command) {
        emptied.add(command);
    }

    /**
     * Here-documents by depth and order: the text each holds when it is literal (quoted delimiter, or no expansion in
     * it), and the commands [from, to) reading one as standard input. A depth's operators and bodies come in the same
     * order, so the n-th of each is one document.
     */
    private final Map<Integer, List<String>> documents = new HashMap<>();
    private final Map<Integer, Integer> documentOperators = new HashMap<>();
    private final Map<Long, int[]> documentReaders = new HashMap<>();

    int hereDocumentOperator(int depth) {
        return documentOperators.merge(depth, 1, Integer::sum) - 1;
    }

    void hereDocumentBody(int depth, String body, boolean literal) {
        documents.computeIfAbsent(depth, d -> new ArrayList<>()).add(
                literal || body.indexOf('$') < 0 && body.indexOf('`') < 0 && body.indexOf('\\') < 0 ? body : null);
    }

    void hereDocumentReader(int depth, int document, int from, int to) {
        documentReaders.put(((long) depth << 32) | document, new int[] {from, to});
    }

    /** The literal text the command at index reads from a here-document, or null. */
    String hereDocumentOf(int command) {
        for (Map.Entry<Long, int[]> e : documentReaders.entrySet()) {
            List<String> bodies = documents.getOrDefault((int) (e.getKey() >> 32), List.of());
            int n = (int) (long) e.getKey();
            if (e.getValue()[0] <= command && command < e.getValue()[1] && n < bodies.size()) {
                return bodies.get(n);
            }
        }
        return null;
    }

    /** For a redirection's index, the commands [from, to) it belongs to: what they write of their own output. */
    private final Map<Integer, int[]> redirectionOwners = new HashMap<>();

    void redirectionOf(int redirection, int from, int to) {
        redirectionOwners.put(redirection, new int[] {from, to});
    }

    int commandCount() {
        return commands.size();
    }

    List<SimpleCommand> commandsFrom(int from) {
        return List.copyOf(commands.subList(Math.min(from, commands.size()), commands.size()));
    }

    /** The commands of each earlier stage of the pipeline the command being resolved reads from; empty when none. */
    private List<List<SimpleCommand>> pipedFrom = List.of();

    void pipedFrom(List<List<SimpleCommand>> stages) {
        pipedFrom = List.copyOf(stages);
    }

    List<List<SimpleCommand>> pipedFrom() {
        return pipedFrom;
    }

    String lastProgram() {
        return commands.isEmpty() ? null : commands.get(commands.size() - 1).program();
    }

    int reasonCount() {
        return reasons.size();
    }

    /** The script runs its own file: the reason travels on the command just added (see {@link ProgramFiles}). */
    void unknownFile(SimpleCommand.ProgramFile file, boolean relative) {
        reasons.add(file.reason());
        files.carry(commands.size() - 1, file, relative);
    }

    /** Directories a wrapper moved its command to (env -C, sudo -D), to go back to once that command is resolved. */
    private final java.util.ArrayDeque<String> scoped = new java.util.ArrayDeque<>();

    int scopes() {
        return scoped.size();
    }

    /** The wrapped command runs in target; the script goes on where it was once leaveScopes is called. */
    void enterScope(Word target) {
        scoped.push(dir == null ? "" : dir);
        String t = target.value();
        String home = target.dynamic() ? null : PathNormalizer.underHome(t, this.home);
        if (home != null) {
            dir = home; // "env -C ~/.ssh cat id_rsa", "git -C ~/.ssh ...": the inherited HOME, as cd ~/.ssh reads it
        } else if (target.dynamic() || t.startsWith("~") || t.isEmpty()) {
            dir = null;
        } else {
            dir = t.startsWith("/") ? PathNormalizer.normalize(t) : dir == null ? null : PathNormalizer.normalize(dir + "/" + t);
        }
    }

    void leaveScopes(int mark) {
        while (scoped.size() > mark) {
            String outer = scoped.pop();
            dir = outer.isEmpty() ? null : outer;
        }
    }

    /** The first program of an argv the connection itself runs (its configured command): not the agent's to name. */
    private boolean configuredProgram;

    void configuredFirst() {
        configuredProgram = true;
    }

    boolean takeConfiguredProgram() {
        boolean c = configuredProgram;
        configuredProgram = false;
        return c;
    }

    void unknown(String reason) {
        reasons.add(reason);
        commandless.add(reason);
    }

    void add(SimpleCommand command) {
        add(command, List.of(), -1);
    }

    /** @param appendedAt where words read at run time are appended (xargs), or -1 */
    void add(SimpleCommand command, List<RunTimeValues.Source> sources, int appendedAt) {
        if (remote > 0) {
            remoteCommands.add(commands.size());
        }
        commands.add(command);
        pending.add(sources.isEmpty() && appendedAt < 0 ? null : new Pending(sources, appendedAt));
    }

    private record Pending(List<RunTimeValues.Source> sources, int appendedAt) {
    }

    private final List<Pending> pending = new ArrayList<>();
    final RunTimeValues runTimeValues = new RunTimeValues();
    /** While resolving the command xargs runs: its words with the replace string, and the words it appends, are input. */
    private boolean xargsInput;
    private boolean xargsAppends;

    boolean xargsInput() {
        return xargsInput;
    }

    boolean xargsAppends() {
        return xargsAppends;
    }

    void xargs(boolean input, boolean appends) {
        xargsInput = input;
        xargsAppends = appends;
    }

    /** A name the script sets to a value read or computed when it runs (read, for over run-time words, getopts, ...). */
    void noteRunTimeAssignment(String name) {
        String base = name.contains("[") ? name.substring(0, name.indexOf('[')) : name;
        if (!base.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            unknown("a variable is assigned under a name computed at run time: " + name);
            return;
        }
        runTimeValues.runTime(base);
        // read PATH, printf -v BASH_ENV, for PATH in ..: what a variable does is judged whatever sets it
        noteAssignment(base, RUN_TIME_VALUE, 0);
    }

    private static final Word RUN_TIME_VALUE = new Word("$(run-time value)", "", true, false, false, false);
    /** Bash's tables of command names: an entry makes the name run another program or text. */
    private static final Set<String> COMMAND_TABLES = Set.of("BASH_CMDS", "BASH_ALIASES");

    /**
     * Variables the script set before now, as make may read them from its environment: their literal values, and null
     * for one set at run time. Assignments not exported are included, as the analysis does not tell them apart.
     */
    Map<String, Set<String>> environmentForMake() {
        return runTimeValues.values();
    }

    /** Whether a word's value is read or computed when the line runs (a variable set by read, $(..)). */
    boolean runTimeWord(Word w) {
        return w.dynamic() && (!guessable(w.value()) || w.value().contains("$(") || w.value().contains("`")
                || RunTimeValues.references(w.value()).stream().anyMatch(runTimeValues::isRunTime));
    }

    /** The value each name a word uses has where the word is written (null: unset). */
    Map<String, String> valuesAt(Set<String> names) {
        Map<String, String> at = new HashMap<>();
        for (String n : names) {
            at.put(n, literalValues.get(n));
        }
        return at;
    }

    /**
     * Follows cd so a later "cat shadow" after "cd /etc" can be judged as /etc/shadow. Only a literal
     * absolute directory (or one relative to an earlier literal one) is followed, and where cd -, popd and the
     * home directory lead; anything else (cd $X) forgets it. Subshells are not told apart: a cd inside "( )" is
     * followed too, which can only make a deny rule see more.
     */
    void changeDirectory(String program, List<Word> args) {
        files.directoryChanged();
        String before = dir;
        boolean wasLost = dirLost;
        dirLost = false;
        List<Word> operands = args.stream().filter(a -> !a.value().startsWith("-") || a.value().equals("-")).toList();
        Word only = operands.size() == 1 ? operands.get(0) : null;
        // bash keeps where cd came from ($OLDPWD, cd -) and pushd's stack (popd, pushd alone): "cd /etc; cd /tmp;
        // cd -; cat shadow" reads /etc/shadow
        if (program.equals("cd") && only != null && (only.value().equals("-")
                || only.dynamic() && only.value().matches("\\$\\{?OLDPWD}?"))) {
            dir = oldDir;
        } else if (program.equals("popd")) {
            dir = operands.isEmpty() && !pushed.isEmpty() ? pushed.remove(pushed.size() - 1) : null;
        } else if (program.equals("pushd") && operands.isEmpty()) {
            dir = pushed.isEmpty() ? null : pushed.remove(pushed.size() - 1);
            pushed.add(before);
        } else {
            directoryOf(program, operands);
            // cd $(dirname /etc/x), cd "$d" with d read: where relative paths land is computed at run time
            dirLost = dir == null && (!operands.isEmpty() || wasLost);
            if (program.equals("pushd")) {
                pushed.add(before);
            }
        }
        oldDir = before;
    }

    /** Whether the last cd went to a directory computed at run time, so a relative path may be under any directory. */
    private boolean dirLost;

    boolean dirLost() {
        return dirLost;
    }

    /** The directory before the last cd ($OLDPWD), and those pushd saved; null where unknown. */
    private String oldDir;
    private final List<String> pushed = new ArrayList<>();

    private void directoryOf(String program, List<Word> operands) {
        // cd alone goes home: the script's own HOME once it sets one ("HOME=/etc; cd; cat shadow")
        String target = operands.isEmpty() && program.equals("cd") ? (literalValues.containsKey("HOME")
                ? literalValues.get("HOME") : home) : operands.size() == 1 ? staticValue(operands.get(0)) : null;
        if (target == null && operands.size() == 1 && dir != null
                && operands.get(0).value().matches("\\$\\(git rev-parse --show-toplevel\\)(/\\.?)?")) {
            // cd "$(git rev-parse --show-toplevel)": the top of the work tree found from here, as git finds it
            target = GitRepoConfig.topLevel(dir);
        }
        if (target == null || target.isEmpty()) {
            dir = null;
            return;
        }
        String underHome = PathNormalizer.underHome(target, home);
        if (underHome != null) {
            dir = underHome;
            return;
        }
        String cdpath = literalValues.get("CDPATH");
        if (cdpath != null && !cdpath.isEmpty() && !target.startsWith("/") && !target.startsWith(".")
                && !target.startsWith("~")) {
            // bash looks a relative name up in $CDPATH first: "CDPATH=/ cd etc" goes to /etc
            String first = cdpath.split(":", -1)[0];
            if (first.startsWith("/")) {
                dir = PathNormalizer.normalize(first + "/" + target);
                return;
            }
        }
        if (target.startsWith("/")) {
            dir = PathNormalizer.normalize(target);
        } else if (dir != null && !target.startsWith("~") && !target.equals("-")) {
            dir = PathNormalizer.normalize(dir + "/" + target);
        } else {
            dir = null;
        }
    }

    /**
     * The value a cd operand has as far as the script shows it: its own variables ("d=/etc; cd $d"), a tilde prefix
     * (~root, ~+, ~-), a glob matching one directory ("cd /e*c"); null where it is computed at run time, takes more than
     * one value (a loop's words) or matches several names.
     */
    private String staticValue(Word w) {
        String v = w.value();
        if (w.dynamic()) {
            if (runTimeWord(w) || w.procSubst() || RunTimeValues.references(v).stream().anyMatch(this::manyValued)) {
                return null;
            }
            v = expandVariables(v);
            if (v == null || v.indexOf('$') >= 0 || v.indexOf('`') >= 0) {
                return null;
            }
        }
        String t = expandTilde(v);
        if (t != null) {
            v = t;
        } else if (v.startsWith("~") && !v.equals("~") && !v.startsWith("~/")) {
            return null;
        }
        if (w.hasGlob() && !w.dynamic()) {
            Path where = dir != null ? Path.of(dir) : cwd;
            String pattern = globPattern(w);
            List<String> matches = where == null && !pattern.startsWith("/") ? null : GlobExpander.expand(pattern, where);
            if (matches == null || matches.size() > 1) {
                return null;
            }
            if (matches.size() == 1) {
                v = matches.get(0);
            }
        }
        return v;
    }

    /** A name the script gives more than one literal value, each of which a loop or function body may see. */
    private boolean manyValued(String name) {
        return runTimeValues.literalCount(name) > 1;
    }

    /**
     * An unquoted glob word's pattern as bash expands it: the tilde prefix first, so "cat ~/.ss?/id_rsa" lists the
     * home the command runs with (~user, ~+, ~- as {@link #expandTilde} reads them); as written otherwise.
     */
    String globPattern(Word w) {
        String p = w.globPattern();
        int slash = p.indexOf('/');
        if (!p.startsWith("~") || slash < 0 || Glob.hasMeta(p.substring(0, slash))) {
            return p;
        }
        String prefix = p.substring(0, slash);
        String base = expandTilde(prefix);
        if (base == null && prefix.equals("~")) {
            base = home;
        }
        return base == null || !base.startsWith("/") ? p : Glob.escape(base) + p.substring(slash);
    }

    /** See {@link Tildes#expand}: the script's HOME, where it now is, and where it was before the last cd. */
    String expandTilde(String word) {
        return Tildes.expand(word, new Tildes.Context(literalValues.get("HOME"), literalValues.containsKey("HOME"), dir,
                oldDir));
    }

    /**
     * Remembers "ln -s TARGET LINK" so a later "cat LINK/shadow" is also judged as TARGET/shadow
     * ("ln -s /etc e; cat e/shadow"). Only literal words are followed; the link's own words are
     * judged as usual.
     */
    void noteSymlink(List<Word> args) {
        List<String> operands = new ArrayList<>();
        boolean symbolic = false;
        String targetDir = null;
        for (int k = 0; k < args.size(); k++) {
            Word a = args.get(k);
            String v = a.value();
            if (a.dynamic()) {
                return;
            }
            if (v.equals("-t") || v.equals("--target-directory") || v.equals("-S") || v.equals("--suffix")) {
                if (k + 1 < args.size() && v.contains("t")) {
                    targetDir = args.get(k + 1).value();
                }
                k++;
            } else if (v.startsWith("--target-directory=")) {
                targetDir = v.substring(v.indexOf('=') + 1);
            } else if (v.startsWith("--")) {
                symbolic |= v.equals("--symbolic");
            } else if (v.startsWith("-") && v.length() > 1) {
                symbolic |= v.indexOf('s') > 0;
            } else {
                operands.add(v);
            }
        }
        if (!symbolic || operands.isEmpty()) {
            return;
        }
        List<String> targets = operands;
        String last = null;
        if (targetDir == null && operands.size() >= 2) {
            targets = operands.subList(0, operands.size() - 1);
            last = operands.get(operands.size() - 1);
        }
        for (String target : targets) {
            String name = CommandResolver.basename(target.replaceAll("/+$", ""));
            List<String> links = new ArrayList<>();
            if (targetDir != null) {
                links.add(targetDir + "/" + name);
            } else if (last == null) {
                links.add(name);
            } else {
                links.add(last); // a new link, or inside an existing directory of that name
                links.add(last + "/" + name);
            }
            for (String link : links) {
                String key = dir != null && !link.startsWith("/") ? dir + "/" + link : link;
                String from = PathNormalizer.normalize(key);
                String parent = from.contains("/") ? from.substring(0, from.lastIndexOf('/')) : ".";
                String to = target.startsWith("/") ? target : parent + "/" + target;
                symlinks.put(from, PathNormalizer.normalize(to));
            }
        }
    }

    /** The word with a symlink made earlier in the script replaced by its target, or null. */
    String throughSymlinks(String word) {
        String key = dir != null && !word.startsWith("/") ? dir + "/" + word : word;
        String n = PathNormalizer.normalize(key);
        String best = null;
        for (Map.Entry<String, String> e : symlinks.entrySet()) {
            String link = e.getKey();
            // "ln -s /etc d" made d/etc when d was a directory: the longest link a path runs through is the one it meets
            if ((n.equals(link) || n.startsWith(link + "/")) && (best == null || link.length() > best.length())) {
                best = link;
            }
        }
        return best == null ? null : symlinks.get(best) + n.substring(best.length());
    }

    String dir() {
        return dir;
    }

    /** Set while the programs git's configuration names are judged (GitRepoConfig): git they run reads the same files. */
    boolean readingGitConfig;

    /** The value the script gave name, when it is literal (or guessed); null when the script set none or a run-time one. */
    String literalValue(String name) {
        return literalValues.get(name);
    }

    /** Whether the script set name to a value only known at run time. */
    boolean runTimeValue(String name) {
        return runTimeValues.isRunTime(name) && !literalValues.containsKey(name);
    }

    /** @param text what is evaluated as arithmetic: the names in it are read as expressions in turn */
    void noteArithmetic(String text) {
        sawArithmetic = true;
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            arithmeticNames.add(m.group());
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final Set<String> arithmeticNames = new java.util.HashSet<>();

    /**
     * @param text a word whose value bash takes as a variable's name (${!x}, [[ -v $x ]], unset "$x"): a name with a
     *             subscript has it evaluated as arithmetic, so x='a[$(rm -rf /)]' runs rm there too
     */
    void noteNameReference(String text) {
        sawNameReference = true;
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            referencedNames.add(m.group());
        }
    }

    private boolean sawNameReference;
    private final Set<String> referencedNames = new java.util.HashSet<>();

    /**
     * Parses a script a program hands to a shell (system(3), popen, git -x, watch, sh -c, ...): /bin/sh runs it, which
     * reads some of bash's constructs otherwise (see {@link ShellDialects}).
     */
    void analyzeNested(String script, int depth) {
        analyzeNested(script, depth, "sh");
    }

    /** Parses a script that {@code shell} runs (bash for substitutions and the script hoop exec's bash runs). */
    void analyzeNested(String script, int depth, String shell) {
        String differs = ShellDialects.differs(shell, script);
        if (differs != null) {
            unknown(differs);
        }
        boolean input = xargsInput;
        boolean appends = xargsAppends;
        xargs(false, false);
        try {
            parseNested(script, depth);
        } finally {
            xargs(input, appends);
        }
    }

    private void parseNested(String script, int depth) {
        if (depth > MAX_DEPTH) {
            unknown("commands nested more than " + MAX_DEPTH + " levels deep");
            return;
        }
        if (script.length() > MAX_SCRIPT_CHARS) {
            unknown("script longer than " + MAX_SCRIPT_CHARS + " characters");
            return;
        }
        try {
            new ShellParser(new ShellLexer(script, this, depth), false).parse();
        } catch (ShellSyntaxException e) {
            unknown((depth == 0 ? "cannot parse script: " : "cannot parse nested script: ") + e.getMessage());
        }
    }

    /**
     * A guess at a word's value for rules that deny: variables assigned a literal earlier in the
     * script take that value, and others are taken as unset (empty, or the ${x:-default} word), so
     * "cat /etc/sha${NOPE}dow" is seen as /etc/shadow. Command substitutions stay as written.
     * Returns null when the word has no variable in it.
     */
    String expandVariables(String word) {
        // HOME is inherited, not unset: "cat $HOME/.ssh/id_rsa" reads ~/.ssh/id_rsa; PWD is where the word is run
        return expand(word, n -> literalValues.containsKey(n) ? literalValues.get(n) : n.equals("HOME") ? "~"
                : n.equals("PWD") ? dir : null);
    }

    /** expandVariables with the values {@code known} gives (null: unset). */
    static String expand(String word, java.util.function.Function<String, String> values) {
        Matcher m = VARIABLE.matcher(word);
        if (!m.find()) {
            return null;
        }
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(4);
            String known = values.apply(name);
            String op = m.group(2);
            String alt = m.group(3) == null ? "" : m.group(3);
            String value;
            if (op == null) {
                value = known == null ? "" : known;
            } else if (op.endsWith("+")) {
                value = known == null || known.isEmpty() && op.startsWith(":") ? "" : alt;
            } else if (op.endsWith("-") && op.length() <= 2 || op.endsWith("=")) {
                value = known == null || known.isEmpty() && op.startsWith(":") ? alt : known;
            } else if (op.endsWith("?")) {
                value = known == null ? "" : known;
            } else {
                // x=SHADOW; cat /etc/${x,,}: the operator's result, or the text as written where it cannot be computed
                value = ValueOperators.apply(known == null ? "" : known, op, alt);
                if (value == null) {
                    value = m.group();
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether every ${..} in the word is a form expand computes (not ${x@Q}, ${x#$y}, ${x:$n}, ${!x}, ${a[1]}, ...). */
    static boolean guessable(String word) {
        Matcher m = VARIABLE.matcher(word);
        while (m.find()) {
            if (m.group(2) != null && ValueOperators.isOperator(m.group(2))
                    && ValueOperators.apply("", m.group(2), m.group(3)) == null) {
                return false;
            }
        }
        return !VARIABLE.matcher(word).replaceAll("").contains("${");
    }

    /** The system's program directories, and the inherited $PATH: a PATH made only of these finds what it did. */
    private static final Set<String> SYSTEM_PATH = Set.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin", "$PATH", "${PATH}");

    private static boolean systemPath(Word value) {
        // A declaration builtin's dynamic argument arrives whole (export PATH=$PATH:/x), name included.
        String v = value.value().startsWith("PATH=") ? value.value().substring(5) : value.value();
        if (v.isEmpty()) return false;
        for (String dir : v.split(":", -1)) {
            if (!SYSTEM_PATH.contains(dir)) return false;
        }
        return true;
    }

    void noteAssignment(String name, Word value, int depth) {
        if (value.dynamic()) {
            String guess = guessable(value.value()) ? expandVariables(value.value()) : null;
            if (guess != null && guess.indexOf('$') < 0 && guess.indexOf('`') < 0
                    && RunTimeValues.references(value.value()).stream().noneMatch(runTimeValues::isRunTime)) {
                literalValues.put(name, guess);
                runTimeValues.literal(name, guess);
            } else {
                literalValues.remove(name);
                runTimeValues.runTime(name);
            }
        } else {
            literalValues.put(name, value.value());
            runTimeValues.literal(name, value.value());
        }
        if (value.literalSubst()) {
            sawLiteralSubstitution = true;
        }
        if (name.equals("OLDPWD")) {
            // "cd -" goes to $OLDPWD: "OLDPWD=/etc; cd -; cat shadow" reads /etc/shadow
            String v = literalValues.get(name);
            oldDir = v != null && v.startsWith("/") ? PathNormalizer.normalize(v) : null;
        }
        if (COMMAND_TABLES.contains(name)) {
            unknown(name + " makes a command name run another program");
        } else if (name.startsWith("BASH_FUNC_") || name.contains("%")) {
            unknown("environment variable " + name + " defines an exported shell function");
        } else if (name.equals("BASH_ENV") || name.equals("ENV")) {
            unknown(name + " makes the next shell source a file whose contents are not visible");
        } else if (name.startsWith("GIT_CONFIG") && !name.equals("GIT_CONFIG_NOSYSTEM")
                && !value.value().equals("/dev/null") || name.equals("GIT_EXEC_PATH") || name.equals("GIT_TEMPLATE_DIR")) {
            // GIT_CONFIG_COUNT/KEY_n/VALUE_n, GIT_CONFIG_PARAMETERS or another config file can set
            // alias.x=!cmd or core.fsmonitor, and the exec path or templates supply hooks and helpers.
            unknown(name + " changes git configuration or helpers in a way that can run commands");
        } else if ((name.equals("GIT_DIR") || name.equals("GIT_COMMON_DIR")) && !GitFiles.gitDirName(value)) {
            unknown(name + "=" + value.value() + " " + GitFiles.OTHER_GIT_DIR);
        } else if (CODE_OPTION_VARIABLES.containsKey(name)
                && (value.dynamic() || CODE_OPTION_VARIABLES.get(name).matcher(value.value()).find())) {
            // NODE_OPTIONS="--import=data:..." or "--require x.js", RUBYOPT=-rx, PERL5OPT=-Mx, -javaagent:
            unknown(name + " makes the interpreter load code that is not visible");
        } else if (name.equals("TAR_OPTIONS") && (value.dynamic() || ProgramRules.hiddenCodeReason("tar",
                java.util.Arrays.stream(value.value().trim().split("\\s+")).map(Word::literal).toList()) != null)) {
            // GNU tar reads options from it as if written first: TAR_OPTIONS='--to-command=rm\ -rf\ /' tar xf a.tar
            unknown("TAR_OPTIONS gives tar an option that runs a command");
        } else if ((name.equals("MAKEFLAGS") || name.equals("GNUMAKEFLAGS")) && (value.dynamic()
                || MAKEFLAGS_CODE.matcher(value.value()).find())) {
            // make reads options and variables from it: MAKEFLAGS='SHELL=/bin/rm .SHELLFLAGS=-rf\ /' make
            unknown(name + " gives make an option or variable that changes what its recipes run");
        } else if (LOADER_VARIABLES.contains(name)) {
            unknown(name + " makes programs load code that is not visible");
        } else if (name.equals("PATH") && !systemPath(value)) {
            // PATH=/tmp:$PATH ls runs whatever ./ls the script or an earlier command left there: the program
            // judged as ls is not the one that runs.
            unknown("PATH names a directory beyond the system's, where a program judged by its name may be another");
        } else if (PROMPT_VARIABLES.contains(name)) {
            if (value.dynamic()) {
                // PS4=$x: the value, whatever x holds, is expanded again each time the prompt is shown
                unknown(name + " is set to a run-time value that the shell expands as a prompt");
            } else {
                new ShellLexer(value.value(), this, depth + 1).scanExpansionsOnly();
            }
        } else if (COMMAND_VARIABLES.contains(name)) {
            if (value.dynamic()) {
                unknown(name + " is set to a run-time value and is executed as a command");
            } else {
                analyzeNested(value.value(), depth + 1, name.equals("PROMPT_COMMAND") ? "bash" : "sh");
            }
        }
    }

    ShellAnalysis result() {
        if (sawArithmetic && sawLiteralSubstitution) {
            unknown("a quoted value spells a command substitution and arithmetic evaluation could run it");
        }
        for (String n : arithmeticNames) {
            if (runTimeValues.isRunTime(n)) {
                // "read x; echo $((x))" with x = 'a[$(rm -rf /)]' runs rm: the value is evaluated, not just read
                unknown("arithmetic evaluates " + n + ", whose value is set at run time and may spell a command substitution");
                break;
            }
        }
        if (sawNameReference && sawLiteralSubstitution) {
            unknown("a quoted value spells a command substitution and a value taken as a variable's name could run it");
        }
        for (String n : referencedNames) {
            if (runTimeValues.isRunTime(n)) {
                unknown("the value of " + n + " is taken as a variable's name, whose subscript may spell a command"
                        + " substitution, and is set at run time");
                break;
            }
        }
        WrittenScripts.analyze(List.copyOf(commands), redirectionOwners, this, 0);
        List<SimpleCommand> resolved = new ArrayList<>(commands.size());
        for (int k = 0; k < commands.size(); k++) {
            Pending p = pending.get(k);
            resolved.add(p == null ? commands.get(k) : runTimeValues.resolve(commands.get(k), p.sources(), p.appendedAt()));
        }
        WrittenCode.judge(resolved, redirectionOwners, this);
        GitPlants.judge(resolved, redirectionOwners, this);
        resolved = files.apply(resolved, this, commandless);
        return new ShellAnalysis(resolved, new ArrayList<>(reasons), new ArrayList<>(commandless), emptied);
    }
}
