package hoop.policy.sql;

import hoop.core.Command;
import java.util.List;

/**
 * What DDL through hoop makes later statements do beyond their text, before any catalog read knows (see
 * {@link Reach}): a trigger, a rule or a default, check or index expression calling a stored routine runs code when its
 * table is written; an event trigger runs one on DDL; a view or rule reads or writes the relations its query names,
 * and a cascading foreign key writes the referencing table when the referenced one is.
 */
final class Effects {

    private Effects() {
    }

    /** Adds to {@code out} the {@link Command#written}, {@link Command#reaches} and event trigger entries {@code t} makes. */
    static void defined(Toks t, List<String> out) {
        if (!t.word(0, "create") && !t.word(0, "alter")) {
            return;
        }
        int i = t.word(1, "or") && t.word(2, "replace") ? 3 : 1;
        while (t.anyWord(i, "temp", "temporary", "recursive", "constraint", "unique", "unlogged", "materialized")) {
            i++;
        }
        if (t.word(i, "foreign") && t.word(i + 1, "table")) {
            foreign(t, after(t, i + 1, null), out);
        } else if (t.word(0, "create") && t.word(i, "event") && t.word(i + 1, "trigger")) {
            out.add(Command.DDL_RUNS_ROUTINE);
        } else if (t.word(0, "create") && t.word(i, "trigger")) {
            written(after(t, i, "on"), out);
        } else if (t.word(0, "create") && t.word(i, "rule")) {
            Analysis a = new Analysis();
            int end = Ddl.ruleTable(t, i, t.size(), a);
            String table = end < 0 ? null : a.relations().get(0);
            // ON SELECT makes the table a view: reading it runs the action, as a view's query.
            boolean view = t.word(t.findWord(i, t.size(), "on") + 1, "select");
            if (!view) {
                written(table, out);
            }
            Ddl.ruleActions(t, end, t.size(), a);
            reaches(table, a, view, out);
        } else if (t.anyWord(i, "view")) {
            Analysis a = new Analysis();
            Statements.classify(t, 0, t.size(), a);
            reaches(after(t, i, null), a, true, out);
            // A view whose query locks rows, or reads a view that does, locks them when read (a materialized view's rows are its own).
            if (!t.word(i - 1, "materialized") && (a.flags().contains("locking") || a.relations().stream()
                    .anyMatch(r -> t.isRoutine(Command.locking(Reach.bare(r)))))) {
                String view = after(t, i, null);
                if (view != null) out.add(Command.locking(Reach.bare(view)));
            }
            // A materialized view's REFRESH runs its query again: calls in it run then, as a write's routine does.
            if (t.word(i - 1, "materialized") && (Bindings.reaches(t) || Functions.callsWithEffects(t))) {
                written(after(t, i, null), out);
            }
        } else if (t.anyWord(i, "table", "index")) {
            String table = after(t, i, t.word(i, "index") ? "on" : null);
            // a default or check calling a stored routine, or a built-in with effects (CHECK (pg_reload_conf()))
            // (CREATE TABLE ... AS runs its query's calls once: no default or check of the table's)
            if (Bindings.reaches(t) || t.word(i, "table") && t.findWord(i, t.size(), "as") < 0 && Functions.callsBeyondNumbering(t)) {
                written(table, out);
            }
            references(t, table, out);
            inherits(t, table, out);
            copiesRunningCode(t, table, out);
            if (t.word(i, "index")) {
                index(t, i, table, out);
            }
        }
    }

    /**
     * A statement on a parent reads and writes its inheritance children and partitions: CREATE TABLE ... INHERITS (p)
     * or PARTITION OF p, ALTER TABLE ... INHERIT p, and ALTER TABLE p ATTACH PARTITION c link the two.
     */
    /**
     * LIKE t INCLUDING DEFAULTS, CONSTRAINTS, INDEXES or GENERATED (or ALL) copies t's default, check, index and
     * generated expressions: a write of the new table runs whatever routine t's writes run through them (listed for t by
     * the catalog read, or by DDL through hoop). Any INCLUDING counts: which part of t runs the routine is not listed.
     */
    private static void copiesRunningCode(Toks t, String table, List<String> out) {
        if (table == null) {
            return;
        }
        for (int k = 1; k < t.size(); k++) {
            StringBuilder source = new StringBuilder();
            int end;
            if (t.word(k, "like") && (t.punct(k - 1, "(") || t.punct(k - 1, ",")) && (end = t.relationName(k + 1, source)) > k + 1
                    && t.word(end, "including") && t.isRoutine(Command.written(Reach.bare(source.toString())))) {
                written(table, out);
            }
        }
    }

    private static void inherits(Toks t, String table, List<String> out) {
        if (table == null) {
            return;
        }
        for (int k = 0; k < t.size(); k++) {
            if (t.word(k, "inherits") && t.punct(k + 1, "(")) {
                for (int n = k + 2; n < t.size() && !t.punct(n, ")"); n++) {
                    StringBuilder parent = new StringBuilder();
                    int end = t.name(n, parent);
                    if (end > n) {
                        child(parent.toString(), table, out);
                        n = end - 1;
                    }
                }
            } else if (t.word(k, "partition") && t.word(k + 1, "of") || t.word(k, "inherit") && !t.word(k - 1, "no")) {
                child(after(t, t.word(k, "partition") ? k + 1 : k, null), table, out);
            } else if (t.word(k, "attach") && t.word(k + 1, "partition")) {
                child(table, after(t, k + 1, null), out);
            }
        }
    }

    /**
     * CREATE INDEX name ON table: the index is part of its table's definition, as the catalog's rows tell for those it
     * read (DROP INDEX name is DDL on the table).
     */
    private static void index(Toks t, int i, String table, List<String> out) {
        int k = t.word(i + 1, "concurrently") ? i + 2 : i + 1;
        if (t.word(k, "if") && t.word(k + 1, "not") && t.word(k + 2, "exists")) {
            k += 3;
        }
        StringBuilder name = new StringBuilder();
        if (table != null && !t.word(k, "on") && t.name(k, name) > k) {
            out.add(Command.partOf(Reach.bare(name.toString()), null));
            out.add(Command.partOf(Reach.bare(name.toString()), Reach.bare(table)));
        }
    }

    private static void child(String parent, String child, List<String> out) {
        if (parent != null && child != null) {
            out.add(Command.reaches(Reach.bare(parent), null));
            out.add(Command.reaches(Reach.bare(parent), Reach.bare(child)));
            out.add(Command.partOf(Reach.bare(child), null));
            out.add(Command.partOf(Reach.bare(child), Reach.bare(parent)));
        }
    }

    /**
     * A foreign table runs its queries on another server, or on this one through a loopback: it counts as running code
     * hoop does not see wherever it is named, and reaches the table its table_name option names.
     */
    private static void foreign(Toks t, String table, List<String> out) {
        if (table == null) {
            return;
        }
        String f = Reach.bare(table);
        out.add(Command.named(f));
        for (int k = 0; k < t.size(); k++) {
            if (t.get(k).isName() && t.get(k).value().equals("table_name") && t.get(k + 1).type() == Token.Type.STRING) {
                out.add(Command.reaches(f, null));
                out.add(Command.reaches(f, Reach.bare(t.get(k + 1).value())));
            }
        }
    }

    /** The relation named after word {@code w} (or after the object word at i, IF [NOT] EXISTS, ONLY), or null. */
    private static String after(Toks t, int i, String w) {
        int k = w == null ? i + 1 : t.findWord(i, t.size(), w) + 1;
        if (k <= 0) {
            return null;
        }
        while (t.anyWord(k, "if", "not", "exists", "only", "concurrently")) {
            k++;
        }
        StringBuilder n = new StringBuilder();
        return t.relationName(k, n) > k ? n.toString() : null;
    }

    private static void written(String table, List<String> out) {
        if (table != null) {
            out.add(Command.written(Reach.bare(table)));
        }
    }

    /** Entries saying that {@code from} reaches the relations {@code a} names, always (a view's) or on writes (a rule's). */
    private static void reaches(String from, Analysis a, boolean always, List<String> out) {
        if (from == null) {
            return;
        }
        String f = Reach.bare(from);
        for (String r : a.relations()) {
            String to = Reach.bare(r);
            if (!to.equals(f)) {
                out.add(always ? Command.reaches(f, null) : Command.writes(f, null));
                out.add(always ? Command.reaches(f, to) : Command.writes(f, to));
                // Named with its schema, so is it reached: a rule on "billing.*" meets billing.invoices without the search_path.
                if (r.indexOf('.') > 0) {
                    String qualified = Lexer.asciiLower(r);
                    out.add(always ? Command.reaches(f, qualified) : Command.writes(f, qualified));
                }
            }
        }
    }

    /**
     * REFERENCES parent ... ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT: writing parent writes this table. Any
     * REFERENCES parent: TRUNCATE parent CASCADE empties this table.
     */
    private static void references(Toks t, String table, List<String> out) {
        if (table == null) {
            return;
        }
        String kid = Reach.bare(table);
        for (int k = 0; k < t.size(); k++) {
            StringBuilder n = new StringBuilder();
            if (t.word(k, "references") && t.name(k + 1, n) > k + 1) {
                out.add(Command.referenced(Reach.bare(n.toString()), null));
                out.add(Command.referenced(Reach.bare(n.toString()), kid));
            }
        }
        boolean acts = false;
        for (int k = 0; k < t.size(); k++) {
            if (t.word(k, "on") && t.anyWord(k + 1, "delete", "update")
                    && (t.word(k + 2, "cascade") || t.word(k + 2, "set") && t.anyWord(k + 3, "null", "default"))) {
                acts = true;
            }
        }
        if (!acts) {
            return;
        }
        String child = Reach.bare(table);
        for (int k = 0; k < t.size(); k++) {
            StringBuilder n = new StringBuilder();
            if (t.word(k, "references") && t.name(k + 1, n) > k + 1) {
                String parent = Reach.bare(n.toString());
                out.add(Command.writes(parent, null));
                out.add(Command.writes(parent, child));
            }
        }
    }
}
