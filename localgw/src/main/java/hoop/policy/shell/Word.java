package hoop.policy.shell;

import java.util.List;

/**
 * A word after quote removal.
 *
 * @param value       the literal value; run-time expansions appear as their source text
 * @param globPattern the value with quoted glob characters escaped, for filename expansion
 * @param dynamic     the value depends on run-time state (variables, substitutions, ...)
 * @param hasGlob     contains an unquoted glob that bash would try to expand
 * @param procSubst   contains a process substitution (the value is a /dev/fd path)
 * @param literalSubst quoted text spells {@code $(} or a backquote; harmless as data, but code
 *                    if bash later evaluates the value as an arithmetic expression
 */
record Word(String value, String globPattern, boolean dynamic, boolean hasGlob, boolean procSubst,
            boolean literalSubst) {

    static Word literal(String value) {
        return new Word(value, Glob.escape(value), false, false, false, spellsSubstitution(value));
    }

    /** Used when a later program substitutes text into this word (find's {}, xargs -I). */
    Word asDynamic() {
        return new Word(value, Glob.escape(value), true, false, procSubst, literalSubst);
    }

    static boolean spellsSubstitution(CharSequence s) {
        return s.toString().contains("$(") || s.toString().indexOf('`') >= 0;
    }

    static Word of(List<Unit> units) {
        StringBuilder value = new StringBuilder();
        StringBuilder pattern = new StringBuilder();
        boolean dynamic = false;
        boolean proc = false;
        boolean starOrQuestion = false;
        int openBracket = -1;
        boolean bracketClosed = false;
        StringBuilder literalText = new StringBuilder();
        for (Unit u : units) {
            literalText.append(u.isDynamic() ? ' ' : u.c());
            if (u.isDynamic()) {
                dynamic = true;
                proc |= u.procSubst();
                value.append(u.dynamicRaw());
                pattern.append(Glob.escape(u.dynamicRaw()));
                continue;
            }
            char c = u.c();
            value.append(c);
            if (u.quoted()) {
                pattern.append(Glob.isMeta(c) ? "\\" + c : String.valueOf(c));
                continue;
            }
            pattern.append(c);
            if (c == '*' || c == '?') {
                starOrQuestion = true;
            } else if (c == '[' && openBracket < 0) {
                openBracket = value.length() - 1;
            } else if (c == ']' && openBracket >= 0 && value.length() - 1 > openBracket + 1) {
                bracketClosed = true;
            }
        }
        return new Word(value.toString(), pattern.toString(), dynamic, starOrQuestion || bracketClosed, proc,
                spellsSubstitution(literalText));
    }
}
