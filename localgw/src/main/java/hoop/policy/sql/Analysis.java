package hoop.policy.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Evidence gathered about one statement; kinds only ever escalate. */
final class Analysis {

    private SqlKind kind;
    /** The kind as it would be without row locks (SELECT ... FOR UPDATE), which write the rows but fire no trigger. */
    private SqlKind beyondLocks;
    /**
     * What the statement's queries (or COPY) do to the rows of the relations it names at most (read, write), apart from
     * what raised its kind further: a function with effects, INTO, CREATE TABLE AS, COPY. Rules match one kind, so a rule
     * on a table's writes must still meet a DELETE in a WITH query when pg_cancel_backend() beside it makes it admin. A
     * built-in that writes (setval, lo_unlink, pg_notify) is a write of this kind too, however high the kind went.
     */
    private SqlKind access;
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> tables = new LinkedHashSet<>();
    /** The relations whose rows the statement's queries read (a FROM item, RETURNING's target), beyond those it only writes. */
    private final Set<String> read = new LinkedHashSet<>();
    /** The WITH queries' names in scope where the analysis stands, innermost last. */
    private final java.util.ArrayDeque<Set<String>> scopes = new java.util.ArrayDeque<>();
    private final List<String> reasons = new ArrayList<>();
    private boolean planOnly;
    /** Whether ddl was seen, whatever the kind became after it. */
    private boolean defines;
    /** Whether procedural code was seen (a routine the text does not show runs), whatever the kind became after it. */
    private boolean calls;

    /** Marks analysis of a statement that is only planned (plain EXPLAIN): its function calls never run. */
    void planOnly() {
        planOnly = true;
    }

    boolean isPlanOnly() {
        return planOnly;
    }

    SqlKind kind() {
        return kind;
    }

    void raise(SqlKind k) {
        defines |= k == SqlKind.DDL;
        calls |= k == SqlKind.PROCEDURAL;
        kind = SqlKind.stricter(kind, k);
        beyondLocks = SqlKind.stricter(beyondLocks, k);
    }

    /** The statement reads or writes the rows of the relations it names (a query, COPY): see {@link #access}. */
    void access(SqlKind k) {
        raise(k);
        access = SqlKind.stricter(access, k);
    }

    /** A row lock: a write of the rows' lock marks, no change of their data (no trigger, rule or cascade runs). */
    void lockRows() {
        flags.add("locking");
        kind = SqlKind.stricter(kind, SqlKind.WRITE);
        access = SqlKind.stricter(access, SqlKind.WRITE);
    }

    /** Whether the statement changes a definition (ddl), its kind that or stricter. */
    boolean defines() {
        return defines;
    }

    /** The kind without what only row locks added: what the data the statement names undergoes. */
    SqlKind kindBeyondLocks() {
        return beyondLocks;
    }

    void unknown(String reason) {
        kind = SqlKind.UNKNOWN;
        beyondLocks = SqlKind.UNKNOWN;
        if (!reasons.contains(reason)) {
            reasons.add(reason);
        }
    }

    void flag(String f) {
        flags.add(f);
    }

    Set<String> flags() {
        return flags;
    }

    void table(String name) {
        tables.add(name);
    }

    void read(String name) {
        read.add(name);
    }

    boolean isRead(String name) {
        return read.contains(name);
    }

    /** The relations named so far (a WITH query's name used where it is in scope is not one: see {@link #isCte}). */
    List<String> relations() {
        return new ArrayList<>(tables);
    }

    /** A WITH clause starts: its queries' names are visible in its statement and what that statement nests, only. */
    void openScope() {
        scopes.addLast(new LinkedHashSet<>());
    }

    void closeScope() {
        scopes.pollLast();
    }

    /** A WITH query's name, visible from here to the end of the innermost open scope. */
    void cte(String name) {
        Set<String> s = scopes.peekLast();
        if (s != null) {
            s.add(name);
        }
    }

    /** Whether a bare relation name here names a WITH query in scope (a qualified name never does). */
    boolean isCte(String name) {
        if (name.indexOf('.') >= 0) {
            return false;
        }
        for (Set<String> s : scopes) {
            if (s.contains(name)) {
                return true;
            }
        }
        return false;
    }

    void merge(Analysis o) {
        access = SqlKind.stricter(access, o.access);
        read.addAll(o.read);
        mergeUnrun(o);
    }

    /** As {@link #merge}, for a query this statement only stores (a view's, a rule's actions): its rows are not accessed now. */
    void mergeUnrun(Analysis o) {
        defines |= o.defines;
        calls |= o.calls;
        kind = SqlKind.stricter(kind, o.kind);
        beyondLocks = SqlKind.stricter(beyondLocks, o.beyondLocks);
        flags.addAll(o.flags);
        tables.addAll(o.tables);
        for (String r : o.reasons) {
            unknown(r);
        }
    }

    /** Only the relations, e.g. for EXPLAIN without ANALYZE, which runs nothing. */
    void mergeTables(Analysis o) {
        tables.addAll(o.tables);
    }

    SqlStatement build(String text) {
        SqlKind k = kind == null ? SqlKind.UNKNOWN : kind;
        List<String> why = new ArrayList<>();
        if (k == SqlKind.UNKNOWN) {
            why.addAll(reasons);
            if (why.isEmpty()) {
                why.add("statement could not be classified");
            }
        }
        boolean other = k != SqlKind.UNKNOWN;
        return new SqlStatement(text, k, flags, relations(), why, other && access != k ? access : null,
                other && k != SqlKind.READ ? new ArrayList<>(read) : List.of(), other && defines && k != SqlKind.DDL,
                other && calls && k != SqlKind.PROCEDURAL);
    }
}
