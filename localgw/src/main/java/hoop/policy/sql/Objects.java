package hoop.policy.sql;

import java.util.Set;

/**
 * The relations GRANT, REVOKE, COMMENT ON and SECURITY LABEL ON act on, so that a policy's tables see a change of
 * who may read a table, or of its labels, as they see its DDL.
 */
final class Objects {

    /** Object types of GRANT ... ON that are not relations. */
    private static final Set<String> NOT_RELATIONS = Set.of("sequence", "database", "domain", "foreign", "function",
            "procedure", "routine", "language", "large", "parameter", "schema", "tablespace", "type", "all");

    private Objects() {
    }

    /** GRANT privileges [(columns)] ON [TABLE] a, b TO ...: a and b; ON ALL TABLES IN SCHEMA s: every table of s. */
    static void granted(Toks t, int from, int to, Analysis a) {
        int on = t.findWord(from, to, "on");
        if (on > 0 && t.word(on + 1, "all") && t.word(on + 2, "tables") && t.word(on + 3, "in") && t.word(on + 4, "schema")) {
            Ddl.schemas(t, on + 5, a);
            return;
        }
        if (on < 0 || NOT_RELATIONS.contains(t.w(on + 1))) {
            return;
        }
        Statements.nameList(t, t.word(on + 1, "table") ? on + 2 : on + 1, to, a);
    }

    /**
     * COMMENT ON / SECURITY LABEL ON, from the object type at {@code i}: TABLE, VIEW, MATERIALIZED VIEW or FOREIGN TABLE
     * t; COLUMN t.c; TRIGGER, POLICY, RULE or CONSTRAINT n ON t.
     */
    static void described(Toks t, int i, int to, Analysis a) {
        if (t.anyWord(i, "materialized", "foreign")) {
            i++;
        }
        if (t.anyWord(i, "table", "view")) {
            Statements.nameList(t, i + 1, to, a);
        } else if (t.word(i, "column")) {
            // [[database.]schema.]table.column: the relation is what precedes the column.
            java.util.List<String> parts = new java.util.ArrayList<>();
            for (int k = i + 1; t.isName(k); k += 2) {
                parts.add(t.get(k).value());
                if (!t.punct(k + 1, ".")) {
                    break;
                }
            }
            if (parts.size() >= 2) {
                int from = parts.size() == 4 ? 1 : 0;
                a.table(String.join(".", parts.subList(from, parts.size() - 1)));
            }
        } else if (t.anyWord(i, "trigger", "policy", "rule", "constraint")) {
            Ddl.namesAfter(t, t.findWord(i, to, "on"), to, a);
        }
    }
}
