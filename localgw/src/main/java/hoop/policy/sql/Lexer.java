package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizer following PostgreSQL's scan.l (standard_conforming_strings = on).
 *
 * <p>Fidelity matters more than convenience here: any place where this lexer and the server
 * disagree about where a string, comment or identifier ends is a place where text hidden from
 * the classifier could reach the server. Where PostgreSQL would raise a lexical or syntax
 * error we emit an ERROR token so the statement fails closed.
 */
final class Lexer {

    private static final String OP_CHARS = "~!@#^&|`?+-*/%<>=";

    private final String s;
    private final List<Token> out = new ArrayList<>();
    private int p;

    private Lexer(String s) {
        this.s = s;
    }

    /**
     * The last text this thread lexed and its tokens: an adapter asks several questions of one statement (its
     * classification, the routines it defines, what it prepares, whether it runs unseen code), each by lexing
     * it, and an event loop asks them one statement at a time. Keyed by identity, so only the same String hits.
     */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);
    private static final int MEMO_MAX_CHARS = 16 * 1024;

    /** The tokens of {@code sql}; the list is shared, so callers must not change it. */
    @SuppressWarnings("unchecked")
    static List<Token> lex(String sql) {
        if (sql.length() > MEMO_MAX_CHARS) {
            return fresh(sql);
        }
        Object[] last = LAST.get();
        if (last[0] != sql) {
            last[1] = fresh(sql);
            last[0] = sql;
        }
        return (List<Token>) last[1];
    }

    private static List<Token> fresh(String sql) {
        Lexer l = new Lexer(sql);
        l.run();
        List<Token> out = UnicodeEscapes.apply(l.out);
        for (int i = 0; i < out.size(); i++) {
            Token t = out.get(i);
            if (t.isName() && t.value().length() > MAX_IDENTIFIER_BYTES / 3) {
                String v = truncated(t.value());
                if (!v.equals(t.value())) out.set(i, new Token(t.type(), v, t.start(), t.end()));
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /** PostgreSQL's NAMEDATALEN - 1: longer identifiers, quoted or not, are cut to this many bytes. */
    static final int MAX_IDENTIFIER_BYTES = hoop.core.PgIdentifiers.MAX_BYTES;

    /**
     * An identifier as the server keeps it: cut to 63 UTF-8 bytes at a character boundary (its pg_mbcliplen), so
     * {@code f_<70 characters>()} calls the routine the catalog lists under the first 63 bytes of that name.
     */
    static String truncated(String v) {
        return hoop.core.PgIdentifiers.truncated(v);
    }

    private char at(int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private boolean more(int i) {
        return i < s.length();
    }

    private void run() {
        while (skipSpaceAndComments()) {
            int st = p;
            char c = s.charAt(p);
            if (c == '\'') {
                plainString(st, p + 1, Token.Type.STRING);
            } else if (c == '"') {
                quotedIdent(st, p + 1, Token.Type.QIDENT);
            } else if (isIdentStart(c)) {
                prefixedOrIdent(st, c);
            } else if (c == '$') {
                dollar(st);
            } else if (isDigit(c) || (c == '.' && isDigit(at(p + 1)))) {
                number(st);
            } else if (c == ':') {
                boolean two = at(p + 1) == ':' || at(p + 1) == '=';
                p += two ? 2 : 1;
                add(at(st + 1) == '=' ? Token.Type.OP : Token.Type.PUNCT, s.substring(st, p), st);
            } else if ("(),;[].".indexOf(c) >= 0) {
                p++;
                add(Token.Type.PUNCT, String.valueOf(c), st);
            } else if (OP_CHARS.indexOf(c) >= 0) {
                operator(st);
            } else {
                // PostgreSQL passes stray characters (\, {, NUL...) to the grammar, which rejects them.
                p++;
                add(Token.Type.ERROR, "unexpected character U+" + String.format("%04X", (int) c), st);
            }
        }
    }

    /** @return false when input is exhausted (including after an unterminated comment). */
    private boolean skipSpaceAndComments() {
        while (more(p)) {
            char c = s.charAt(p);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B') {
                p++;
            } else if (c == '-' && at(p + 1) == '-') {
                while (more(p) && s.charAt(p) != '\n' && s.charAt(p) != '\r') {
                    p++;
                }
            } else if (c == '/' && at(p + 1) == '*') {
                int st = p;
                int depth = 0;
                // Block comments nest in PostgreSQL; a non-nesting scanner would resume
                // tokenizing inside what the server still considers a comment.
                do {
                    if (s.charAt(p) == '/' && at(p + 1) == '*') {
                        depth++;
                        p += 2;
                    } else if (s.charAt(p) == '*' && at(p + 1) == '/') {
                        depth--;
                        p += 2;
                    } else {
                        p++;
                    }
                } while (depth > 0 && more(p));
                if (depth > 0) {
                    error(st, "unterminated /* comment");
                    return false;
                }
            } else {
                return true;
            }
        }
        return false;
    }

    private void prefixedOrIdent(int st, char c) {
        char n = at(p + 1);
        if ((c == 'e' || c == 'E') && n == '\'') {
            escapeString(st, p + 2);
        } else if ("bBxXnN".indexOf(c) >= 0 && n == '\'') {
            plainString(st, p + 2, Token.Type.STRING);
        } else if ((c == 'u' || c == 'U') && n == '&' && at(p + 2) == '\'') {
            plainString(st, p + 3, UnicodeEscapes.USTRING);
        } else if ((c == 'u' || c == 'U') && n == '&' && at(p + 2) == '"') {
            quotedIdent(st, p + 3, UnicodeEscapes.UIDENT);
        } else {
            p++;
            boolean upper = c >= 'A' && c <= 'Z';
            for (char x; more(p) && isIdentCont(x = s.charAt(p)); p++) {
                upper |= x >= 'A' && x <= 'Z';
            }
            add(Token.Type.IDENT, upper ? lower(s, st, p) : s.substring(st, p), st);
        }
    }

    /** '' doubles a quote; a backslash is literal (standard_conforming_strings = on). */
    private void plainString(int st, int from, Token.Type type) {
        StringBuilder v = new StringBuilder();
        int i = from;
        while (true) {
            int q = s.indexOf('\'', i);
            if (q < 0) {
                error(st, "unterminated quoted string");
                return;
            }
            v.append(s, i, q);
            if (at(q + 1) == '\'') {
                v.append('\'');
                i = q + 2;
            } else if (continued(q + 1) instanceof Integer next) {
                i = next;
            } else {
                p = q + 1;
                add(type, v.toString(), st);
                return;
            }
        }
    }

    private void escapeString(int st, int from) {
        StringBuilder v = new StringBuilder();
        int segment = from;
        int i = from;
        while (more(i)) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (at(i + 1) == '\'') {
                    i += 2;
                } else if (continued(i + 1) instanceof Integer next) {
                    // The continuation is scanned as an escape string too: there a backslash still escapes a quote.
                    v.append(EscapeStrings.decode(s.substring(segment, i)));
                    segment = next;
                    i = next;
                } else {
                    p = i + 1;
                    v.append(EscapeStrings.decode(s.substring(segment, i)));
                    add(Token.Type.STRING, v.toString(), st);
                    return;
                }
            } else {
                i++;
            }
        }
        error(st, "unterminated quoted string");
    }

    /**
     * scan.l's quotecontinue: a quote, then whitespace holding a newline (-- comments allowed, block comments not),
     * then a quote continues the same literal, in the same state: {@code E'a'\n'\' ...'} is one escape string whose
     * second part keeps backslash escapes. Read as two strings, the second would end at its backslash's quote and what
     * the server reads as the inside of the string would be judged as statements, or the reverse.
     */
    private static final java.util.regex.Pattern CONTINUE = java.util.regex.Pattern.compile(
            // Possessive: a -- comment always runs to the end of its line, and backtracking over "-----..." would not end.
            "(?:[ \\t\\f\\x0B]++|--[^\\n\\r]*+)*+[\\n\\r](?:[ \\t\\n\\r\\f\\x0B]++|--[^\\n\\r]*+[\\n\\r])*+'");

    /** After a literal's closing quote at {@code afterQuote - 1}: where its continuation's text starts, or null. */
    private Integer continued(int afterQuote) {
        if (!more(afterQuote)) {
            return null;
        }
        char c = s.charAt(afterQuote);
        if (c != ' ' && c != '\t' && c != '\f' && c != '\u000B' && c != '\n' && c != '\r' && c != '-') {
            return null;
        }
        java.util.regex.Matcher m = CONTINUE.matcher(s).region(afterQuote, s.length());
        return m.lookingAt() ? m.end() : null;
    }

    private void quotedIdent(int st, int from, Token.Type type) {
        StringBuilder v = new StringBuilder();
        int i = from;
        while (true) {
            int q = s.indexOf('"', i);
            if (q < 0) {
                error(st, "unterminated quoted identifier");
                return;
            }
            v.append(s, i, q);
            if (at(q + 1) == '"') {
                v.append('"');
                i = q + 2;
            } else {
                p = q + 1;
                if (v.isEmpty()) {
                    add(Token.Type.ERROR, "zero-length delimited identifier", st);
                } else {
                    add(type, v.toString(), st);
                }
                return;
            }
        }
    }

    private void dollar(int st) {
        if (isDigit(at(p + 1))) {
            p++;
            while (isDigit(at(p))) {
                p++;
            }
            if (more(p) && isIdentCont(s.charAt(p))) {
                junk(st, "trailing junk after parameter");
            } else {
                add(Token.Type.PARAM, s.substring(st, p), st);
            }
            return;
        }
        int j = p + 1;
        if (more(j) && isIdentStart(s.charAt(j))) {
            while (more(j) && (isIdentStart(s.charAt(j)) || isDigit(s.charAt(j)))) {
                j++;
            }
        }
        if (at(j) != '$') {
            p++;
            add(Token.Type.ERROR, "stray '$'", st);
            return;
        }
        String delim = s.substring(p, j + 1);
        int close = s.indexOf(delim, j + 1);
        if (close < 0) {
            error(st, "unterminated dollar-quoted string");
            return;
        }
        p = close + delim.length();
        add(Token.Type.STRING, s.substring(j + 1, close), st);
    }

    private void number(int st) {
        char c = s.charAt(p);
        if (c == '0' && "xXoObB".indexOf(at(p + 1)) >= 0) {
            p += 2;
            while (more(p) && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) {
                p++;
            }
        } else {
            while (isDigit(at(p)) || at(p) == '_') {
                p++;
            }
            if (at(p) == '.' && at(p + 1) != '.') {
                p++;
                while (isDigit(at(p)) || at(p) == '_') {
                    p++;
                }
            }
            if (at(p) == 'e' || at(p) == 'E') {
                int q = p + 1;
                if (at(q) == '+' || at(q) == '-') {
                    q++;
                }
                if (isDigit(at(q))) {
                    p = q;
                    while (isDigit(at(p))) {
                        p++;
                    }
                }
            }
        }
        // PostgreSQL 15+ rejects "123abc"; older servers split it. Refusing is the safe side.
        if (more(p) && isIdentCont(s.charAt(p))) {
            junk(st, "trailing junk after numeric literal");
        } else {
            add(Token.Type.NUMBER, s.substring(st, p), st);
        }
    }

    private void operator(int st) {
        while (more(p) && OP_CHARS.indexOf(s.charAt(p)) >= 0) {
            // A comment start ends the operator, exactly as scan.l truncates it.
            if (p > st && ((s.charAt(p) == '-' && at(p + 1) == '-') || (s.charAt(p) == '/' && at(p + 1) == '*'))) {
                break;
            }
            p++;
        }
        add(Token.Type.OP, s.substring(st, p), st);
    }

    private void junk(int st, String reason) {
        while (more(p) && isIdentCont(s.charAt(p))) {
            p++;
        }
        add(Token.Type.ERROR, reason, st);
    }

    private void error(int st, String reason) {
        p = s.length();
        add(Token.Type.ERROR, reason, st);
    }

    private void add(Token.Type type, String value, int st) {
        out.add(new Token(type, value, st, p));
    }

    /** Bytes >= 0x80 are identifier characters in PostgreSQL, so non-ASCII text never splits a word. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Only ASCII folds: Java's full Unicode lower-casing would turn e.g. the Kelvin sign into 'k' and invent keywords. */
    static String asciiLower(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return lower(v, 0, v.length());
            }
        }
        return v;
    }

    /** v[from, to) with ASCII capitals folded, in one copy (the lexer folds an identifier as it finds it). */
    private static String lower(String v, int from, int to) {
        char[] out = new char[to - from];
        for (int i = 0; i < out.length; i++) {
            char x = v.charAt(from + i);
            out[i] = x >= 'A' && x <= 'Z' ? (char) (x + 32) : x;
        }
        return new String(out);
    }
}
