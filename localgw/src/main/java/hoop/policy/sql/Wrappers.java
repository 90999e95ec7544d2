package hoop.policy.sql;

import java.util.Set;

/** Statements that wrap another statement: EXPLAIN, PREPARE, DECLARE ... CURSOR FOR. */
final class Wrappers {

    private static final Set<String> FALSE_WORDS = Set.of("false", "off", "0");

    private Wrappers() {
    }

    /**
     * Plain EXPLAIN only plans, so it is a READ whatever it wraps, unless it reaches a stored routine: planning
     * folds an IMMUTABLE one called with constants. With ANALYZE the wrapped statement really runs, so it takes
     * the inner statement's kind.
     */
    static void explain(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        boolean analyze = false;
        if (t.punct(i, "(")) {
            int c = Math.min(t.close(i), to);
            int k = i + 1;
            while (k < c) {
                int end = k;
                while (end < c && !t.punct(end, ",")) {
                    end = t.isOpen(end) ? t.close(end) + 1 : end + 1;
                }
                Token name = t.get(k);
                String n = name.isName() ? Lexer.asciiLower(name.value()) : "";
                // Unrecognised values count as true: the server either rejects them or runs the statement.
                if ((n.equals("analyze") || n.equals("analyse")) && truthy(t, k + 1, end)) {
                    analyze = true;
                }
                k = end + 1;
            }
            i = c + 1;
        } else {
            while (t.anyWord(i, "analyze", "analyse", "verbose")) {
                analyze |= !t.word(i, "verbose");
                i++;
            }
        }
        Analysis inner = new Analysis();
        if (!analyze) {
            inner.planOnly();
        }
        Statements.classify(t, i, to, inner);
        if (analyze) {
            a.merge(inner);
            a.flag("analyze");
        } else if (inner.kind() == SqlKind.UNKNOWN) {
            a.merge(inner); // the wrapped text is not a statement we understand: do not vouch for it
        } else if (inner.kind() == SqlKind.PROCEDURAL) {
            // Only a stored routine makes a planned statement procedural (Functions.scan): planning may run it.
            a.raise(SqlKind.PROCEDURAL);
            a.mergeTables(inner);
        } else {
            a.raise(SqlKind.READ);
            a.mergeTables(inner);
        }
    }

    private static boolean truthy(Toks t, int k, int end) {
        if (k >= end) {
            return true;
        }
        Token v = t.get(k);
        return !(k + 1 == end && v.type() != Token.Type.PUNCT && FALSE_WORDS.contains(Lexer.asciiLower(v.value())));
    }

    static void prepare(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        if (t.word(i, "transaction") && t.get(i + 1).type() == Token.Type.STRING) {
            a.raise(SqlKind.TRANSACTION);
            return;
        }
        if (!t.isName(i)) {
            a.unknown("PREPARE without a statement name");
            return;
        }
        i++;
        if (t.punct(i, "(")) {
            i = t.close(i) + 1;
        }
        if (!t.word(i, "as")) {
            a.unknown("PREPARE without AS");
            return;
        }
        Statements.classify(t, i + 1, to, a);
    }

    static void declare(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        if (!t.isName(i)) {
            a.unknown("DECLARE without a cursor name");
            return;
        }
        i++;
        while (t.anyWord(i, "binary", "insensitive", "asensitive", "scroll", "no")) {
            i++;
        }
        if (!t.word(i, "cursor")) {
            a.unknown("DECLARE without CURSOR");
            return;
        }
        i++;
        if (t.anyWord(i, "with", "without") && t.word(i + 1, "hold")) {
            i += 2;
        }
        if (!t.word(i, "for")) {
            a.unknown("DECLARE CURSOR without FOR");
            return;
        }
        Statements.classify(t, i + 1, to, a);
    }
}
