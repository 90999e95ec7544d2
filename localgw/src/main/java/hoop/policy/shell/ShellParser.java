package hoop.policy.shell;

import hoop.policy.shell.ShellLexer.Kind;
import hoop.policy.shell.ShellLexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bash grammar at the level needed to find every simple command: lists, pipelines, compound
 * commands and function definitions. It does not build a tree; each simple command is handed to
 * the resolver as soon as it ends. Block nesting is tracked only to reject malformed input,
 * because a parser that is more lenient than bash could be steered into misreading a script.
 */
final class ShellParser {
    private enum Block { IF, LOOP, DO, BRACE, PAREN, CASE }

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(\\[[^]]*])?\\+?=");
    private static final Set<String> ARITHMETIC_TESTS = Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge");
    private static final Set<String> HARMLESS_TARGETS = Set.of(
            "/dev/null", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/tty");
    private static final Set<String> CLOSERS = Set.of("fi", "done", "esac", "}", "then", "do", "else", "elif");

    private final ShellLexer lexer;
    private final Analysis analysis;
    private final boolean nested;
    private final Deque<Block> blocks = new ArrayDeque<>();
    private final List<Token> words = new ArrayList<>();
    private final List<SimpleRedirect> redirections = new ArrayList<>();
    private Token pushedBack;
    private boolean hasRedirection;
    private boolean hasAssignment;
    private boolean afterCompound;
    private boolean inCasePattern;
    private boolean patternStarted;
    private boolean afterTime;
    private boolean timeSawP;
    /** Right after "coproc": a name may come before a compound command ("coproc W { cmd; }"). */
    private boolean afterCoproc;
    /** The command before this one in a pipeline wrote nothing; this one's standard input is /dev/null. */
    private boolean pipedNothing;
    /** The earlier stages of the pipeline the next command reads from (what xargs is given: {@link FileOperands}). */
    private List<List<SimpleCommand>> pipedStages = List.of();
    private List<List<SimpleCommand>> finishedStages = List.of();
    /** The commands the last finished command ran; empty for a compound command, whose output hoop does not follow. */
    private List<SimpleCommand> finishedStage = List.of();
    private boolean stdinEmpty;
    /** The command's standard output is redirected to /dev/null (its last redirection of it). */
    private boolean stdoutDiscarded;
    /** The here-document the current command reads as its standard input (its number in the script), or -1. */
    private int stdinDocument = -1;

    /** @param nested true for $(...) and process substitutions, which end at an unmatched ")" */
    ShellParser(ShellLexer lexer, boolean nested) {
        this.lexer = lexer;
        this.analysis = lexer.analysis;
        this.nested = nested;
    }

    void parse() {
        while (true) {
            Token t = next(false);
            switch (t.kind()) {
                case EOF -> {
                    finishCommand();
                    execOutputsEnd(true);
                    if (nested) {
                        throw new ShellSyntaxException("unterminated $( or process substitution");
                    }
                    if (!blocks.isEmpty()) {
                        throw new ShellSyntaxException("unterminated " + describe(blocks.peek()));
                    }
                    return;
                }
                case NEWLINE -> finishCommand();
                case REDIR -> {
                    if (inCasePattern) {
                        throw new ShellSyntaxException("redirection inside a case pattern");
                    }
                    hasRedirection = true;
                    redirection(t);
                }
                case OP -> {
                    if (operator(t.text())) {
                        return;
                    }
                }
                case WORD -> word(t);
            }
        }
    }

    /**
     * A redirection opens a file the command's words do not show: "cat < /etc/shadow" reads it and
     * "echo x > /etc/passwd" overwrites it. Each file target is reported as a command of its own named
     * after the direction, "<" (read) or ">" (any write: > >> >| <> &> &>> >&file), so a rule such as
     * "* /etc/shadow*" or "> /etc/*" sees it. Here-documents, here-strings and descriptor copies
     * (2>&1, <&3, >&-) name no file. The terminal devices and /dev/null are left out so that
     * "2>/dev/null" does not need a rule of its own.
     */
    private void redirection(Token t) {
        String op = t.text();
        if (op.startsWith("<<")) {
            if (!op.equals("<<<")) {
                stdinDocument = analysis.hereDocumentOperator(lexer.depth);
            }
            return;
        }
        Word target = Word.of(t.units());
        if (target.procSubst()) {
            return;
        }
        boolean dup = op.equals("<&") || op.equals(">&");
        boolean stdout = !op.startsWith("<") && (lexer.redirectedFd().isEmpty() || lexer.redirectedFd().equals("1")
                || op.startsWith("&"));
        if (dup && !target.dynamic() && target.value().matches("[0-9]*-?")) {
            stdoutDiscarded &= !stdout;  // "> /dev/null 1>&2": it goes where the other does
            return;
        }
        if (!target.dynamic() && HARMLESS_TARGETS.contains(target.value())) {
            stdinEmpty |= op.equals("<") && target.value().equals("/dev/null");
            if (stdout) stdoutDiscarded = target.value().equals("/dev/null");
            return;
        }
        stdoutDiscarded &= !stdout;
        redirections.add(new SimpleRedirect(op.equals("<") || op.equals("<&") ? "<" : ">", target, TRUNCATING.contains(op),
                op.startsWith("&") ? "&" : lexer.redirectedFd()));
    }

    private static final Set<String> TRUNCATING = Set.of(">", ">|", "&>", ">&");

    /**
     * "exec > f" (no command) truncates f and points the rest of the script's output at it, up to the end of the
     * subshell it ran in: f is emptied when nothing after it writes there, as "exec > f; true" or "exec 2> f".
     * index: the ">" command reporting f; subshells: how many subshells were open around the exec.
     */
    private record ExecOutput(int index, int subshells, int outputs, boolean quiet) {
        ExecOutput written() {
            return new ExecOutput(index, subshells, outputs, false);
        }
    }

    private final List<ExecOutput> execOutputs = new ArrayList<>();

    private int openSubshells() {
        return (int) blocks.stream().filter(b -> b == Block.PAREN).count();
    }

    /** The outputs exec opened inside more subshells than remain open (or any, when the script ended) are final. */
    private void execOutputsEnd(boolean scriptEnded) {
        int left = scriptEnded ? -1 : openSubshells();
        execOutputs.removeIf(o -> {
            if (o.subshells() <= left) return false;
            if (o.quiet()) analysis.emptied(o.index());
            return true;
        });
    }

    /** A file redirection, reported after the command it belongs to; truncates: it empties the file before writing. */
    private record SimpleRedirect(String direction, Word target, boolean truncates, String fd) {
        /** Sends the command's standard output to a file rather than to where the script's output goes. */
        boolean ofOutput() {
            return direction.equals(">") && (outputs() & 1) != 0;
        }

        /** Which of standard output (1) and standard error (2) it redirects. */
        int outputs() {
            if (!direction.equals(">")) return 0;
            return switch (fd) {
                case "", "1" -> 1;
                case "2" -> 2;
                case "&" -> 3;
                default -> 0;
            };
        }

        /**
         * "exec 3> f" opens f for the rest of the script, truncated: nothing is written there unless a later command
         * copies output into that descriptor (">&3"). Standard output and error are, by whatever runs next.
         */
        boolean emptiedByExec(ShellLexer lexer) {
            return truncates && !fd.isEmpty() && !fd.equals("1") && !fd.equals("2") && !fd.equals("&")
                    && !lexer.writesTo(fd);
        }
    }

    /**
     * Whether the command writes nothing, so that a truncating redirection of it only empties its file: "> f",
     * ": > f", "true > f", "cat /dev/null > f", "echo -n > f", "printf '' > f".
     */
    private boolean writesNothing(List<Word> words, boolean stdinNothing) {
        if (words.isEmpty()) return true;
        String program = CommandResolver.basename(words.get(0).value());
        List<String> rest = words.subList(1, words.size()).stream().map(Word::value).toList();
        if (words.stream().anyMatch(Word::dynamic)) return false;
        // "f() { :; }; f > f": a function the script defined writes what its body writes
        Boolean function = quietFunctions.get(words.get(0).value());
        if (function != null) return function;
        if (filtersNothing(program, rest, stdinNothing)) return true;
        return switch (program) {
            case ":", "true", "false" -> true;
            // a count of nothing: "head -c0 f > f", "tail -n 0 x > f", "grep -m0 x f > f"
            case "head", "tail" -> String.join(" ", rest).matches("(.* )?(-[cn] ?|--(bytes|lines)=)0+( .*)?");
            case "grep", "egrep", "fgrep" -> String.join(" ", rest).matches("(.* )?(-m ?|--max-count=)0+( .*)?");
            case "sed", "gsed" -> rest.stream().anyMatch(a -> a.matches("-[a-zA-Z]*n[a-zA-Z]*|--quiet|--silent"))
                    && SedScripts.dropsEverything(words.subList(1, words.size()), true);
            case "cat" -> !rest.isEmpty() && rest.stream().allMatch("/dev/null"::equals);
            case "echo" -> rest.equals(List.of("-n"));
            case "printf" -> rest.equals(List.of(""));
            default -> false;
        };
    }

    /** Filters that write nothing of an empty input: "xz -d < /dev/null > f", ": | sort > f" empty f. */
    private static final Set<String> FILTERS = Set.of("cat", "tac", "sort", "uniq", "head", "tail", "tr", "cut", "rev",
            "fold", "fmt", "paste", "expand", "unexpand", "grep", "egrep", "fgrep", "sed", "base64", "base32", "gunzip",
            "zcat", "xzcat", "unxz", "bunzip2", "bzcat", "unzstd", "zstdcat", "jq", "shuf", "column");
    private static final Set<String> DECOMPRESSORS = Set.of("gzip", "xz", "bzip2", "zstd", "lz4", "lzma");

    /** Filters reading only standard input, their operands being no files ("tr -d a-z < /dev/null > f"). */
    private static final Set<String> STDIN_ONLY = Set.of("tr", "envsubst");
    /** Programs that print nothing of empty files, however many ("comm /dev/null /dev/null > f", "diff ..."). */
    private static final Set<String> OF_FILES = Set.of("nl", "comm", "diff", "cmp", "join", "pr", "strings", "xxd");

    /**
     * Whether the program writes nothing, its input empty: a filter whose file operands are all /dev/null ("paste
     * /dev/null > f", "cut -c1 /dev/null > f"), or that reads standard input (no operand, or "-") when that is
     * empty (stdinNothing: "< /dev/null", ": |"). A word that is no file (an option's value given apart, "cut -f 1")
     * makes it unknown, and so not nothing.
     */
    private static boolean filtersNothing(String program, List<String> rest, boolean stdinNothing) {
        if (STDIN_ONLY.contains(program)) return stdinNothing;
        boolean decompresses = DECOMPRESSORS.contains(program)
                && rest.stream().anyMatch(a -> a.matches("-[a-zA-Z0-9]*d[a-zA-Z0-9]*|--decompress|--uncompress"));
        if (!FILTERS.contains(program) && !OF_FILES.contains(program) && !decompresses) return false;
        // what prints a line of its own for an empty input: paste -s (one empty line), grep -c (0) and -L (the name)
        if (program.equals("paste") && rest.stream().anyMatch(a -> a.matches("-[a-zA-Z]*s[a-zA-Z]*|--serial"))) return false;
        if (program.contains("grep") && rest.stream().anyMatch(a -> a.matches("-[a-zA-Z]*[cL][a-zA-Z]*|--count"
                + "|--files-without-match"))) return false;
        if (program.equals("jq") && rest.stream().anyMatch(a -> a.matches("-[a-zA-Z]*n[a-zA-Z]*|--null-input"))) return false;
        List<String> operands = rest.stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        // sed and grep take their script or pattern first
        int script = (program.equals("sed") || program.contains("grep") || program.equals("jq"))
                && rest.stream().noneMatch(a -> a.equals("-e") || a.equals("-f") || a.startsWith("--expr")) ? 1 : 0;
        List<String> files = operands.stream().skip(script).toList();
        if (files.isEmpty()) return stdinNothing && !OF_FILES.contains(program);
        return files.stream().allMatch(a -> a.equals("/dev/null") || a.equals("-") && stdinNothing);
    }

    /** sort -o FILE, shuf -o FILE of an empty input: the file is written with nothing. */
    private void outputOptionOfNothing(List<Word> expanded) {
        if (expanded.isEmpty() || !Set.of("sort", "shuf").contains(CommandResolver.basename(expanded.get(0).value()))) {
            return;
        }
        List<String> inputs = new ArrayList<>();
        for (int k = 1; k < expanded.size(); k++) {
            String v = expanded.get(k).value();
            if (v.equals("-o") || v.equals("--output")) {
                k++;
            } else if (!v.startsWith("-o") && !v.startsWith("--output")) {
                inputs.add(v);
            }
        }
        if (!filtersNothing(CommandResolver.basename(expanded.get(0).value()), inputs, true)) {
            return;
        }
        for (int k = 1; k < expanded.size(); k++) {
            String v = expanded.get(k).value();
            Word target = v.equals("-o") || v.equals("--output") ? (k + 1 < expanded.size() ? expanded.get(k + 1) : null)
                    : v.startsWith("--output=") ? Word.literal(v.substring(9))
                    : v.startsWith("-o") && v.length() > 2 ? Word.literal(v.substring(2)) : null;
            if (target != null && !target.dynamic() && !HARMLESS_TARGETS.contains(target.value())) {
                int before = analysis.commandCount();
                analysis.resolver.emit(">", List.of(target));
                if (analysis.commandCount() > before) {
                    analysis.emptied(analysis.commandCount() - 1);
                }
                return;
            }
        }
    }

    /**
     * Programs that name the file they write by an operand or option rather than a redirection, reading an empty
     * standard input: "dd of=f < /dev/null", ": | uniq - f", "xxd - f < /dev/null" write nothing over f, as
     * "cp /dev/null f" does. (iconv -o opens its output only once it has something to write.)
     */
    private void outputOperandOfNothing(List<Word> expanded) {
        if (expanded.isEmpty() || expanded.stream().anyMatch(Word::dynamic)) {
            return;
        }
        String program = CommandResolver.basename(expanded.get(0).value());
        List<String> args = expanded.subList(1, expanded.size()).stream().map(Word::value).toList();
        String target = null;
        switch (program) {
            case "dd" -> {
                boolean fromStdin = args.stream().noneMatch(a -> a.startsWith("if=") && !a.equals("if=/dev/stdin")
                        && !a.equals("if=-") && !a.equals("if=/dev/null"));
                boolean notrunc = args.stream().anyMatch(a -> a.startsWith("conv=") && a.contains("notrunc"));
                if (fromStdin && !notrunc) {
                    for (String a : args) {
                        if (a.startsWith("of=")) target = a.substring(3);
                    }
                }
            }
            case "uniq", "xxd" -> {
                List<String> operands = DataLoss.inAndOut(args);
                boolean patches = program.equals("xxd") && DataLoss.reverts(args);
                if (operands.size() == 2 && !patches && List.of("-", "/dev/null", "/dev/stdin").contains(operands.get(0))) {
                    target = operands.get(1);
                }
            }
            default -> {
            }
        }
        if (target != null && !target.isEmpty() && !target.equals("-") && !HARMLESS_TARGETS.contains(target)) {
            int before = analysis.commandCount();
            analysis.resolver.emit(">", List.of(Word.literal(target)));
            if (analysis.commandCount() > before) {
                analysis.emptied(analysis.commandCount() - 1);
            }
        }
    }

    private Token next(boolean condMode) {
        if (pushedBack != null) {
            Token t = pushedBack;
            pushedBack = null;
            return t;
        }
        return lexer.next(condMode);
    }

    /** Returns true when a nested parse reached its closing parenthesis. */
    private boolean operator(String op) {
        if (inCasePattern) {
            switch (op) {
                case "|" -> {
                    return false;
                }
                case "(" -> {
                    if (!patternStarted) {
                        return false;
                    }
                    throw new ShellSyntaxException("unexpected '(' in case pattern");
                }
                case ")" -> {
                    inCasePattern = false;
                    patternStarted = false;
                    return false;
                }
                default -> throw new ShellSyntaxException("unexpected '" + op + "' in case pattern");
            }
        }
        switch (op) {
            case ";", "&" -> finishCommand();
            case "&&", "||", "|", "|&" -> {
                if (words.isEmpty() && !afterCompound && !hasRedirection && !hasAssignment) {
                    throw new ShellSyntaxException("syntax error near '" + op + "'");
                }
                boolean nothing = finishCommand();
                pipedNothing = nothing && op.startsWith("|");
                if (op.startsWith("|")) {
                    List<List<SimpleCommand>> stages = new ArrayList<>(finishedStages);
                    stages.add(finishedStage);
                    pipedStages = stages;
                }
            }
            case ";;", ";&", ";;&" -> {
                finishCommand();
                if (blocks.peek() != Block.CASE) {
                    throw new ShellSyntaxException("'" + op + "' outside of case");
                }
                inCasePattern = true;
                patternStarted = false;
            }
            case "(" -> {
                if (!words.isEmpty() || afterCompound || hasRedirection) {
                    throw new ShellSyntaxException("unexpected '('");
                }
                if (lexer.peekChar('(') && lexer.tryArithmeticCommand()) {
                    compoundQuiet = true;
                    afterCompound = true;
                } else {
                    open(Block.PAREN);
                }
            }
            case ")" -> {
                finishCommand();
                if (blocks.peek() == Block.PAREN) {
                    blocks.pop();
                    closed(quiet.pop());
                    execOutputsEnd(false);
                } else if (blocks.isEmpty() && nested) {
                    execOutputsEnd(true);
                    return true;
                } else {
                    throw new ShellSyntaxException("unexpected ')'");
                }
            }
            default -> throw new ShellSyntaxException("unexpected '" + op + "'");
        }
        return false;
    }

    private void word(Token t) {
        if (inCasePattern) {
            if (!patternStarted && t.isPlainWord("esac")) {
                close(Block.CASE, "esac");
                inCasePattern = false;
            } else {
                patternStarted = true;
            }
            return;
        }
        boolean commandPosition = words.isEmpty() && !hasRedirection;
        if (afterCompound && !(commandPosition && CLOSERS.contains(String.valueOf(t.plainText())))) {
            throw new ShellSyntaxException("unexpected word '" + t.text() + "' after compound command");
        }
        if (commandPosition && reservedWord(t)) {
            return;
        }
        if (afterTime && commandPosition && !timeSawP && t.isPlainWord("-p")) {
            timeSawP = true;
            return;
        }
        // bash's time keyword also ends its options at "--": "time -- rm -rf /" runs rm.
        if (afterTime && commandPosition && t.isPlainWord("--")) {
            afterTime = false;
            return;
        }
        afterTime = false;
        boolean coprocName = afterCoproc && commandPosition && t.plainText() != null
                && t.plainText().matches("[A-Za-z_][A-Za-z0-9_]*") && lexer.compoundFollows();
        afterCoproc = false;
        if (coprocName) {
            return;
        }
        if (words.isEmpty() && assignment(t)) {
            return;
        }
        if (commandPosition && lexer.consumeFunctionParens()) {
            // The body that follows is parsed like any other compound command, so defining a
            // function named like a harmless program cannot hide what it runs.
            definedFunction = t.plainText();
            return;
        }
        words.add(t);
    }

    private boolean reservedWord(Token t) {
        String text = t.plainText();
        if (text == null) {
            return false;
        }
        switch (text) {
            case "if" -> open(Block.IF);
            case "then", "elif", "else" -> expect(Block.IF, text);
            case "fi" -> close(Block.IF, "fi");
            case "while", "until" -> open(Block.LOOP);
            case "do" -> {
                expect(Block.LOOP, "do");
                blocks.pop();
                blocks.push(Block.DO);
            }
            case "done" -> close(Block.DO, "done");
            case "{" -> open(Block.BRACE);
            case "}" -> close(Block.BRACE, "}");
            case "case" -> caseHeader();
            case "esac" -> close(Block.CASE, "esac");
            case "for", "select" -> forHeader();
            case "function" -> {
                Token name = next(false);
                if (name.kind() != Kind.WORD) {
                    throw new ShellSyntaxException("expected a function name after 'function'");
                }
                lexer.consumeFunctionParens();
                definedFunction = name.plainText();
            }
            case "[[" -> conditional();
            case "!" -> {
                // a prefix of a pipeline; the command itself follows
            }
            case "coproc" -> afterCoproc = true;
            case "time" -> {
                afterTime = true;
                timeSawP = false;
            }
            case "in" -> throw new ShellSyntaxException("unexpected 'in'");
            default -> {
                return false;
            }
        }
        return true;
    }

    private void expect(Block block, String word) {
        if (blocks.peek() != block) {
            throw new ShellSyntaxException("unexpected '" + word + "'");
        }
        afterCompound = false;
    }

    private void close(Block block, String word) {
        expect(block, word);
        blocks.pop();
        closed(quiet.pop());
    }

    private void open(Block block) {
        blocks.push(block);
        quiet.push(true);
        bodyOf.push(definedFunction == null ? "" : definedFunction);
        definedFunction = null;
    }

    /** The compound command just closed wrote nothing: when it is a function's body, so does each call of it. */
    private void closed(boolean wroteNothing) {
        compoundQuiet = wroteNothing;
        String function = bodyOf.pop();
        if (!function.isEmpty()) quietFunctions.put(function, wroteNothing);
        afterCompound = true;
    }

    /** The name of a function whose body is the next compound command opened; null when none. */
    private String definedFunction;
    /** Per open compound command (as quiet), the function it is the body of, or "". */
    private final java.util.ArrayDeque<String> bodyOf = new java.util.ArrayDeque<>();
    /** Per function the script defined so far, whether its body writes nothing to standard output. */
    private final java.util.Map<String, Boolean> quietFunctions = new java.util.HashMap<>();

    /**
     * For each open compound command, whether every command in it so far wrote nothing to its standard output, so that
     * "{ :; } > f" or "if false; then :; fi > f" empties f as ": > f" does.
     */
    private final java.util.ArrayDeque<Boolean> quiet = new java.util.ArrayDeque<>();
    /** Whether the compound command just closed wrote nothing ((( )) and [[ ]] never do). */
    private boolean compoundQuiet;

    private void caseHeader() {
        if (next(false).kind() != Kind.WORD) {
            throw new ShellSyntaxException("expected a word after 'case'");
        }
        Token t = skipNewlines();
        if (!t.isPlainWord("in")) {
            throw new ShellSyntaxException("expected 'in' after case word");
        }
        open(Block.CASE);
        inCasePattern = true;
        patternStarted = false;
    }

    private void forHeader() {
        Token name = next(false);
        if (name.isOp("(") && lexer.peekChar('(')) {
            if (!lexer.tryArithmeticCommand()) {
                throw new ShellSyntaxException("malformed for ((...)) header");
            }
        } else if (name.kind() != Kind.WORD) {
            throw new ShellSyntaxException("expected a variable name after 'for'");
        }
        open(Block.LOOP);
        String variable = name.kind() == Kind.WORD ? name.plainText() : null;
        Token t = skipNewlines();
        if (t.isPlainWord("in")) {
            List<Word> items = new ArrayList<>();
            while (true) {
                Token item = next(false);
                if (item.kind() == Kind.NEWLINE || item.isOp(";")) {
                    loopVariable(variable, items);
                    return;
                }
                if (item.kind() != Kind.WORD) {
                    throw new ShellSyntaxException("unexpected token in for word list");
                }
                for (List<Unit> units : BraceExpander.expand(item.units())) {
                    items.add(Word.of(units));
                }
            }
        }
        if (variable != null) {
            analysis.noteRunTimeAssignment(variable); // without "in" it takes the positional parameters
        }
        if (!t.isOp(";")) {
            pushedBack = t;
        }
    }

    /** The loop variable takes each word in turn (select: the one chosen); a run-time word is any value. */
    private void loopVariable(String variable, List<Word> items) {
        if (variable == null) {
            return;
        }
        for (Word w : items) {
            if (w.dynamic()) {
                analysis.noteRunTimeAssignment(variable);
                return;
            }
            List<String> expanded = w.hasGlob() && analysis.cwd != null
                    ? GlobExpander.expand(analysis.globPattern(w), analysis.cwd) : List.of();
            for (String v : expanded.isEmpty() ? List.of(w.value()) : expanded) {
                analysis.noteAssignment(variable, Word.literal(v), lexer.depth); // "for PATH in /tmp" is judged too
            }
        }
    }

    private Token skipNewlines() {
        Token t = next(false);
        while (t.kind() == Kind.NEWLINE) {
            t = next(false);
        }
        return t;
    }

    /** [[ ... ]]: operands are not commands, but substitutions inside them still run. */
    private void conditional() {
        StringBuilder operands = new StringBuilder();
        boolean arithmetic = false;
        boolean nameTest = false;
        while (true) {
            Token t = next(true);
            if (t.kind() == Kind.EOF) {
                throw new ShellSyntaxException("unterminated [[");
            }
            if (t.kind() != Kind.WORD) {
                continue;
            }
            if (t.isPlainWord("]]")) {
                compoundQuiet = true;
                afterCompound = true;
                return;
            }
            if (ARITHMETIC_TESTS.contains(t.text())) {
                analysis.noteArithmetic(operands.toString());
                arithmetic = true;
            }
            operands.append(t.text()).append(' ');
            if (nameTest) {
                analysis.noteNameReference(t.text()); // [[ -v $x ]] looks up the variable x's value names
            }
            nameTest = t.isPlainWord("-v");
            if (arithmetic) {
                analysis.noteArithmetic(t.text());
            }
            if (Word.of(t.units()).literalSubst()) {
                analysis.unknown("[[ operand " + t.text() + " spells a command substitution that may be evaluated");
            }
        }
    }

    private boolean assignment(Token t) {
        StringBuilder prefix = new StringBuilder();
        for (Unit u : t.units()) {
            if (u.isDynamic() || u.quoted()) {
                break;
            }
            prefix.append(u.c());
        }
        var m = ASSIGNMENT.matcher(prefix);
        if (!m.lookingAt()) {
            return false;
        }
        List<Unit> value = t.units().subList(m.end(), t.units().size());
        analysis.noteAssignment(m.group(1), Word.of(value), lexer.depth);
        if (m.group(2) != null) {
            analysis.noteArithmetic(m.group(2)); // an indexed array's subscript is arithmetic
        }
        if (m.group(2) != null || m.group().endsWith("+=")) {
            analysis.noteRunTimeAssignment(m.group(1)); // an element or an appended part: the whole is not that value
        }
        hasAssignment = true;
        return true;
    }

    /** Returns whether the command wrote nothing to its standard output (": | tee f" then empties f). */
    private boolean finishCommand() {
        List<List<SimpleCommand>> stages = pipedStages;
        pipedStages = List.of();
        analysis.pipedFrom(stages);
        if (!words.isEmpty() && stages.stream().flatMap(List::stream).anyMatch(KubeSecretOutput::printsSecretData)) {
            analysis.unknown("a Secret's data piped on to another program (it can print the values without the keys hoop masks "
                    + "them by); run kubectl get secret ... -o yaml or -o json alone");
        }
        boolean stdinNothing = pipedNothing || stdinEmpty;
        pipedNothing = false;
        stdinEmpty = false;
        int document = stdinDocument;
        stdinDocument = -1;
        List<Word> expanded = new ArrayList<>();
        int first = analysis.commandCount();
        if (!words.isEmpty()) {
            for (Token t : words) {
                for (List<Unit> units : BraceExpander.expand(t.units())) {
                    expanded.add(Word.of(units));
                }
            }
            analysis.resolver.resolveWritten(expanded, lexer.depth);
        }
        if (document >= 0) {
            analysis.hereDocumentReader(lexer.depth, document, first, analysis.commandCount());
        }
        if (stdoutDiscarded && !afterCompound) {
            // "tar -cf - --remove-files d > /dev/null": the archive of what it removes is thrown away
            List<SimpleCommand> run = analysis.commandsFrom(first);
            for (int k = 0; k < run.size(); k++) {
                if (DataLoss.movesIntoOutput(run.get(k))) analysis.emptied(first + k);
            }
        }
        if (stdinNothing && !afterCompound) {
            teeOfNothing(expanded);
            outputOptionOfNothing(expanded);
            outputOperandOfNothing(expanded);
        }
        // "{ ...; } > f", "done > f": a compound command's output, nothing when each command in it wrote nothing
        boolean nothingOut = afterCompound ? compoundQuiet : writesNothing(expanded, stdinNothing);
        boolean wroteNothing = nothingOut && redirections.stream().noneMatch(r -> r.direction().equals(">"));
        boolean empties = !redirections.isEmpty() && nothingOut;
        if (!quiet.isEmpty() && (!expanded.isEmpty() || afterCompound || !redirections.isEmpty())) {
            quiet.push(quiet.pop() && wroteNothing);
        }
        boolean execOpens = expanded.size() == 1 && expanded.get(0).value().equals("exec") && !expanded.get(0).dynamic();
        // A compound command's own commands were counted one by one.
        if (!expanded.isEmpty() && !afterCompound && !execOpens) {
            boolean redirectedAway = stdoutDiscarded || redirections.stream().anyMatch(SimpleRedirect::ofOutput);
            execOutputs.replaceAll(o -> o.quiet() && (nothingOut || redirectedAway) ? o : o.written());
        }
        for (SimpleRedirect r : redirections) {
            int before = analysis.commandCount();
            analysis.resolver.emit(r.direction(), List.of(r.target()));
            if (!afterCompound && analysis.commandCount() > before) {
                analysis.redirectionOf(analysis.commandCount() - 1, first, before);
            }
            if ((empties && r.truncates() || execOpens && r.emptiedByExec(lexer)) && analysis.commandCount() > before) {
                analysis.emptied(analysis.commandCount() - 1);
            } else if (execOpens && r.truncates() && r.outputs() != 0 && analysis.commandCount() > before) {
                // what an earlier exec opened on the same descriptors no longer receives anything
                execOutputs.removeIf(o -> {
                    if ((o.outputs() & ~r.outputs()) != 0) return false;
                    if (o.quiet()) analysis.emptied(o.index());
                    return true;
                });
                execOutputs.add(new ExecOutput(analysis.commandCount() - 1, openSubshells(), r.outputs(), true));
            }
        }
        finishedStages = stages;
        finishedStage = afterCompound ? List.of() : analysis.commandsFrom(first);
        redirections.clear();
        stdoutDiscarded = false;
        words.clear();
        hasRedirection = false;
        hasAssignment = false;
        afterCompound = false;
        afterTime = false;
        afterCoproc = false;
        return wroteNothing;
    }

    private static final Set<String> TEE_WRAPPERS = Set.of("sudo", "doas", "env", "command", "exec", "nice", "nohup",
            "stdbuf", "ionice", "run0");

    /** tee copies its input to each file it names, truncating them first: an empty input leaves each empty. */
    private void teeOfNothing(List<Word> expanded) {
        int tee = 0;
        // "echo x | sudo tee /etc/hosts": through a wrapper of its own privileges or environment
        if (!expanded.isEmpty() && TEE_WRAPPERS.contains(CommandResolver.basename(expanded.get(0).value()))) {
            while (tee < expanded.size() && !CommandResolver.basename(expanded.get(tee).value()).equals("tee")) {
                tee++;
            }
        }
        if (tee >= expanded.size() || !CommandResolver.basename(expanded.get(tee).value()).equals("tee")) {
            return;
        }
        List<Word> rest = expanded.subList(tee + 1, expanded.size());
        if (rest.stream().anyMatch(w -> w.value().matches("-[a-zA-Z]*a[a-zA-Z]*|--append|--ap.*"))) {
            return;
        }
        for (Word w : rest) {
            if (w.value().startsWith("-") || !w.dynamic() && HARMLESS_TARGETS.contains(w.value())) {
                continue;
            }
            int before = analysis.commandCount();
            analysis.resolver.emit(">", List.of(w));
            if (analysis.commandCount() > before) {
                analysis.emptied(analysis.commandCount() - 1);
            }
        }
    }

    private static String describe(Block b) {
        return switch (b) {
            case IF -> "'if' (missing 'fi')";
            case LOOP -> "loop (missing 'do')";
            case DO -> "loop (missing 'done')";
            case BRACE -> "'{' (missing '}')";
            case PAREN -> "'(' (missing ')')";
            case CASE -> "'case' (missing 'esac')";
        };
    }
}
