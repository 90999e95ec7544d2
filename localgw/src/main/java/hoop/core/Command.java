package hoop.core;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client asked a connection to do, before any judgement. Adapters fill in what their protocol
 * carries: shell connections an argv (and the script text when a shell interprets it), SQL ones the text.
 * routines: what the upstream told the adapter about code the text may run without showing it (a SQL
 * server's stored functions, lower case); empty where the upstream has none. Not copied: callers pass a set
 * nobody changes afterwards, as it may be large and is shared by a connection's commands.
 * prepared: for each prepared statement the text runs by name (SQL EXECUTE), the texts the adapter saw it prepared
 * with on this connection (more than one when it cannot tell which PREPARE the server kept); the command is judged
 * as those statements too, and an approver is shown them.
 */
public record Command(Session session, String text, List<String> argv, Set<String> routines, Map<String, List<String>> prepared) {
    public Command {
        argv = List.copyOf(argv);
        routines = routines == null ? Set.of() : routines;
        prepared = prepared == null ? Map.of() : Map.copyOf(prepared);
    }

    public Command(Session session, String text, List<String> argv) {
        this(session, text, argv, Set.of(), Map.of());
    }

    public Command(Session session, String text, List<String> argv, Set<String> routines) {
        this(session, text, argv, routines, Map.of());
    }

    /**
     * How {@code routines} lists an object that runs a stored routine wherever its name appears, with or without a
     * call's brackets: a view or a table whose row security policy calls one, a type cast or checked by one. Names
     * listed plain are functions (called with brackets) and operators. NUL cannot be part of an SQL name.
     */
    public static String named(String lowerName) {
        return "\0" + lowerName;
    }

    /**
     * In {@code routines}: every statement of the text counts as calling a stored routine. Its parameters are
     * declared (by the protocol, not the text) of a type whose conversion runs one, such as a domain checked by one;
     * or the adapter could not learn which routines code it did not see defined. Two NULs: no {@link #named} name
     * starts so.
     */
    public static final String CALLS_ROUTINE = "\0\0calls";

    /**
     * How {@code routines} lists a relation whose writes run a stored routine or SQL no statement shows: a trigger's
     * function, a rule's actions, a default, generated column, check or index expression calling one.
     */
    public static String written(String lowerName) {
        return "\0\0w" + lowerName;
    }

    /**
     * How {@code routines} lists a view carrying security_barrier or security_invoker: CREATE OR REPLACE VIEW of it with
     * neither in its WITH clause replaces its options and so clears them, as ALTER VIEW ... RESET does.
     */
    public static String guardedView(String lowerName) {
        return "\0\0v" + lowerName;
    }

    /**
     * How {@code routines} lists that calling the function {@code lowerName} runs the built-in {@code builtIn}: a
     * superuser's LANGUAGE internal alias (AS 'pg_terminate_backend'), or an aggregate with the built-in as its state,
     * final or other support function. A call of it is judged as the built-in's call.
     */
    public static String runsBuiltIn(String lowerName, String builtIn) {
        return "\0\0b" + lowerName + "\0" + builtIn;
    }

    /**
     * How {@code routines} lists that converting a value to the type {@code lowerType} (a cast's target, a domain over it,
     * an array of those) runs the built-in {@code builtIn}: a cast whose function is one (CREATE CAST (text AS oid) WITH
     * FUNCTION lo_import(text)). Naming the type ({@code x::oid}, CAST(x AS oid)) is judged as the built-in's call.
     */
    public static String castsThrough(String lowerType, String builtIn) {
        return "\0\0t" + lowerType + "\0" + builtIn;
    }

    /**
     * How {@code routines} lists that such a cast runs with no type named: {@code context} 'a' in an assignment (INSERT's
     * values, UPDATE's SET), 'i' in any expression (a function's argument, a comparison's operand). An empty
     * {@code builtIn}: the cast's function is a stored routine (the statement calls it: procedural).
     */
    public static String castsUnnamed(char context, String builtIn) {
        return "\0\0a" + context + "\0" + builtIn;
    }

    /**
     * How {@code routines} lists a view whose query locks the rows it reads (FOR UPDATE or FOR SHARE, its own or a view's
     * it reads): reading it locks them, as the clause written in the statement does.
     */
    public static String locking(String lowerName) {
        return "\0\0r" + lowerName;
    }

    /**
     * How {@code routines} lists that a statement on relation {@code from} also reads or writes {@code to}: the
     * relations a view's query names. {@code reaches(from, null)} marks that {@code from} has such entries.
     */
    public static String reaches(String lowerFrom, String lowerTo) {
        return "\0\0e" + lowerFrom + (lowerTo == null ? "" : "\0" + lowerTo);
    }

    /**
     * As {@link #reaches}, for what only a write of {@code from} reaches: the relations a rule's actions name, a table
     * whose foreign key cascades from it (or sets null or a default).
     */
    public static String writes(String lowerFrom, String lowerTo) {
        return "\0\0f" + lowerFrom + (lowerTo == null ? "" : "\0" + lowerTo);
    }

    /**
     * As {@link #reaches}, for the relation {@code to} whose column, default, constraint, index, trigger or view query
     * depends on the type, routine or sequence named {@code from}: {@code DROP ... CASCADE} of it drops that part of it.
     */
    public static String dependedOn(String lowerFrom, String lowerTo) {
        return "\0\0j" + lowerFrom + (lowerTo == null ? "" : "\0" + lowerTo);
    }

    /**
     * As {@link #reaches}, for the parent {@code to} an inheritance child or partition {@code from} is part of: its rows
     * are the parent's, so a statement reading or writing them reads or writes the parent's.
     */
    public static String partOf(String lowerFrom, String lowerTo) {
        return "\0\0i" + lowerFrom + (lowerTo == null ? "" : "\0" + lowerTo);
    }

    /**
     * As {@link #reaches}, for what only {@code TRUNCATE ... CASCADE} of {@code from} reaches: a table with a foreign key
     * referencing it, whatever the key does on delete (CASCADE empties every such table too, and theirs in turn).
     */
    public static String referenced(String lowerFrom, String lowerTo) {
        return "\0\0k" + lowerFrom + (lowerTo == null ? "" : "\0" + lowerTo);
    }

    /**
     * As {@link #reaches}, for the relation {@code to} (schema-qualified) in another schema whose column, default, constraint, index,
     * trigger or view query depends on a relation, type or routine of the schema {@code schema}: {@code DROP SCHEMA ...
     * CASCADE} drops that part of it.
     */
    public static String dependsOnSchema(String lowerSchema, String lowerTo) {
        return "\0\0z" + lowerSchema + (lowerTo == null ? "" : "\0" + lowerTo);
    }

    /**
     * How {@code routines} lists the schema of a view (or materialized view) {@code lowerName}: {@code qualified} is
     * schema.name. Relations are otherwise listed by name alone; a view a DROP ... CASCADE drops is named in its schema too.
     */
    public static String located(String lowerName, String lowerQualified) {
        return "\0\0l" + lowerName + "\0" + lowerQualified;
    }

    /**
     * In {@code routines}: the connection's search_path was set to name other schemas, listed by {@link #onSearchPath}:
     * an unqualified relation may be any of theirs, so it is named in each too (a rule on "billing.*" sees it).
     */
    public static final String SEARCH_PATH = "\0\0s";

    /** How {@code routines} lists a schema the connection's search_path was set to name (see {@link #SEARCH_PATH}). */
    public static String onSearchPath(String schema) {
        return "\0\0s\0" + schema;
    }

    /** routines with {@link #SEARCH_PATH} and each of schemas listed; routines itself when there are none. */
    public static Set<String> withSearchPath(Set<String> routines, java.util.Collection<String> schemas) {
        if (schemas.isEmpty()) {
            return routines;
        }
        List<String> more = new java.util.ArrayList<>(List.of(SEARCH_PATH));
        for (String schema : schemas) {
            more.add(onSearchPath(schema));
        }
        return Routines.plus(routines, more);
    }

    /** The schemas routines lists as on the search_path ({@link #onSearchPath}). */
    public static List<String> searchPathSchemas(Set<String> routines) {
        return routines.contains(SEARCH_PATH) ? Routines.paired(routines, onSearchPath("")) : List.of();
    }

    /**
     * How {@code routines} lists that relation {@code lowerRelation} has a column called {@code column} (as stored): an
     * unqualified name in a subquery is its own item's column only where one has it, else the outer row's.
     */
    public static String columnOf(String lowerRelation, String column) {
        return "\0\0h" + lowerRelation + "\0" + column;
    }

    /** How {@code routines} lists the type (a domain's base type: its oid) of the column listed by {@link #columnOf}. */
    public static String columnTyped(String lowerRelation, String column, long typeOid) {
        return columnOf(lowerRelation, column) + "\0" + typeOid;
    }

    /** In {@code routines}: the database has an event trigger, whose routine DDL runs without naming it. */
    public static final String DDL_RUNS_ROUTINE = "\0\0ddl";

    public String connection() {
        return session.connection();
    }
}
