package hoop.cli;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Colours SQL keywords, strings and numbers, or a shell command's program, so a reviewer reads it fast. */
final class Highlight {
    private static final Set<String> KEYWORDS = Set.of("select", "from", "where", "insert", "into", "update", "delete", "set",
            "values", "drop", "create", "alter", "table", "truncate", "grant", "revoke", "and", "or", "not", "join", "on",
            "with", "as", "returning", "begin", "commit", "rollback", "copy", "to", "program", "do", "call", "limit", "order", "by");
    private static final Pattern TOKEN = Pattern.compile("'(?:[^']|'')*'?|[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\\s+|.");

    private Highlight() {}

    static void command(AttributedStringBuilder out, String text, boolean selected) {
        AttributedStyle base = selected ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT;
        Matcher m = TOKEN.matcher(text);
        boolean first = true;
        while (m.find()) {
            String t = m.group();
            AttributedStyle style = base;
            if (t.startsWith("'")) style = base.foreground(AttributedStyle.GREEN);
            else if (Character.isDigit(t.charAt(0))) style = base.foreground(AttributedStyle.CYAN);
            else if (KEYWORDS.contains(t.toLowerCase())) style = base.bold().foreground(AttributedStyle.YELLOW);
            else if (first && Character.isLetter(t.charAt(0))) style = base.bold();
            if (!t.isBlank()) first = false;
            out.style(style).append(t);
        }
        out.style(base);
    }
}
