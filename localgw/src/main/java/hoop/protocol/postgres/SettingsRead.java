package hoop.protocol.postgres;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which settings a statement reads, so that only a read of a setting that may hold a ruled value is masked (a preset
 * search_path of existing schemas or a statement_timeout is no value): {@code SHOW name} and
 * {@code current_setting('name')} name theirs; anything else that reads settings (SHOW ALL, pg_settings, a
 * current_setting of a computed name, a view or function of the database's own reading them, a string that may be
 * code mentioning one) may read any, and gives null.
 */
final class SettingsRead {
    private SettingsRead() {}

    /** Built-in relations and functions that read settings by no name the statement spells. */
    private static final Set<String> ANY = Set.of("pg_settings", "pg_show_all_settings", "pg_stat_activity", "pg_stat_get_activity");
    /** Words that read a setting; found inside a string (code run by a function) they read an unknown one. */
    private static final Set<String> READERS = Set.of("current_setting", "show", "pg_settings", "pg_show_all_settings",
            "pg_stat_activity", "pg_stat_get_activity");
    /** SHOW's names of more than one word, as the server reads them (gram.y's var_name and VariableShowStmt). */
    private static final java.util.Map<String, String> SHOW_PHRASES = java.util.Map.of("time zone", "timezone",
            "transaction isolation level", "transaction_isolation", "session authorization", "session_authorization");

    /**
     * The settings {@code sql} reads, lower case: empty when none, null when it may read any. {@code readers}: the
     * database's own views and functions that read settings (lower case).
     */
    static Set<String> names(String sql, Set<String> readers) {
        List<String> tokens = tokens(sql);
        if (tokens == null) return null;
        Set<String> out = new HashSet<>();
        boolean statementStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean start = statementStart;
            statementStart = t.equals(";");
            if (t.startsWith("'") || t.startsWith("?")) {
                // A string: a value, or code a function runs (query_to_xml('select current_setting(...)')).
                for (String w : t.substring(1).toLowerCase(Locale.ROOT).split("[^a-z0-9_$]+")) if (READERS.contains(w)) return null;
                continue;
            }
            // Setting and function names are matched as the server's lookups do, closed: without regard to case.
            if (t.startsWith("\"")) t = t.substring(1).toLowerCase(Locale.ROOT);
            if (ANY.contains(t) || readers.contains(t)) return null;
            if (t.equals("current_setting")) {
                // current_setting('name'[, missing_ok]): a plain literal as the name, nothing computed.
                if (i + 3 >= tokens.size() || !tokens.get(i + 1).equals("(") || !tokens.get(i + 2).startsWith("'")) return null;
                String after = tokens.get(i + 3);
                if (!after.equals(")") && !after.equals(",") && !after.equals(":")) return null;
                out.add(tokens.get(i + 2).substring(1).toLowerCase(Locale.ROOT));
            } else if (t.equals("show")) {
                if (!start) return null;
                StringBuilder name = new StringBuilder();
                int j = i + 1;
                for (; j < tokens.size() && !tokens.get(j).equals(";"); j++) {
                    String n = tokens.get(j);
                    if (n.equals(".")) name.append('.');
                    else if (StatementWords.isName(n)) name.append(name.isEmpty() || name.charAt(name.length() - 1) == '.' ? "" : " ").append(StatementWords.name(n));
                    else return null;
                }
                String shown = SHOW_PHRASES.getOrDefault(name.toString().toLowerCase(Locale.ROOT), name.toString().toLowerCase(Locale.ROOT));
                if (shown.isEmpty() || shown.equals("all") || shown.contains(" ")) return null;
                out.add(shown);
                i = j - 1;
            }
        }
        return out;
    }

    /**
     * Tokens: a word lower case, a quoted name after {@code "} as written, a plain string literal after {@code '} with
     * its quotes undone, any other string (E'', U&'', $$, one with a backslash the server may read as an escape) after
     * {@code ?}, any other character itself. Comments are left out; null for text the server would fail to read.
     */
    private static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = StatementWords.lineCommentEnd(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                int j = i;
                do {
                    if (j + 1 >= n) return null;
                    if (sql.startsWith("/*", j)) {
                        depth++;
                        j += 2;
                    } else if (sql.startsWith("*/", j)) {
                        depth--;
                        j += 2;
                    } else {
                        j++;
                    }
                } while (depth > 0);
                i = j;
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) return null;
                    if (sql.charAt(j) == '\'') {
                        if (j + 1 < n && sql.charAt(j + 1) == '\'') {
                            b.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    b.append(sql.charAt(j++));
                }
                // A prefix (E, U&, N, B, X) or a continuation on the next line makes it another value than written.
                boolean prefixed = i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '&' || sql.charAt(i - 1) == '_');
                boolean plain = !prefixed && b.indexOf("\\") < 0 && !continues(sql, j + 1);
                out.add((plain ? "'" : "?") + b);
                i = j + 1;
            } else if (c == '"') {
                int j = sql.indexOf('"', i + 1);
                while (j >= 0 && j + 1 < n && sql.charAt(j + 1) == '"') j = sql.indexOf('"', j + 2);
                if (j < 0) return null;
                boolean prefixed = i > 0 && sql.charAt(i - 1) == '&';
                out.add((prefixed ? "?" : "\"") + sql.substring(i + 1, j).replace("\"\"", "\""));
                i = j + 1;
            } else if (c == '$' && (i == 0 || !StatementWords.isIdentStart(sql.charAt(i - 1)) && !Character.isDigit(sql.charAt(i - 1)))) {
                int tagEnd = sql.indexOf('$', i + 1);
                if (tagEnd < 0) return null;
                String tag = sql.substring(i, tagEnd + 1);
                if (!tag.matches("\\$([A-Za-z_\\x80-\\x{10FFFF}][A-Za-z0-9_\\x80-\\x{10FFFF}]*)?\\$")) {
                    out.add("$");
                    i++;
                    continue;
                }
                int close = sql.indexOf(tag, tagEnd + 1);
                if (close < 0) return null;
                out.add("?" + sql.substring(tagEnd + 1, close));
                i = close + tag.length();
            } else if (StatementWords.isIdentStart(c)) {
                int j = i + 1;
                while (j < n && (StatementWords.isIdentStart(sql.charAt(j)) || Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '$')) j++;
                out.add(sql.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    /** Whether a string literal ending before {@code from} goes on in another after whitespace holding a newline. */
    private static boolean continues(String sql, int from) {
        boolean newline = false;
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            if (sql.charAt(i) == '\n' || sql.charAt(i) == '\r') newline = true;
            i++;
        }
        return newline && i < sql.length() && sql.charAt(i) == '\'';
    }
}
