package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits bash source into words, operators and redirections using bash's quoting rules.
 * Command and process substitutions are parsed in place (recursively) so that the commands
 * they run are reported even though the word's own value stays unknown.
 */
final class ShellLexer {
    enum Kind { WORD, OP, NEWLINE, REDIR, EOF }

    /** For WORD tokens, {@code units} holds the word; {@code text} is the raw source. */
    record Token(Kind kind, String text, List<Unit> units) {
        boolean isOp(String op) {
            return kind == Kind.OP && text.equals(op);
        }

        /** Reserved words are only recognised when written without any quoting or expansion. */
        boolean isPlainWord(String w) {
            if (kind != Kind.WORD || units.size() != w.length()) {
                return false;
            }
            for (int i = 0; i < units.size(); i++) {
                if (!units.get(i).isUnquoted(w.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /** The word with line continuations removed, if it is entirely unquoted; else null. */
        String plainText() {
            StringBuilder sb = new StringBuilder();
            for (Unit u : units) {
                if (u.isDynamic() || u.quoted()) {
                    return null;
                }
                sb.append(u.c());
            }
            return kind == Kind.WORD ? sb.toString() : null;
        }
    }

    private record Heredoc(String delimiter, boolean stripTabs, boolean literal) {
    }

    private static final int MAX_SUBST_NESTING = 64;
    private static final Pattern NAMED_FD = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}[<>]");
    private static final Pattern ASSIGN_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=");

    private final String src;
    private int pos;
    final Analysis analysis;
    final int depth;
    private final List<Heredoc> pendingHeredocs = new ArrayList<>();
    private int substNesting;

    /** The descriptor written before the last redirection operator read ("3" of "3>f", "{fd}" of "{fd}>f"), or "". */
    private String redirectedFd = "";

    String redirectedFd() {
        return redirectedFd;
    }

    /** Whether the script copies output into the descriptor anywhere (">&3", "1>&3", ">&$fd"). */
    boolean writesTo(String fd) {
        String ref = fd.startsWith("{") && fd.endsWith("}") ? "$" + fd.substring(1, fd.length() - 1) : fd;
        return src.contains(">&" + ref) || src.contains(">& " + ref) || src.contains(">&${" + ref.replace("$", ""));
    }

    ShellLexer(String src, Analysis analysis, int depth) {
        this.src = src;
        this.analysis = analysis;
        this.depth = depth;
    }

    Token next(boolean condMode) {
        skipBlanksAndComments();
        if (pos >= src.length()) {
            if (!pendingHeredocs.isEmpty()) {
                throw new ShellSyntaxException("unterminated here-document (missing '"
                        + pendingHeredocs.get(0).delimiter() + "')");
            }
            return new Token(Kind.EOF, "", List.of());
        }
        char c = src.charAt(pos);
        if (c == '\n') {
            pos++;
            readPendingHeredocs();
            return new Token(Kind.NEWLINE, "\n", List.of());
        }
        if (condMode && "()<>|&;".indexOf(c) >= 0) {
            return operator();
        }
        if (startsRedirection()) {
            return readRedirection();
        }
        if (";&|()".indexOf(c) >= 0) {
            return operator();
        }
        return readWordToken();
    }

    /** True when the rest of the line starts with "()" (a function definition). Consumes it. */
    boolean consumeFunctionParens() {
        int i = pos;
        while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
            i++;
        }
        if (i >= src.length() || src.charAt(i) != '(') {
            return false;
        }
        i++;
        while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
            i++;
        }
        if (i >= src.length() || src.charAt(i) != ')') {
            return false;
        }
        pos = i + 1;
        return true;
    }

    /** Whether a compound command starts next ("{ ", "(", while, if, ...), as after "coproc NAME". */
    boolean compoundFollows() {
        int i = pos;
        while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
            i++;
        }
        return COMPOUND_START.matcher(src).region(i, src.length()).lookingAt();
    }

    private static final Pattern COMPOUND_START =
            Pattern.compile("\\(|(\\{|while|until|for|select|if|case|\\[\\[)(?=[\\s;&|()<>]|$)");

    boolean peekChar(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    /**
     * Called right after a "(" at command start when the next char is also "(": consumes an
     * arithmetic command {@code ((...))}. Returns false (consuming nothing) if the parentheses
     * turn out to be nested subshells instead.
     */
    boolean tryArithmeticCommand() {
        int start = pos;
        pos++;
        if (scanArithmetic()) {
            return true;
        }
        pos = start;
        return false;
    }

    private void skipBlanksAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t') {
                pos++;
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token operator() {
        for (String op : new String[] {";;&", ";;", ";&", "&&", "||", "|&", ";", "&", "|", "(", ")", "<", ">"}) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Kind.OP, op, List.of());
            }
        }
        throw new ShellSyntaxException("unexpected character '" + src.charAt(pos) + "'");
    }

    private boolean startsRedirection() {
        char c = src.charAt(pos);
        if (c == '&') {
            return pos + 1 < src.length() && src.charAt(pos + 1) == '>';
        }
        if (c == '<' || c == '>') {
            return pos + 1 >= src.length() || src.charAt(pos + 1) != '(';
        }
        int i = pos;
        while (i < src.length() && Character.isDigit(src.charAt(i))) {
            i++;
        }
        if (i > pos && i < src.length() && (src.charAt(i) == '<' || src.charAt(i) == '>')) {
            return true;
        }
        return c == '{' && NAMED_FD.matcher(src).region(pos, src.length()).lookingAt();
    }

    private Token readRedirection() {
        int fd = pos;
        while (pos < src.length() && src.charAt(pos) != '<' && src.charAt(pos) != '>' && src.charAt(pos) != '&') {
            pos++;
        }
        redirectedFd = src.substring(fd, pos);
        String op = null;
        for (String candidate : new String[] {"&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", ">>", ">|", ">&", "<", ">"}) {
            if (src.startsWith(candidate, pos)) {
                op = candidate;
                break;
            }
        }
        if (op == null) {
            throw new ShellSyntaxException("malformed redirection");
        }
        pos += op.length();
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
            pos++;
        }
        if (pos >= src.length() || "\n;&|()<>".indexOf(src.charAt(pos)) >= 0
                && !(pos + 1 < src.length() && src.charAt(pos + 1) == '(' && "<>".indexOf(src.charAt(pos)) >= 0)) {
            throw new ShellSyntaxException("redirection '" + op + "' without a target");
        }
        int start = pos;
        List<Unit> target = readWordUnits();
        if (op.startsWith("<<") && !op.equals("<<<")) {
            String raw = src.substring(start, pos);
            boolean literal = raw.indexOf('\'') >= 0 || raw.indexOf('"') >= 0 || raw.indexOf('\\') >= 0;
            pendingHeredocs.add(new Heredoc(Word.of(target).value(), op.equals("<<-"), literal));
        }
        return new Token(Kind.REDIR, op, target);
    }

    private void readPendingHeredocs() {
        List<Heredoc> docs = new ArrayList<>(pendingHeredocs);
        pendingHeredocs.clear();
        for (Heredoc doc : docs) {
            StringBuilder body = new StringBuilder();
            while (true) {
                if (pos >= src.length()) {
                    throw new ShellSyntaxException("unterminated here-document (missing '" + doc.delimiter() + "')");
                }
                String line = nextLine();
                if (doc.stripTabs()) {
                    line = line.replaceFirst("^\t+", "");
                }
                // Unquoted, a backslash-newline joins the next line before the delimiter is looked for: "EO\" and
                // "F" end the document (only the first line's tabs are stripped)
                while (!doc.literal() && endsInContinuation(line) && pos < src.length()) {
                    line = line.substring(0, line.length() - 1) + nextLine();
                }
                if (line.equals(doc.delimiter())) {
                    break;
                }
                body.append(line).append('\n');
            }
            if (!doc.literal()) {
                // An unquoted delimiter means $(...) and `...` in the body run when the document is read.
                new ShellLexer(body.toString(), analysis, depth).scanExpansionsOnly();
            }
            analysis.hereDocumentBody(depth, body.toString(), doc.literal());
        }
    }

    private String nextLine() {
        int end = src.indexOf('\n', pos);
        String line = src.substring(pos, end < 0 ? src.length() : end);
        pos = end < 0 ? src.length() : end + 1;
        return line;
    }

    /** An odd number of trailing backslashes: the last one escapes the newline. */
    private static boolean endsInContinuation(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(line.length() - 1 - n) == '\\') {
            n++;
        }
        return n % 2 == 1;
    }

    /** Reports substitutions in text that bash expands like a double-quoted string (no quote chars). */
    void scanExpansionsOnly() {
        List<Unit> scratch = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '$') {
                readDollar(scratch, true);
            } else if (c == '`') {
                readBacktick(scratch, true);
            } else {
                pos++;
            }
        }
    }

    private Token readWordToken() {
        int start = pos;
        List<Unit> units = readWordUnits();
        String raw = src.substring(start, pos);
        return new Token(Kind.WORD, raw, units);
    }

    List<Unit> readWordUnits() {
        List<Unit> units = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == ')') {
                break;
            }
            if (c == '(') {
                if (!units.isEmpty() && isArrayAssignmentPrefix(units)) {
                    units.add(readArrayLiteral());
                    continue;
                }
                if (!units.isEmpty() && "?*+@!".indexOf(units.get(units.size() - 1).c()) >= 0
                        && !units.get(units.size() - 1).quoted()) {
                    units.add(Unit.dynamic(readBalancedParens()));
                    continue;
                }
                break;
            }
            if (c == '<' || c == '>') {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == '(') {
                    int start = pos;
                    pos += 2;
                    parseNested();
                    units.add(Unit.processSubstitution(src.substring(start, pos)));
                    continue;
                }
                break;
            }
            switch (c) {
                case '\\' -> {
                    if (pos + 1 >= src.length()) {
                        units.add(Unit.literal('\\', true));
                        pos++;
                    } else if (src.charAt(pos + 1) == '\n') {
                        pos += 2;
                    } else {
                        units.add(Unit.literal(src.charAt(pos + 1), true));
                        pos += 2;
                    }
                }
                case '\'' -> {
                    int end = src.indexOf('\'', pos + 1);
                    if (end < 0) {
                        throw new ShellSyntaxException("unterminated single quote");
                    }
                    for (int i = pos + 1; i < end; i++) {
                        units.add(Unit.literal(src.charAt(i), true));
                    }
                    pos = end + 1;
                }
                case '"' -> readDoubleQuoted(units);
                case '`' -> readBacktick(units, false);
                case '$' -> readDollar(units, false);
                default -> {
                    units.add(Unit.literal(c, false));
                    pos++;
                }
            }
        }
        return units;
    }

    private boolean isArrayAssignmentPrefix(List<Unit> units) {
        StringBuilder sb = new StringBuilder();
        for (Unit u : units) {
            if (u.isDynamic() || u.quoted()) {
                return false;
            }
            sb.append(u.c());
        }
        return ASSIGN_PREFIX.matcher(sb).matches();
    }

    private Unit readArrayLiteral() {
        int start = pos;
        pos++;
        while (true) {
            skipBlanksAndComments();
            if (pos >= src.length()) {
                throw new ShellSyntaxException("unterminated array assignment");
            }
            char c = src.charAt(pos);
            if (c == ')') {
                pos++;
                return Unit.dynamic(src.substring(start, pos));
            }
            if (c == '\n') {
                pos++;
                continue;
            }
            if (readWordUnits().isEmpty() && pos < src.length() && src.charAt(pos) != ')') {
                throw new ShellSyntaxException("unexpected '" + src.charAt(pos) + "' in array assignment");
            }
        }
    }

    private String readBalancedParens() {
        int start = pos;
        int level = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '(') {
                level++;
            } else if (c == ')' && --level == 0) {
                return src.substring(start, pos);
            }
        }
        throw new ShellSyntaxException("unterminated pattern group");
    }

    private void readDoubleQuoted(List<Unit> units) {
        pos++;
        while (true) {
            if (pos >= src.length()) {
                throw new ShellSyntaxException("unterminated double quote");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char n = src.charAt(pos + 1);
                if (n == '\n') {
                    pos += 2;
                } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    units.add(Unit.literal(n, true));
                    pos += 2;
                } else {
                    units.add(Unit.literal('\\', true));
                    pos++;
                }
            } else if (c == '$') {
                readDollar(units, true);
            } else if (c == '`') {
                readBacktick(units, true);
            } else {
                units.add(Unit.literal(c, true));
                pos++;
            }
        }
    }

    private void readDollar(List<Unit> units, boolean inDoubleQuotes) {
        char n = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
        int start = pos;
        if (n == '\'' && !inDoubleQuotes) {
            int i = pos + 2;
            while (i < src.length() && src.charAt(i) != '\'') {
                i += src.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= src.length()) {
                throw new ShellSyntaxException("unterminated $'...' string");
            }
            for (char c : AnsiC.decode(src.substring(pos + 2, i)).toCharArray()) {
                units.add(Unit.literal(c, true));
            }
            pos = i + 1;
        } else if (n == '"' && !inDoubleQuotes) {
            pos++;
            readDoubleQuoted(units);
        } else if (n == '(') {
            if (pos + 2 < src.length() && src.charAt(pos + 2) == '(') {
                pos += 2;
                if (scanArithmetic()) {
                    units.add(Unit.dynamic(src.substring(start, pos)));
                    return;
                }
                pos = start;
            }
            pos += 2;
            parseNested();
            units.add(Unit.dynamic(src.substring(start, pos)));
        } else if (n == '{') {
            units.add(Unit.dynamic(readBraceParameter()));
        } else if (n == '[') {
            pos += 2;
            scanOldArithmetic();
            analysis.noteArithmetic(src.substring(start, pos));
            units.add(Unit.dynamic(src.substring(start, pos)));
        } else if (Character.isLetter(n) || n == '_') {
            pos++;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            units.add(Unit.dynamic(src.substring(start, pos)));
        } else if (n != '\0' && "0123456789@*#?-$!".indexOf(n) >= 0) {
            pos += 2;
            units.add(Unit.dynamic(src.substring(start, pos)));
        } else {
            units.add(Unit.literal('$', inDoubleQuotes));
            pos++;
        }
    }

    /**
     * With pos on the second "(" of "((" or "$((": scans to the matching "))", reporting any
     * command substitutions inside. Returns false, restoring nothing, if the text is not arithmetic.
     */
    private boolean scanArithmetic() {
        int from = pos;
        pos++;
        int level = 0;
        List<Unit> scratch = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            switch (c) {
                case '(' -> {
                    level++;
                    pos++;
                }
                case ')' -> {
                    if (level == 0) {
                        if (pos + 1 < src.length() && src.charAt(pos + 1) == ')') {
                            pos += 2;
                            analysis.noteArithmetic(src.substring(from, pos));
                            return true;
                        }
                        return false;
                    }
                    level--;
                    pos++;
                }
                case '$' -> arithmeticDollar(scratch);
                case '`' -> readBacktick(scratch, true);
                case '"' -> readDoubleQuoted(scratch);
                case '\\' -> pos += 2;
                default -> pos++;
            }
        }
        throw new ShellSyntaxException("unterminated arithmetic expression");
    }

    /**
     * The old "$[ expr ]" arithmetic, pos just after "$[". Like "$(( ))" it expands command
     * substitutions inside, which run: "echo $[ $(rm -rf /) ]".
     */
    private void scanOldArithmetic() {
        int level = 0;
        List<Unit> scratch = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            switch (c) {
                case '[' -> {
                    level++;
                    pos++;
                }
                case ']' -> {
                    pos++;
                    if (level-- == 0) {
                        return;
                    }
                }
                case '$' -> arithmeticDollar(scratch);
                case '`' -> readBacktick(scratch, true);
                case '"' -> readDoubleQuoted(scratch);
                case '\\' -> pos += 2;
                default -> pos++;
            }
        }
        throw new ShellSyntaxException("unterminated $[ arithmetic");
    }

    /**
     * A "$" in arithmetic text. Bash expands that text as one string in which quotes do not quote, and it first decodes
     * an ANSI-C string there, then expands what the decoding spells: "(( $'\\x24(rm -rf d)' ))" runs rm (bash 5.2).
     */
    private void arithmeticDollar(List<Unit> scratch) {
        if (pos + 1 < src.length() && src.charAt(pos + 1) == '\'') {
            int i = pos + 2;
            while (i < src.length() && src.charAt(i) != '\'') {
                i += src.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= src.length()) {
                throw new ShellSyntaxException("unterminated $'...' string");
            }
            scanExpandedArithmetic(AnsiC.decode(src.substring(pos + 2, i)));
            pos = i + 1;
        } else {
            readDollar(scratch, true);
        }
    }

    /** Arithmetic text bash expands once more (a decoded $'...', a quoted subscript or offset): its substitutions run. */
    private void scanExpandedArithmetic(String text) {
        analysis.noteArithmetic(text);
        ShellLexer inner = new ShellLexer(text, analysis, depth);
        inner.substNesting = substNesting;
        List<Unit> scratch = new ArrayList<>();
        while (inner.pos < text.length()) {
            switch (text.charAt(inner.pos)) {
                case '$' -> inner.arithmeticDollar(scratch);
                case '`' -> inner.readBacktick(scratch, true);
                case '"' -> inner.readDoubleQuoted(scratch);
                case '\\' -> inner.pos += 2;
                default -> inner.pos++;
            }
        }
    }

    /** The parameter ${ names: a variable, a positional parameter or a special one, after # (length) or ! (indirection). */
    private static final java.util.regex.Pattern PARAMETER_NAME =
            java.util.regex.Pattern.compile("[#!]?(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])");

    /** At ':' of ${x:offset}, not of ${x:-word}, ${x:=word}, ${x:+word} or ${x:?word}. */
    private boolean offsetFollows() {
        return peekChar(':') && (pos + 1 >= src.length() || "-=+?".indexOf(src.charAt(pos + 1)) < 0);
    }

    private static final java.util.regex.Pattern SUBSCRIPT_OR_OFFSET =
            java.util.regex.Pattern.compile("\\$\\{[#!]?[A-Za-z_][A-Za-z0-9_]*(\\[(?![@*]])|:(?![-=+?]))");

    private static final java.util.regex.Pattern INDIRECTION =
            java.util.regex.Pattern.compile("\\$\\{!([A-Za-z_][A-Za-z0-9_]*)");
    /** ${!prefix*}, ${!prefix@}, ${!a[@]}, ${!a[*]}: names or keys listed, nothing expanded through them. */
    private static final java.util.regex.Pattern NAMES_OR_KEYS =
            java.util.regex.Pattern.compile("\\$\\{![A-Za-z_][A-Za-z0-9_]*([@*]|\\[[@*]])}");

    private String readBraceParameter() {
        int start = pos;
        pos += 2;
        List<Unit> scratch = new ArrayList<>();
        // bash evaluates the subscript of ${a[i]} (${#a[i]}, ${!a[i]}) and the offset and length after ':' as
        // arithmetic, where quotes do not quote: "${a['$(rm -rf d)']}" and "${s:'$(rm -rf d)'}" run rm
        boolean arithmetic = false;
        int brackets = 0;
        java.util.regex.Matcher name = PARAMETER_NAME.matcher(src).region(pos, src.length());
        if (name.lookingAt()) {
            pos = name.end();
            if (src.startsWith("[@]", pos) || src.startsWith("[*]", pos)) {
                pos += 3;
                arithmetic = offsetFollows();
            } else if (peekChar('[')) {
                pos++;
                brackets = 1;
                arithmetic = true;
            } else {
                arithmetic = offsetFollows();
            }
        }
        while (true) {
            if (pos >= src.length()) {
                throw new ShellSyntaxException("unterminated ${");
            }
            char c = src.charAt(pos);
            if (c == '}' && brackets == 0) {
                pos++;
                break;
            }
            if (brackets > 0 && (c == '[' || c == ']')) {
                brackets += c == '[' ? 1 : -1;
                pos++;
                if (brackets == 0) {
                    arithmetic = offsetFollows();
                }
                continue;
            }
            switch (c) {
                case '\\' -> pos += 2;
                case '\'' -> {
                    int end = src.indexOf('\'', pos + 1);
                    if (end < 0) {
                        throw new ShellSyntaxException("unterminated single quote in ${...}");
                    }
                    if (arithmetic) {
                        scanExpandedArithmetic(src.substring(pos + 1, end));
                    }
                    pos = end + 1;
                }
                case '"' -> readDoubleQuoted(scratch);
                case '$' -> {
                    if (arithmetic) {
                        arithmeticDollar(scratch);
                    } else {
                        readDollar(scratch, true);
                    }
                }
                case '`' -> readBacktick(scratch, true);
                default -> pos++;
            }
        }
        String raw = src.substring(start, pos);
        if (raw.contains("@P")) {
            analysis.unknown("prompt expansion " + raw + " can run command substitutions");
        }
        java.util.regex.Matcher indirect = INDIRECTION.matcher(raw);
        if (indirect.lookingAt() && !NAMES_OR_KEYS.matcher(raw).matches()) {
            // ${!x}: x's value is the name expanded, and a subscript in it is evaluated ("${!x}" runs a[$(cmd)])
            analysis.noteNameReference(indirect.group(1));
        }
        java.util.regex.Matcher m = SUBSCRIPT_OR_OFFSET.matcher(raw);
        if (m.lookingAt()) {
            // ${a[x]} and ${s:x:1} evaluate x as arithmetic, which runs a substitution its value spells
            analysis.noteArithmetic(raw.substring(m.end() - 1));
        }
        return raw;
    }

    /** Inside double quotes bash also removes the backslash of \" in the backquoted text. */
    private void readBacktick(List<Unit> units, boolean inDoubleQuotes) {
        int start = pos;
        StringBuilder inner = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (i >= src.length()) {
                throw new ShellSyntaxException("unterminated backquote");
            }
            char c = src.charAt(i);
            if (c == '\\' && i + 1 < src.length()) {
                char n = src.charAt(i + 1);
                if (n != '$' && n != '`' && n != '\\' && !(inDoubleQuotes && n == '"')) {
                    inner.append('\\');
                }
                inner.append(n);
                i += 2;
            } else if (c == '`') {
                break;
            } else {
                inner.append(c);
                i++;
            }
        }
        pos = i + 1;
        analysis.analyzeNested(inner.toString(), depth + 1, "bash");
        units.add(Unit.dynamic(src.substring(start, pos)));
    }

    /** Parses the commands of $(...), <(...) or >(...); pos is just after the "(". */
    private void parseNested() {
        if (++substNesting > MAX_SUBST_NESTING) {
            throw new ShellSyntaxException("substitutions nested more than " + MAX_SUBST_NESTING + " levels");
        }
        new ShellParser(this, true).parse();
        substNesting--;
    }
}
