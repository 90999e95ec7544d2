package hoop.policy.sql;

import java.util.Set;

/**
 * Decides whether an UPDATE/DELETE WHERE clause actually restricts rows. A condition that
 * mentions no column at all ({@code WHERE true}, {@code WHERE 1=1}, {@code WHERE $1}) is
 * constant, so it is treated like no WHERE; this is a heuristic that errs towards "unbounded".
 */
final class Where {

    private static final Set<String> CONSTANT_WORDS = Set.of("true", "false", "null", "and", "or", "not", "is",
            "isnull", "notnull", "unknown", "between", "symmetric", "asymmetric", "like", "ilike", "similar", "to",
            "escape", "in", "any", "all", "some", "distinct", "from", "case", "when", "then", "else", "end", "cast",
            "as", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
            "session_user", "current_role", "user", "array", "row", "interval", "collate", "at", "time", "zone",
            "with", "without", "select", "values", "exists", "int", "integer", "bigint", "smallint", "text",
            "varchar", "char", "character", "varying", "boolean", "bool", "numeric", "decimal", "real", "double",
            "precision", "float", "date", "timestamp", "timestamptz", "json", "jsonb", "uuid", "bytea");

    private Where() {
    }

    /** @param k index of the WHERE keyword */
    static boolean bounded(Toks t, int k, int to) {
        if (t.word(k + 1, "current") && t.word(k + 2, "of")) {
            return true; // positioned on exactly one cursor row
        }
        int depth = 0;
        for (int i = k + 1; i < to; i++) {
            Token x = t.get(i);
            if (t.isOpen(i)) {
                depth++;
            } else if (x.isPunct(")") || x.isPunct("]")) {
                depth--;
            }
            if (depth == 0 && x.isWord("returning")) {
                break;
            }
            if (!x.isName()
                    || (x.type() == Token.Type.IDENT && CONSTANT_WORDS.contains(x.value()))
                    || t.punct(i + 1, "(")
                    || t.punct(i - 1, "::")
                    || t.get(i + 1).type() == Token.Type.STRING) {
                continue;
            }
            return true;
        }
        return false;
    }
}
