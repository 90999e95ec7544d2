package hoop.protocol.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Words of a statement's text, as the column rules look at them: identifiers (quoted and Unicode-escaped ones
 * decoded), words inside literals and comments included.
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

    /** Whether sql holds word anywhere, any case: a cheap look before the statement is read properly. */
    static boolean mentions(String sql, String word) {
        int n = word.length();
        for (int i = 0; i + n <= sql.length(); i++) {
            if (sql.regionMatches(true, i, word, 0, n)) return true;
        }
        return false;
    }
}
