package hoop.protocol.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Words of a statement's text, as the column rules look at them: identifiers (quoted and Unicode-escaped ones
 * decoded), words inside literals and comments included ({@link #words}); or only those that may be names, with the
 * literals that are plain values left out ({@link #nameWords}).
 */
final class StatementWords {
    private StatementWords() {
    }

    /**
     * An unquoted identifier as the server's lexer reads one: a letter A-Z or a-z, an underscore or any character
     * past ASCII, then those, digits and dollars ({@code customers €}, {@code c€(a, x)}, {@code ١(a, x)} are aliases;
     * a pattern of Unicode letters alone did not see them, so their rows were used unnoticed).
     */
    static final String IDENT = "[A-Za-z_\\x{80}-\\x{10FFFF}][A-Za-z0-9_$\\x{80}-\\x{10FFFF}]*";
    /** What may continue one (a dollar-quote's tag takes no dollars): see {@link #IDENT}. */
    private static final String IDENT_CHAR = "[A-Za-z0-9_$\\x{80}-\\x{10FFFF}]";

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile(
            "[Uu]&\"((?:[^\"]|\"\")+)\"|\"((?:[^\"]|\"\")+)\"|" + IDENT);
    private static final java.util.regex.Pattern UESCAPE_WORD = java.util.regex.Pattern.compile("(?i:uescape)(?!" + IDENT_CHAR + ")");

    /**
     * The UESCAPE clause right after a Unicode-escaped name or string ending at {@code from}: {escape char, index after the
     * clause}, or null. The server's lexer lets blanks and comments, nested ones too, stand around its words
     * ({@code U&"!0065mail" /* x *}{@code / UESCAPE -- y}, then {@code '!'}): a pattern of blanks alone missed them and
     * the name was decoded with the default escape, naming no column.
     */
    static int[] uescape(String sql, int from) {
        int i = skipBlanks(sql, from);
        var w = UESCAPE_WORD.matcher(sql).region(i, sql.length());
        if (!w.lookingAt()) return null;
        i = skipBlanks(sql, w.end());
        if (i + 2 >= sql.length() || sql.charAt(i) != '\'' || sql.charAt(i + 2) != '\'') return null;
        return new int[] {sql.charAt(i + 1), i + 3};
    }

    /** The index of the first character from {@code i} on that is no blank and no comment. */
    static int skipBlanks(String sql, int i) {
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = lineCommentEnd(sql, i);
            } else if (sql.startsWith("/*", i)) {
                int end = commentEnd(sql, i);
                if (end < 0) return sql.length();
                i = end;
            } else {
                break;
            }
        }
        return i;
    }

    /**
     * The identifiers of a statement, quoted ones unquoted (Unicode-escaped ones, {@code U&"\0063ard"}, decoded
     * too). Words inside strings and comments are included: they only ever make more columns masked.
     */
    static List<String> words(String sql) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(sql);
        while (m.find()) {
            if (m.group(1) != null) {
                int[] esc = uescape(sql, m.end());
                char escape = esc != null ? (char) esc[0] : '\\';
                String raw = m.group(1).replace("\"\"", "\"");
                out.add(truncated(raw));
                out.add(truncated(unicodeUnescape(raw, escape)));
            } else {
                out.add(truncated(m.group(2) != null ? m.group(2).replace("\"\"", "\"") : m.group()));
            }
        }
        return out;
    }

    /**
     * What continues a literal after its closing quote (scan.l's quotecontinue): blanks holding a newline, -- comments
     * allowed, then a quote. An escape string so continued stays one ({@code E'x'} newline {@code '\' , email , '} is one
     * literal, x' , email , ): read as a new standard string, its backslash's quote ended it, the rest was code to hoop
     * and the next quote opened a "literal" over what the server runs (ascii(substr(email, 1, 1)) then gave 97).
     * Possessive, as the policy lexer's: a run of dashes is never backtracked over.
     */
    private static final String CONTINUED =
            "(?:[ \\t\\f\\x0B]++|--[^\\n\\r]*+)*+[\\n\\r](?:[ \\t\\n\\r\\f\\x0B]++|--[^\\n\\r]*+[\\n\\r])*+'";
    /**
     * A quoted identifier (group 1); a string literal, standard, escape or dollar-quoted (group 2, its tag group 3), or
     * a comment (group 4); a word; any other character. A string or comment that does not end falls to single
     * characters, its words then read as names (more masked, never less).
     */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("\"((?:[^\"]|\"\")+)\""
            + "|((?<!" + IDENT_CHAR + ")[Ee]'(?:[^'\\\\]|\\\\[\\s\\S]|'')*+'(?:" + CONTINUED + "(?:[^'\\\\]|\\\\[\\s\\S]|'')*+')*+"
            + "|'(?:[^']|'')*'"
            + "|\\$([A-Za-z_\\x{80}-\\x{10FFFF}][A-Za-z0-9_\\x{80}-\\x{10FFFF}]*)?\\$[\\s\\S]*?\\$\\3\\$)"
            + "|(--[^\\n\\r]*|/\\*[\\s\\S]*?\\*/)|" + IDENT + "|\\S");
    /** Words before a bracket that make it no call: a literal directly inside is a value ({@code VALUES ('x')}, {@code IN ('x')}). */
    private static final java.util.Set<String> NOT_CALLS = java.util.Set.of("values", "in", "select", "where", "and", "or", "not",
            "set", "then", "else", "when", "returning", "on", "having", "like", "ilike", "similar", "is", "distinct", "from", "by");
    /** Words right before a literal that make it code (a DO block, a routine's body, a program, a query string): its words count. */
    private static final java.util.Set<String> CODE_BEFORE = java.util.Set.of("do", "as", "execute", "program", "using", "language",
            "query");

    /**
     * sql with its comments blanked, and the string literals that are plain values the client wrote blanked too: a
     * literal compared with, stored or returned names nothing ({@code VALUES ('the name changed')}, {@code WHERE
     * note = 'name'}), and its ; ( ) RETURNING are no syntax. A literal that may be code something runs keeps its
     * words, each as a quoted name (no syntax either): one given to a call ({@code crosstab('SELECT name ...')},
     * {@code dblink(..., $$...$$)}: a function may run it as SQL) or taken by DO, AS, EXECUTE, PROGRAM or a DO block's
     * LANGUAGE.
     */
    static String withoutValueLiterals(String sql) {
        List<String> before = new ArrayList<>();   // the syntax tokens so far, lower case
        StringBuilder out = new StringBuilder(sql.length());
        var m = TOKEN.matcher(sql).useTransparentBounds(true);
        int last = 0;
        while (m.find()) {
            out.append(sql, last, m.start());
            last = m.end();
            if (m.group(4) != null && m.group(4).startsWith("/*")) {
                // PostgreSQL nests block comments: /* /* */ ' */ is one comment, after which the quote is no string.
                int end = commentEnd(sql, m.start());
                if (end < 0) return out.append(sql, m.start(), sql.length()).toString();   // no end: the rest as words
                out.append(' ');
                last = end;
                m.region(end, sql.length());
            } else if (m.group(4) != null) {
                out.append(' ');
            } else if (m.group(2) != null) {
                if (!before.isEmpty() && before.getLast().equals("uescape")) {
                    // U&"!0065mail" UESCAPE '!': the literal is the escape the name before it is read with, no value;
                    // blanked, the name was decoded with \ and named no column.
                    out.append(m.group());
                } else if (mayBeCode(before)) {
                    for (String w : words(m.group(2))) out.append(" \"").append(w.replace("\"", "\"\"")).append('"');
                    out.append(' ');
                } else {
                    out.append(' ');
                }
                before.add("'");
            } else {
                out.append(m.group());
                before.add(m.group(1) != null ? "\"" : m.group().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out.append(sql, last, sql.length()).toString();
    }

    /**
     * The tokens of sql as the server reads them, lower case, for a look at its syntax (where a relation's name or
     * alias stands, and whether it is used as a value): comments are left out (one between an alias and its column list
     * leaves them an alias and its column list), a quoted identifier is one token, its name after a {@code "} ({@code U&"\0063"}
     * decoded: it is {@code "c}; never a keyword nor a bracket: {@code AS "where"} and {@code "("} are names; see {@link #name}),
     * a string literal that is a plain value is one token {@code '} (its words are no syntax: a {@code 'from'} there
     * opens no list of relations), and one that may be code (see {@link #withoutValueLiterals}) is read as tokens
     * too. Any other character is a token of its own.
     */
    static List<String> syntax(String sql) {
        List<String> out = new ArrayList<>();
        syntax(sql, out, 0);
        return out;
    }

    /** Code inside code inside code (a DO block's string holding a query string) is read this deep; deeper, as words. */
    private static final int MAX_CODE_DEPTH = 8;
    private static final java.util.regex.Pattern SYNTAX_WORD = java.util.regex.Pattern.compile(IDENT + "|\\S");

    private static void syntax(String sql, List<String> out, int depth) {
        List<String> before = new ArrayList<>();   // the syntax tokens so far, as withoutValueLiterals keeps them
        var m = TOKEN.matcher(sql).useTransparentBounds(true);
        while (m.find()) {
            if (m.group(4) != null && m.group(4).startsWith("/*")) {
                int end = commentEnd(sql, m.start());
                if (end < 0) {
                    // No end: the server fails the statement; the rest is read as tokens (more masked, never less).
                    var w = SYNTAX_WORD.matcher(sql).region(m.start() + 2, sql.length());
                    while (w.find()) out.add(w.group().toLowerCase(java.util.Locale.ROOT));
                    return;
                }
                m.region(end, sql.length());
            } else if (m.group(4) != null) {
                continue;
            } else if (m.group(2) != null) {
                String literal = m.group(2);   // before the region moves past a UESCAPE clause, which resets the match
                boolean code = mayBeCode(before);
                if (dropUnicodePrefix(sql, m.start(), out)) {
                    int[] esc = uescape(sql, m.end());
                    if (esc != null) m.region(esc[1], sql.length());
                }
                if (code && depth < MAX_CODE_DEPTH) {
                    syntax(literalBody(literal), out, depth + 1);
                } else if (code) {
                    var w = SYNTAX_WORD.matcher(literal);
                    while (w.find()) out.add(w.group().toLowerCase(java.util.Locale.ROOT));
                } else {
                    out.add("'");
                }
                before.add("'");
            } else if (m.group(1) != null) {
                String name = m.group(1).replace("\"\"", "\"");
                if (dropUnicodePrefix(sql, m.start(), out)) {
                    int[] esc = uescape(sql, m.end());
                    name = unicodeUnescape(name, esc != null ? (char) esc[0] : '\\');
                    // Its UESCAPE clause is part of the name: what follows it follows the name (AS U&"!0063" UESCAPE '!' (a, x)).
                    if (esc != null) m.region(esc[1], sql.length());
                }
                out.add("\"" + truncated(name).toLowerCase(java.util.Locale.ROOT));
                before.add("\"");
            } else {
                String t = truncated(m.group()).toLowerCase(java.util.Locale.ROOT);
                out.add(t);
                before.add(t);
            }
        }
    }

    /**
     * Whether the quote at {@code at} follows {@code U&} (a Unicode-escaped identifier or string, the {@code U} no
     * part of a longer word); if so its two tokens, already read, are taken back.
     */
    private static boolean dropUnicodePrefix(String sql, int at, List<String> out) {
        if (at < 2 || sql.charAt(at - 1) != '&' || (sql.charAt(at - 2) | 0x20) != 'u') return false;
        if (at >= 3 && (isIdentStart(sql.charAt(at - 3)) || Character.isDigit(sql.charAt(at - 3)) || sql.charAt(at - 3) == '$')) return false;
        int n = out.size();
        if (n < 2 || !out.get(n - 1).equals("&") || !out.get(n - 2).equals("u")) return false;
        out.remove(n - 1);
        out.remove(n - 2);
        return true;
    }

    /** What a literal holds between its quotes ({@code 'a''b'} is a'b, {@code $q$...$q$} its inside), escapes as written. */
    private static String literalBody(String literal) {
        if (literal.startsWith("$")) {
            int open = literal.indexOf('$', 1) + 1;
            int close = literal.lastIndexOf('$', literal.length() - 2);
            return open > 0 && close >= open ? literal.substring(open, close) : "";
        }
        int open = literal.indexOf('\'') + 1;
        return literal.length() > open ? literal.substring(open, literal.length() - 1).replace("''", "'") : "";
    }

    /**
     * The index after the line comment opening at {@code from}: the server ends one at a carriage return as at a
     * newline ({@code -- x\r, ascii(email) ...} is code after the comment; read as comment to the next newline it hid
     * the names it used).
     */
    static int lineCommentEnd(String sql, int from) {
        int i = from;
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') i++;
        return Math.min(i + 1, sql.length());
    }

    /** The index after the block comment opening at {@code from}, nested ones included; -1 when it does not end. */
    private static int commentEnd(String sql, int from) {
        int depth = 0;
        for (int i = from; i + 1 < sql.length(); i++) {
            if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
                depth++;
                i++;
            } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                i++;
                if (--depth == 0) return i + 1;
            }
        }
        return -1;
    }

    /** Whether a literal after the syntax tokens {@code before} may be code: see {@link #withoutValueLiterals}. */
    private static boolean mayBeCode(List<String> before) {
        int n = before.size();
        if (n > 0 && CODE_BEFORE.contains(before.get(n - 1)) || n > 1 && before.get(n - 2).equals("language")) return true;
        int depth = 0;
        for (int k = n - 1; k >= 0; k--) {
            String t = before.get(k);
            if (t.equals(")")) {
                depth++;
            } else if (t.equals("(") && depth-- == 0) {
                if (k == 0) return false;
                String call = before.get(k - 1);
                return call.equals("\"") || !NOT_CALLS.contains(call) && isIdentStart(call.charAt(0));
            }
        }
        return false;
    }

    /** A name as the server keeps it (see {@link hoop.core.PgIdentifiers#truncated}). */
    static String truncated(String name) {
        return hoop.core.PgIdentifiers.truncated(name);
    }

    /** A {@link #syntax} token's name: a quoted identifier's without its mark ({@code "c} and {@code c} are one name). */
    static String name(String token) {
        return token.length() > 1 && token.charAt(0) == '"' ? token.substring(1) : token;
    }

    /** Whether a {@link #syntax} token is an identifier, quoted or not, rather than a bracket, an operator or a literal. */
    static boolean isName(String token) {
        return token.length() > 1 && token.charAt(0) == '"' || isIdentStart(token.charAt(0));
    }

    /** Whether c may begin an unquoted identifier: see {@link #IDENT}. */
    static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    /** The words of {@code sql} that are names: see {@link #withoutValueLiterals}. */
    static List<String> nameWords(String sql) {
        return words(withoutValueLiterals(sql));
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
