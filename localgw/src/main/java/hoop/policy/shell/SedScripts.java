package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GNU sed's command line and script, read as sed reads them: its e command and the s command's e flag run shell
 * commands, and r, R, w, W and the s command's w flag read or write files the words do not name as such. Addresses
 * take many forms (1~2, 0,/x/, \%x%I, $!), so a command is found by walking the script, not by matching its text.
 */
final class SedScripts {
    /**
     * @param reason why the script runs code hoop does not see, or null
     * @param reads  files the script reads (r, R)
     * @param writes files the script writes (w, W, s///w)
     */
    record Result(String reason, List<String> reads, List<String> writes, boolean dropsAll, boolean prints) {
        Result(String reason, List<String> reads, List<String> writes) {
            this(reason, reads, writes, false, true);
        }
    }

    /**
     * Whether sed writes back nothing of its input: a command run on every line that drops it (d, D, c, z, Q; q keeps
     * the first line alone), or -n with no command that prints. "sed -i d f" empties f, as "> f" does.
     */
    static boolean dropsEverything(List<Word> args, boolean quiet) {
        Result r = read(args);
        return r.reason() == null && (r.dropsAll() || quiet && !r.prints());
    }

    private static final List<String> LONG = List.of("expression", "file", "line-length", "in-place", "null-data",
            "zero-terminated", "quiet", "silent", "regexp-extended", "separate", "sandbox", "debug", "posix",
            "unbuffered", "follow-symlinks", "binary", "help", "version");
    private static final Set<String> STANDARD_STREAMS = Set.of("/dev/stdout", "/dev/stderr", "/dev/stdin");

    private SedScripts() {
    }

    static Result read(List<Word> args) {
        List<Word> expressions = new ArrayList<>();
        Word operand = null;
        boolean options = true;
        boolean extended = false;
        for (int j = 0; j < args.size(); j++) {
            Word a = args.get(j);
            String v = a.value();
            if (!options || !v.startsWith("-") || v.equals("-")) {
                operand = operand == null ? a : operand;
                continue;
            }
            if (v.equals("--")) {
                options = false;
                continue;
            }
            if (a.dynamic()) {
                return unknown("a sed option is computed at run time: " + v);
            }
            if (v.startsWith("--")) {
                int eq = v.indexOf('=');
                String name = longName(v.substring(2, eq < 0 ? v.length() : eq));
                if (name == null) {
                    return unknown("sed option " + v + " is not known, so its script cannot be told");
                }
                extended |= name.equals("regexp-extended");
                if (name.equals("file")) {
                    return unknown("sed script file is not visible and may use the 'e' command");
                }
                if (name.equals("expression") || name.equals("line-length")) {
                    Word value = eq >= 0 ? part(a, v.substring(eq + 1)) : j + 1 < args.size() ? args.get(++j) : null;
                    if (name.equals("expression")) {
                        expressions.add(value == null ? Word.literal("") : value);
                    }
                }
                continue;
            }
            for (int k = 1; k < v.length(); k++) {
                char c = v.charAt(k);
                extended |= c == 'E' || c == 'r';
                if (c == 'f') {
                    return unknown("sed script file is not visible and may use the 'e' command");
                }
                if (c == 'e' || c == 'l') {
                    Word value = k + 1 < v.length() ? part(a, v.substring(k + 1)) : j + 1 < args.size() ? args.get(++j) : null;
                    if (c == 'e') {
                        expressions.add(value == null ? Word.literal("") : value);
                    }
                    break;
                }
                if (c == 'i') {
                    break; // -i[SUFFIX]: the rest of the word is the suffix
                }
            }
        }
        List<Word> script = expressions.isEmpty() ? (operand == null ? List.of() : List.of(operand)) : expressions;
        StringBuilder text = new StringBuilder();
        for (Word w : script) {
            if (w.dynamic()) {
                return unknown("sed script is computed at run time");
            }
            text.append(text.isEmpty() ? "" : "\n").append(w.value());
        }
        return new Parser(text.toString(), extended).parse();
    }

    private static Word part(Word word, String value) {
        return word.dynamic() ? word : Word.literal(value);
    }

    /** getopt_long's reading: a name or an unambiguous abbreviation of one. */
    static String longName(String given) {
        if (LONG.contains(given)) {
            return given;
        }
        List<String> matches = LONG.stream().filter(l -> l.startsWith(given)).toList();
        return matches.size() == 1 ? matches.get(0) : null;
    }

    private static Result unknown(String reason) {
        return new Result(reason, List.of(), List.of());
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private boolean executes;
        private final List<String> reads = new ArrayList<>();
        private final List<String> writes = new ArrayList<>();
        private boolean dropsAll;
        private boolean prints;
        /** For each open "{", whether it or one around it had an address: its commands do not run on every line. */
        private final java.util.ArrayDeque<Boolean> blocks = new java.util.ArrayDeque<>();

        private final boolean extended;
        /** The last address read: 'n' a line number, '$', 'r' a regular expression (with lastRegex, lastIgnoreCase). */
        private char lastKind;
        private String lastRegex;
        private boolean lastIgnoreCase;
        private String lastNumber;

        Parser(String s, boolean extended) {
            this.s = s;
            this.extended = extended;
        }

        Result parse() {
            try {
                while (true) {
                    skip(" \t\n;");
                    if (pos >= s.length()) {
                        break;
                    }
                    command();
                }
            } catch (IllegalStateException e) {
                return unknown("sed script cannot be read (" + e.getMessage() + "), so what it runs cannot be told");
            }
            return new Result(executes ? "sed script uses the 'e' command, which runs shell commands" : null,
                    reads, writes, dropsAll, prints || !writes.isEmpty());
        }

        private void command() {
            if (s.charAt(pos) == '#') {
                toLineEnd();
                return;
            }
            int start = pos;
            boolean addressed = address();
            char kind = lastKind;
            boolean allLines = addressed && kind == 'r' && Boolean.TRUE.equals(SedRegex.matchesEveryLine(lastRegex, extended, lastIgnoreCase));
            boolean noLine = addressed && kind == 'r' && SedRegex.matchesNoLine(lastRegex, extended, lastIgnoreCase);
            boolean single = addressed;
            if (addressed) {
                String first = lastNumber;
                skip(" \t");
                if (peek() == ',') {
                    single = false;
                    pos++;
                    skip(" \t");
                    boolean relative = peek() == '+' || peek() == '~';
                    if (relative) {
                        pos++;
                    }
                    if (!address()) {
                        throw new IllegalStateException("an address range without its end");
                    }
                    // 1,$ is every line; 2,$ all but the first, as q keeps only it
                    allLines = !relative && lastKind == '$' && (kind == 'n' && (first.equals("1") || first.equals("2")) || allLines);
                    noLine = false;
                }
            }
            addressed &= !allLines;
            skip(" \t");
            while (peek() == '!') {
                // all but one line ($!d, 1!d) or but lines with no text (/^$/!d) leave nothing of the file; other
                // negations are an edit
                addressed = !(single && (kind == 'n' || kind == '$' || noLine));
                pos++;
                skip(" \t");
            }
            boolean everyLine = !addressed && !blocks.contains(true);
            if (pos >= s.length()) {
                throw new IllegalStateException("an address without a command");
            }
            char c = s.charAt(pos++);
            dropsAll |= everyLine && "dDczQq".indexOf(c) >= 0;
            prints |= "=pPlLiacrRF".indexOf(c) >= 0;
            if (c == '{') {
                blocks.push(addressed);
            } else if (c == '}' && !blocks.isEmpty()) {
                blocks.pop();
            }
            switch (c) {
                case '{', '}', '=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F' -> {
                }
                case 'l', 'L', 'q', 'Q' -> {
                    skip(" \t");
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++;
                    }
                }
                case ':', 'b', 't', 'T', 'v' -> {
                    // a label or version ends at a newline or ';'; reading less of it only shows more commands
                    while (pos < s.length() && s.charAt(pos) != '\n' && s.charAt(pos) != ';') {
                        pos++;
                    }
                }
                case 'a', 'i', 'c' -> text();
                case 'r', 'R' -> reads.add(fileName());
                case 'w', 'W' -> writes.add(fileName());
                case 'e' -> {
                    executes = true;
                    toLineEnd();
                }
                case 's' -> substitute(everyLine);
                case 'y' -> {
                    char delim = delimiter();
                    delimited(delim, false);
                    delimited(delim, false);
                }
                default -> throw new IllegalStateException("unknown command '" + c + "'");
            }
        }

        /** One address, if one starts here: a number (with ~step), $, /re/ or \cREc with I and M flags. */
        private boolean address() {
            char c = peek();
            lastKind = 0;
            if (Character.isDigit(c)) {
                int from = pos;
                while (Character.isDigit(peek())) {
                    pos++;
                }
                lastKind = 'n';
                lastNumber = s.substring(from, pos);
                if (peek() == '~') {
                    pos++;
                    while (Character.isDigit(peek())) {
                        pos++;
                    }
                }
                return true;
            }
            if (c == '$') {
                pos++;
                lastKind = '$';
                return true;
            }
            if (c == '/' || c == '\\') {
                pos++;
                lastKind = 'r';
                lastRegex = delimited(c == '/' ? '/' : delimiter(), true);
                lastIgnoreCase = false;
                while (peek() == 'I' || peek() == 'M') {
                    lastIgnoreCase |= peek() == 'I';
                    pos++;
                }
                return true;
            }
            return false;
        }

        /** s/RE/REPLACEMENT/FLAGS; run on every line, one that leaves every line the same drops the file's content. */
        private void substitute(boolean everyLine) {
            char delim = delimiter();
            String regex = delimited(delim, true);
            String replacement = delimited(delim, false);
            boolean global = false;
            boolean ignoreCase = false;
            int flagsAt = pos;
            while (pos < s.length()) {
                char f = s.charAt(pos);
                global |= f == 'g';
                ignoreCase |= f == 'I' || f == 'i';
                if (f == '\n' || f == ';' || f == '}' || f == '#' || f == 'w') {
                    break;
                }
                pos++;
            }
            pos = flagsAt;
            dropsAll |= everyLine && !regex.isEmpty() && SedRegex.flattens(regex, replacement, global, extended, ignoreCase);
            while (pos < s.length()) {
                char f = s.charAt(pos);
                if (f == 'e') {
                    executes = true;
                } else if (f == 'p') {
                    prints = true;
                } else if (f == 'w') {
                    pos++;
                    writes.add(fileName());
                    return;
                } else if (f == '\n' || f == ';' || f == '}' || f == '#') {
                    return;
                } else if ("gpiImM0123456789 \t".indexOf(f) < 0) {
                    throw new IllegalStateException("unknown flag '" + f + "' of s");
                }
                pos++;
            }
        }

        private char delimiter() {
            if (pos >= s.length() || s.charAt(pos) == '\n' || s.charAt(pos) == '\\') {
                throw new IllegalStateException("a command without its delimiter");
            }
            return s.charAt(pos++);
        }

        /**
         * Up to the unescaped delimiter. In a regular expression a bracket expression holds it, and a backslash, as
         * themselves: GNU sed reads s/[/]/x/ and s/[\\]/x/ so.
         */
        private String delimited(char delim, boolean regex) {
            int from = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    pos++;
                } else if (c == '[' && regex) {
                    bracket();
                } else if (c == delim) {
                    String text = s.substring(from, pos - 1);
                    // "\," is the delimiter itself in s,a\,b,x,
                    return delim == '/' ? text : text.replace("\\" + delim, String.valueOf(delim));
                }
            }
            throw new IllegalStateException("an unterminated regular expression or replacement");
        }

        /** After "[": to its "]", which may come first ([]x], [^]x]) and does not end [:alpha:], [.x.] or [=x=]. */
        private void bracket() {
            if (peek() == '^') {
                pos++;
            }
            if (peek() == ']') {
                pos++;
            }
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == ']') {
                    return;
                }
                if (c == '[' && (peek() == ':' || peek() == '.' || peek() == '=')) {
                    int end = s.indexOf(s.charAt(pos) + "]", pos + 1);
                    if (end < 0) {
                        throw new IllegalStateException("an unterminated character class");
                    }
                    pos = end + 2;
                }
            }
            throw new IllegalStateException("an unterminated bracket expression");
        }

        /** a, i, c: "a text" to the line's end, or "a\" and lines each continued by a trailing backslash. */
        private void text() {
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    pos++;
                } else if (c == '\n') {
                    return;
                }
            }
        }

        private String fileName() {
            skip(" \t");
            int start = pos;
            toLineEnd();
            String name = s.substring(start, pos);
            if (name.isEmpty()) {
                throw new IllegalStateException("a command without its file name");
            }
            return name;
        }

        private void toLineEnd() {
            while (pos < s.length() && s.charAt(pos) != '\n') {
                pos++;
            }
        }

        private void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

    }

    /** Whether a file sed reads or writes is one of its own streams, which names no file on disk. */
    static boolean standardStream(String file) {
        return STANDARD_STREAMS.contains(file);
    }
}
