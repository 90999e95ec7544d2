package hoop.policy.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PL/pgSQL block's SQL as the server receives it: each reference to one of the block's variables is sent as a
 * parameter ($n) with the variable's value. Judged with the names left in, {@code DELETE FROM t WHERE found} (FOUND is
 * true after any row was read) would read as a condition on a column, where it is {@code WHERE $1}: every row.
 *
 * <p>PL/pgSQL does this in the statements that take parameters (SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, CALL
 * and those holding one, as EXPLAIN and CREATE TABLE AS do), and there only for what the parser takes for a column
 * reference; a name in a position that never is one (a function's, a type's after ::, an alias after AS, a table's
 * after FROM, JOIN, UPDATE, INTO, TABLE or OF, an INSERT's column list, an UPDATE's SET target) keeps its name. Anywhere else a name that may be a variable is taken for
 * one: a column of the same name would make PL/pgSQL raise an ambiguity, unless #variable_conflict use_column says
 * otherwise, and then a parameter is only judged more strictly than the column.
 */
final class BlockVariables {
    private BlockVariables() {}

    private static final Set<String> NOT_COLUMN_AFTER = Set.of("as", "from", "join", "update", "into", "table", "only", "of");

    /** The first words of statements the server plans with parameters; in others (SET, DDL) names stay names. */
    private static final Set<String> PLANNED = Set.of("select", "insert", "update", "delete", "merge", "with", "values",
            "table", "explain", "create", "call", "copy");

    /** SQL functions whose arguments are written with FROM (extract(f FROM v), substring(s FROM v)): v is a value. */
    private static final Set<String> FROM_IN_CALL = Set.of("extract", "substring", "overlay", "trim");

    /** {@code sql} with references to {@code variables} (or through a block's label, lbl.v) as parameters. */
    static String parameters(String sql, Set<String> variables, Set<String> labels) {
        List<Token> ks = Lexer.lex(sql);
        for (Token k : ks) {
            if (k.type() == Token.Type.ERROR) {
                return sql;
            }
        }
        Toks t = new Toks(ks);
        if (!(PLANNED.contains(t.w(0)) || t.punct(0, "("))) {
            return sql;
        }
        boolean[] kept = names(t);
        Map<String, Integer> numbers = new HashMap<>();
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            if (!k.isName() || kept[i] || !(variables.contains(k.value()) || labels.contains(k.value()))) {
                continue;
            }
            int end = i;
            while (t.punct(end + 1, ".") && t.isName(end + 2)) {
                end += 2;
            }
            if (t.punct(end + 1, "(") || end == i && !variables.contains(k.value())) {
                continue;
            }
            String key = Lexer.asciiLower(sql.substring(k.start(), t.get(end).end()));
            int n = numbers.computeIfAbsent(key, x -> numbers.size() + 1);
            out.append(sql, copied, k.start()).append('$').append(n);
            copied = t.get(end).end();
            i = end;
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** Which name tokens stand where the parser never reads a column reference. */
    private static boolean[] names(Toks t) {
        boolean[] kept = new boolean[t.size()];
        int[] call = new int[t.size()];
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < t.size(); i++) {
            if (t.punct(i, ")") || t.punct(i, "]")) {
                open.poll();
            }
            call[i] = open.isEmpty() ? -1 : open.peek();
            if (t.isOpen(i)) {
                open.push(i);
            }
        }
        for (int i = 0; i < t.size(); i++) {
            Token prev = t.get(i - 1);
            boolean inCall = call[i] > 0 && FROM_IN_CALL.contains(t.w(call[i] - 1));
            kept[i] |= prev.isPunct(".") || prev.isPunct("::") || NOT_COLUMN_AFTER.contains(t.w(i - 1)) && !inCall;
            if (t.word(i, "insert") && t.word(i + 1, "into") && t.isName(i + 2)) {
                // INSERT INTO t [AS a] (columns): the list names the table's columns.
                int k = i + 3;
                while (t.punct(k, ".") && t.isName(k + 1)) {
                    k += 2;
                }
                if (t.word(k, "as") && t.isName(k + 1)) {
                    k += 2;
                }
                if (t.punct(k, "(")) {
                    keepNames(t, k, t.close(k), kept);
                }
            } else if (t.word(i, "set")) {
                setTargets(t, i + 1, kept);
            }
        }
        return kept;
    }

    /** UPDATE ... SET a = x, (b, c) = (y, z), d[1] = w: the targets, up to WHERE, FROM or RETURNING at that depth. */
    private static void setTargets(Toks t, int k, boolean[] kept) {
        boolean target = true;
        for (; k < t.size() && !t.anyWord(k, "where", "from", "returning") && !t.punct(k, ")") && !t.punct(k, ";"); k++) {
            if (target && t.punct(k, "(")) {
                keepNames(t, k, t.close(k), kept);
            } else if (target && t.isName(k)) {
                kept[k] = true;
            }
            target = t.punct(k, ",");
            if (t.isOpen(k)) {
                k = t.close(k);
            }
        }
    }

    private static void keepNames(Toks t, int from, int to, boolean[] kept) {
        for (int k = from; k < to && k < kept.length; k++) {
            kept[k] |= t.isName(k);
        }
    }
}
