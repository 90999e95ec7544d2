package hoop.policy.sql;

import hoop.core.Command;
import hoop.core.Routines;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a statement does beyond the relations its text names, as the upstream's catalog tells (an adapter lists it in
 * the routines set, see {@link Command#written}, {@link Command#reaches}, {@link Command#DDL_RUNS_ROUTINE}): a view,
 * a rule or a cascading foreign key makes a statement on one relation read or write others, which a policy's
 * {@code tables} must see; a trigger, rule, default or check runs code on writes, and an event trigger on DDL, that
 * no statement shows, which is judged as the call it is.
 */
final class Reach {

    /** Relations followed per statement at most; past it the statement is judged as calling a routine. */
    private static final int MAX_RELATIONS = 1000;

    private Reach() {
    }

    /**
     * What statement t reaches: an ALTER may check, rewrite or reindex the existing rows of what it names; a TRUNCATE ...
     * CASCADE empties the tables referencing those it empties too; a REFRESH runs a materialized view's query again and
     * rebuilds its indexes, as a write of it would.
     */
    static void apply(Analysis a, Set<String> routines, Toks t) {
        if (routines.isEmpty() || a.kind() == null) {
            return;
        }
        boolean alter = t.word(0, "alter");
        boolean cascade = t.word(0, "truncate") && t.findWord(1, t.size(), "cascade") > 0;
        // ALTER TYPE or DOMAIN changes the columns of that type in every relation (RENAME VALUE changes the values they
        // hold, ADD CONSTRAINT what they accept), ALTER SEQUENCE the defaults drawing from it: DDL on those relations.
        boolean alterUsed = alter && t.anyWord(1, "type", "domain", "sequence");
        if (alterUsed || t.word(0, "drop") && t.anyWord(1, "type", "domain", "function", "procedure", "routine", "aggregate", "sequence")
                && t.findWord(2, t.size(), "cascade") > 0) {
            // DROP ... CASCADE of a type, routine or sequence drops the parts of the relations that depend on it.
            int k = t.word(2, "if") && t.word(3, "exists") ? 4 : 2;
            while (k < t.size()) {
                StringBuilder n = new StringBuilder();
                int end = t.name(k, n);
                if (end == k) {
                    break;
                }
                String key = Command.dependedOn(bare(n.toString()), "");
                Routines.paired(routines, key).forEach(a::table);
                k = t.punct(end, "(") ? t.close(end) + 1 : end;
                if (!t.punct(k, ",")) {
                    break;
                }
                k++;
            }
        }
        if (t.word(0, "drop") && t.word(1, "schema") && t.findWord(2, t.size(), "cascade") > 0) {
            // DROP SCHEMA ... CASCADE drops the parts of relations in other schemas that depend on what it holds.
            for (int k = t.word(2, "if") && t.word(3, "exists") ? 4 : 2; t.isName(k); k += 2) {
                String key = Command.dependsOnSchema(Lexer.asciiLower(t.get(k).value()), "");
                Routines.paired(routines, key).forEach(a::table);
                if (!t.punct(k + 1, ",")) {
                    break;
                }
            }
        }
        // What the statement drops, or drops a part of: the views reading it go too (not those of the tables whose keys go).
        if (dropsDependents(t)) {
            dependentViews(a, a.relations(), routines);
        }
        if (t.word(0, "drop") && t.anyWord(1, "table", "foreign") && t.findWord(2, t.size(), "cascade") > 0) {
            // DROP TABLE ... CASCADE drops the foreign keys referencing it: DDL on the tables holding them (not beyond).
            for (String name : a.relations()) {
                String key = Command.referenced(bare(name), "");
                Routines.paired(routines, key).forEach(a::table);
            }
        }
        if (t.word(0, "refresh")) {
            for (String name : a.relations()) {
                if (routines.contains(Command.written(bare(name)))) {
                    a.raise(SqlKind.PROCEDURAL);
                }
            }
        }
        // A view whose query locks its rows locks them wherever it is read, as the clause in the statement would.
        for (String name : a.relations()) {
            if (a.isRead(name) && routines.contains(Command.locking(bare(name)))) {
                a.lockRows();
            }
        }
        // A row lock alone writes no data: no trigger, rule or cascade of the locked table runs.
        boolean writes = a.kindBeyondLocks() == SqlKind.WRITE || a.kind() == SqlKind.COPY_IN || a.flags().contains("cte-write");
        Set<String> all = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        // What reading a view or parent reaches is read too.
        Set<String> read = new java.util.HashSet<>();
        Set<String> up = new java.util.HashSet<>();
        for (String name : a.relations()) {
            String lower = bare(name);
            if (all.add(lower)) {
                todo.add(lower);
            }
            if (a.isRead(name)) {
                read.add(lower);
            }
        }
        while (!todo.isEmpty()) {
            String from = todo.poll();
            // A parent reached from its child is reached for the child's rows, not for its other children's.
            boolean viewOf = !up.contains(from) && routines.contains(Command.reaches(from, null));
            boolean writeOf = writes && routines.contains(Command.writes(from, null));
            boolean keyOf = cascade && routines.contains(Command.referenced(from, null));
            boolean partOf = routines.contains(Command.partOf(from, null));
            if (!viewOf && !writeOf && !keyOf && !partOf) {
                continue;
            }
            // What a read reaches (rows) before what only a write or a cascade does: one reached both ways is read.
            List<String> viewTo = viewOf ? Routines.paired(routines, Command.reaches(from, "")) : List.of();
            List<String> parentTo = partOf ? Routines.paired(routines, Command.partOf(from, "")) : List.of();
            List<String> writeTo = writeOf ? Routines.paired(routines, Command.writes(from, "")) : List.of();
            List<String> keyTo = keyOf ? Routines.paired(routines, Command.referenced(from, "")) : List.of();
            List<List<String>> reached = List.of(viewTo, parentTo, writeTo, keyTo);
            for (int k = 0; k < reached.size(); k++) {
                boolean rows = k < 2;
                for (String to : reached.get(k)) {
                    if (all.contains(to)) {
                        continue;
                    }
                    if (all.size() >= MAX_RELATIONS) {
                        a.raise(SqlKind.PROCEDURAL);
                        return;
                    }
                    all.add(to);
                    a.table(to);
                    if (k == 1) {
                        up.add(to);
                    }
                    if (read.contains(from) && rows) {
                        read.add(to);
                        a.read(to);
                        // A view over the statistics or the configuration files reads what they hold, as naming them does.
                        Catalogs.read(to, a);
                    }
                    todo.add(to);
                }
            }
        }
        for (String r : all) {
            if ((writes || alter && a.kind() == SqlKind.DDL) && routines.contains(Command.written(r))) {
                a.raise(SqlKind.PROCEDURAL);
            }
            // A relation reached as one named would be, through a view or as a partition or child (a foreign table, one
            // whose row security calls a routine), runs the same code: the statement is judged as naming it. Not a parent
            // reached from its child: reading the child runs nothing of the parent's.
            if (!a.isPlanOnly() && !up.contains(r) && routines.contains(Command.named(r))) {
                a.raise(SqlKind.PROCEDURAL);
            }
        }
        if (routines.contains(Command.DDL_RUNS_ROUTINE) && firesEventTriggers(a, t)) {
            a.raise(SqlKind.PROCEDURAL);
        }
    }

    /** Objects whose commands fire no event trigger: they belong to the cluster, not to a database (or are the triggers). */
    private static final Set<String> GLOBAL_OBJECTS = Set.of("database", "role", "tablespace", "event", "system");

    /**
     * Whether the server fires event triggers for statement t: any change of definitions, however its kind was raised
     * (ALTER TABLE ... ENABLE ROW LEVEL SECURITY is dcl), and GRANT, REVOKE, COMMENT, SECURITY LABEL, IMPORT FOREIGN
     * SCHEMA and REFRESH, which are not ddl here; not the commands on databases, roles, tablespaces or event triggers.
     */
    private static boolean firesEventTriggers(Analysis a, Toks t) {
        if (a.kind() == SqlKind.DDL || a.defines()) {
            return true;
        }
        if (!t.anyWord(0, "create", "alter", "drop", "grant", "revoke", "comment", "security", "import", "refresh")) {
            return false;
        }
        int o = t.word(1, "or") && t.word(2, "replace") ? 3 : 1;
        boolean global = GLOBAL_OBJECTS.contains(t.w(o))
                || t.anyWord(o, "user", "group") && !t.word(o + 1, "mapping");
        // GRANT role TO role (no ON) is a command on roles.
        return !global && !(t.anyWord(0, "grant", "revoke") && t.findWord(1, t.size(), "on") < 0);
    }

    /**
     * Whether t drops, with CASCADE, a relation or what relations depend on (a type, routine, sequence), or a column or
     * constraint of one (ALTER TABLE ... DROP COLUMN c CASCADE): the views reading it go with it.
     */
    private static boolean dropsDependents(Toks t) {
        if (t.findWord(1, t.size(), "cascade") < 0) {
            return false;
        }
        if (t.word(0, "drop")) {
            return t.anyWord(1, "table", "view", "materialized", "foreign", "type", "domain", "function", "procedure", "routine",
                    "aggregate", "sequence", "schema");
        }
        return t.word(0, "alter") && t.anyWord(1, "table", "view", "materialized", "foreign") && t.findWord(2, t.size(), "drop") > 0;
    }

    /**
     * Names the views (and materialized views) whose queries read a relation of {@code dropped}, and the views of
     * those, to any depth: DROP ... CASCADE drops them, DDL on relations its text does not name. An inheritance parent
     * reaches its child the same way, but is no view of it: dropping the child leaves the parent.
     */
    private static void dependentViews(Analysis a, java.util.List<String> dropped, Set<String> routines) {
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String name : dropped) {
            if (seen.add(bare(name))) {
                todo.add(bare(name));
            }
        }
        while (!todo.isEmpty()) {
            String to = todo.poll();
            for (String view : Routines.reaching(routines, to)) {
                if (routines.contains(Command.partOf(to, view)) || !seen.add(view)) {
                    continue;
                }
                if (seen.size() > MAX_RELATIONS) {
                    a.table(Ddl.EVERY_TABLE);
                    return;
                }
                a.table(view);
                todo.add(view);
            }
        }
        // Each in its schema too, as the catalog locates it: a rule on "reports.*" meets the view reports.v dropped.
        for (String view : seen) {
            Routines.paired(routines, Command.located(view, "")).forEach(a::table);
        }
    }

    /** The catalog lists relations by name alone, lower case: schema.Name is name. */
    static String bare(String name) {
        return Lexer.asciiLower(name.substring(name.lastIndexOf('.') + 1));
    }
}
