package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * The files an awk program opens by itself, beside the operands it is given: getline &lt; "file" reads one and
 * print &gt; "file" writes one, so "awk 'BEGIN{while ((getline l &lt; "/etc/shadow") &gt; 0) print l}'" reads /etc/shadow
 * as "cat /etc/shadow" does. A file given as an expression other than string constants (getline &lt; f, a variable
 * from -v), or operands the program itself sets (ARGV[1] = ...), is named when it runs.
 */
final class AwkPrograms {
    private AwkPrograms() {
    }

    /** @param runTime why a file the program opens is not known, or null */
    record Files(List<String> reads, List<String> writes, String runTime) {
    }

    /** The program text: the first operand, or what -e / --source give; null when there is none or it is computed. */
    static String text(List<Word> args) {
        StringBuilder code = new StringBuilder();
        boolean fromOption = false;
        for (int j = 0; j < args.size(); j++) {
            String v = args.get(j).value();
            if (v.equals("-e") || v.equals("--source")) {
                fromOption = true;
                if (j + 1 < args.size()) {
                    code.append(args.get(++j).value()).append('\n');
                }
            } else if (v.equals("-F") || v.equals("-v") || v.equals("--assign") || v.equals("--field-separator")
                    || v.equals("-f") || v.equals("--file")) {
                j++;
            } else if (v.equals("--")) {
                if (!fromOption && j + 1 < args.size()) {
                    code.append(args.get(j + 1).value());
                }
                break;
            } else if (!v.startsWith("-") || v.equals("-")) {
                if (!fromOption) {
                    if (args.get(j).dynamic()) {
                        return null;
                    }
                    code.append(v);
                }
                break;
            }
        }
        return code.isEmpty() ? null : code.toString();
    }

    /**
     * @param assigned the values -v gives the program's variables ("-v f=/etc/shadow"); the program's own assignments of
     *                 string constants to a name (f = "/etc/shadow") are added to them
     */
    static Files of(String program, java.util.Map<String, List<String>> assigned) {
        java.util.Map<String, List<String>> variables = new java.util.HashMap<>(assigned);
        java.util.regex.Matcher m = ASSIGNMENT.matcher(program);
        while (m.find()) {
            String value = constant(program, m.start(2), true);
            if (value != null) {
                variables.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(value);
            }
        }
        List<String> reads = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        String runTime = null;
        int n = program.length();
        for (int i = 0; i < n; i++) {
            char c = program.charAt(i);
            if (c == '"') {
                i = stringEnd(program, i);
            } else if (c == '#') {
                while (i < n && program.charAt(i) != '\n') {
                    i++;
                }
            } else if (program.startsWith("getline", i) && boundary(program, i, 7)) {
                int at = skipBlank(program, i + 7);
                int name = at;
                while (name < n && (Character.isLetterOrDigit(program.charAt(name)) || "_$[]".indexOf(program.charAt(name)) >= 0)) {
                    name++;
                }
                at = skipBlank(program, name);
                if (at < n && program.charAt(at) == '<') {
                    int operand = skipBlank(program, at + 1);
                    String file = constant(program, operand, false);
                    String variable = file == null ? variableAt(program, operand) : null;
                    if (variable != null && variables.containsKey(variable)) {
                        reads.addAll(variables.get(variable));
                    } else if (file == null) {
                        runTime = "awk's getline reads a file its program names at run time";
                    } else {
                        reads.add(file);
                    }
                }
                i = at - 1;
            } else if (program.startsWith("printf", i) && boundary(program, i, 6)
                    || program.startsWith("print", i) && boundary(program, i, 5)) {
                int end = statementEnd(program, i);
                int gt = outputRedirection(program, i, end);
                if (gt >= 0) {
                    int from = program.startsWith(">>", gt) ? gt + 2 : gt + 1;
                    String file = constant(program, skipBlank(program, from), false);
                    // a name computed when it runs is written as a shell redirection to "$(..)" is: as written
                    if (file != null) {
                        writes.add(file);
                    }
                }
                i = end - 1;
            } else if (program.startsWith("ARGV", i) && boundary(program, i, 4)) {
                int at = skipBlank(program, i + 4);
                if (at < n && program.charAt(at) == '[') {
                    int close = program.indexOf(']', at);
                    int eq = close < 0 ? -1 : skipBlank(program, close + 1);
                    if (eq >= 0 && eq < n && program.charAt(eq) == '=' && !program.startsWith("==", eq)) {
                        runTime = "awk's program sets ARGV, so the files it reads are named at run time";
                    }
                }
                i += 3;
            }
        }
        return new Files(reads, writes, runTime);
    }

    /** name = "string" (not ==, !=, <=, >=). */
    private static final java.util.regex.Pattern ASSIGNMENT = java.util.regex.Pattern.compile(
            "(?<![A-Za-z0-9_$])([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)\\s*(\"|\\()");

    /** -v NAME=VALUE and --assign NAME=VALUE, by name. */
    static java.util.Map<String, List<String>> assignments(List<Word> args) {
        java.util.Map<String, List<String>> out = new java.util.HashMap<>();
        for (int j = 0; j + 1 < args.size(); j++) {
            String v = args.get(j).value();
            if (v.equals("-v") || v.equals("--assign")) {
                String a = args.get(++j).value();
                int eq = a.indexOf('=');
                if (eq > 0) {
                    out.computeIfAbsent(a.substring(0, eq), k -> new ArrayList<>()).add(a.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static String variableAt(String s, int at) {
        int k = at;
        while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
            k++;
        }
        String name = s.substring(at, k);
        int after = skipBlank(s, k);
        boolean ends = after >= s.length() || ")};\n>|&=!<,".indexOf(s.charAt(after)) >= 0;
        return !name.isEmpty() && !Character.isDigit(name.charAt(0)) && ends ? name : null;
    }

    private static boolean boundary(String s, int at, int length) {
        boolean before = at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1)) && s.charAt(at - 1) != '_';
        int after = at + length;
        return before && (after >= s.length() || !Character.isLetterOrDigit(s.charAt(after)) && s.charAt(after) != '_');
    }

    private static int skipBlank(String s, int at) {
        int i = at;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The index of the closing quote of the string opening at i (or the text's end). */
    private static int stringEnd(String s, int i) {
        int k = i + 1;
        while (k < s.length() && s.charAt(k) != '"') {
            k += s.charAt(k) == '\\' ? 2 : 1;
        }
        return Math.min(k, s.length());
    }

    /** Where a print statement ends: a ';', '}' or newline outside strings and parentheses. */
    private static int statementEnd(String s, int from) {
        int depth = 0;
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"') {
                k = stringEnd(s, k);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth <= 0 && (c == ';' || c == '}' || c == '\n')) {
                return k;
            }
        }
        return s.length();
    }

    /** The '>' of a print statement's output redirection (outside strings and parentheses), or -1. */
    private static int outputRedirection(String s, int from, int end) {
        int depth = 0;
        for (int k = from; k < end; k++) {
            char c = s.charAt(k);
            if (c == '"') {
                k = stringEnd(s, k);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '>' && depth == 0) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The value of string constants at i, joined as awk concatenates them (in parentheses, or where the operand is a
     * whole expression: an assignment's): "/etc/shadow", ("/etc/" "shadow"); null for any other expression.
     */
    private static String constant(String s, int i, boolean concatenates) {
        int k = i;
        boolean paren = k < s.length() && s.charAt(k) == '(';
        if (paren) {
            k = skipBlank(s, k + 1);
        }
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (k < s.length() && s.charAt(k) == '"') {
            int end = stringEnd(s, k);
            if (end >= s.length()) {
                return null;
            }
            out.append(unescape(s.substring(k + 1, end)));
            any = true;
            k = skipBlank(s, end + 1);
            if (!paren && !concatenates) {
                // getline < "a" "b" reads "a": unparenthesised, the file is one primary and the rest concatenates
                return out.toString();
            }
        }
        if (!any) {
            return null;
        }
        if (paren) {
            if (k >= s.length() || s.charAt(k) != ')') {
                return null;
            }
            k = skipBlank(s, k + 1);
        }
        // what follows must end the operand: a concatenation with a variable ("/etc/" f) is named at run time
        return k >= s.length() || ")};\n>|&=!<,".indexOf(s.charAt(k)) >= 0 ? out.toString() : null;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length()) {
                char e = s.charAt(++k);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
