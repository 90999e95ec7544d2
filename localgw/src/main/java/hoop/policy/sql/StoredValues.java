package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the statements of a text store values they compute, and which names each stored value may be computed
 * from: column rules mask a value by the column it is read from, so a value copied into a column no rule covers
 * ({@code INSERT INTO audit_log (note) SELECT name FROM customers}) is read back later in clear. Found anywhere in
 * a statement (a data-modifying WITH, EXPLAIN ANALYZE, PREPARE, CREATE RULE): INSERT, UPDATE ... SET, MERGE,
 * ON CONFLICT DO UPDATE, CREATE TABLE ... AS, SELECT ... INTO, COPY ... TO a file or program, ALTER TABLE ...
 * TYPE ... USING. Views are not stores: their columns are followed to their sources. Routine bodies and DO blocks
 * are strings here; callers judge those by their words.
 */
public final class StoredValues {
    /**
     * One stored value. target: the column it goes to (lower-cased unless quoted), null when its name is not in the
     * text (a table without a column list, a new table's column named after an expression, a file); table: the
     * written table, when a whole row of it may feed the value; into: where, for a message; words: the names it may
     * be computed from (a WHERE, which only picks rows, and a RETURNING sent to the client left out); text: the
     * statement without those, for finding whole rows used as values; others: the tables the statement's other writes
     * go to, whose rows (RETURNING t::text in a WITH) may feed it too; implicit: a
     * column list not spelled out ({@code *}, {@code TABLE t}, {@code COPY t}) may feed it; anything: hoop cannot
     * read what feeds it (text that does not lex, EXECUTE of a prepared statement); bare: the value is a column
     * reference as it is ({@code c.card}, {@code card AS k}), and nothing else in the statement computes (no bracket
     * outside targets, WHERE and RETURNING: no call, subquery or WITH a plain name could stand for).
     */
    public record Flow(String target, String table, String into, List<String> words, String text, List<String> others,
                       boolean implicit, boolean anything, boolean bare) {}

    private StoredValues() {
    }

    /** Words that end a WHERE clause at its own depth. */
    private static final Set<String> WHERE_ENDS = Set.of("group", "having", "window", "order", "limit", "offset", "fetch",
            "for", "union", "intersect", "except", "returning", "on", "do", "when", "then");
    /** Words that end a SELECT's output list at its own depth. */
    private static final Set<String> ITEMS_END = Set.of("from", "into", "where", "group", "having", "window", "order",
            "limit", "offset", "fetch", "for", "union", "intersect", "except", "returning", "on");
    /** Words that end a SET list at its own depth. */
    private static final Set<String> SET_ENDS = Set.of("from", "where", "returning", "when", "on");
    /** Words before TABLE that make it part of a command, not a query reading every column of a table. */
    private static final Set<String> TABLE_COMMAND = Set.of("create", "temp", "temporary", "unlogged", "alter", "drop",
            "lock", "truncate", "on", "global", "local", "foreign");

    public static List<Flow> of(String sql) {
        List<Flow> out = new ArrayList<>();
        List<Token> statement = new ArrayList<>();
        try {
            for (Token t : Lexer.lex(sql)) {
                if (t.type() == Token.Type.ERROR) {
                    out.add(new Flow(null, null, "a statement hoop cannot read", List.of(), sql, List.of(), false, true, false));
                    return out;
                }
                if (t.isPunct(";")) {
                    new Scan(sql, statement).run(out);
                    statement = new ArrayList<>();
                } else {
                    statement.add(t);
                }
            }
            new Scan(sql, statement).run(out);
        } catch (RuntimeException | StackOverflowError e) {
            out.add(new Flow(null, null, "a statement hoop cannot read", List.of(), sql, List.of(), false, true, false));
        }
        return out;
    }

    /** Where a value goes and the tokens [start, end) of the expression computing it (none: the whole statement's). */
    private record Assign(String target, int start, int end) {}

    /** at: the index of the write's own keyword (INSERT, UPDATE), -1 for a store that has no RETURNING. */
    private record Site(String table, String into, List<Assign> assigns, int at) {
        Site(String table, String into, List<Assign> assigns) {
            this(table, into, assigns, -1);
        }
    }

    private static final class Scan {
        private final List<Token> t;
        private final int n;
        /** Tokens that feed no stored value: targets, WHERE clauses, a RETURNING sent to the client. */
        private final boolean[] skip;
        /** WHERE clauses and a RETURNING sent to the client: they use values without storing them (t::text there is no copy). */
        private final boolean[] picks;
        private final String sql;
        private final List<Site> sites = new ArrayList<>();
        private boolean anything;
        /** The token the scan is at: the keyword of the write a site found now belongs to. */
        private int keyword = -1;

        Scan(String sql, List<Token> tokens) {
            this.sql = sql;
            this.t = tokens;
            this.n = tokens.size();
            this.skip = new boolean[n];
            this.picks = new boolean[n];
        }

        private boolean word(int i, String w) {
            return i >= 0 && i < n && t.get(i).isWord(w);
        }

        private boolean punct(int i, String p) {
            return i >= 0 && i < n && t.get(i).isPunct(p);
        }

        void run(List<Flow> out) {
            if (n == 0) return;
            String current = null;   // the table an INSERT INTO or MERGE INTO writes: DO UPDATE and WHEN clauses write it too
            for (int i = 0; i < n; i++) {
                Token k = t.get(i);
                keyword = i;
                if (k.isWord("insert") && word(i + 1, "into")) {
                    current = insert(i + 2, true);
                } else if (k.isWord("insert") && word(i - 1, "then")) {
                    insert(i + 1, false, current);
                } else if (k.isWord("merge") && word(i + 1, "into")) {
                    int[] end = new int[1];
                    current = table(i + 2, end, true);
                    alias(end[0], true);
                } else if (k.isWord("update") && word(i + 1, "set") && (word(i - 1, "do") || word(i - 1, "then"))) {
                    set(i + 2, current);
                } else if (k.isWord("update")) {
                    // UPDATE [ONLY] t [*] [[AS] a] SET: anything else (FOR UPDATE, ON UPDATE, a trigger's event) writes nothing here.
                    int[] end = new int[1];
                    int at = word(i + 1, "only") ? i + 2 : i + 1;
                    String table = table(at, end, false);
                    int j = end[0];
                    if (j < n && t.get(j).isOp("*")) j++;
                    int set = alias(j, false);
                    if (table != null && word(set, "set")) {
                        table(at, end, true);
                        alias(j, true);
                        set(set + 1, table);
                    }
                } else if (k.isWord("conflict") && punct(i + 1, "(")) {
                    // ON CONFLICT (cols): names the key the row may collide on, stores nothing.
                    for (int j = i + 1, close = close(i + 1); j <= close; j++) skip[j] = true;
                } else if (k.isWord("where")) {
                    skipWhere(i);
                } else if (k.isWord("returning") && depth(i) == 0) {
                    for (int j = i; j < n; j++) skip[j] = picks[j] = true;
                } else if (k.isWord("select")) {
                    selectInto(i);
                } else if (k.isWord("execute") && word(i - 1, "as")) {
                    anything = true;   // CREATE TABLE ... AS EXECUTE p: the text is elsewhere
                }
            }
            // EXPLAIN ANALYZE CREATE TABLE ... AS runs it too.
            for (int i = 0; i < n; i++) if (word(i, "create") && depth(i) == 0) createTableAs(i);
            if (word(0, "copy")) copyTo();
            if (word(0, "alter") && word(1, "table")) alterUsing();
            if (word(0, "alter")) renamed();
            int c = word(1, "or") && word(2, "replace") ? 3 : 1;
            if (word(0, "create") && (word(c, "trigger") || word(c, "constraint") && word(c + 1, "trigger"))) trigger();
            // A rule's NEW and OLD are whole rows of its table: what its action stores may carry any of their columns.
            rowsOfTable |= word(0, "create") && word(c, "rule");
            // An assignment's value goes to its own target only (an upsert's DO UPDATE SET is not the row it
            // inserts); what the rest of the statement reads (FROM, a WITH, another write's RETURNING inside it) may
            // feed any.
            boolean[] assigned = new boolean[n];
            for (Site s : sites) for (Assign a : s.assigns()) for (int j = Math.max(a.start(), 0); j < a.end(); j++) assigned[j] = true;
            for (Site s : sites) {
                // A write's own RETURNING (in a WITH) is computed from the rows it has written: it hands them to the
                // rest of the statement, never into the write itself.
                boolean[] own = ownReturning(s.at());
                boolean implicit = implicit(own);
                List<String> shared = new ArrayList<>();
                boolean computes = false;
                for (int j = 0; j < n; j++) {
                    if (own[j]) continue;
                    if (!skip[j] && !assigned[j] && t.get(j).isName()) shared.add(t.get(j).value());
                    computes |= !skip[j] && !assigned[j] && punct(j, "(") && !joinColumns(j);
                }
                StringBuilder text = new StringBuilder();
                for (int j = 0; j < n; j++) if (!picks[j] && !own[j]) text.append(sql, t.get(j).start(), t.get(j).end()).append(' ');
                List<String> others = new ArrayList<>();
                for (Site o : sites) if (o.table() != null && !o.table().equals(s.table())) others.add(o.table());
                for (Assign a : s.assigns()) {
                    List<String> words = new ArrayList<>(shared);
                    for (int j = Math.max(a.start(), 0); j < a.end(); j++) if (!skip[j] && t.get(j).isName()) words.add(t.get(j).value());
                    String into = s.into() + (a.target() == null ? "" : "." + a.target());
                    out.add(new Flow(a.target(), s.table(), into, List.copyOf(words), text.toString(), List.copyOf(others), implicit, anything,
                            !computes && !implicit && !anything && columnReference(a.start(), a.end())));
                }
            }
        }

        /** Marks a possibly qualified name at {@code at}; returns its last part and puts the index after it in end[0]. */
        private String table(int at, int[] end, boolean mark) {
            int i = at;
            while (i + 2 < n && punct(i + 1, ".")) {
                skip[i] |= mark;
                skip[i + 1] |= mark;
                i += 2;
            }
            if (i >= n || !t.get(i).isName()) {
                end[0] = i;
                return null;
            }
            skip[i] |= mark;
            end[0] = i + 1;
            return t.get(i).value();
        }

        /** Words that follow a written table where an alias could stand, and are not one. */
        private static final Set<String> NOT_ALIAS = Set.of("set", "using", "select", "values", "default", "overriding", "on",
                "when", "with", "table", "execute");

        /** Passes [AS] alias; returns the index after it. */
        private int alias(int at, boolean mark) {
            int i = word(at, "as") ? at + 1 : at;
            if (i < n && t.get(i).isName() && (t.get(i).type() == Token.Type.QIDENT || !NOT_ALIAS.contains(t.get(i).value()))) {
                skip[i] |= mark;
                skip[at] |= mark;
                return i + 1;
            }
            return at;
        }

        private String insert(int at, boolean into) {
            return insert(at, into, null);
        }

        /** INSERT INTO t [AS a] [(cols)] [OVERRIDING ... VALUE] query, or MERGE's INSERT [(cols)] VALUES (...). */
        private String insert(int at, boolean into, String mergeTarget) {
            String table = mergeTarget;
            int i = at;
            if (into) {
                int[] end = new int[1];
                table = table(at, end, true);
                i = end[0];
                if (word(i, "as")) {
                    skip[i] = true;
                    if (i + 1 < n) skip[i + 1] = true;
                    i += 2;
                }
            }
            List<String> cols = null;
            if (punct(i, "(") && !(word(i + 1, "select") || word(i + 1, "values") || word(i + 1, "with") || word(i + 1, "table") || punct(i + 1, "("))) {
                cols = new ArrayList<>();
                int close = close(i);
                for (int j = i; j <= close && j < n; j++) {
                    skip[j] = true;
                    // (a, b.c, d[1]): each column's first name at the list's depth
                    if (t.get(j).isName() && (punct(j - 1, "(") && j - 1 == i || punct(j - 1, ",") && depth(j) == depth(i) + 1)) cols.add(t.get(j).value());
                }
                i = close + 1;
            }
            if (word(i, "overriding")) i += 3;
            String name = table == null ? "a table" : table;
            if (cols == null) {
                sites.add(new Site(table, name, List.of(new Assign(null, -1, -1)), keyword));
                return table;
            }
            List<List<int[]>> rows = word(i, "values") ? valuesRows(i + 1) : word(i, "select") ? selectRows(i) : null;
            List<Assign> assigns = new ArrayList<>();
            boolean mapped = rows != null && !rows.isEmpty();
            if (mapped) for (List<int[]> row : rows) mapped &= row.size() == cols.size();
            if (mapped) {
                for (List<int[]> row : rows) for (int c = 0; c < cols.size(); c++) assigns.add(new Assign(cols.get(c), row.get(c)[0], row.get(c)[1]));
            } else {
                for (String c : cols) assigns.add(new Assign(c, -1, -1));
            }
            sites.add(new Site(table, name, assigns, keyword));
            return table;
        }

        /** VALUES (a, b), (c, d): each row's items. */
        private List<List<int[]>> valuesRows(int at) {
            List<List<int[]>> rows = new ArrayList<>();
            int i = at;
            while (punct(i, "(")) {
                int close = close(i);
                rows.add(split(i + 1, close));
                i = close + 1;
                if (!punct(i, ",")) break;
                i++;
            }
            return rows;
        }

        /** A SELECT's output items, as one row; null when a set operation joins another SELECT to it. */
        private List<List<int[]>> selectRows(int select) {
            int end = itemsEnd(select);
            int d = depth(select);
            for (int j = end; j < n && depth(j) >= d; j++) {
                if (depth(j) == d && (word(j, "union") || word(j, "intersect") || word(j, "except"))) return null;
            }
            return List.of(split(itemsStart(select), end));
        }

        private int itemsStart(int select) {
            int i = select + 1;
            if (word(i, "all")) i++;
            if (word(i, "distinct")) {
                i++;
                if (word(i, "on") && punct(i + 1, "(")) i = close(i + 1) + 1;
            }
            return i;
        }

        private int itemsEnd(int select) {
            int d = depth(select);
            for (int j = select + 1; j < n; j++) {
                if (depth(j) < d) return j;
                if (depth(j) == d && t.get(j).type() == Token.Type.IDENT && ITEMS_END.contains(t.get(j).value())) return j;
            }
            return n;
        }

        /** Splits [from, to) at commas of its own depth. */
        private List<int[]> split(int from, int to) {
            List<int[]> items = new ArrayList<>();
            int d = depth(from);
            int start = from;
            for (int j = from; j < to; j++) {
                if (punct(j, ",") && depth(j) == d) {
                    items.add(new int[] {start, j});
                    start = j + 1;
                }
            }
            if (start < to) items.add(new int[] {start, to});
            return items;
        }

        /** SET a = x, b.f = y, (c, d) = (...): each target marked, each value the expression up to its comma. */
        private void set(int at, String table) {
            List<Assign> assigns = new ArrayList<>();
            int d = depth(at);
            int i = at;
            while (i < n) {
                List<String> targets = new ArrayList<>();
                int eq = i;
                for (; eq < n && !(t.get(eq).isOp("=") && depth(eq) == d); eq++) {
                    skip[eq] = true;
                    if (t.get(eq).isName() && (eq == i || punct(eq - 1, "(") || punct(eq - 1, ","))) targets.add(t.get(eq).value());
                }
                if (eq >= n) break;
                skip[eq] = true;
                int end = eq + 1;
                for (; end < n; end++) {
                    if (depth(end) < d) break;
                    if (depth(end) == d && (punct(end, ",") || t.get(end).type() == Token.Type.IDENT && SET_ENDS.contains(t.get(end).value()))) break;
                }
                for (String c : targets) assigns.add(new Assign(c, eq + 1, end));
                if (!punct(end, ",")) break;
                i = end + 1;
            }
            sites.add(new Site(table, table == null ? "a table" : table, assigns, keyword));
        }

        /** SELECT items INTO [TEMP] [TABLE] t FROM ...: a new table, its columns named after the items. */
        private void selectInto(int select) {
            int end = itemsEnd(select);
            if (!word(end, "into") || word(select - 1, "insert")) return;
            int i = end + 1;
            while (word(i, "temp") || word(i, "temporary") || word(i, "unlogged") || word(i, "table")) skip[i++] = true;
            skip[end] = true;
            int[] after = new int[1];
            String table = table(i, after, true);
            sites.add(new Site(table, "new table " + table, named(split(itemsStart(select), end), null)));
        }

        /** Each item stored under its output name, or the column list's (CREATE TABLE t (a, b) AS). */
        private List<Assign> named(List<int[]> items, List<String> cols) {
            List<Assign> out = new ArrayList<>();
            for (int c = 0; c < items.size(); c++) {
                int[] r = items.get(c);
                String name = cols != null ? (c < cols.size() ? cols.get(c) : null) : outputName(r[0], r[1]);
                out.add(new Assign(name, r[0], r[1]));
            }
            return out;
        }

        /** Whether the bracket at {@code open} is a join's USING (a, b): names the rows are matched on, nothing computed. */
        private boolean joinColumns(int open) {
            if (!word(open - 1, "using")) return false;
            int close = close(open);
            for (int j = open + 1; j < close; j++) if ((j - open) % 2 == 1 ? !t.get(j).isName() : !punct(j, ",")) return false;
            return close > open + 1;
        }

        /** Whether tokens [from, to) are a possibly qualified column name, maybe with an output name (t.c, c AS n, c n). */
        private boolean columnReference(int from, int to) {
            if (from < 0) return false;
            int end = to;
            if (end - from >= 3 && word(end - 2, "as") && t.get(end - 1).isName()) end -= 2;
            else if (end - from >= 2 && t.get(end - 1).isName() && t.get(end - 2).isName()) end -= 1;
            if (end <= from || (end - from) % 2 == 0) return false;
            for (int j = from; j < end; j++) if ((j - from) % 2 == 0 ? !t.get(j).isName() : !punct(j, ".")) return false;
            return true;
        }

        /** The column name PostgreSQL gives an item when the text says it: x AS n, x n, t.c; else null. */
        private String outputName(int from, int to) {
            if (to - from >= 2 && word(to - 2, "as") && t.get(to - 1).isName()) return t.get(to - 1).value();
            boolean ref = true;
            for (int j = from; j < to; j++) ref &= (j - from) % 2 == 0 ? t.get(j).isName() : punct(j, ".");
            if (ref && (to - from) % 2 == 1) return t.get(to - 1).value();
            if (to - from >= 2 && t.get(to - 1).isName()) {
                Token before = t.get(to - 2);
                boolean value = before.isPunct(")") || before.isPunct("]") || before.type() == Token.Type.STRING || before.type() == Token.Type.NUMBER;
                boolean column = true;
                for (int j = from; j < to - 1; j++) column &= (j - from) % 2 == 0 ? t.get(j).isName() : punct(j, ".");
                if (value || column && (to - 1 - from) % 2 == 1) return t.get(to - 1).value();
            }
            return null;
        }

        /** CREATE [TEMP | UNLOGGED] TABLE t [(cols)] ... AS query. */
        private void createTableAs(int create) {
            int i = create + 1;
            while (word(i, "temp") || word(i, "temporary") || word(i, "unlogged") || word(i, "global") || word(i, "local")) i++;
            if (!word(i, "table")) return;
            i++;
            if (word(i, "if")) i += 3;
            int[] after = new int[1];
            String table = table(i, after, true);
            i = after[0];
            List<String> cols = null;
            if (punct(i, "(")) {
                cols = new ArrayList<>();
                int close = close(i);
                for (int j = i; j <= close; j++) {
                    skip[j] = true;
                    if (t.get(j).isName() && (punct(j - 1, "(") || punct(j - 1, ","))) cols.add(t.get(j).value());
                }
                i = close + 1;
            }
            int as = -1;
            for (int j = i; j < n && as < 0 && !word(j, "create"); j++) if (word(j, "as") && depth(j) == 0) as = j;
            if (as < 0) return;
            String into = "new table " + table;
            if (word(as + 1, "select") && selectRows(as + 1) != null) {
                int end = itemsEnd(as + 1);
                sites.add(new Site(table, into, named(split(itemsStart(as + 1), end), cols)));
            } else {
                sites.add(new Site(table, into, List.of(new Assign(null, -1, -1))));
            }
        }

        /** COPY t [(cols)] | (query) TO 'file' | PROGRAM '...': rows no rule reads back. TO STDOUT is the client's. */
        private void copyTo() {
            int to = -1;
            for (int j = 1; j < n && to < 0; j++) if (depth(j) == 0 && (word(j, "to") || word(j, "from"))) to = j;
            if (to < 0 || !word(to, "to") || word(to + 1, "stdout")) return;
            sites.add(new Site(null, "a server file or program", List.of(new Assign(null, -1, -1))));
            if (!punct(1, "(")) {
                boolean listed = false;
                for (int j = 1; j < to; j++) listed |= punct(j, "(");
                if (!listed) copyWholeTable = true;
            }
        }

        private boolean copyWholeTable;

        /** ALTER TABLE t ALTER [COLUMN] c [SET DATA] TYPE x USING expr: expr, read from t's columns, is stored in c. */
        private void alterUsing() {
            List<Assign> assigns = new ArrayList<>();
            String column = null;
            int[] after = new int[1];
            int i = 2;
            if (word(i, "if")) i += 2;
            if (word(i, "only")) i++;
            // Its columns are read by name; the name itself stays a word.
            String table = table(i, after, false);
            for (int j = after[0]; j < n; j++) {
                if (word(j, "alter") && depth(j) == 0) {
                    int c = word(j + 1, "column") ? j + 2 : j + 1;
                    column = c < n ? t.get(c).value() : null;
                    if (c < n) skip[c] = true;
                } else if (word(j, "using") && depth(j) == 0 && column != null) {
                    int end = j + 1;
                    while (end < n && !(punct(end, ",") && depth(end) == 0)) end++;
                    assigns.add(new Assign(column, j + 1, end));
                }
            }
            if (!assigns.isEmpty()) sites.add(new Site(table, table, assigns));
        }

        /**
         * ALTER TABLE | FOREIGN TABLE | TYPE ... RENAME [COLUMN | ATTRIBUTE] a TO b: the values stay, under a name the
         * rules may not cover (a view's column is followed to its source whatever it is called, so views are not).
         */
        private void renamed() {
            int i = 1;
            if (word(i, "foreign")) i++;
            if (!word(i, "table") && !word(i, "type")) return;
            for (int j = i + 1; j + 3 < n; j++) {
                if (!word(j, "rename")) continue;
                int a = word(j + 1, "column") || word(j + 1, "attribute") ? j + 2 : j + 1;
                if (!word(a + 1, "to") || a + 2 >= n || !t.get(a).isName() || !t.get(a + 2).isName() || word(j + 1, "to")) return;
                skip[a + 2] = true;
                sites.add(new Site(null, "the renamed column", List.of(new Assign(t.get(a + 2).value(), a, a + 1))));
                return;
            }
        }

        /** Marks WHERE and its condition up to the clause that ends it at its depth: it picks rows, stores nothing. */
        private void skipWhere(int where) {
            int d = depth(where);
            for (int j = where; j < n; j++) {
                if (j > where && depth(j) < d) return;
                if (j > where && depth(j) == d && t.get(j).type() == Token.Type.IDENT && WHERE_ENDS.contains(t.get(j).value())) return;
                skip[j] = picks[j] = true;
            }
        }

        private boolean rowsOfTable;

        /**
         * CREATE TRIGGER ... ON t: its function gets t's rows whole, and hoop does not see what it stores of them
         * (an audit trigger's copy). Only the table counts: whatever the function is, a table without a ruled column
         * gives it none.
         */
        private void trigger() {
            int on = -1;
            for (int j = 2; j < n && on < 0; j++) if (word(j, "on") && depth(j) == 0) on = j;
            if (on < 0) return;
            int[] after = new int[1];
            table(on + 1, after, false);
            for (int j = 0; j < n; j++) skip[j] = j != after[0] - 1;
            rowsOfTable = true;
            sites.add(new Site(null, "what the trigger's function stores", List.of(new Assign(null, -1, -1))));
        }

        /**
         * The tokens of the RETURNING clause of the write whose keyword is at {@code at}, when that write stands in
         * brackets (a WITH's query): from RETURNING to the bracket that closes the write. None for a write at the top
         * (its RETURNING goes to the client and is skipped for every store) or a store with no keyword.
         */
        private boolean[] ownReturning(int at) {
            boolean[] own = new boolean[n];
            if (at < 0 || depth(at) == 0) return own;
            int d = depth(at);
            for (int j = at + 1; j < n && depth(j) >= d; j++) {
                if (depth(j) == d && word(j, "returning")) {
                    for (int r = j; r < n && depth(r) >= d; r++) own[r] = true;
                    break;
                }
            }
            return own;
        }

        /** Whether a column list not spelled out feeds the statement (leaving out {@code except}): *, x.*, TABLE t, COPY t TO. */
        private boolean implicit(boolean[] except) {
            if (copyWholeTable || rowsOfTable) return true;
            for (int j = 0; j < n; j++) {
                if (skip[j] || except[j]) continue;
                Token k = t.get(j);
                if (k.isOp("*") && j > 0) {
                    Token b = t.get(j - 1);
                    if (b.isPunct(",") || b.isPunct(".") || b.isWord("select") || b.isWord("distinct")
                            || b.isWord("all") || b.isWord("returning")) return true;
                }
                if (k.isWord("table") && !(j > 0 && t.get(j - 1).type() == Token.Type.IDENT && TABLE_COMMAND.contains(t.get(j - 1).value()))) return true;
            }
            return false;
        }

        /** The index of the bracket closing the one at {@code open} (n - 1 when it does not close). */
        private int close(int open) {
            int depth = 0;
            for (int j = open; j < n; j++) {
                if (punct(j, "(") || punct(j, "[")) depth++;
                else if ((punct(j, ")") || punct(j, "]")) && --depth == 0) return j;
            }
            return n - 1;
        }

        private int[] depths;

        /** The bracket depth at token i (a bracket counts as inside what it opens, not what it closes). */
        private int depth(int i) {
            if (depths == null) {
                depths = new int[n + 1];
                int d = 0;
                for (int j = 0; j < n; j++) {
                    if (punct(j, ")") || punct(j, "]")) d--;
                    depths[j] = d;
                    if (punct(j, "(") || punct(j, "[")) d++;
                }
                depths[n] = d;
            }
            return depths[Math.min(i, n)];
        }
    }
}
