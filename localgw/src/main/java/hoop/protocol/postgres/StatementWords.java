package hoop.protocol.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Words of a statement's text, as the column rules look at them: identifiers (quoted and Unicode-escaped ones
 * decoded), and the text with its literals and comments blanked when only its own names must count.
 */
final class StatementWords {
    private StatementWords() {
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile(
            "[Uu]&\"((?:[^\"]|\"\")+)\"|\"((?:[^\"]|\"\")+)\"|[\\p{L}_][\\p{L}\\p{N}_$]*");
    private static final java.util.regex.Pattern UESCAPE = java.util.regex.Pattern.compile("\\s*(?i:uescape)\\s*'(.)'");

    /**
     * The identifiers of a statement, quoted ones unquoted (Unicode-escaped ones, {@code U&"\0063ard"}, decoded
     * too). Words inside strings and comments are included: they only ever make more columns masked.
     */
    /**
     * The statement with its string literals and comments blanked: what is left are its own names, which an
     * error may quote back; a literal (a guessed value in {@code WHERE notes IN ('Bob', ...)}) must not count.
     * Escape strings ({@code E'\\''}) and dollar quotes are blanked as PostgreSQL reads them.
     */
    static String withoutLiterals(String sql) {
        StringBuilder b = new StringBuilder(sql);
        int n = sql.length();
        for (int i = 0; i < n; ) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
                end = i + 1;
                while (end < n) {
                    char x = sql.charAt(end);
                    if (escapes && x == '\\') end += 2;
                    else if (x == '\'' && end + 1 < n && sql.charAt(end + 1) == '\'') end += 2;
                    else if (x == '\'') break;
                    else end++;
                }
                end = Math.min(end + 1, n);
            } else if (c == '"') {
                int q = sql.indexOf('"', i + 1);
                while (q > 0 && q + 1 < n && sql.charAt(q + 1) == '"') q = sql.indexOf('"', q + 2);
                i = q < 0 ? n : q + 1;   // a quoted name stays
                continue;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                end = sql.indexOf('\n', i);
                if (end < 0) end = n;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                end = i;
                while (end < n) {
                    if (sql.startsWith("/*", end)) { depth++; end += 2; }
                    else if (sql.startsWith("*/", end)) { end += 2; if (--depth == 0) break; }
                    else end++;
                }
            } else if (c == '$' && DOLLAR_TAG.matcher(sql).region(i, n).lookingAt()
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                var tag = DOLLAR_TAG.matcher(sql).region(i, n);
                tag.lookingAt();
                int close = sql.indexOf(tag.group(), tag.end());
                end = close < 0 ? n : close + tag.group().length();
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) b.setCharAt(k, ' ');
            i = end;
        }
        return b.toString();
    }

    private static final java.util.regex.Pattern DOLLAR_TAG = java.util.regex.Pattern.compile("\\$([\\p{L}_][\\p{L}\\p{N}_]*)?\\$");

    static List<String> words(String sql) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(sql);
        while (m.find()) {
            if (m.group(1) != null) {
                var esc = UESCAPE.matcher(sql).region(m.end(), sql.length());
                char escape = esc.lookingAt() ? esc.group(1).charAt(0) : '\\';
                String raw = m.group(1).replace("\"\"", "\"");
                out.add(raw);
                out.add(unicodeUnescape(raw, escape));
            } else {
                out.add(m.group(2) != null ? m.group(2).replace("\"\"", "\"") : m.group());
            }
        }
        return out;
    }

    /** A U&"..." identifier's text: escape+XXXX and escape++XXXXXX are code points, escape+escape is itself. */
    static String unicodeUnescape(String s, char escape) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != escape || i + 1 >= s.length()) {
                b.append(c);
            } else if (s.charAt(i + 1) == escape) {
                b.append(escape);
                i++;
            } else {
                boolean plus = s.charAt(i + 1) == '+';
                int start = plus ? i + 2 : i + 1;
                int end = start + (plus ? 6 : 4);
                try {
                    b.appendCodePoint(Integer.parseInt(s.substring(start, Math.min(end, s.length())), 16));
                    i = end - 1;
                } catch (RuntimeException e) {
                    b.append(c);   // not an escape PostgreSQL accepts: the statement fails anyway
                }
            }
        }
        return b.toString();
    }
}
