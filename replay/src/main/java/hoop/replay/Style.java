package hoop.replay;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How rendered text is decorated: PLAIN for files, pipes and golden tests (no escape sequences at all), ANSI for
 * a terminal and for asciicast. Renderers ask for meaning (a badge, a command), never for colours directly.
 */
public enum Style {
    PLAIN, ANSI;

    public enum Tone { GOOD, BAD, WARN, INFO, DIM }

    private static final Set<String> KEYWORDS = Set.of("select", "from", "where", "insert", "into", "update", "delete", "set",
            "values", "drop", "create", "alter", "table", "truncate", "grant", "revoke", "and", "or", "not", "join", "on",
            "with", "as", "returning", "begin", "commit", "rollback", "copy", "to", "program", "do", "call", "limit", "order",
            "by", "group", "having", "union", "all", "distinct", "case", "when", "then", "else", "end", "is", "null", "in");
    private static final Pattern TOKEN = Pattern.compile("'(?:[^']|'')*'?|[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\\s+|.", Pattern.DOTALL);

    /** "[allowed]" in plain text; a coloured, reversed label on a terminal. */
    public String badge(Tone tone, String text) {
        if (this == PLAIN) return "[" + text + "]";
        return "\033[1;7;" + colour(tone) + "m " + text + " \033[0m";
    }

    public String tone(Tone tone, String text) {
        return this == PLAIN ? text : "\033[" + (tone == Tone.DIM ? "2" : colour(tone)) + "m" + text + "\033[0m";
    }

    public String bold(String text) {
        return this == PLAIN ? text : "\033[1m" + text + "\033[0m";
    }

    /** SQL keywords, strings and numbers coloured so a statement reads fast; plain text is returned as is. */
    public String command(String text) {
        if (this == PLAIN) return text;
        StringBuilder b = new StringBuilder();
        Matcher m = TOKEN.matcher(text);
        boolean first = true;
        while (m.find()) {
            String t = m.group();
            if (t.startsWith("'")) b.append("\033[32m").append(t).append("\033[0m");
            else if (Character.isDigit(t.charAt(0))) b.append("\033[36m").append(t).append("\033[0m");
            else if (KEYWORDS.contains(t.toLowerCase(Locale.ROOT))) b.append("\033[1;33m").append(t).append("\033[0m");
            else if (first && Character.isLetter(t.charAt(0))) b.append("\033[1m").append(t).append("\033[0m");
            else b.append(t);
            if (!t.isBlank()) first = false;
        }
        return b.toString();
    }

    private static String colour(Tone tone) {
        return switch (tone) {
            case GOOD -> "32";
            case BAD -> "31";
            case WARN -> "33";
            case INFO -> "36";
            case DIM -> "90";
        };
    }
}
