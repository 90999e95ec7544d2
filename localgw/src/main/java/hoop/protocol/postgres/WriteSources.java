package hoop.protocol.postgres;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the rows an INSERT, UPDATE or MERGE stores may be computed from, for its RETURNING list. PostgreSQL reports
 * a RETURNING column as the written table's column, but its value is what the statement just wrote there
 * ({@code UPDATE t SET notes = email ... RETURNING notes}): the statement's words count, except those naming where
 * the values go (INSERT's column list, SET's targets, ON CONFLICT's columns), and the written tables are kept apart,
 * since a value read from them must be named (or used as a whole row) to be copied.
 */
final class WriteSources {
    /** The words that may feed the stored values, and the tables written (lower case, schema left off). */
    record Sources(List<String> words, Set<String> targets) {}

    private WriteSources() {
    }

    private static final java.util.regex.Pattern TOKEN =
            java.util.regex.Pattern.compile("\"((?:[^\"]|\"\")+)\"|" + StatementWords.IDENT + "|\\S");
    /** What may follow {@code (} right after a written table: a query, not a column list. */
    private static final Set<String> QUERY_STARTS = Set.of("select", "values", "with", "table", "(");
    /** Clauses that end a SET list at its own depth. */
    private static final Set<String> SET_ENDS = Set.of("from", "where", "returning", "when");

    /** Whether sql may write rows and return them: cheap looks before any parsing. */
    static boolean returnsWritten(String sql) {
        return StatementWords.mentions(sql, "returning") && (StatementWords.mentions(sql, "insert")
                || StatementWords.mentions(sql, "update") || StatementWords.mentions(sql, "merge"));
    }

    static Sources of(List<String> texts) {
        List<String> words = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (String sql : texts) {
            if (returnsWritten(sql)) scan(sql, words, targets);
        }
        return new Sources(words, targets);
    }

    private static void scan(String text, List<String> words, Set<String> targets) {
        // A literal the client wrote as a value is no source (VALUES ('the name changed')), nor its ; ( ) RETURNING.
        String sql = StatementWords.withoutValueLiterals(text);
        List<String> tokens = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        var m = TOKEN.matcher(sql);
        while (m.find()) {
            boolean q = m.group(1) != null;
            String t = StatementWords.truncated(q ? m.group(1).replace("\"\"", "\"") : m.group().toLowerCase(Locale.ROOT));
            if (!q && t.equals(";")) {
                statement(tokens, quoted, words, targets);
                tokens = new ArrayList<>();
                quoted = new ArrayList<>();
            } else {
                tokens.add(t);
                quoted.add(q);
            }
        }
        statement(tokens, quoted, words, targets);
    }

    private static void statement(List<String> tokens, List<Boolean> quoted, List<String> words, Set<String> targets) {
        int n = tokens.size();
        if (n == 0) return;
        boolean[] skip = new boolean[n];
        for (int i = 0; i < n; i++) {
            String t = quoted.get(i) ? "" : tokens.get(i);
            String before = i > 0 && !quoted.get(i - 1) ? tokens.get(i - 1) : "";
            if (t.equals("into") && (before.equals("insert") || before.equals("merge"))) {
                int end = target(tokens, quoted, i + 1, skip, targets);
                if (before.equals("insert")) {
                    // INSERT INTO t [AS a] (cols): the list names where the values go.
                    if (end < n && !quoted.get(end) && tokens.get(end).equals("as")) end += 2;
                    if (end + 1 < n && tokens.get(end).equals("(") && !QUERY_STARTS.contains(tokens.get(end + 1))) skipBracket(tokens, end, skip);
                }
            } else if (t.equals("update") && !Set.of("for", "do", "then", "key", "no").contains(before)) {
                target(tokens, quoted, i + 1, skip, targets);
            } else if (t.equals("conflict") && i + 1 < n && tokens.get(i + 1).equals("(")) {
                skipBracket(tokens, i + 1, skip);
            } else if (t.equals("set")) {
                skipSetTargets(tokens, i + 1, skip);
            } else if (t.equals("excluded") && i + 2 < n && tokens.get(i + 1).equals(".")) {
                // ON CONFLICT ... SET x = EXCLUDED.y: the row the INSERT proposed, whose source is read above.
                skip[i] = true;
                skip[i + 2] = true;
            } else if ((t.equals("returning") || t.equals("where") && tokens.get(0).equals("update")) && depth(tokens, i) == 0) {
                // What the statement's RETURNING lists is judged column by column (a computed one by the whole
                // statement), and an UPDATE's own WHERE only picks rows: neither stores a value. A RETURNING inside
                // a WITH feeds the statement, so it counts.
                skipClause(tokens, i, skip);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!skip[i] && (quoted.get(i) || StatementWords.isIdentStart(tokens.get(i).charAt(0)))) {
                words.add(tokens.get(i));
            }
        }
    }

    /** Marks the written table's name at {@code at} (after ONLY, schema-qualified or not); returns what follows it. */
    private static int target(List<String> tokens, List<Boolean> quoted, int at, boolean[] skip, Set<String> targets) {
        int i = at;
        if (i < tokens.size() && !quoted.get(i) && tokens.get(i).equals("only")) i++;
        while (i + 2 < tokens.size() && tokens.get(i + 1).equals(".")) {
            skip[i] = true;
            skip[i + 1] = true;
            i += 2;
        }
        if (i >= tokens.size()) return i;
        targets.add(tokens.get(i).toLowerCase(Locale.ROOT));
        skip[i] = true;
        return i + 1;
    }

    /** Marks the bracket opening at {@code open} and what it holds; returns the index after its close. */
    private static int skipBracket(List<String> tokens, int open, boolean[] skip) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            skip[i] = true;
            if (tokens.get(i).equals("(")) depth++;
            else if (tokens.get(i).equals(")") && --depth == 0) return i + 1;
        }
        return tokens.size();
    }

    private static int depth(List<String> tokens, int at) {
        int depth = 0;
        for (int i = 0; i < at; i++) {
            if (tokens.get(i).equals("(")) depth++;
            else if (tokens.get(i).equals(")")) depth--;
        }
        return depth;
    }

    /** Marks from {@code from} to the end of its bracket or statement; an UPDATE's WHERE stops at its RETURNING. */
    private static void skipClause(List<String> tokens, int from, boolean[] skip) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("(")) depth++;
            else if (t.equals(")") && --depth < 0) return;
            if (depth == 0 && i > from && t.equals("returning")) return;
            skip[i] = true;
        }
    }

    /** SET a = .., (b, c) = ..: each target up to its '=' at the list's depth is marked, the values are not. */
    private static void skipSetTargets(List<String> tokens, int from, boolean[] skip) {
        int depth = 0;
        boolean target = true;
        for (int i = from; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (depth == 0 && (t.equals(")") || SET_ENDS.contains(t))) return;
            if (t.equals("(")) depth++;
            else if (t.equals(")")) depth--;
            if (target) {
                if (depth == 0 && t.equals("=")) target = false;
                else skip[i] = true;
            } else if (depth == 0 && t.equals(",")) {
                target = true;
            }
        }
    }
}
