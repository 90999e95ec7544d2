package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether the rows a {@code COPY ... TO STDOUT} sends can be masked as text. The detectors read a value as it
 * is stored; COPY options rewrite it on the way out: a delimiter is escaped inside values ({@code DELIMITER '@'}
 * sends {@code alice\@example.com}), a CSV quote character is doubled ({@code QUOTE '1'} turns a card number's
 * ones into pairs), and the binary format sends numbers as bytes and lengths the masker would make wrong.
 * Only the spellings whose output keeps a value whole pass; anything else is named as the reason to refuse.
 */
public final class CopyOptions {
    private CopyOptions() {
    }

    /** Delimiters no detector's match contains, so escaping them (text) or quoting for them (CSV) splits nothing. */
    private static final Set<String> DELIMITERS = Set.of("\t", ",", "|", ";");

    /** Why the COPY TO STDOUT statements in {@code sql} send rows masking cannot read, or null when none does. */
    public static String unmaskable(String sql) {
        if (sql == null || sql.isEmpty()) {
            return null;
        }
        try {
            List<Token> toks = Lexer.lex(sql);
            List<Token> statement = new ArrayList<>();
            for (int i = 0; i <= toks.size(); i++) {
                Token tok = i < toks.size() ? toks.get(i) : null;
                if (tok != null && tok.type() == Token.Type.ERROR) {
                    return mentionsCopy(toks) ? "text hoop cannot read" : null;
                }
                if (tok == null || tok.isPunct(";")) {
                    String why = statement(new Toks(statement));
                    if (why != null) {
                        return why;
                    }
                    statement = new ArrayList<>();
                } else {
                    statement.add(tok);
                }
            }
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            return "text hoop cannot read";
        }
    }

    private static String statement(Toks t) {
        if (!t.word(0, "copy")) {
            return null;
        }
        int i = 1;
        boolean binary = t.word(i, "binary");
        // The source: a query in parentheses or a table with its column list; TO STDOUT follows at depth 0.
        int stdout = -1;
        for (int k = i; k < t.size(); k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "to") && t.word(k + 1, "stdout")) {
                stdout = k + 1;
                break;
            }
        }
        if (stdout < 0) {
            return null;
        }
        if (binary) {
            return "the binary format";
        }
        for (int k = stdout + 1; k < t.size(); k++) {
            String option = option(t, k);
            if (option.isEmpty()) {
                continue;
            }
            int v = t.word(k + 1, "as") ? k + 2 : k + 1;
            switch (option) {
                case "binary" -> {
                    return "the binary format";
                }
                case "format" -> {
                    String f = value(t, v);
                    if (!"text".equalsIgnoreCase(f) && !"csv".equalsIgnoreCase(f)) {
                        return "FORMAT " + f;
                    }
                }
                case "delimiter", "delimiters" -> {
                    String d = value(t, v);
                    if (!DELIMITERS.contains(d)) {
                        return "DELIMITER " + quoted(d);
                    }
                }
                case "quote", "escape" -> {
                    // FORCE QUOTE col, ... (the old spelling of FORCE_QUOTE) names columns, not a character.
                    if (option.equals("quote") && t.word(k - 1, "force")) {
                        continue;
                    }
                    String q = value(t, v);
                    if (!"\"".equals(q)) {
                        return option.toUpperCase(java.util.Locale.ROOT) + " " + quoted(q);
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    /**
     * The table COPY that {@code sql} is, when it is one such statement alone (a trailing ';' allowed) with the default
     * NULL marker and encoding; else null. Its columns are empty when it lists none. A query's COPY or several
     * statements are not one.
     */
    public static hoop.core.CopiedTable copiedTable(String sql) {
        hoop.core.CopiedTable c = copied(sql);
        return c != null && c.query() == null ? c : null;
    }

    /**
     * The query COPY ({@code COPY (SELECT ...) TO STDOUT}) that {@code sql} is, alone and with the default NULL marker
     * and encoding, as {@link #copiedTable} reads a table's; its query is the text between the parentheses. Else null.
     */
    public static hoop.core.CopiedTable copiedQuery(String sql) {
        hoop.core.CopiedTable c = copied(sql);
        return c != null && c.query() != null ? c : null;
    }

    private static hoop.core.CopiedTable copied(String sql) {
        if (sql == null || unmaskable(sql) != null) {
            return null;
        }
        try {
            List<Token> toks = new ArrayList<>(Lexer.lex(sql));
            while (!toks.isEmpty() && toks.get(toks.size() - 1).isPunct(";")) {
                toks.remove(toks.size() - 1);
            }
            for (Token tok : toks) {
                if (tok.isPunct(";") || tok.type() == Token.Type.ERROR) {
                    return null;
                }
            }
            return copied(new Toks(toks), sql);
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    private static hoop.core.CopiedTable copied(Toks t, String sql) {
        if (!t.word(0, "copy")) {
            return null;
        }
        String query = null;
        StringBuilder relation = new StringBuilder();
        List<String> columns = new ArrayList<>();
        int close;
        if (t.punct(1, "(")) {
            close = t.close(1);
            if (close <= 2 || close >= t.size()) {
                return null;
            }
            query = sql.substring(t.get(2).start(), t.get(close).start());
        } else {
            int k = t.name(1, relation);
            if (k == 1) {
                return null;
            }
            close = k - 1;   // no column list: the table's columns, which only the catalog knows
            if (t.punct(k, "(")) {
                close = t.close(k);
                for (int i = k + 1; i < close; i += 2) {
                    if (!t.isName(i) || !(t.punct(i + 1, ",") || i + 1 == close)) {
                        return null;
                    }
                    columns.add(t.get(i).value());
                }
                if (columns.isEmpty()) {
                    return null;
                }
            }
        }
        if (!t.word(close + 1, "to") || !t.word(close + 2, "stdout")) {
            return null;
        }
        boolean csv = false;
        boolean header = false;
        String delimiter = null;
        for (int i = close + 3; i < t.size(); i++) {
            String option = option(t, i);
            int v = t.word(i + 1, "as") ? i + 2 : i + 1;
            switch (option) {
                case "csv" -> csv = true;
                case "format" -> csv = "csv".equalsIgnoreCase(value(t, v));
                case "delimiter", "delimiters" -> delimiter = value(t, v);
                case "header" -> header = !Set.of("false", "off", "0").contains(String.valueOf(value(t, v)).toLowerCase(java.util.Locale.ROOT));
                // Another NULL marker could equal a value, which would then pass as the marker; another encoding
                // sends bytes the rules do not read as text.
                case "null", "encoding" -> {
                    return null;
                }
                default -> {
                }
            }
        }
        String d = delimiter != null ? delimiter : csv ? "," : "\t";
        return d.length() != 1 ? null : new hoop.core.CopiedTable(query != null ? null : relation.toString(), List.copyOf(columns),
                csv, (byte) d.charAt(0), header, query);
    }

    /** An option's name at k: an unquoted keyword, or a quoted one ({@code ("delimiter" '@')} is valid). */
    private static String option(Toks t, int k) {
        Token tok = t.get(k);
        if (tok.type() != Token.Type.IDENT && tok.type() != Token.Type.QIDENT) {
            return "";
        }
        // A value is never an option's name: skip what follows an option that takes one.
        Token before = t.get(k - 1);
        boolean isValue = (before.type() == Token.Type.IDENT || before.type() == Token.Type.QIDENT)
                && Set.of("format", "delimiter", "delimiters", "quote", "escape", "null", "encoding", "as").contains(before.value())
                && !(before.value().equals("quote") && t.word(k - 2, "force"));
        return isValue ? "" : tok.value();
    }

    /** An option's value as the server reads it: a string, a name or a number alike; null when there is none. */
    private static String value(Toks t, int v) {
        Token tok = t.get(v);
        return switch (tok.type()) {
            case STRING, IDENT, QIDENT, NUMBER -> tok.value();
            default -> null;
        };
    }

    private static String quoted(String s) {
        return s == null ? "(none)" : "'" + s.replace("'", "''") + "'";
    }

    /** Text that does not lex is refused only when it may be a COPY: other statements fail at the server. */
    private static boolean mentionsCopy(List<Token> toks) {
        for (Token t : toks) {
            if (t.isWord("copy")) {
                return true;
            }
        }
        return false;
    }
}
