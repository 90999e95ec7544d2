package hoop.policy.shell;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a sed regular expression does to a file's lines, told by trying it on sample lines: whether an address matches
 * every line with text in it ("/./d", "/^/d", "/^$/!d" leave nothing but blank lines), and whether an s command leaves
 * every line the same whatever it held ("s/.//g", "s/^.\+$//"). A BRE or ERE is turned into a Java pattern first; one
 * that cannot be read is judged by nothing (the command is then an ordinary edit).
 */
final class SedRegex {
    /** Lines of every sort of character a file's lines start, hold and end with. */
    private static final List<String> SAMPLES = List.of("a", "Z", "0", " ", "\t", "#", "-", ".", "/", "\\", "hello world",
            "x = 1;", "  indented text", "<tag attr=\"v\">", "END");

    private SedRegex() {
    }

    /** A line with a character one sees: dropping every such line leaves only blanks of the file. */
    private static boolean visible(String line) {
        return !line.isBlank();
    }

    /** Whether the address's expression matches every sample line with text (null: cannot be read). */
    static Boolean matchesEveryLine(String regex, boolean extended, boolean ignoreCase) {
        Pattern p = compile(regex, extended, ignoreCase);
        if (p == null) return null;
        return SAMPLES.stream().filter(SedRegex::visible).allMatch(l -> p.matcher(l).find());
    }

    /** Whether the expression matches blank lines only: "/^$/!d" drops every line with text. */
    static boolean matchesNoLine(String regex, boolean extended, boolean ignoreCase) {
        Pattern p = compile(regex, extended, ignoreCase);
        // it must match a blank line, or it is a word no sample holds ("/TODO/!d" keeps the TODO lines)
        return p != null && p.matcher("").find() && SAMPLES.stream().filter(SedRegex::visible).noneMatch(l -> p.matcher(l).find());
    }

    /** Whether s/regex/replacement/ leaves every sample line the same text: what each held is gone. */
    static boolean flattens(String regex, String replacement, boolean global, boolean extended, boolean ignoreCase) {
        if (replacement.contains("&") || replacement.matches("(?s).*\\\\[0-9].*")) return false;
        Pattern p = compile(regex, extended, ignoreCase);
        if (p == null) return false;
        String first = null;
        for (String l : SAMPLES) {
            Matcher m = p.matcher(l);
            String out = global ? m.replaceAll(Matcher.quoteReplacement(replacement)) : m.replaceFirst(Matcher.quoteReplacement(replacement));
            if (first == null) first = out;
            else if (!first.equals(out)) return false;
        }
        return true;
    }

    static Pattern compile(String regex, boolean extended, boolean ignoreCase) {
        String java = toJava(regex, extended);
        if (java == null) return null;
        try {
            return Pattern.compile(java, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static String toJava(String re, boolean extended) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= re.length()) return null;
                char n = re.charAt(++i);
                if (!extended && "(){}+?|".indexOf(n) >= 0) out.append(n);
                else if (n == '<' || n == '>') out.append("\\b");
                else if (Character.isLetterOrDigit(n) && "wWsSbBnt".indexOf(n) < 0) return null;
                else out.append('\\').append(n);
            } else if (c == '[') {
                int end = bracket(re, i, out);
                if (end < 0) return null;
                i = end;
            } else if (!extended && "(){}+?|".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Copies "[...]" as a Java class; returns the index of its "]", or -1. */
    private static int bracket(String re, int at, StringBuilder out) {
        int i = at + 1;
        out.append('[');
        if (i < re.length() && re.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        boolean first = true;
        for (; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == ']' && !first) {
                out.append(']');
                return i;
            }
            first = false;
            if (c == '[' && i + 1 < re.length() && re.charAt(i + 1) == ':') {
                int close = re.indexOf(":]", i + 2);
                if (close < 0) return -1;
                String name = re.substring(i + 2, close);
                out.append("\\p{").append(switch (name) {
                    case "alpha" -> "Alpha";
                    case "digit" -> "Digit";
                    case "alnum" -> "Alnum";
                    case "upper" -> "Upper";
                    case "lower" -> "Lower";
                    case "space" -> "Space";
                    case "blank" -> "Blank";
                    case "punct" -> "Punct";
                    case "print" -> "Print";
                    case "graph" -> "Graph";
                    case "cntrl" -> "Cntrl";
                    case "xdigit" -> "XDigit";
                    default -> "Invalid";
                }).append('}');
                i = close + 1;
            } else if (c == '\\' && i + 1 < re.length() && "nt\\".indexOf(re.charAt(i + 1)) >= 0) {
                out.append('\\').append(re.charAt(++i)); // GNU sed reads \n, \t and \\ so in a bracket too
            } else if ("[]&\\^".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return -1;
    }
}
