package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves U&"..." identifiers and U&'...' strings, including an optional trailing
 * {@code UESCAPE 'c'} clause. Decoding matters because {@code U&"pg\005fread\005ffile"(...)}
 * names the same function as {@code pg_read_file(...)}.
 */
final class UnicodeEscapes {

    static final Token.Type UIDENT = Token.Type.UIDENT;
    static final Token.Type USTRING = Token.Type.USTRING;

    private UnicodeEscapes() {
    }

    static List<Token> apply(List<Token> in) {
        List<Token> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            Token t = in.get(i);
            if (t.type() != UIDENT && t.type() != USTRING) {
                out.add(t);
                continue;
            }
            char esc = '\\';
            int end = t.end();
            if (i + 2 < in.size() && in.get(i + 1).isWord("uescape") && in.get(i + 2).type() == Token.Type.STRING) {
                String e = in.get(i + 2).value();
                if (e.length() != 1 || !validEscape(e.charAt(0))) {
                    out.add(new Token(Token.Type.ERROR, "invalid Unicode escape character", t.start(), in.get(i + 2).end()));
                    i += 2;
                    continue;
                }
                esc = e.charAt(0);
                end = in.get(i + 2).end();
                i += 2;
            } else if (i + 1 < in.size() && in.get(i + 1).isWord("uescape")) {
                out.add(new Token(Token.Type.ERROR, "UESCAPE must be followed by a simple string literal",
                        t.start(), in.get(i + 1).end()));
                i += 1;
                continue;
            }
            String decoded = decode(t.value(), esc);
            if (decoded == null) {
                out.add(new Token(Token.Type.ERROR, "invalid Unicode escape", t.start(), end));
            } else {
                Token.Type type = t.type() == UIDENT ? Token.Type.QIDENT : Token.Type.STRING;
                out.add(new Token(type, decoded, t.start(), end));
            }
        }
        return out;
    }

    private static boolean validEscape(char c) {
        return Character.digit(c, 16) < 0 && c != '+' && c != '\'' && c != '"' && !Character.isWhitespace(c);
    }

    private static String decode(String body, char esc) {
        StringBuilder b = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != esc) {
                b.append(c);
                i++;
                continue;
            }
            if (i + 1 < body.length() && body.charAt(i + 1) == esc) {
                b.append(esc);
                i += 2;
                continue;
            }
            boolean six = i + 1 < body.length() && body.charAt(i + 1) == '+';
            int from = six ? i + 2 : i + 1;
            int len = six ? 6 : 4;
            if (from + len > body.length()) {
                return null;
            }
            String hex = body.substring(from, from + len);
            for (int k = 0; k < hex.length(); k++) {
                if (Character.digit(hex.charAt(k), 16) < 0) {
                    return null;
                }
            }
            int cp = Integer.parseInt(hex, 16);
            if (cp == 0 || !Character.isValidCodePoint(cp)) {
                return null;
            }
            b.appendCodePoint(cp);
            i = from + len;
        }
        return b.toString();
    }
}
