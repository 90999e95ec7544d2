package hoop.policy.sql;

/**
 * A lexical token. {@code value} is the normalised form: unquoted identifiers are ASCII
 * lower-cased (as PostgreSQL does), quoted identifiers and strings are unescaped, and for
 * {@link Type#ERROR} it is the reason. Offsets are into the original message.
 */
record Token(Type type, String value, int start, int end) {

    enum Type {
        IDENT, QIDENT, STRING, NUMBER, PARAM, OP, PUNCT, ERROR,
        /** U&"..." / U&'...' before their escapes are resolved; never leave the lexer. */
        UIDENT, USTRING
    }

    /** Keywords are only ever unquoted: {@code "select"} is an identifier, not a keyword. */
    boolean isWord(String w) {
        return type == Type.IDENT && value.equals(w);
    }

    boolean isPunct(String p) {
        return type == Type.PUNCT && value.equals(p);
    }

    boolean isOp(String op) {
        return type == Type.OP && value.equals(op);
    }

    boolean isName() {
        return type == Type.IDENT || type == Type.QIDENT;
    }
}
