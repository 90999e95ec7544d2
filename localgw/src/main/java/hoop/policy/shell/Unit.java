package hoop.policy.shell;

/**
 * One character of a word with its quoting state, or an opaque run-time expansion.
 * Quoting must survive until brace expansion, glob detection and assignment detection,
 * which is why words are kept as units instead of plain strings while parsing.
 */
record Unit(char c, boolean quoted, String dynamicRaw, boolean procSubst) {

    static Unit literal(char c, boolean quoted) {
        return new Unit(c, quoted, null, false);
    }

    static Unit dynamic(String raw) {
        return new Unit('\0', true, raw, false);
    }

    static Unit processSubstitution(String raw) {
        return new Unit('\0', true, raw, true);
    }

    boolean isDynamic() {
        return dynamicRaw != null;
    }

    boolean isUnquoted(char ch) {
        return dynamicRaw == null && !quoted && c == ch;
    }
}
