package hoop.protocol.postgres;

import hoop.guard.GuardedConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a statement that stores a value read from a ruled column where no rule as strict covers it: column rules
 * mask by the column a value is read from, so a copy kept elsewhere is read back later in clear. Where a statement
 * stores and what each value may come from is the policy's grammar (GuardedConnection.storedValues); which names are
 * ruled, followed through the catalog read, is the upstream connection's.
 */
final class StoredCopies {
    private final PgUpstream upstream;

    StoredCopies(PgUpstream upstream) {
        this.upstream = upstream;
    }

    /**
     * Words that may store a value in a table or file (a DO block's or routine body's statements too); COMMENT ON ... IS
     * keeps its text in pg_description, which obj_description reads back.
     */
    private static final Set<String> WRITES = Set.of("insert", "update", "merge", "copy", "delete");
    private static final Set<String> STORES = Set.of("insert", "update", "merge", "into", "copy", "create", "alter", "comment");

    /**
     * Why a statement in {@code sql} may store a value read from a ruled column where no rule as strict covers it, or
     * null. Column rules mask by the column a value is read from, so a copy kept in another column ({@code INSERT INTO
     * audit_log (note) SELECT name FROM customers}, an UPDATE's SET, MERGE, CREATE TABLE AS, SELECT INTO, a server
     * file of COPY TO) is read back later in clear. A copy into a column ruled the same way or more strictly stays
     * masked ({@code UPDATE customers SET name = upper(name)}). Code in strings (a DO block, a routine's body, a query
     * string given to a built-in) that shows a write and names a ruled column is refused whatever it writes to.
     */
    String check(String sql, Map<String, List<String>> prepared) {
        PgEndpoint endpoint = upstream.endpoint();
        if (endpoint.conn().columnRuleGlobs().isEmpty()) return null;
        // EXECUTE p(first_ssn()): the arguments feed whatever the prepared statement stores (PostgreSQL takes no
        // subquery there, but a function may read a ruled column).
        for (var e : prepared.entrySet()) {
            for (String text : e.getValue()) {
                String read = endpoint.conn().storedValues(text).isEmpty() ? null : upstream.readsRuled(StatementWords.words(sql));
                if (read != null) {
                    return refusal(endpoint.conn().hasColumnRule(read) ? read : upstream.anyRuled(), "what prepared statement " + e.getKey() + " stores");
                }
            }
        }
        // What a DO block's body runs, read statement by statement (SQL it assembles from constant fragments too).
        for (String inner : endpoint.conn().blockStatements(sql)) {
            for (GuardedConnection.StoredValue v : endpoint.conn().storedValues(inner)) {
                String why = uncovered(v);
                if (why != null) return why;
            }
        }
        // A routine whose own body copies a ruled value (SELECT keep_all(), its body INSERT INTO log SELECT notes FROM
        // customers): the statement names no ruled column, the body does. DROP, ALTER, GRANT and COMMENT name it only.
        // Words read only where the catalog lists such a routine: not on every statement's way.
        List<String> names = upstream.sources().anyKeepers() ? StatementWords.nameWords(sql) : List.of();
        if (upstream.sources().keeperIn(names) instanceof String keeper
                && !NAMES_ONLY.contains(names.get(0).toLowerCase(java.util.Locale.ROOT))) {
            return refusal(upstream.anyRuled(), "what routine " + keeper + " stores (its body reads a ruled column and keeps values)");
        }
        // A write into a table whose trigger or rule copies a ruled value there (INSERT INTO tin ..., its BEFORE
        // trigger setting NEW.msg from customers.notes): the statement names no ruled column, the code it fires does.
        if (upstream.sources().keepingTableIn(names) instanceof String table && WRITES.stream().anyMatch(w -> StatementWords.mentions(sql, w))
                && !NAMES_ONLY.contains(names.get(0).toLowerCase(java.util.Locale.ROOT))) {
            return refusal(upstream.anyRuled(), table + " (a trigger or rule of it copies a ruled value when it is written)");
        }
        if (STORES.stream().noneMatch(w -> StatementWords.mentions(sql, w))) return null;
        List<String> all = StatementWords.words(sql);
        boolean defines = definesRoutineBody(endpoint.conn().sqlNames(sql));
        // Code in strings: a DO block, a routine's body, a built-in running a query it is given (dblink_exec).
        if (defines || endpoint.conn().runsUnseenSql(sql, name -> true) || all.stream().anyMatch(CatalogQuery::runsSqlText)) {
            // Judged by the words the code shows: a body's SELECT ... INTO fills a variable, and the CREATE of a
            // routine is its own. A DO block's statements are also read one by one below.
            boolean stores = false;
            int creates = 0;
            for (String w : all) {
                String l = w.toLowerCase(java.util.Locale.ROOT);
                stores |= STORES.contains(l) && !l.equals("create") && !l.equals("into");
                if (l.equals("create")) creates++;
            }
            stores |= creates > (defines ? 1 : 0);
            String read = stores ? upstream.readsRuled(all) : null;
            if (read != null) {
                return refusal(endpoint.conn().hasColumnRule(read) ? read : upstream.anyRuled(),
                        "a table through code hoop does not judge statement by statement (a DO block, a routine's body, a query string)");
            }
        }
        for (GuardedConnection.StoredValue v : endpoint.conn().storedValues(sql)) {
            String why = uncovered(v);
            if (why != null) return why;
        }
        return null;
    }

    /** Statements that name a routine without running it. */
    private static final Set<String> NAMES_ONLY = Set.of("drop", "alter", "grant", "revoke", "comment", "security");

    /** CREATE [OR REPLACE] FUNCTION | PROCEDURE among names (literals left out): a body hoop reads only as words. */
    private static boolean definesRoutineBody(List<String> names) {
        for (int i = 0; i + 1 < names.size(); i++) {
            if (!names.get(i).equals("create")) continue;
            int k = names.get(i + 1).equals("or") && i + 3 < names.size() && names.get(i + 2).equals("replace") ? i + 3 : i + 1;
            if (names.get(k).equals("function") || names.get(k).equals("procedure")) return true;
        }
        return false;
    }

    /** Why v may keep a ruled value where no rule as strict covers it, or null. */
    private String uncovered(GuardedConnection.StoredValue v) {
        GuardedConnection conn = upstream.endpoint().conn();
        SourceColumns sources = upstream.sources();
        // A view's column may store into a base column of another name (CREATE VIEW v AS SELECT notes AS ssn ...;
        // UPDATE v SET ssn = name): a written relation that reaches others is not trusted to keep its names.
        String target = v.table() != null && sources.withReached(List.of(v.table())).size() > 1 ? null : v.target();
        if (v.anything()) return conn.ruleCoversCopy(target, null) ? null : refusal(upstream.anyRuled(), v.into());
        // Another statement's text (pg_stat_activity.query) may hold any ruled value, written as a literal.
        String text = sources.valueColumnIn(v.words());
        if (text != null && !conn.ruleCoversCopy(target, text, false)) return refusal(text, v.into());
        // The relations feeding the value may be named outside its words (INSERT INTO t SELECT ascii(w) FROM v).
        List<String> named = new java.util.ArrayList<>(v.words());
        named.addAll(StatementWords.words(v.text()));
        for (String w : v.words()) {
            boolean ruled = conn.hasColumnRule(w);
            String read = ruled ? w : sources.viewColumn(w, named);
            // Under a partial rule only a column's own values, copied as they are, keep showing just their own tail.
            boolean asStored = v.bare() && ruled && !sources.computedColumn(w, v.words());
            if (read != null && !conn.ruleCoversCopy(target, read, asStored)) return refusal(read, v.into());
            if (read == null && sources.runsHiddenSql(w) && !conn.ruleCoversCopy(target, null)) return refusal(upstream.anyRuled(), v.into());
        }
        // A whole row, or a column list the statement does not spell out, carries every column of its relation.
        String rowOf = sources.ofRelationIn(v.words());
        if (rowOf == null) rowOf = sources.ofRelationIn(v.others());
        boolean whole = rowOf != null && (v.implicit() || sources.wholeRowUse(List.of(v.text())));
        if (!whole && v.table() != null && sources.ofRelationIn(List.of(v.table())) instanceof String written && sources.wholeRowUse(List.of(v.text()))) {
            rowOf = written;
            whole = true;
        }
        // Objects made since the catalog read (a view renaming a ruled column) are not known to this connection.
        if (!whole && sources.generation != upstream.endpoint().sources().generation() && upstream.readsOrCallsNewer(v.words())) {
            rowOf = upstream.anyRuled();
            whole = true;
        }
        return whole && !conn.ruleCoversCopy(target, null) ? refusal(rowOf, v.into()) : null;
    }

    private static String refusal(String ruled, String into) {
        return "hoop: the statement may store " + ruled + " in " + into + ", where no column rule as strict covers it and a later"
                + " statement reads it back past its column rule; store it under a column ruled as strictly, or leave it out";
    }
}
