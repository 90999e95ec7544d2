package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upstream's columns that a column rule names, by table oid and attribute number, read from pg_attribute
 * when a client connection starts. A RowDescription names the source of each plain column reference
 * whatever it is called in the result, so {@code SELECT salary AS x FROM emp} is still masked as salary.
 */
final class SourceColumns {
    static final SourceColumns NONE = new SourceColumns();
    /** Beyond this many ruled columns (a glob like "*") the rest go by result name only: memory stays bounded. */
    static final int MAX_COLUMNS = 100_000;

    /**
     * The last catalog read, shared by an endpoint's connections for a while: a pool opening many connections
     * pays for one lookup, and a table created since is seen after at most {@link #FRESH_NANOS}.
     */
    static final class Cache {
        static final long FRESH_NANOS = 30_000_000_000L;
        private SourceColumns last;
        private long readAt;
        /** Counts the schema changes hoop saw go through the endpoint's connections. */
        private long generation;

        synchronized SourceColumns fresh() {
            return last != null && System.nanoTime() - readAt < FRESH_NANOS ? last : null;
        }

        synchronized void put(SourceColumns read) {
            last = read;
            readAt = System.nanoTime();
        }

        synchronized long generation() {
            return generation;
        }

        /**
         * A statement that may have created or changed objects (CREATE, ALTER, DO, CALL) went through: reads made
         * before it may miss a view or function that spells out a ruled column, so they are stale from now on.
         */
        synchronized void changed() {
            generation++;
            last = null;
        }
    }

    /** The cache generation this read began in (see Cache.changed). */
    final long generation;
    /** pg_class's newest oid at the read: a relation with a larger one was created since, and is not known. */
    private long newestOid;

    SourceColumns() {
        this(0);
    }

    SourceColumns(long generation) {
        this.generation = generation;
    }

    private final Map<Long, String> names = new HashMap<>();
    /**
     * Relation oid to one of its ruled columns: a whole-row value of it ({@code SELECT c FROM customers c},
     * {@code RETURNING c}) is reported with that relation and column number 0, and carries every column.
     */
    private final Map<Long, String> ruledRelations = new HashMap<>();
    /** Relation name (lower case) to one of its ruled columns: whole-row references carry that column too. */
    private final Map<String, String> relations = new HashMap<>();

    /** The catalog query for these globs, or null when there is nothing to look up. */
    static String query(Set<String> globs) {
        if (globs.isEmpty()) return null;
        StringBuilder patterns = new StringBuilder();
        for (String g : globs) {
            if (!patterns.isEmpty()) patterns.append(", ");
            patterns.append(literal(likePattern(g)));
        }
        // Every relation kind (tables, views, matviews, foreign tables), system catalogs included; then, for the
        // views and matviews of user schemas, each output column's plain source (the resorigtbl/resorigcol their
        // rule keeps, what a RowDescription reports) and the columns the view reads, so a ruled column renamed or
        // computed on in a view is followed too (resolve()).
        String user = " AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)";
        // Functions whose bodies run SQL hoop never sees: those defined in the database's own schemas, in any
        // language but C and internal (those are the server's and extensions', which only a superuser installs),
        // and the built-in ones that run a query given as a string.
        StringBuilder runners = new StringBuilder();
        for (String f : RUNS_SQL_TEXT) runners.append(runners.isEmpty() ? "" : ", ").append(literal(f));
        String hiddenSql = "(p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)"
                + " AND p.prolang NOT IN (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname IN ('c', 'internal'))"
                + " OR p.proname IN (" + runners + "))";
        return "SELECT 'c', a.attrelid::int8::text, a.attnum::text, a.attname::text, c.relname::text FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE a.attnum > 0 AND NOT a.attisdropped"
                + " AND a.attname ILIKE ANY (ARRAY[" + patterns + "]::text[])"
                + " UNION ALL SELECT 't', r.ev_class::int8::text, m[1], m[2], m[3] FROM pg_catalog.pg_rewrite r"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class, regexp_matches(r.ev_action::text, "
                + literal(":resno (\\d+) :resname (?:[^ \\\\]|\\\\.)* :ressortgroupref \\d+ :resorigtbl (\\d+) :resorigcol (\\d+)")
                + ", 'g') m WHERE r.rulename = '_RETURN'" + user
                + " UNION ALL SELECT 'd', r.ev_class::int8::text, d.refobjid::int8::text, d.refobjsubid::text, c.relname::text"
                + " FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.rulename = '_RETURN' AND d.refclassid = 'pg_catalog.pg_class'::regclass"
                // A column's dependency has its number; a whole-row reference (c::text, row_to_json(c)) only the
                // relation's, like every relation the view lists: those count when its rule holds a whole-row Var.
                + " AND (d.refobjsubid > 0 OR r.ev_action::text LIKE '%:varattno 0 %') AND d.refobjid <> r.ev_class" + user
                // The names of views' columns: one passing a ruled column on is named like it (resolve()).
                + " UNION ALL SELECT 'a', a.attrelid::int8::text, a.attnum::text, a.attname::text, c.relname::text FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped" + user
                + " UNION ALL SELECT DISTINCT 'f', '0', '0', p.proname::text, '' FROM pg_catalog.pg_proc p WHERE " + hiddenSql
                // Tables that run such code when a statement touches them: triggers, rules (DO ALSO ...), and
                // defaults, generated columns and checks calling such a function (INSERT ... RETURNING).
                + " UNION ALL SELECT DISTINCT 'f', '0', '0', c.relname::text, '' FROM pg_catalog.pg_trigger t"
                + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal" + user
                + " UNION ALL SELECT DISTINCT 'f', '0', '0', c.relname::text, '' FROM pg_catalog.pg_rewrite r"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN'" + user
                + " UNION ALL SELECT DISTINCT 'f', '0', '0', c.relname::text, '' FROM pg_catalog.pg_depend d"
                + " JOIN pg_catalog.pg_proc p ON d.refclassid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.refobjid"
                + " LEFT JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND ad.oid = d.objid"
                + " LEFT JOIN pg_catalog.pg_constraint k ON d.classid = 'pg_catalog.pg_constraint'::regclass AND k.oid = d.objid"
                + " JOIN pg_catalog.pg_class c ON c.oid = coalesce(ad.adrelid, k.conrelid) WHERE " + hiddenSql + user
                // A view calling such a function may read any column (CREATE VIEW v AS SELECT f() AS x).
                + " UNION ALL SELECT DISTINCT 'u', r.ev_class::int8::text, '0', '-1', c.relname::text FROM pg_catalog.pg_depend d"
                + " JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_proc p ON p.oid = d.refobjid"
                + " WHERE r.rulename = '_RETURN' AND d.refclassid = 'pg_catalog.pg_proc'::regclass AND " + hiddenSql + user
                + " UNION ALL SELECT 's', a.attrelid::int8::text, a.attnum::text, a.attname::text, c.relname::text FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'pg_catalog'::regnamespace"
                + " AND (c.relname IN ('pg_stats', 'pg_stats_ext', 'pg_stats_ext_exprs')"
                + " AND a.attname IN ('most_common_vals', 'histogram_bounds', 'most_common_elems')"
                // Other sessions' statement texts, with the values they wrote as literals.
                + " OR c.relname = 'pg_stat_activity' AND a.attname = 'query')"
                + " OR c.relname = 'pg_stat_statements' AND a.attname = 'query'"
                + " UNION ALL SELECT 'm', max(oid)::int8::text, '0', '0', '' FROM pg_catalog.pg_class";
    }

    /** A glob as a LIKE pattern: '*' is '%', LIKE's own wildcards and escape are taken literally. */
    static String likePattern(String glob) {
        StringBuilder p = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> p.append('%');
                case '%', '_', '\\' -> p.append('\\').append(c);
                default -> p.append(c);
            }
        }
        return p.toString();
    }

    /** An escape-string literal, right whatever standard_conforming_strings is. */
    static String literal(String s) {
        return "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A view's output column: its number, and the table column it passes on as it is (0, 0 when computed). */
    private record ViewColumn(int resno, long table, int column) {}

    /** A table column a view reads. */
    private record Reads(long table, int column) {}

    private final Map<Long, List<ViewColumn>> viewColumns = new HashMap<>();
    private final Map<Long, List<Reads>> viewReads = new HashMap<>();
    private final Map<Long, String> viewNames = new HashMap<>();
    /** Views' columns (oid, number, name), until resolve() keeps the names of the ruled ones. */
    private final List<String[]> viewAttributes = new ArrayList<>();
    /** A ruled view column's name (lower case) to its rule: SELECT ascii(w) FROM v names it as w. */
    private final Map<String, String> viewColumnNames = new HashMap<>();
    /**
     * Names (lower case) of functions that run SQL not in the statement calling them, and of tables that run such a
     * function when a statement touches them (a trigger's, a default's).
     */
    private final Set<String> functions = new java.util.HashSet<>();
    /** pg_stats' sample values (most common values, histogram bounds) of every column, ruled ones included. */
    private final List<String[]> statsColumns = new ArrayList<>();

    /** One row of the catalog query's answer (text format). */
    void add(PgBackendMessage.DataRow r) {
        if (names.size() >= MAX_COLUMNS || r.size() != 5) return;
        for (int i = 0; i < 5; i++) if (r.length(i) < 0) return;
        long oid = Long.parseLong(text(r, 1));
        switch (text(r, 0)) {
            case "c" -> {
                String column = text(r, 3);
                names.put(key(oid, Integer.parseInt(text(r, 2))), column);
                ruledRelations.putIfAbsent(oid, column);
                relations.putIfAbsent(text(r, 4).toLowerCase(java.util.Locale.ROOT), column);
            }
            case "t" -> viewColumns.computeIfAbsent(oid, k -> new ArrayList<>())
                    .add(new ViewColumn(Integer.parseInt(text(r, 2)), Long.parseLong(text(r, 3)), Integer.parseInt(text(r, 4))));
            case "s" -> statsColumns.add(new String[] {text(r, 1), text(r, 2), text(r, 4)});
            case "m" -> newestOid = oid;
            case "a" -> {
                if (viewAttributes.size() < MAX_COLUMNS) viewAttributes.add(new String[] {text(r, 1), text(r, 2), text(r, 3)});
            }
            case "f" -> {
                if (functions.size() < MAX_COLUMNS) functions.add(text(r, 3).toLowerCase(java.util.Locale.ROOT));
            }
            case "d", "u" -> {
                viewReads.computeIfAbsent(oid, k -> new ArrayList<>()).add(new Reads(Long.parseLong(text(r, 2)), Integer.parseInt(text(r, 3))));
                viewNames.put(oid, text(r, 4));
            }
            default -> { }
        }
    }

    /**
     * After the catalog query: a view column that passes a ruled column on is ruled under its name; a computed
     * column of a view that reads a ruled column anywhere is ruled too (it may spell the value out), as hoop
     * does for computed columns of statements. Views of views follow, until nothing changes. A view's rule
     * also holds the target lists of its subqueries: a column number met twice is ruled if any entry says so.
     * Then pg_stats' sample values.
     */
    void resolve() {
        boolean changed = true;
        for (int round = 0; changed && round < 32; round++) {
            changed = false;
            for (var v : viewReads.entrySet()) {
                String read = null;
                for (Reads d : v.getValue()) {
                    read = ruled(d.table(), d.column());
                    if (read != null) break;
                }
                if (read == null) continue;
                relations.putIfAbsent(viewNames.get(v.getKey()).toLowerCase(java.util.Locale.ROOT), read);
                ruledRelations.putIfAbsent(v.getKey(), read);
                for (ViewColumn c : viewColumns.getOrDefault(v.getKey(), List.of())) {
                    long k = key(v.getKey(), c.resno());
                    if (names.containsKey(k) || names.size() >= MAX_COLUMNS) continue;
                    String rule = c.table() == 0 ? read : ruled(c.table(), c.column());
                    if (rule != null) {
                        names.put(k, rule);
                        changed = true;
                    }
                }
            }
        }
        for (String[] a : viewAttributes) {
            String rule = names.get(key(Long.parseLong(a[0]), Integer.parseInt(a[1])));
            if (rule != null) viewColumnNames.putIfAbsent(a[2].toLowerCase(java.util.Locale.ROOT), rule);
        }
        viewAttributes.clear();
        // Statistics keep sample values of each column without saying which in the result columns, and the
        // activity views other sessions' statements: with any column ruled, they are all masked (an over-mask
        // only their readers see).
        String any = anyColumn();
        for (String[] c : statsColumns) {
            if (any == null || names.size() >= MAX_COLUMNS) break;
            names.putIfAbsent(key(Long.parseLong(c[0]), Integer.parseInt(c[1])), any);
            ruledRelations.putIfAbsent(Long.parseLong(c[0]), any);
            relations.putIfAbsent(c[2], any);
        }
        statsColumns.clear();
        viewColumns.clear();
        viewReads.clear();
        viewNames.clear();
    }

    /** The rule-covered column a result column comes from, or null. Column 0 is a whole row of the relation. */
    String name(int tableOid, int attnum) {
        if (tableOid == 0 || names.isEmpty()) return null;
        long table = Integer.toUnsignedLong(tableOid);
        String rule = ruled(table, attnum);
        // Created after the read (a temporary view renaming a ruled column, say): unknown, so taken as ruled.
        return rule == null && newestOid > 0 && table > newestOid ? anyColumn() : rule;
    }

    private String ruled(long table, int column) {
        if (column == -1) return anyColumn();   // the view calls a function that may read anything
        return column == 0 ? ruledRelations.get(table) : names.get(key(table, column));
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile(
            "[Uu]&\"((?:[^\"]|\"\")+)\"|\"((?:[^\"]|\"\")+)\"|[\\p{L}_][\\p{L}\\p{N}_$]*");
    private static final java.util.regex.Pattern UESCAPE = java.util.regex.Pattern.compile("\\s*(?i:uescape)\\s*'(.)'");

    /**
     * The identifiers of a statement, quoted ones unquoted (Unicode-escaped ones, {@code U&"\0063ard"}, decoded
     * too). Words inside strings and comments are included: they only ever make more columns masked.
     */
    /**
     * The statement with its string literals and comments blanked: what is left are its own names, which an
     * error may quote back; a literal (a guessed value in {@code WHERE notes IN ('Bob', ...)}) must not count.
     * Escape strings ({@code E'\\''}) and dollar quotes are blanked as PostgreSQL reads them.
     */
    static String withoutLiterals(String sql) {
        StringBuilder b = new StringBuilder(sql);
        int n = sql.length();
        for (int i = 0; i < n; ) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
                end = i + 1;
                while (end < n) {
                    char x = sql.charAt(end);
                    if (escapes && x == '\\') end += 2;
                    else if (x == '\'' && end + 1 < n && sql.charAt(end + 1) == '\'') end += 2;
                    else if (x == '\'') break;
                    else end++;
                }
                end = Math.min(end + 1, n);
            } else if (c == '"') {
                int q = sql.indexOf('"', i + 1);
                while (q > 0 && q + 1 < n && sql.charAt(q + 1) == '"') q = sql.indexOf('"', q + 2);
                i = q < 0 ? n : q + 1;   // a quoted name stays
                continue;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                end = sql.indexOf('\n', i);
                if (end < 0) end = n;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                end = i;
                while (end < n) {
                    if (sql.startsWith("/*", end)) { depth++; end += 2; }
                    else if (sql.startsWith("*/", end)) { end += 2; if (--depth == 0) break; }
                    else end++;
                }
            } else if (c == '$' && DOLLAR_TAG.matcher(sql).region(i, n).lookingAt()
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                var tag = DOLLAR_TAG.matcher(sql).region(i, n);
                tag.lookingAt();
                int close = sql.indexOf(tag.group(), tag.end());
                end = close < 0 ? n : close + tag.group().length();
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) b.setCharAt(k, ' ');
            i = end;
        }
        return b.toString();
    }

    private static final java.util.regex.Pattern DOLLAR_TAG = java.util.regex.Pattern.compile("\\$([\\p{L}_][\\p{L}\\p{N}_]*)?\\$");

    static List<String> words(String sql) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(sql);
        while (m.find()) {
            if (m.group(1) != null) {
                var esc = UESCAPE.matcher(sql).region(m.end(), sql.length());
                char escape = esc.lookingAt() ? esc.group(1).charAt(0) : '\\';
                String raw = m.group(1).replace("\"\"", "\"");
                out.add(raw);
                out.add(unicodeUnescape(raw, escape));
            } else {
                out.add(m.group(2) != null ? m.group(2).replace("\"\"", "\"") : m.group());
            }
        }
        return out;
    }

    /** A U&"..." identifier's text: escape+XXXX and escape++XXXXXX are code points, escape+escape is itself. */
    static String unicodeUnescape(String s, char escape) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != escape || i + 1 >= s.length()) {
                b.append(c);
            } else if (s.charAt(i + 1) == escape) {
                b.append(escape);
                i++;
            } else {
                boolean plus = s.charAt(i + 1) == '+';
                int start = plus ? i + 2 : i + 1;
                int end = start + (plus ? 6 : 4);
                try {
                    b.appendCodePoint(Integer.parseInt(s.substring(start, Math.min(end, s.length())), 16));
                    i = end - 1;
                } catch (RuntimeException e) {
                    b.append(c);   // not an escape PostgreSQL accepts: the statement fails anyway
                }
            }
        }
        return b.toString();
    }

    /** Functions that run a query, or read a table, named by a string: query_to_xml('select na' || 'me ...'). */
    private static final Set<String> RUNS_SQL_TEXT = Set.of("query_to_xml", "query_to_xml_and_xmlschema", "cursor_to_xml",
            "table_to_xml", "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xml_and_xmlschema", "database_to_xml",
            "database_to_xml_and_xmlschema", "dblink", "dblink_exec", "dblink_send_query", "dblink_get_result", "dblink_fetch",
            "ts_stat", "ts_rewrite",
            // Not runners, but what they return is other sessions' SQL text (pg_stat_activity's query column).
            "pg_stat_get_activity", "pg_stat_statements");

    static boolean runsSqlText(String word) {
        return RUNS_SQL_TEXT.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Whether a word may call code that runs SQL the statement does not show: a built-in that runs a query given
     * as a string, a function of the database's own schemas ({@code SELECT f()} where f selects a ruled column),
     * or a table whose trigger, rule, default or check runs one ({@code INSERT INTO t ... RETURNING}).
     */
    boolean runsHiddenSql(String word) {
        return runsSqlText(word) || !functions.isEmpty() && functions.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    /** Any ruled column's name (for masking a value that may hold any of them), or null when none is known. */
    String anyColumn() {
        return names.isEmpty() ? null : names.values().iterator().next();
    }

    private static final java.util.regex.Pattern TOKEN =
            java.util.regex.Pattern.compile("\"((?:[^\"]|\"\")+)\"|[\\p{L}_][\\p{L}\\p{N}_$]*|\\S");
    /** Words after which a relation name or alias is being defined or listed, not used as a value. */
    private static final Set<String> DEFINES = Set.of("from", "join", "update", "into", "only", "table", ",", "as", "lateral", ".");
    /** Words that can follow a relation name where an alias could stand, and are not one. */
    private static final Set<String> NOT_ALIAS = Set.of("where", "join", "on", "using", "inner", "left", "right", "full", "cross",
            "natural", "group", "order", "limit", "offset", "having", "window", "union", "except", "intersect", "for",
            "fetch", "set", "returning", "values", "tablesample", "with", "default", "select", "as");

    /** Words that start a list of relations (FROM, JOIN, UPDATE t, INSERT INTO t, TABLE t, DELETE ... USING). */
    private static final Set<String> FROM_STARTS = Set.of("from", "join", "update", "into", "table", "using");
    /** Words that end such a list. */
    private static final Set<String> FROM_ENDS = Set.of("where", "on", "group", "order", "having", "limit", "offset", "set",
            "returning", "select", "window", "union", "intersect", "except", "values", "fetch", "for", "do", "conflict");

    /**
     * Whether a statement uses a whole row as a value ({@code c::text}, {@code row_to_json(c)},
     * {@code ascii(substr(c.*::text, 4, 1))}) rather than naming its columns ({@code c.amount}) or listing it
     * ({@code FROM customers c}): a row of one of these relations, or of a subquery or CTE of a statement
     * reading one ({@code FROM (SELECT * FROM customers) x}); or renames the columns of one by position
     * ({@code FROM customers c(a, x)}, {@code WITH q(a, b) AS (...)}). Such a row carries every column, so
     * anything computed from it, numbers too, may spell out a ruled one.
     */
    boolean wholeRowUse(List<String> texts) {
        if (relations.isEmpty()) return false;
        for (String sql : texts) {
            List<String> tokens = new ArrayList<>();
            var m = TOKEN.matcher(sql);
            while (m.find()) tokens.add((m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group()).toLowerCase(java.util.Locale.ROOT));
            int n = tokens.size();
            // Which tokens stand in a list of relations, bracket by bracket: a name there is listed, not used.
            boolean[] listed = new boolean[n];
            boolean[] closesListed = new boolean[n];   // a ")" whose "(" opened in such a list: (subquery) x, f(c) x
            java.util.ArrayDeque<Boolean> outer = new java.util.ArrayDeque<>();
            boolean from = false;
            for (int i = 0; i < n; i++) {
                String t = tokens.get(i);
                if (t.equals("(")) {
                    outer.push(from);
                    from = false;
                } else if (t.equals(")")) {
                    from = !outer.isEmpty() && outer.pop();
                    closesListed[i] = from;
                } else if (FROM_STARTS.contains(t)) {
                    from = true;
                } else if (FROM_ENDS.contains(t)) {
                    from = false;
                }
                listed[i] = from && i > 0 && DEFINES.contains(tokens.get(i - 1));
            }
            Set<String> rows = new java.util.HashSet<>();
            Set<Integer> definitions = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                String t = tokens.get(i);
                int alias = -1;   // where an alias may stand
                if (relations.containsKey(t)) {
                    rows.add(t);
                    alias = i + 1;
                } else if (closesListed[i]) {
                    alias = i + 1;
                } else if (t.equals("as") && i + 1 < n && Set.of("(", "materialized", "not").contains(tokens.get(i + 1))) {
                    // WITH x AS (...), WITH x (a, b) AS (...): a CTE's name is a row like a relation's.
                    int k = i - 1;
                    if (k >= 0 && tokens.get(k).equals(")")) {
                        for (int depth = 0; k >= 0; k--) {
                            if (tokens.get(k).equals(")")) depth++;
                            else if (tokens.get(k).equals("(") && --depth == 0) break;
                        }
                        k--;
                    }
                    if (k >= 0 && Character.isLetter(tokens.get(k).charAt(0))) {
                        rows.add(tokens.get(k));
                        definitions.add(k);
                        if (k + 1 < n && tokens.get(k + 1).equals("(")) return true;   // renames columns: see below
                    }
                }
                if (alias >= 0) {
                    int j = alias < n && tokens.get(alias).equals("as") ? alias + 1 : alias;
                    if (j < n && Character.isLetter(tokens.get(j).charAt(0)) && !NOT_ALIAS.contains(tokens.get(j))) {
                        rows.add(tokens.get(j));
                        definitions.add(j);
                        // customers c(a, x), (SELECT * ...) s(a, x): columns renamed by position, so x may be a ruled
                        // column under a name no rule knows. Like a whole row, it may carry one into any value.
                        if (j + 1 < n && tokens.get(j + 1).equals("(")) return true;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (!rows.contains(tokens.get(i)) || definitions.contains(i)) continue;
                boolean dot = i + 1 < n && tokens.get(i + 1).equals(".");
                boolean column = dot && !(i + 2 < n && tokens.get(i + 2).equals("*"));   // c.* is the whole row
                if (!column && !listed[i]) return true;
            }
        }
        return false;
    }

    /** The rule of a view column called {@code word} that passes a ruled column on or is computed from one, or null. */
    String viewColumn(String word) {
        return viewColumnNames.isEmpty() ? null : viewColumnNames.get(word.toLowerCase(java.util.Locale.ROOT));
    }

    /** A ruled column of a relation named in {@code words}, or null. */
    String ofRelationIn(Iterable<String> words) {
        if (relations.isEmpty()) return null;
        for (String w : words) {
            String column = relations.get(w.toLowerCase(java.util.Locale.ROOT));
            if (column != null) return column;
        }
        return null;
    }

    private static long key(long oid, int attnum) {
        return oid << 16 | (attnum & 0xFFFF);
    }

    private static String text(PgBackendMessage.DataRow r, int i) {
        return new String(r.body(), r.offset(i), r.length(i), StandardCharsets.UTF_8);
    }
}
