package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * set_config over rows of pg_settings: {@code SELECT set_config(name, 'view', false) FROM pg_settings WHERE name =
 * 'restrict_nonsystem_relation_kind'}, as pg_dump and pg_restore send it to set a parameter only where the server has
 * it. The parameter names are then the literals the WHERE ties the name column to, as long as nothing but AND joins
 * that test to the rest of the condition (an OR, a NOT or a BETWEEN around it could let other rows through).
 */
final class SettingsRows {
    private SettingsRows() {
    }

    /**
     * The parameter names set_config's first argument, at {@code arg}, can hold, or null when it is not the name column
     * of a query over pg_settings alone whose WHERE pins that column to string literals.
     */
    static List<String> names(Toks t, int arg) {
        String qualifier = null;
        int next = arg + 1;
        if (t.isName(arg) && t.punct(arg + 1, ".") && t.isName(arg + 2)) {
            qualifier = t.get(arg).value();
            next = arg + 3;
        }
        if (!t.get(next - 1).value().equals("name") || !t.isName(next - 1) || !t.punct(next, ",")) {
            return null;
        }
        int[] block = queryBlock(t, arg);
        if (block == null) {
            return null;
        }
        int from = t.findWord(next, block[1], "from");
        if (from < 0) {
            return null;
        }
        StringBuilder relation = new StringBuilder();
        int k = t.relationName(from + 1, relation);
        String rel = Lexer.asciiLower(relation.toString());
        if (k == from + 1 || !rel.equals("pg_settings") && !rel.equals("pg_catalog.pg_settings")
                || rel.equals("pg_settings") && t.withQuery("pg_settings") != null) {
            return null; // a WITH query of that name is read instead, and its name column may compare as it likes
        }
        String alias = "pg_settings";
        if (t.word(k, "as")) {
            k++;
        }
        if (t.isName(k) && !t.word(k, "where")) {
            alias = t.get(k).value();
            k++;
        }
        if (qualifier != null && !qualifier.equals(alias) || !t.word(k, "where")) {
            return null; // a second FROM item (a comma, a JOIN) could hold another name column
        }
        return pinned(t, k + 1, whereEnd(t, k + 1, block[1]), alias);
    }

    /** The SELECT the call at i belongs to: [its SELECT keyword, its end); null when it is not a plain SELECT. */
    private static int[] queryBlock(Toks t, int i) {
        int start = 0;
        int end = t.size();
        for (int k = i - 1; k >= 0; k--) {
            if (t.punct(k, ")") || t.punct(k, "]")) {
                k = Math.max(t.opening(k), 0);
            } else if (t.isOpen(k)) {
                if (t.word(k + 1, "select")) {
                    start = k + 1;
                    end = t.close(k);
                    break;
                }
            }
        }
        if (!t.word(start, "select")) {
            return null;
        }
        for (String op : List.of("union", "intersect", "except")) {
            if (t.findWord(start, end, op) >= 0) {
                return null;
            }
        }
        return new int[] {start, end};
    }

    private static int whereEnd(Toks t, int from, int to) {
        int end = to;
        for (String w : List.of("group", "having", "window", "order", "limit", "offset", "fetch", "for")) {
            int at = t.findWord(from, end, w);
            if (at >= 0) {
                end = at;
            }
        }
        int semi = from;
        while (semi < end && !t.punct(semi, ";")) {
            semi = t.isOpen(semi) ? t.close(semi) + 1 : semi + 1;
        }
        return Math.min(end, semi);
    }

    /** The literals one AND-ed test {@code [alias.]name = 'x'} or {@code name IN ('x', ...)} allows; null if none does. */
    private static List<String> pinned(Toks t, int from, int to, String alias) {
        for (String w : List.of("or", "not", "between")) {
            if (t.findWord(from, to, w) >= 0) {
                return null;
            }
        }
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k < to && t.isOpen(k)) {
                k = t.close(k);
            } else if (k == to || t.word(k, "and")) {
                List<String> names = test(t, start, k, alias);
                if (names != null) {
                    return names;
                }
                start = k + 1;
            }
        }
        return null;
    }

    private static List<String> test(Toks t, int from, int to, String alias) {
        int k = from;
        if (t.isName(k) && t.get(k).value().equals(alias) && t.punct(k + 1, ".")) {
            k += 2;
        }
        if (!t.isName(k) || !t.get(k).value().equals("name")) {
            return null;
        }
        k++;
        if (t.get(k).isOp("=") && t.get(k + 1).type() == Token.Type.STRING && k + 2 == to) {
            return List.of(t.get(k + 1).value());
        }
        if (!t.word(k, "in") || !t.punct(k + 1, "(") || t.close(k + 1) + 1 != to) {
            return null;
        }
        List<String> names = new ArrayList<>();
        int close = t.close(k + 1);
        for (int i = k + 2; i < close; i += 2) {
            if (t.get(i).type() != Token.Type.STRING || !(t.punct(i + 1, ",") || i + 1 == close)) {
                return null;
            }
            names.add(t.get(i).value());
        }
        return names.isEmpty() ? null : names;
    }
}
