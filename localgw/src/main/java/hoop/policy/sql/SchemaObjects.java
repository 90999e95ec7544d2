package hoop.policy.sql;

import java.util.Set;

/**
 * The objects other than tables that live in a schema (functions, procedures, types, domains, sequences...), as CREATE,
 * ALTER and DROP name them for a policy's table globs: "schema.name" where the statement gives the schema, and for
 * {@code ALTER ... SET SCHEMA s} the object in s. A rule on the ddl of {@code reports.*} meets {@code CREATE FUNCTION
 * reports.f()} and moving a function into reports alike, as it meets CREATE TABLE reports.x and ALTER TABLE ... SET
 * SCHEMA reports. An unqualified name stays unnamed: it names no table and no schema.
 */
final class SchemaObjects {

    /** Their object words (TEXT SEARCH takes two more). */
    private static final Set<String> OBJECTS = Set.of("function", "procedure", "routine", "aggregate", "type", "domain",
            "sequence", "collation", "conversion", "statistics", "text");

    private SchemaObjects() {
    }

    /** The object of CREATE | ALTER | DROP whose object word stands at i (after any CREATE modifiers). */
    static void name(Toks t, int i, int to, Analysis a) {
        if (!OBJECTS.contains(t.w(i)) || t.word(i, "text") && !t.word(i + 1, "search")) {
            return;
        }
        int k = t.word(i, "text") ? i + 3 : i + 1;
        while (t.anyWord(k, "if", "not", "exists")) {
            k++;
        }
        String last = null;
        while (true) {
            StringBuilder n = new StringBuilder();
            int j = t.name(k, n);
            if (j == k) {
                break;
            }
            last = n.toString();
            if (last.indexOf('.') > 0) {
                a.table(last);
            }
            if (t.punct(j, "(")) {
                j = t.close(j) + 1; // a routine's argument types
            }
            if (!t.punct(j, ",") || !t.word(i - 1, "drop")) {
                break;
            }
            k = j + 1;
        }
        if (last == null || !t.word(i - 1, "alter")) {
            return;
        }
        int set = t.findWord(k, to, "set");
        int rename = t.findWord(k, to, "rename");
        if (set > 0 && t.word(set + 1, "schema") && t.isName(set + 2)) {
            // SET SCHEMA s: from then on it is s's, as CREATE ... s.name would make it
            a.table(t.get(set + 2).value() + "." + last.substring(last.lastIndexOf('.') + 1));
        } else if (rename > 0 && t.word(rename + 1, "to") && t.isName(rename + 2) && last.indexOf('.') > 0) {
            a.table(last.substring(0, last.lastIndexOf('.') + 1) + t.get(rename + 2).value());
        }
    }

    /**
     * ALTER EXTENSION e SET SCHEMA s moves every object of the extension (its functions, types, and tables of some)
     * into s: any of s's may be one after it.
     */
    static void extensionMoved(Toks t, int i, int to, Analysis a) {
        int set = t.findWord(i, to, "set");
        if (t.word(i - 1, "alter") && t.word(i, "extension") && set > 0 && t.word(set + 1, "schema") && t.isName(set + 2)) {
            Ddl.schemas(t, set + 2, a);
        }
    }
}
