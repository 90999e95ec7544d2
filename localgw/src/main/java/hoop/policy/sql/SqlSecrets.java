package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * String literals a statement holds as a password or key, by their place in the grammar rather than by their look:
 * {@code ALTER ROLE app PASSWORD 'x'}, {@code OPTIONS (user 'a', password 'x')}, {@code CREATE USER b IDENTIFIED BY 'x'},
 * {@code INSERT INTO users (name, password) VALUES ('a', 'x')}, the key of {@code pgp_sym_encrypt(data, 'k')}. A
 * detector cannot tell such a value from any other string, so without this the recording (and the approval prompt,
 * and the live view) would keep the password the client typed.
 */
public final class SqlSecrets {
    /** What a literal is replaced with: the password detector's label, so both read alike. */
    public static final String REDACTED = "'[PASSWORD_ASSIGNMENT]'";

    private static final Set<String> CREDENTIAL_NAMES = Set.of("password", "passwd", "pwd", "passphrase", "passcode", "secret",
            "client_secret", "secret_key", "private_key", "access_key", "api_key", "apikey", "token", "auth_token",
            "access_token", "refresh_token", "credential", "credentials");
    /** pgcrypto's functions and the argument (from 0) that is a password or key. */
    private static final Map<String, Integer> KEY_ARGUMENT = Map.ofEntries(Map.entry("crypt", 0),
            Map.entry("pgp_sym_encrypt", 1), Map.entry("pgp_sym_encrypt_bytea", 1), Map.entry("pgp_sym_decrypt", 1),
            Map.entry("pgp_sym_decrypt_bytea", 1), Map.entry("pgp_pub_decrypt", 2), Map.entry("pgp_pub_decrypt_bytea", 2),
            Map.entry("encrypt", 1), Map.entry("decrypt", 1), Map.entry("encrypt_iv", 1), Map.entry("decrypt_iv", 1),
            Map.entry("hmac", 1));
    /** Words one of which any statement above holds; a statement with none is returned at once. */
    private static final List<String> HINTS = List.of("pass", "pwd", "secret", "key", "token", "credential", "identified",
            "crypt", "hmac");

    private SqlSecrets() {
    }

    /** sql with each such literal replaced by {@link #REDACTED}; sql itself when it holds none or does not lex. */
    public static String redact(String sql) {
        return redact(sql, 0);
    }

    /** How deep dollar-quoted bodies inside bodies are followed. */
    private static final int MAX_DEPTH = 4;

    private static String redact(String sql, int depth) {
        if (sql == null || !mayHoldOne(sql)) {
            return sql;
        }
        List<Token> toks;
        try {
            toks = Lexer.lex(sql);
        } catch (RuntimeException | StackOverflowError e) {
            return sql; // the detectors still run over it
        }
        List<Token> secret = new ArrayList<>();
        for (int i = 0; i < toks.size(); i++) {
            Token x = toks.get(i);
            if (x.isName() && CREDENTIAL_NAMES.contains(Lexer.asciiLower(x.value()))) {
                // PASSWORD 'x', OPTIONS (password 'x'), SET my.secret TO 'x' (and = 'x': the detector's form too)
                int k = i + 1;
                if (k < toks.size() && (toks.get(k).isWord("to") || toks.get(k).isOp("="))) {
                    k++;
                }
                stringAt(toks, k, secret);
            } else if (x.isWord("identified") && i + 1 < toks.size() && toks.get(i + 1).isWord("by")) {
                stringAt(toks, i + 2, secret);
            } else if (x.isName() && KEY_ARGUMENT.containsKey(Lexer.asciiLower(x.value())) && i + 1 < toks.size()
                    && toks.get(i + 1).isPunct("(")) {
                List<List<Token>> args = items(toks, i + 1);
                int n = KEY_ARGUMENT.get(Lexer.asciiLower(x.value()));
                if (n < args.size()) strings(args.get(n), secret);
            } else if (x.isWord("insert") && i + 1 < toks.size() && toks.get(i + 1).isWord("into")) {
                insertValues(toks, i + 2, secret);
            }
        }
        // A dollar-quoted body (DO, CREATE FUNCTION) is code too: ALTER ROLE ... PASSWORD '...' may stand in it.
        List<Token> bodies = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            for (Token t : toks) {
                if (t.type() == Token.Type.STRING && t.end() - t.start() >= 2 && sql.charAt(t.start()) == '$' && !secret.contains(t)) {
                    bodies.add(t);
                }
            }
        }
        if (secret.isEmpty() && bodies.isEmpty()) {
            return sql;
        }
        List<Token> all = new ArrayList<>(secret);
        all.addAll(bodies);
        all.sort(java.util.Comparator.comparingInt(Token::start));
        StringBuilder out = new StringBuilder(sql.length());
        int at = 0;
        for (Token s : all) {
            if (s.start() < at) continue; // already inside a replaced literal
            out.append(sql, at, s.start());
            if (secret.contains(s)) {
                out.append(REDACTED);
            } else {
                // $tag$ body $tag$: the body is the token's value as written (dollar quotes have no escapes)
                int tagEnd = sql.indexOf('$', s.start() + 1) + 1;
                String tag = sql.substring(s.start(), tagEnd);
                out.append(tag).append(redact(s.value(), depth + 1)).append(tag);
            }
            at = s.end();
        }
        String redacted = out.append(sql, at, sql.length()).toString();
        return redacted.equals(sql) ? sql : redacted; // a body with nothing in it: the statement as it came
    }

    /** Every statement passes here on its way to the recording: one scan, no copy. */
    private static boolean mayHoldOne(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = (char) (sql.charAt(i) | 0x20);
            if ("pskctih".indexOf(c) < 0) continue;
            for (String h : HINTS) {
                if (h.charAt(0) == c && sql.regionMatches(true, i, h, 0, h.length())) return true;
            }
        }
        return false;
    }

    private static void stringAt(List<Token> toks, int k, List<Token> out) {
        if (k < toks.size() && toks.get(k).type() == Token.Type.STRING) out.add(toks.get(k));
    }

    private static void strings(List<Token> item, List<Token> out) {
        for (Token t : item) {
            if (t.type() == Token.Type.STRING) out.add(t);
        }
    }

    /** The comma-separated items inside the parenthesis at {@code open}, each as its tokens (nested ones included). */
    private static List<List<Token>> items(List<Token> toks, int open) {
        List<List<Token>> out = new ArrayList<>();
        List<Token> item = new ArrayList<>();
        int depth = 0;
        for (int k = open; k < toks.size(); k++) {
            Token t = toks.get(k);
            if (t.isPunct("(") || t.isPunct("[")) {
                if (depth++ == 0) continue;
            } else if (t.isPunct(")") || t.isPunct("]")) {
                if (--depth == 0) break;
            } else if (depth == 1 && t.isPunct(",")) {
                out.add(item);
                item = new ArrayList<>();
                continue;
            }
            item.add(t);
        }
        out.add(item);
        return out;
    }

    /** INSERT INTO t (a, password) VALUES (..., 'x'), (...): the values given for credential-named columns. */
    private static void insertValues(List<Token> toks, int k, List<Token> out) {
        while (k < toks.size() && (toks.get(k).isName() || toks.get(k).isPunct(".") || toks.get(k).isWord("as"))) {
            k++; // the table, its schema and an alias
        }
        if (k >= toks.size() || !toks.get(k).isPunct("(")) return;
        List<List<Token>> columns = items(toks, k);
        List<Integer> credential = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            List<Token> col = columns.get(c);
            if (col.size() == 1 && col.get(0).isName() && CREDENTIAL_NAMES.contains(Lexer.asciiLower(col.get(0).value()))) {
                credential.add(c);
            }
        }
        if (credential.isEmpty()) return;
        int depth = 0;
        while (k < toks.size() && !(depth == 0 && toks.get(k).isWord("values"))) {
            if (toks.get(k).isPunct("(")) depth++;
            if (toks.get(k).isPunct(")")) depth--;
            k++;
        }
        for (k++; k < toks.size() && toks.get(k).isPunct("("); ) {
            List<List<Token>> row = items(toks, k);
            for (int c : credential) {
                if (c < row.size()) strings(row.get(c), out);
            }
            int d = 0;
            do {
                if (toks.get(k).isPunct("(")) d++;
                if (toks.get(k).isPunct(")")) d--;
                k++;
            } while (k < toks.size() && d > 0);
            if (k < toks.size() && toks.get(k).isPunct(",")) k++;
        }
    }
}
