package hoop.policy.sql;

import java.util.HashSet;
import java.util.Set;

/**
 * The relation an UPDATE, DELETE or MERGE changes, as its conditions can name it, for {@link Conditions}: a condition
 * restricts which rows change only through what it reads of the target's row. A column of another FROM / USING item
 * or MERGE source ({@code UPDATE t SET a = 1 FROM u WHERE u.id = 1}) or a subquery that reads nothing of the row
 * ({@code WHERE EXISTS (SELECT 1 FROM pg_class)}) is the same for every target row: true for one, true for all.
 *
 * <p>Name resolution follows PostgreSQL's: an alias hides the table's own name; {@code q.c} names a column of the FROM
 * item called q, the innermost one first; an unqualified name may be a column of any level's items, so inside a
 * subquery it may be the target's unless the item lists show it is not (without a catalog they cannot show it).
 */
final class Target {

    /** Unquoted words that never name a column in a subquery (beyond {@link Conditions#CONSTANT_WORDS}). */
    private static final Set<String> QUERY_WORDS = Set.of("from", "where", "group", "by", "order", "having", "limit",
            "offset", "union", "intersect", "except", "on", "using", "join", "inner", "left", "right", "full", "outer",
            "cross", "natural", "lateral", "only", "asc", "desc", "nulls", "first", "last", "fetch", "next", "rows",
            "ties", "window", "over", "partition", "filter", "within", "for", "update", "share", "key", "no", "nowait",
            "skip", "locked", "of", "or", "recursive", "materialized", "default", "grouping", "sets", "rollup", "cube",
            "ordinality", "tablesample", "repeatable", "range", "groups", "preceding", "following", "unbounded",
            "current", "exclude", "others", "percent", "table");
    /** Words that end a FROM item (its alias cannot be one). */
    static final Set<String> ITEM_END = Set.of("where", "group", "having", "window", "order", "limit", "offset",
            "fetch", "union", "intersect", "except", "for", "on", "using", "join", "inner", "left", "right", "full",
            "cross", "natural", "returning", "select", "into", "values", "set", "when", "tablesample", "with", "as");

    /** Every table's hidden columns, which no catalog read lists (attnum < 0). */
    private static final Set<String> SYSTEM_COLUMNS = Set.of("ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid");

    /** Clauses after which a subquery no longer reads its table's rows one for one (grouped, limited, combined...). */
    private static final Set<String> NOT_WHOLE = Set.of("group", "having", "window", "order", "limit", "offset", "fetch",
            "union", "intersect", "except", "for", "tablesample", "join", "inner", "left", "right", "full", "cross", "natural");
    /** What the target is called in conditions: its alias, else its name. */
    private final String name;
    /** Other FROM / USING items, or a MERGE source: an unqualified name may be one of their columns. */
    private final boolean others;
    /**
     * The aliases of other items that are the target's table itself, whole ({@code DELETE FROM t USING t AS t2}): each
     * target row meets itself there, so t.id = t2.id holds for every row as t.id = t.id does.
     */
    private final Set<String> selves;

    /** The target's table as the statement names it (null when unknown). */
    private final String table;

    /**
     * The other FROM / USING items (or MERGE source) that are a subquery or a function, by alias, to the bounds of the
     * subquery's content or the function's arguments: what their columns hold ({@code (SELECT id AS x FROM t) s}).
     */
    private final java.util.Map<String, int[]> derived;

    /**
     * The unqualified names a subquery's own items have (as seen from inside it, see {@link #inside}): PostgreSQL takes
     * the innermost level's column, so such a name is never the target's ({@code EXISTS (SELECT 1 FROM u WHERE u.tid =
     * id)} where u has an id compares u with itself).
     */
    private final java.util.function.Predicate<String> shadowed;

    /**
     * Items that may hold the target's own rows under other column names ("q:" and their alias, "c:" and each name an
     * alias list gives): {@code FROM t AS s(a)}, {@code FROM (SELECT id FROM t) s(a)}, {@code WITH w AS (SELECT id AS a
     * FROM t)}. Which of the target's columns s.a is hoop does not know, so a comparison with it shows no bound.
     */
    private final Set<String> renamed;

    /**
     * The column names other items show ({@link #itemColumns}) to the item showing each (its alias, or a WITH query's
     * name): an unqualified {@code k} of {@code (SELECT id AS k FROM t) s} is s.k, the target's own values handed back.
     */
    private final java.util.Map<String, String> shownBy;

    /** See {@link #joinConditions}: set only on a target {@link #overItself} reads. */
    private java.util.List<int[]> joinConditions = java.util.List.of();

    /** Set on a target {@link #overItself} reads beside other items: an unqualified name may be one of theirs. */
    private boolean crossed;

    /** The aliases of the table's other copies beside the one {@link #overItself} took for the row (a self-join). */
    private java.util.List<String> copies = java.util.List.of();

    private Target(String name, boolean others, Set<String> selves, String table) {
        this(name, others, selves, table, java.util.Map.of(), c -> false, Set.of(), java.util.Map.of());
    }

    private Target(String name, boolean others, Set<String> selves, String table, java.util.Map<String, int[]> derived,
            java.util.function.Predicate<String> shadowed, Set<String> renamed, java.util.Map<String, String> shownBy) {
        this.name = name;
        this.others = others;
        this.selves = selves;
        this.table = table;
        this.derived = derived;
        this.shadowed = shadowed;
        this.renamed = renamed;
        this.shownBy = shownBy;
    }

    /** The rows of {@code table}, called {@code name} (its alias, else its name), read alone: every name may be theirs. */
    static Target reading(String table, String name) {
        return new Target(name, false, Set.of(), table);
    }

    /**
     * The row a DO UPDATE changes, called {@code name}, beside EXCLUDED, the row proposed for it: the two agree on the
     * conflict's key, so {@code t.id = excluded.id} holds on every row that conflicts, as {@code t.id = t.id} does.
     */
    static Target upserted(String table, String name) {
        return new Target(name, false, Set.of("excluded"), table);
    }

    /** Nothing known about the statement: every name may be the target's (the old, data-dependent reading). */
    static final Target UNKNOWN = new Target(null, true, Set.of(), null);

    /**
     * The target as seen from inside a subquery {@code SELECT ... FROM t [alias] [WHERE ...]} over its own table
     * whole (bounds [from, to) of the content): that subquery's row may be the target row itself, so its names and
     * alias are taken for the target's. Null when the subquery is not of that shape (a join, grouping, limit...).
     */
    Target overItself(Toks t, int from, int to) {
        if (table == null || !t.word(from, "select")) {
            return null;
        }
        int f = t.findWord(from, to, "from");
        if (f < 0) {
            return null;
        }
        // The table may stand among other items, first or not. Items crossed with it remove none of its rows: each is
        // met with all of the other's, and that the other has some is the same for every target row. An inner join's
        // ON removes what a WHERE would (kept to be AND-ed to it); USING ties the row to the other's data. A LEFT JOIN
        // keeps every row of its left side whatever its ON; where the table is the side an outer join may null (LEFT
        // JOIN t, RIGHT or FULL JOIN) or the join is NATURAL (with no common column a cross join), the ON is not read
        // as a bound (fail closed). The table twice is a self-join, read as such elsewhere.
        FromList items = new FromList();
        int j = items(t, f + 1, to, items, false);
        if (j < 0 || items.inner == null) {
            return null;
        }
        String inner = items.inner;
        boolean joined = items.joined;
        java.util.List<int[]> ons = items.ons;
        java.util.List<int[]> lefts = items.lefts;
        for (int i = j; i < to; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.get(i).type() == Token.Type.IDENT && NOT_WHOLE.contains(t.w(i))) {
                return null;
            }
        }
        Set<String> more = new HashSet<>(selves);
        more.add(inner);
        // beside another item an unqualified name may be its column
        Target self = new Target(name, joined, more, table, derived, shadowed, renamed, java.util.Map.of());
        self.joinConditions = java.util.List.copyOf(ons);
        self.crossed = joined;
        self.copies = java.util.List.copyOf(items.copies);
        // A LEFT JOIN's columns are the row's (null where ON finds nothing): a WHERE reading them narrows when the ON
        // ties them to the row by its data (WHERE u.k IS NULL, the orphan idiom), left to the other readings then. An
        // ON that holds on every row or none (true, false) gives the row no columns of its own: read as crossed.
        for (int[] l : lefts) {
            if ((mentionsItem(t, l[0], l[1], j, to) || unqualifiedNotTables(t, j, to)) && Conditions.narrowsByData(t, l[2], l[3], self)) {
                return null;
            }
        }
        return self;
    }

    /** What {@link #items} gathers of a self-subquery's FROM list. */
    private static final class FromList {
        String inner;
        boolean joined;
        final java.util.List<int[]> ons = new java.util.ArrayList<>();
        final java.util.List<int[]> lefts = new java.util.ArrayList<>();
        final java.util.List<String> copies = new java.util.ArrayList<>();
    }

    /**
     * Reads the FROM items from j up to WHERE or {@code to} into {@code out} (see {@link #overItself}); where it stopped,
     * or -1 when they are not of a shape read here. A join in brackets is read as its items, its ONs no bound when it
     * stands on the side an outer join may null ({@code nullable}).
     */
    private int items(Toks t, int j, int to, FromList out, boolean nullable) {
        boolean first = true;
        while (j < to && !t.word(j, "where")) {
            String kind = "cross";
            boolean natural = false;
            int item;
            if (first) {
                item = j;
            } else if (t.punct(j, ",")) {
                item = j + 1;
            } else if (t.word(j, "cross") && t.word(j + 1, "join")) {
                item = j + 2;
            } else {
                int m = j;
                natural = t.word(m, "natural");
                m += natural ? 1 : 0;
                kind = t.anyWord(m, "left", "right", "full") ? t.w(m) : "inner";
                m += t.anyWord(m, "left", "right", "full", "inner") ? 1 : 0;
                m += !kind.equals("inner") && t.word(m, "outer") ? 1 : 0;
                if (!t.word(m, "join")) {
                    return -1;
                }
                item = m + 1;
            }
            String[] alias = new String[1];
            int end = selfItem(t, item, alias);
            boolean self = end >= 0;
            if (self && out.inner != null) {
                // the table again: another item, or (in another reading, see besideReadings) the row itself again
                out.copies.add(alias[0]);
                self = false;
                j = end;
            } else if (self) {
                out.inner = alias[0];
                j = end;
            } else if (t.punct(item, "(") && t.close(item) < to && !Queries.startsQuery(t, item + 1, t.close(item))) {
                // (a JOIN b ON c): its items; with an alias their columns are renamed, left to the other readings
                int c = t.close(item);
                if (isItemName(t, aliasIndex(t, c + 1)) || items(t, item + 1, c, out, nullable || kind.equals("left") || kind.equals("full")) != c) {
                    return -1;
                }
                j = c + 1;
            } else {
                j = besideItem(t, item, to);
                if (j < 0) {
                    return -1;
                }
            }
            int[] cond = null;
            if (first || kind.equals("cross") || natural) {
                cond = null;
            } else if (t.word(j, "on")) {
                int e = joinConditionEnd(t, j + 1, to);
                cond = new int[] {j + 1, e};
                j = e;
            } else if (t.word(j, "using") && t.punct(j + 1, "(")) {
                cond = new int[] {-1, -1}; // the row's columns equal to the other's: data
                j = t.close(j + 1) + 1;
            } else {
                return -1;
            }
            if (kind.equals("inner") && cond != null && !nullable) {
                out.ons.add(cond);
            } else if (kind.equals("left") && !self && cond != null && cond[0] >= 0) {
                out.lefts.add(new int[] {item, cond[0] - 1, cond[0], cond[1]});
            }
            out.joined |= !first;
            first = false;
        }
        return j;
    }

    /**
     * The inner joins' ON conditions of the self-subquery this target was read from by {@link #overItself}: each
     * restricts its rows as its WHERE does; {-1, -1} for a USING, which ties them to the other item's data.
     */
    java.util.List<int[]> joinConditions() {
        return joinConditions;
    }

    /**
     * Past a WITH clause at {@code from} ([RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query), ...): the main
     * query's first token, whose names a WITH query's are (read as the relations it reads, see {@link Toks#rowsOf});
     * {@code from} when there is none, {@code to} when it is not of that shape.
     */
    static int pastWith(Toks t, int from, int to) {
        if (!t.word(from, "with")) {
            return from;
        }
        int k = t.word(from + 1, "recursive") ? from + 2 : from + 1;
        while (k < to) {
            if (!t.isName(k)) {
                return to;
            }
            k = t.punct(k + 1, "(") ? t.close(k + 1) + 1 : k + 1;
            if (!t.word(k, "as")) {
                return to;
            }
            k++;
            k += t.word(k, "not") ? 1 : 0;
            k += t.word(k, "materialized") ? 1 : 0;
            if (!t.punct(k, "(")) {
                return to;
            }
            k = t.close(k) + 1;
            if (!t.punct(k, ",")) {
                return Math.min(k, to);
            }
            k++;
        }
        return to;
    }

    /** Whether t[from, to) names the FROM item at [item, end) (its alias, else its relation name) as a qualifier. */
    private static boolean mentionsItem(Toks t, int item, int end, int from, int to) {
        String alias = null;
        for (int k = item; k < end; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.isName(k) && !t.anyWord(k, "lateral", "only", "as", "on", "using")) {
                alias = t.get(k).value();
            }
        }
        return alias == null || mentions(t, from, to, alias) || !t.word(item, "lateral") && t.isName(item)
                && mentions(t, from, to, t.get(item).value());
    }

    /** Whether t[from, to) qualifies a name with {@code q} (q.c), inside brackets too. */
    private static boolean mentions(Toks t, int from, int to, String q) {
        for (int k = from; k < to; k++) {
            if (t.isName(k) && t.get(k).value().equals(q) && t.punct(k + 1, ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Past the FROM item at i when it is the target's table whole ([ONLY] t [[AS] alias], (SELECT * FROM t) AS alias,
     * (TABLE t) alias), its name in conditions put in {@code alias[0]}; -1 when it is not.
     */
    private int selfItem(Toks t, int i, String[] alias) {
        int k = t.word(i, "only") ? i + 1 : i;
        StringBuilder n = new StringBuilder();
        int j = t.relationName(k, n);
        if (j == k && t.punct(k, "(") && wholeTable(t, k + 1, t.close(k))) {
            // (SELECT * FROM t) AS x, (TABLE t) x: the table's rows as they are, under the alias it needs
            j = aliasIndex(t, t.close(k) + 1);
            if (!isFromItemName(t, j) || t.punct(j + 1, "(")) {
                return -1;
            }
            alias[0] = t.get(j).value();
            return j + 1;
        }
        if (j == k || t.punct(j, "(") || !sameRows(t, n.toString(), table)) {
            return -1;
        }
        alias[0] = ownName(t, j);
        j = aliasIndex(t, j);
        if (isFromItemName(t, j)) {
            alias[0] = t.get(j).value();
            j++;
        }
        return j;
    }

    /**
     * Past a FROM item at i ([LATERAL] a relation, function or bracketed query, [AS] alias [(columns)]); -1 if none, or
     * if it is the target's table again.
     */
    private int besideItem(Toks t, int i, int to) {
        if (t.word(i, "lateral")) {
            i++;
        }
        if (t.word(i, "only")) {
            i++;
        }
        StringBuilder n = new StringBuilder();
        int j = t.relationName(i, n);
        if (j > i && !t.punct(j, "(") && sameRows(t, n.toString(), table)) {
            return -1; // the table again: a self-join, read as such elsewhere
        }
        if (t.punct(j, "(")) {
            j = t.close(j) + 1; // a function's arguments
        } else if (j == i && t.punct(i, "(")) {
            j = t.close(i) + 1;
        } else if (j == i) {
            return -1;
        }
        j = aliasIndex(t, j);
        if (isItemName(t, j)) {
            j++;
            if (t.punct(j, "(")) {
                j = t.close(j) + 1;
            }
        }
        return j <= to ? j : -1;
    }

    /** Whether t[from, to) is SELECT * FROM [ONLY] the target's table or TABLE [ONLY] it, and nothing else: its rows whole. */
    private boolean wholeTable(Toks t, int from, int to) {
        int k = t.word(from, "table") ? from + 1 : t.word(from, "select") && t.get(from + 1).isOp("*") && t.word(from + 2, "from") ? from + 3 : -1;
        if (k < 0) {
            return false;
        }
        if (t.word(k, "only")) {
            k++;
        }
        StringBuilder n = new StringBuilder();
        int j = t.relationName(k, n);
        return j > k && j == to && sameRows(t, n.toString(), table);
    }

    /** The target of the UPDATE, DELETE or MERGE whose verb stands at {@code verb}, its clauses read up to {@code to}. */
    static Target of(Toks t, int verb, int to) {
        int k = t.word(verb, "update") ? verb + 1 : verb + 2; // DELETE FROM, MERGE INTO
        if (t.word(k, "only")) {
            k++;
        }
        StringBuilder n = new StringBuilder();
        int j = t.relationName(k, n);
        if (j == k) {
            return UNKNOWN;
        }
        String table = n.toString();
        String own = ownName(t, j);
        j = aliasIndex(t, j);
        // The target's alias: after AS any name, SET included (UPDATE t SET is its clause)
        if (isItemName(t, j) || t.word(j - 1, "as") && t.anyWord(j, "set", "values")) {
            own = t.get(j).value();
        }
        int items = -1;
        for (int i = j; i < to && items < 0; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.word(i, "where") || t.word(i, "returning")) {
                break;
            } else if (t.word(verb, "update") && t.word(i, "from") && !t.word(i - 1, "distinct")
                    || !t.word(verb, "update") && t.word(i, "using")) {
                items = i + 1;
            }
        }
        // A column another item shows in the text (an alias list, a subquery's select list) is never the target's: the
        // server refuses a name two items at one level have as ambiguous. USING (SELECT 5 AS k) s WHERE k = 5 reads
        // nothing of the target's row, so it holds on every row, as WHERE true does.
        java.util.Map<String, String> shown = items < 0 ? java.util.Map.of() : itemColumns(t, items, to);
        // So is a name the catalog lists the target's table without (USING s WHERE sid = 5, sid a column of s only):
        // the text does not show s's columns, the catalog shows the target's. System columns are listed by no catalog
        // read, and a subquery item has none: ctid alone is the target's.
        java.util.function.Predicate<String> notTargets = items < 0 ? shown::containsKey
                : c -> shown.containsKey(c) || !SYSTEM_COLUMNS.contains(c) && t.hasColumn(table, c) == OuterNames.Has.NO;
        return new Target(own, items >= 0, items < 0 ? Set.of() : selves(t, items, to, table), table,
                items < 0 ? java.util.Map.of() : derived(t, items, to), notTargets, items < 0 ? Set.of() : renamed(t, items, to, table),
                shown);
    }

    /** The item an unqualified column {@code name} belongs to as the text shows it, else null. */
    String shownItem(String name) {
        return shownBy.get(name);
    }

    /**
     * The unqualified column names the FROM / USING items from {@code i} (or a MERGE's source, up to its ON) show in the
     * text: the names of an alias's column list ({@code v(k)}, {@code AS g(n int)}), and, without one, the output names
     * of a subquery's select list ({@code (SELECT 5 AS k) s}, {@code (SELECT u.k FROM u) s}, {@code (VALUES (5)) v}: column1)
     * or of a WITH query the item names. Their rows are another item's: a name among them is not the target's column.
     */
    static java.util.Map<String, String> itemColumns(Toks t, int i, int to) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        starts.add(i);
        for (int k = i; k < to && !t.anyWord(k, "where", "returning"); k++) {
            if (t.word(k, "using") && t.punct(k + 1, "(")) {
                // JOIN ... USING (k): k is a column of both joined items, merged into one the join shows
                int c = Math.min(t.close(k + 1), to);
                for (int m = k + 2; m < c; m++) {
                    if (t.isName(m)) {
                        out.put(t.get(m).value(), "\0");
                    }
                }
                k = c;
            } else if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.punct(k, ",") || t.word(k, "join")) {
                starts.add(k + 1);
            }
        }
        for (int s : starts) {
            itemColumns(t, s, to, out);
        }
        return out;
    }

    private static void itemColumns(Toks t, int i, int to, java.util.Map<String, String> out) {
        while (t.anyWord(i, "only", "lateral")) {
            i++;
        }
        int[] query = null;
        String relation = null;
        int j;
        if (t.punct(i, "(")) {
            int c = Math.min(t.close(i), to);
            if (Queries.startsQuery(t, i + 1, c)) {
                query = new int[] {i + 1, c};
            } else {
                itemColumns(t, i + 1, c, out); // a parenthesised join's first item (the JOINs in it start more)
                for (int k = i + 1; k < c; k++) {
                    if (t.isOpen(k)) {
                        k = t.close(k);
                    } else if (t.word(k, "join") || t.punct(k, ",")) {
                        itemColumns(t, k + 1, c, out);
                    }
                }
            }
            j = c + 1;
        } else if (t.word(i, "rows") && t.word(i + 1, "from") && t.punct(i + 2, "(")) {
            j = Math.min(t.close(i + 2), to) + 1; // ROWS FROM (f(...), ...): functions, as below
        } else if (isFromItemName(t, i)) {
            int end = chainEnd(t, i);
            if (t.punct(end, "(")) {
                j = Math.min(t.close(end), to) + 1; // a function: an alias list names its columns
            } else {
                relation = end - i == 1 ? t.get(i).value() : null;
                j = end;
            }
        } else {
            return;
        }
        if (relation == null && query == null && t.word(j, "with") && t.word(j + 1, "ordinality")) {
            j += 2;
        }
        j = aliasIndex(t, j);
        String alias = relation;
        if (isFromItemName(t, j) && !t.punct(j + 1, ".")) {
            alias = t.get(j).value();
            if (t.punct(j + 1, "(")) {
                int c = Math.min(t.close(j + 1), to);
                for (int k = j + 2; k < c; k++) {
                    if (t.isName(k) && (k == j + 2 || t.punct(k - 1, ","))) {
                        out.put(t.get(k).value(), alias); // k, or k int in a function's column definitions
                    }
                }
                return;
            }
        }
        Set<String> names = new HashSet<>();
        if (query != null) {
            outputNames(t, query[0], query[1], names);
        } else if (relation != null) {
            withColumns(t, relation, names);
        }
        for (String n : names) {
            out.put(n, alias == null ? "\0" : alias);
        }
    }

    /** Words that end a select list at its own level. */
    private static final Set<String> LIST_ENDS = Set.of("from", "into", "where", "group", "having", "window", "order",
            "limit", "offset", "fetch", "for", "union", "intersect", "except");

    /**
     * The output column names of the query t[from, to) that its text shows: {@code AS name}, a bare label after a literal
     * or a bracket, a column reference's own name, VALUES' column1...; none for {@code *} or an expression.
     */
    private static void outputNames(Toks t, int from, int to, Set<String> out) {
        while (t.punct(from, "(") && t.close(from) == to - 1) {
            from++;
            to--;
        }
        if (t.word(from, "values") && t.punct(from + 1, "(")) {
            int c = t.close(from + 1);
            int n = 1;
            for (int k = from + 2; k < c; k++) {
                if (t.isOpen(k)) {
                    k = t.close(k);
                } else if (t.punct(k, ",")) {
                    n++;
                }
            }
            for (int m = 1; m <= n; m++) {
                out.add("column" + m);
            }
            return;
        }
        if (!t.word(from, "select")) {
            return;
        }
        int k = from + 1;
        if (t.word(k, "all")) {
            k++;
        } else if (t.word(k, "distinct")) {
            k++;
            if (t.word(k, "on") && t.punct(k + 1, "(")) {
                k = t.close(k + 1) + 1;
            }
        }
        int a = k;
        for (int m = k; m <= to; m++) {
            boolean end = m == to || t.get(m).type() == Token.Type.IDENT && LIST_ENDS.contains(t.w(m));
            if (m < to && t.isOpen(m)) {
                m = t.close(m);
            } else if (end || t.punct(m, ",")) {
                outputName(t, a, m, out);
                if (end) {
                    return;
                }
                a = m + 1;
            }
        }
    }

    private static void outputName(Toks t, int a, int b, Set<String> out) {
        if (b <= a || !t.isName(b - 1)) {
            return;
        }
        Token last = t.get(b - 1);
        boolean keyword = last.type() == Token.Type.IDENT && Conditions.CONSTANT_WORDS.contains(last.value());
        if (b - a >= 2 && t.word(b - 2, "as")) {
            out.add(last.value());
        } else if (keyword) {
            return;
        } else if (chainEnd(t, a) == b) {
            out.add(last.value()); // a column: its own name
        } else if (b - a >= 2) {
            Token before = t.get(b - 2);
            if (before.type() == Token.Type.NUMBER || before.type() == Token.Type.STRING || before.isPunct(")")) {
                out.add(last.value()); // SELECT 5 k, SELECT f(x) k
            }
        }
    }

    /** The columns the statement's WITH query {@code name} shows: its column list, else its query's output names. */
    private static void withColumns(Toks t, String name, Set<String> out) {
        int[] with = t.withQuery(name);
        if (with == null) {
            return;
        }
        if (with[2] < 0) {
            outputNames(t, with[0], with[1], out);
            return;
        }
        for (int k = with[2] + 1; k < t.close(with[2]); k++) {
            if (t.isName(k)) {
                out.add(t.get(k).value());
            }
        }
    }

    /** The items from {@code i} (up to WHERE or RETURNING) that may hold {@code table}'s rows renamed: see {@link #renamed}. */
    private static Set<String> renamed(Toks t, int i, int to, String table) {
        Set<String> out = new HashSet<>();
        for (int k = i; k < to && !t.anyWord(k, "where", "returning"); k++) {
            int end;
            boolean mine;
            boolean renames = false;
            if (t.punct(k, "(")) {
                end = t.close(k) + 1;
                mine = readsRows(t, k + 1, end - 1, table);
            } else if (t.isName(k) && !t.punct(k - 1, ".")) {
                StringBuilder n = new StringBuilder();
                end = t.relationName(k, n);
                if (end == k || t.punct(end, "(")) {
                    k = t.punct(end, "(") ? t.close(end) : k;
                    continue;
                }
                mine = !sameTable(n.toString(), table) && sameRows(t, n.toString(), table) || sameTable(n.toString(), table);
                // a WITH query over the table renaming its columns (w (a) AS, or AS in its select list)
                renames = mine && !sameTable(n.toString(), table) && withRenames(t, n.toString());
            } else {
                continue;
            }
            int j = aliasIndex(t, end);
            String alias = isFromItemName(t, j) && !t.punct(j + 1, ".") ? t.get(j).value() : end > k ? t.get(end - 1).value() : null;
            int list = isFromItemName(t, j) && t.punct(j + 1, "(") ? j + 1 : -1;
            if (mine && alias != null && (list >= 0 || renames)) {
                out.add("q:" + alias);
                for (int c = list + 1; list >= 0 && c < t.close(list); c++) {
                    if (t.isName(c)) {
                        out.add("c:" + t.get(c).value());
                    }
                }
            }
            k = list >= 0 ? t.close(list) : end - 1;
        }
        return out;
    }

    /**
     * Whether a SELECT of the subquery t[from, to) reads the target's rows renamed ({@link #renamed}): {@code id IN
     * (SELECT a FROM t AS s(a))} may be t.id IN (SELECT t.id ...), whichever of t's columns a is.
     */
    boolean renamesItself(Toks t, int from, int to) {
        if (table == null) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (t.word(k, "from") && !t.word(k - 1, "distinct") && !renamed(t, k + 1, to, table).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the query t[from, to) names a relation whose rows may be {@code table}'s. */
    private static boolean readsRows(Toks t, int from, int to, String table) {
        for (int k = from; k < to; k++) {
            if (t.anyWord(k - 1, "from", "join", "table") && t.isName(k)) {
                StringBuilder n = new StringBuilder();
                t.relationName(k, n);
                if (sameRows(t, n.toString(), table)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the WITH query {@code name} renames the columns of what it reads: a column list, or AS in its text. */
    private static boolean withRenames(Toks t, String name) {
        for (int i = 1; i < t.size(); i++) {
            if ((t.word(i - 1, "with") || t.word(i - 1, "recursive") || t.punct(i - 1, ",")) && t.isName(i)
                    && t.get(i).value().equals(name)) {
                if (t.punct(i + 1, "(")) {
                    return true;
                }
                int as = t.word(i + 1, "as") ? i + 1 : -1;
                int open = as < 0 ? -1 : t.anyWord(as + 1, "not", "materialized") ? (t.word(as + 1, "not") ? as + 3 : as + 2) : as + 1;
                return open >= 0 && t.punct(open, "(") && t.findWord(open + 1, t.close(open), "as") >= 0;
            }
        }
        return false;
    }

    /**
     * Whether t[from, to) reads a column of an item that may hold the target's rows renamed ({@link #renamed}): s.a, or
     * a name an alias list gave.
     */
    boolean readsRenamed(Toks t, int from, int to) {
        if (renamed.isEmpty()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int end = chainEnd(t, i);
            if (end == i) {
                continue;
            }
            String q = end - i >= 3 ? t.get(end - 3).value() : null;
            String by = q == null ? shownBy.get(t.get(i).value()) : null;
            if (q != null ? renamed.contains("q:" + q)
                    : (renamed.contains("c:" + t.get(i).value()) || by != null && renamed.contains("q:" + by)) && !t.punct(end, "(")) {
                return true;
            }
            i = end - 1;
        }
        return false;
    }

    /** The items from {@code i} (up to {@code to}) that are a subquery or a function call with an alias, see {@link #derived}. */
    private static java.util.Map<String, int[]> derived(Toks t, int i, int to) {
        java.util.Map<String, int[]> out = new java.util.HashMap<>();
        for (int k = i; k < to; k++) {
            int open = t.punct(k, "(") ? k : chainEnd(t, k) > k && t.punct(chainEnd(t, k), "(") ? chainEnd(t, k) : -1;
            if (open < 0) {
                continue;
            }
            int close = Math.min(t.close(open), to);
            int alias = aliasIndex(t, close + 1);
            if (isFromItemName(t, alias)) {
                out.put(t.get(alias).value(), new int[] {open + 1, close});
            }
            k = close;
        }
        return out;
    }

    /** The bounds of what the item called {@code alias} is made of (a subquery's content, a function's arguments), or null. */
    int[] derived(String alias) {
        return derived.get(alias);
    }

    /** The last part of a relation name ending before {@code j} (a function call's name before its brackets). */
    private static String ownName(Toks t, int j) {
        return t.get(j - 1).isPunct(")") ? t.get(j - 2).value() : t.get(j - 1).value();
    }

    /** Where the alias of a relation name ending before {@code j} would stand: past a '*' (its descendants) and AS. */
    static int aliasIndex(Toks t, int j) {
        if (t.get(j).isOp("*")) {
            j++;
        }
        return t.word(j, "as") ? j + 1 : j;
    }

    /** Whether the word at {@code j} names a FROM item (its relation or alias) rather than beginning the clause after one. */
    static boolean isItemName(Toks t, int j) {
        return t.isName(j) && !(t.get(j).type() == Token.Type.IDENT && ITEM_END.contains(t.w(j)));
    }

    /**
     * As {@link #isItemName}, where no clause but another item may follow (a FROM / USING item other than an UPDATE's
     * target): SET and VALUES name a relation or an alias there ({@code FROM t AS set}, {@code FROM values}).
     */
    static boolean isFromItemName(Toks t, int j) {
        return isItemName(t, j) || t.anyWord(j, "set", "values");
    }

    /**
     * The aliases of the FROM / USING items from {@code i} (up to WHERE, RETURNING or, for a MERGE source, ON) that are
     * {@code table} whole: none as soon as an item is joined or sampled, whose rows its condition may leave out.
     */
    private static Set<String> selves(Toks t, int i, int to, String table) {
        Set<String> out = new HashSet<>();
        String join = null; // how the item at i is joined to those before it: null after a comma or first
        while (i < to) {
            if (t.word(i, "only")) {
                i++;
            }
            StringBuilder n = new StringBuilder();
            int j;
            if (t.punct(i, "(") && !t.word(i - 1, "only")) {
                // (SELECT *, or columns as they are, FROM t) and (TABLE t): the table's rows, each under its own name
                j = t.close(i) + 1;
                if (!wholeTable(t, i + 1, j - 1, n)) {
                    n.setLength(0);
                    n.append('\0'); // an item all the same, no table's rows whole
                }
            } else {
                j = t.relationName(i, n);
            }
            if (j == i || t.punct(j, "(")) {
                return Set.of();
            }
            // A view needs no alias beside its table: UPDATE t ... FROM v WHERE t.id = v.id.
            String alias = t.punct(j - 1, ")") ? null : t.get(j - 1).value();
            j = aliasIndex(t, j);
            if (isFromItemName(t, j)) {
                alias = t.get(j).value();
                j++;
            }
            if (t.punct(j, "(")) {
                j = t.close(j) + 1; // its columns' aliases
            }
            boolean whole = alias != null && sameRows(t, n.toString(), table);
            if (join != null) {
                // LEFT and FULL keep the items before whole, CROSS and a join on what restricts nothing keep both
                boolean restricts = false;
                if (t.word(j, "on")) {
                    int end = joinConditionEnd(t, j + 1, to);
                    restricts = Conditions.restricts(t, j + 1, end, UNKNOWN);
                    j = end;
                } else if (t.word(j, "using") && t.punct(j + 1, "(")) {
                    restricts = true;
                    j = t.close(j + 1) + 1;
                }
                if (!(join.equals("left") || join.equals("full") || !restricts)) {
                    return Set.of();
                }
                whole &= join.equals("full") || join.equals("cross") || join.equals("inner") && !restricts;
            }
            if (whole) {
                out.add(alias);
            }
            if (j >= to || t.anyWord(j, "where", "returning", "on")) {
                return out;
            }
            if (t.punct(j, ",")) {
                join = null;
                i = j + 1;
                continue;
            }
            join = t.anyWord(j, "cross", "inner", "left", "full") ? t.w(j) : t.word(j, "join") ? "inner" : null;
            int k = t.word(j, "join") ? j : t.word(j + 1, "outer") ? j + 2 : j + 1;
            if (join == null || !t.word(k, "join")) {
                return Set.of(); // RIGHT, NATURAL: the items before may lose rows
            }
            i = k + 1;
        }
        return out;
    }

    /**
     * The readings of this self-subquery target beside other items (none when there are none) an unqualified name
     * needs: each the table's, and each not shown by the catalog to be the table's taken for theirs. {@code FROM t x, u
     * WHERE id = t.id} holds on every row when id is x's; {@code FROM t x LEFT JOIN u ON false WHERE x.id = t.id AND k
     * IS NULL} does when k is u's. (A name both have is refused by the server as ambiguous.)
     */
    java.util.List<Target> besideReadings(Toks t) {
        if (!crossed) {
            return java.util.List.of();
        }
        Target own = new Target(name, false, selves, table, derived, shadowed, renamed, shownBy);
        own.joinConditions = joinConditions;
        Target theirs = new Target(name, others, selves, table, derived, c -> shadowed.test(c) || notTables(t, c), renamed, shownBy);
        theirs.joinConditions = joinConditions;
        if (copies.isEmpty()) {
            return java.util.List.of(own, theirs);
        }
        // a copy of the table may meet the row itself: FROM t x, t y WHERE y.id = t.id holds on every row
        Set<String> all = new HashSet<>(selves);
        all.addAll(copies);
        Target met = new Target(name, others, all, table, derived, shadowed, renamed, shownBy);
        met.joinConditions = joinConditions;
        return java.util.List.of(own, theirs, met);
    }

    /** Whether the catalog does not show the column {@code c} to be the table's (a system column always is). */
    private boolean notTables(Toks t, String c) {
        return !SYSTEM_COLUMNS.contains(c) && t.hasColumn(table, c) != OuterNames.Has.YES;
    }

    /** Whether t[from, to) names a column without a qualifier that the catalog does not show to be the table's. */
    private boolean unqualifiedNotTables(Toks t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.isName(i) && !t.punct(i - 1, ".") && !t.punct(i + 1, ".") && unqualifiedColumn(t, i)
                    && !(t.get(i).type() == Token.Type.IDENT && QUERY_WORDS.contains(t.w(i))) && notTables(t, t.get(i).value())) {
                return true;
            }
        }
        return false;
    }

    /** Where a join's ON condition from {@code from} ends: at the next join, comma, or the clause after the items. */
    private static int joinConditionEnd(Toks t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.isOpen(i)) {
                i = t.close(i);
            } else if (t.punct(i, ",") || t.anyWord(i, "join", "cross", "inner", "left", "right", "full", "natural", "where",
                    "returning", "on")) {
                return i;
            }
        }
        return to;
    }

    /**
     * Whether the subquery t[from, to) is {@code TABLE name} or {@code SELECT * | col, ... FROM [ONLY] name} with nothing
     * else: every row of the table, its columns under their own names. The name goes into {@code n}.
     */
    static boolean wholeTable(Toks t, int from, int to, StringBuilder n) {
        int k;
        if (t.word(from, "table")) {
            k = from + 1;
        } else if (t.word(from, "select")) {
            int f = t.findWord(from, to, "from");
            if (f < 0) {
                return false;
            }
            for (int i = from + 1; i < f; i += 2) {
                boolean star = t.get(i).isOp("*");
                if (!(star || t.isName(i) && !(t.get(i).type() == Token.Type.IDENT && Conditions.CONSTANT_WORDS.contains(t.w(i))))
                        || !(i + 1 == f || t.punct(i + 1, ","))) {
                    return false;
                }
            }
            k = f + 1;
        } else {
            return false;
        }
        if (t.word(k, "only")) {
            k++;
        }
        int j = t.relationName(k, n);
        if (t.get(j).isOp("*")) {
            j++;
        }
        return j > k && j == to;
    }

    /**
     * Whether the rows of two relations may be the same rows: the same table, or, as the catalog in t's routines tells,
     * a view over the other (or over a view of it), a parent of it, or two views over one table. A view is taken as
     * showing its table whole: its own conditions are not known here.
     */
    static boolean sameRows(Toks t, String a, String b) {
        if (sameTable(a, b)) {
            return true;
        }
        java.util.Set<String> ra = t.rowsOf(Reach.bare(a));
        java.util.Set<String> rb = t.rowsOf(Reach.bare(b));
        if (ra.size() == 1 && rb.size() == 1) {
            return false;
        }
        for (String r : ra) {
            if (rb.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** Whether two relation names may be one table: the same name, their schemas the same where both give one. */
    static boolean sameTable(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        return a.substring(da + 1).equals(b.substring(db + 1)) && (da < 0 || db < 0 || a.substring(0, da).equals(b.substring(0, db)));
    }

    /**
     * The target with its selves taken for the other items they are: {@code DELETE FROM t USING t AS t2} pairs every row of
     * t with every row of t2, so {@code WHERE t2.id = 5} holds for every t row once one row has id 5, as a condition on
     * another table's item does. Only a condition tying the two ({@code t.id = t2.id}) makes t2's row the target's own;
     * this itself when there are no selves.
     */
    Target apart() {
        if (selves.isEmpty()) {
            return this;
        }
        return new Target(name, true, Set.of(), table, derived, shadowed, renamed, shownBy);
    }

    /**
     * A subquery level whose FROM items from {@code items} up to {@code end} are all the target's table, each whole,
     * joined by commas or inner joins ({@code SELECT a.id FROM t a JOIN t b ON a.id = b.id}): its first item stands for
     * the row and the others for its selves, so a condition tying the copies to one another restricts nothing, as in
     * {@code DELETE FROM t USING t t2 WHERE t.id = t2.id}. Null when an item is another relation, a subquery or a
     * function, renames its columns or is outer-joined, or there is one item only.
     */
    Target level(Toks t, int items, int end) {
        if (table == null) {
            return null;
        }
        java.util.List<String> aliases = new java.util.ArrayList<>();
        int i = items;
        while (i < end) {
            if (t.word(i, "only")) {
                i++;
            }
            StringBuilder n = new StringBuilder();
            int j = t.relationName(i, n);
            if (j == i || t.punct(j, "(") || !sameRows(t, n.toString(), table)) {
                return null;
            }
            String alias = ownName(t, j);
            j = aliasIndex(t, j);
            if (isFromItemName(t, j)) {
                alias = t.get(j).value();
                j++;
            }
            if (t.punct(j, "(") || t.word(j, "tablesample")) {
                return null; // its columns renamed, or a sample of its rows
            }
            aliases.add(alias);
            if (t.word(j, "on")) {
                j = joinConditionEnd(t, j + 1, end);
            } else if (t.word(j, "using") && t.punct(j + 1, "(")) {
                j = t.close(j + 1) + 1;
            }
            if (j >= end) {
                break;
            }
            int k = t.punct(j, ",") ? j : t.word(j, "natural") ? j + 1 : j;
            if (!t.punct(k, ",")) {
                k = t.anyWord(k, "inner", "cross") ? k + 1 : k;
                if (!t.word(k, "join")) {
                    return null;
                }
            }
            i = k + 1;
        }
        return aliases.size() < 2 ? null : new Target(aliases.get(0), false, Set.copyOf(aliases.subList(1, aliases.size())), table);
    }

    private boolean isTarget(String qualifier) {
        return qualifier.equals(name) || selves.contains(qualifier);
    }

    /**
     * The target as a subquery's conditions see it: beside the subquery's own items (every unqualified name may be
     * theirs), their names ({@code hidden}) hiding the target's alias where they are the same.
     */
    Target inside(Set<String> hidden) {
        return inside(hidden, c -> false);
    }

    /** As {@link #inside(Set)}, {@code shadowed} telling the unqualified names the subquery's own items have. */
    Target inside(Set<String> hidden, java.util.function.Predicate<String> shadowed) {
        Set<String> kept = new HashSet<>(selves);
        kept.removeAll(hidden);
        // What the level outside shadows stays shadowed: a name no inner item has resolves there, never to the target.
        return new Target(name != null && hidden.contains(name) ? "\0hidden" : name, true, kept, table, derived,
                shadowed.or(this.shadowed), renamed, shownBy);
    }

    /** Whether the relation {@code relation} names may hold the target's rows (its table, a view of it...). */
    boolean rowsOfTable(Toks t, String relation) {
        return table != null && sameRows(t, relation, table);
    }

    /**
     * Whether t[from, to) names the target's row for certain: a column qualified by its name or alias ({@code t.id},
     * {@code t.*}) that no name in {@code hidden} (a subquery's own items) takes over.
     */
    boolean namesRow(Toks t, int from, int to, Set<String> hidden) {
        for (int i = from; i < to; i++) {
            int end = chainEnd(t, i);
            if (end == i) {
                continue;
            }
            String q = qualifier(t, i, end);
            if (q != null && !q.isEmpty() && !hidden.contains(q) && (name == null || isTarget(q))) {
                return true;
            }
            i = end - 1;
        }
        return false;
    }

    /**
     * Whether t[from, to) may read the target's row: a column of it (qualified by its name, or unqualified), the
     * whole row, or a subquery doing so. Function names, types and keywords are not columns.
     */
    boolean reads(Toks t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.punct(i, "(") && Queries.startsQuery(t, i + 1, Math.min(t.close(i), to))) {
                int c = Math.min(t.close(i), to);
                if (subqueryReads(t, i + 1, c)) {
                    return true;
                }
                i = c;
                continue;
            }
            int end = chainEnd(t, i);
            if (end == i) {
                continue;
            }
            String q = qualifier(t, i, end);
            // a function item's alias alone is its value (USING generate_series(1, 10) g WHERE t.id = g)
            boolean column = q == null && !derived.containsKey(t.get(i).value()) && unqualifiedColumn(t, i)
                    && !shadowed.test(t.get(i).value());
            if (q == null ? column : !q.isEmpty() && (name == null || isTarget(q))) {
                return true;
            }
            i = end - 1;
        }
        return false;
    }

    /**
     * A column reference's canonical form for comparing two sides: the target's columns qualified or not are one
     * ({@code t.id = id}) when no other item could own the unqualified one. Null when [from, to) is not one column.
     */
    String column(Toks t, int from, int to) {
        int end = chainEnd(t, from);
        if (end != to || end == from) {
            return null;
        }
        String q = qualifier(t, from, end);
        String col = t.get(end - 1).value();
        if (q == null && !unqualifiedColumn(t, from)) {
            return null;
        }
        if (q == null && shadowed.test(col)) {
            return col; // the subquery's own item's
        }
        if (q == null && !others || q != null && isTarget(q)) {
            return "\0target." + col;
        }
        return (q == null ? "" : q + ".") + col;
    }

    /** A subquery (its content t[from, to)) reads the target's row unless each name it uses is provably its own. */
    private boolean subqueryReads(Toks t, int from, int to) {
        SubqueryNames own = SubqueryNames.of(t, from, to);
        for (int i = from; i < to; i++) {
            if (own.items().contains(i)) {
                continue;
            }
            int end = chainEnd(t, i);
            if (end == i) {
                continue;
            }
            String q = qualifier(t, i, end);
            if (q == null) {
                if (unqualifiedColumn(t, i) && !(t.get(i).type() == Token.Type.IDENT && QUERY_WORDS.contains(t.w(i)))
                        && !own.columns().contains(t.get(i).value()) && !shadowed.test(t.get(i).value())
                        && !new OuterNames(t, this, new RowValues(t, this)).queryHas(from, to, t.get(i).value())) {
                    // a column of this subquery's items, or of the target's: no catalog says which (an item's column
                    // list does: the innermost level's columns hide the outer ones)
                    return true;
                }
            } else if (!q.isEmpty() && !own.names().contains(q) && (name == null || isTarget(q))) {
                return true;
            }
            i = end - 1;
        }
        return false;
    }

    /**
     * Whether t[from, to) is a column of the target's table that the catalog lists with a type holding no integers
     * ({@link Toks#notIntegers}).
     */
    boolean notIntegers(Toks t, int from, int to) {
        String column = column(t, from, to);
        return table != null && column != null && column.startsWith("\0target.")
                && t.notIntegers(table, column.substring("\0target.".length()));
    }

    /** Whether the key {@code key} (Conditions': "\0target.c" for the target's column c) is an integer column of its table. */
    boolean integers(Toks t, String key) {
        return table != null && key.startsWith("\0target.") && t.integers(table, key.substring("\0target.".length()));
    }

    /** The index after the name chain a.b.c starting at i (i itself when none starts there: not a name, or inside one). */
    static int chainEnd(Toks t, int i) {
        if (!t.isName(i) || t.punct(i - 1, ".")) {
            return i;
        }
        int k = i + 1;
        while (t.punct(k, ".") && t.isName(k + 1)) {
            k += 2;
        }
        return k;
    }

    /**
     * The FROM item a chain t[i, end) qualifies a column with ({@code s.t.c}: t), the chain itself for {@code q.*}, or
     * null for a single name. A chain followed by a bracket is a function call (no item): returns "".
     */
    private static String qualifier(Toks t, int i, int end) {
        if (t.punct(end, "(")) {
            return "";
        }
        if (t.punct(end, ".")) {
            return t.get(end - 1).value(); // q.*: the whole row of q
        }
        return end - i >= 3 ? t.get(end - 3).value() : null;
    }

    /** Whether the single name at i stands where a column may: not a keyword, function, type or typed literal's type. */
    private static boolean unqualifiedColumn(Toks t, int i) {
        Token x = t.get(i);
        return !(x.type() == Token.Type.IDENT && Conditions.CONSTANT_WORDS.contains(x.value()))
                && !t.punct(i + 1, "(")
                && !t.punct(i - 1, "::") && !t.word(i - 1, "as")
                && t.get(i + 1).type() != Token.Type.STRING;
    }
}
