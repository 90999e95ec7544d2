package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upstream's columns that a column rule names, by table oid and attribute number, read when a client
 * connection starts (the answer to {@link CatalogQuery}) and followed through views. A RowDescription names
 * the source of each plain column reference whatever it is called in the result, so
 * {@code SELECT salary AS x FROM emp} is still masked as salary.
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

        /**
         * What the endpoints of one upstream database share: the count of schema changes hoop saw go through any of
         * their connections. Two connections of the gateway may lead to one database (a migrations connection allowing
         * CREATE FUNCTION, a read-only one refusing procedural code): a function made through the first was called
         * through the second as a read while the second's read was fresh. After such a change each endpoint's
         * connections read the catalog again (the names defined stay the endpoint's own: a name another endpoint's
         * connection defined and the server dropped since would be judged a routine's on every endpoint for good).
         */
        static final class Database {
            private long generation;
        }

        /** By upstream port and database name: two names of one host meet (localhost, 127.0.0.1); two hosts sharing a port and name only reread more. */
        private static final java.util.concurrent.ConcurrentHashMap<String, Database> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

        private final Database db;
        private SourceColumns last;
        private long readAt;
        private volatile Set<String> defined = Set.of();
        private volatile long staleBefore;

        /** A cache no other endpoint shares changes with. */
        Cache() {
            this(new Database());
        }

        private Cache(Database db) {
            this.db = db;
        }

        /** A cache for an endpoint of the upstream database at {@code port}/{@code database}: changes through any of them count for all. */
        static Cache of(int port, String database) {
            return new Cache(DATABASES.computeIfAbsent(port + "/" + database, k -> new Database()));
        }

        SourceColumns fresh() {
            synchronized (db) {
                return last != null && last.generation == db.generation && System.nanoTime() - readAt < FRESH_NANOS ? last : null;
            }
        }

        void put(SourceColumns read) {
            synchronized (db) {
                // A read that began before a schema change went through may have missed what it made: not shared.
                if (read.generation != db.generation) return;
                last = read;
                readAt = System.nanoTime();
            }
        }

        long generation() {
            synchronized (db) {
                return db.generation;
            }
        }

        /**
         * A statement that may have created or changed objects (CREATE, ALTER, DO, CALL) went through: reads made
         * before it may miss a view or function that spells out a ruled column, so they are stale from now on.
         */
        void changed() {
            synchronized (db) {
                db.generation++;
                last = null;
            }
        }

        /**
         * Routines defined through the endpoint's connections (CREATE FUNCTION, ALTER ... RENAME TO): connections
         * whose catalog read is older do not know them. Copied on write: judging reads it per statement.
         */
        void defined(java.util.Collection<String> names) {
            synchronized (db) {
                if (names.isEmpty() || defined.containsAll(names)) return;
                if (defined.size() + names.size() > MAX_COLUMNS) {
                    // Past the bound a routine would go unlisted, and a call of it judged a read: instead every read
                    // older than now stops counting (its connection judges each statement as a call) and the list restarts.
                    java.util.logging.Logger.getLogger(SourceColumns.class.getName()).warning("over " + MAX_COLUMNS
                            + " routines were defined through this endpoint since its connections read the catalog: those"
                            + " connections now judge every statement as calling a routine; new connections read it again");
                    changed();
                    staleBefore = db.generation;
                    defined = Set.of();
                }
                Set<String> more = new java.util.HashSet<>(defined);
                more.addAll(names);
                defined = Set.copyOf(more);
            }
        }

        Set<String> defined() {
            return defined;
        }

        /** Whether a read of {@code readGeneration} misses routines defined since, which {@link #defined()} dropped. */
        boolean stale(long readGeneration) {
            return readGeneration < staleBefore;
        }
    }

    /** The cache generation this read began in (see Cache.changed). */
    final long generation;
    /** pg_class's newest oid at the read: a relation with a larger one was created since, and is not known. */
    private long newestOid;
    /**
     * Oid spans (first, last) of relations created between two reads of this connection while code hoop did not see
     * statement by statement ran (a DO block, a CALL, a stored routine, an unknown statement let through): such code
     * may have filled them from a ruled column, so they stay unknown, masked as ruled. Inherited by each read again.
     */
    private List<long[]> unknownSpans = List.of();
    /** Past this many spans they are merged into one (more masked, never less). */
    private static final int MAX_SPANS = 64;

    SourceColumns() {
        this(0);
    }

    SourceColumns(long generation) {
        this.generation = generation;
    }

    private final Map<Long, String> names = new HashMap<>();
    /**
     * The keys of {@link #names} whose values are a ruled table column's own, as stored: the table's column, and a
     * view column passing one on as it is. Not a computed view column, a statistics sample or a whole row.
     */
    private final Set<Long> own = new java.util.HashSet<>();
    /**
     * Relation oid to one of its ruled columns: a whole-row value of it ({@code SELECT c FROM customers c},
     * {@code RETURNING c}) is reported with that relation and column number 0, and carries every column.
     */
    private final Map<Long, String> ruledRelations = new HashMap<>();
    /** Relation name (lower case) to one of its ruled columns: whole-row references carry that column too. */
    private final Map<String, String> relations = new HashMap<>();

    /** A view's output column: its number, and the table column it passes on as it is (0, 0 when computed). */
    private record ViewColumn(int resno, long table, int column) {}

    /** A table column a view reads. */
    private record Reads(long table, int column) {}

    private final Map<Long, List<ViewColumn>> viewColumns = new HashMap<>();
    private final Map<Long, List<Reads>> viewReads = new HashMap<>();
    private final Map<Long, String> viewNames = new HashMap<>();
    /** Views' columns (oid, number, name), until resolve() keeps the names of the ruled ones. */
    private final List<String[]> viewAttributes = new ArrayList<>();
    /** Types whose values hold a ruled column (a table's row type, a composite type with such a field, arrays of them). */
    private final Map<Long, String> types = new HashMap<>();

    /**
     * Relation name (lower case) to the relations a statement on it reaches beyond its text: a view's, inheritance
     * children and partitions ('e'), and on writes a rule's and tables whose foreign keys cascade or set null ('g').
     */
    private final Map<String, Set<String>> reached = new HashMap<>();
    private int reachedCount;
    /**
     * Those of reached whose triggers may change the very rows a write on the relation stores and returns: a child or
     * partition a row is routed to, a rule's. Not a table a foreign key cascades into, which changes other rows, later.
     */
    private final Map<String, Set<String>> rowsReached = new HashMap<>();

    /**
     * A ruled view or generated column's name (lower case) to its relations' oids and the rule of each: SELECT ascii(w)
     * FROM v names it as w. Keyed by relation too: a view's column called notes makes notes a ruled word only in a
     * statement naming that view, not in one on any other table with a notes column.
     */
    private final Map<String, Map<Long, String>> viewColumnNames = new HashMap<>();
    /** Names (lower case) of functions that run SQL not in the statement calling them. */
    private final Set<String> functions = new java.util.HashSet<>();
    /** Names (lower case) of tables that run such a function when a statement writes them (a trigger's, a default's). */
    private final Set<String> writeRunners = new java.util.HashSet<>();
    /** Those of writeRunners whose code may change the written rows, with the events it runs on (see changesWrittenRows). */
    private final Map<String, String> rowChangers = new HashMap<>();
    /**
     * The stored routines' names (lower case): calls of them are judged as procedural. Not bounded like the
     * others: a routine left out would be judged by its caller's kind.
     */
    private final Set<String> routines = new java.util.HashSet<>();
    /** Oids of the types whose conversion or cast runs a stored routine (a domain's check, a cast). */
    private final Set<Long> routineTypes = new java.util.HashSet<>();
    /** The newest type oid at the read: a type made since may run one as far as hoop knows. */
    private long newestType;

    /** The search_path a session starts with when its client names none (CatalogQuery.DEFAULT_SEARCH_PATH). */
    private String defaultSearchPath = DEFAULT_SEARCH_PATH;
    /** PostgreSQL's built-in default: what hoop assumes when it could not read the database's. */
    static final String DEFAULT_SEARCH_PATH = "\"$user\", public";

    String defaultSearchPath() {
        return defaultSearchPath;
    }

    /** The search_path of the session that made this read, as it was then; null when not read. */
    private String sessionSearchPath;

    /**
     * The search_path the session reading the catalog had (CatalogQuery: 'P'), null when not read: on a read again
     * after code hoop did not see, what that code may have set it to.
     */
    String sessionSearchPath() {
        return sessionSearchPath;
    }

    /**
     * The schema a search_path's "$user" names: the one called like the session's user, "" when there is none; null
     * when the catalog was not read (then hoop takes the user's name, as if there were one).
     */
    private String userSchema;

    String userSchema() {
        return this == NONE ? null : userSchema == null ? "" : userSchema;
    }

    /** Catalog columns holding the server's stored credentials: relation and column name. */
    private final List<String[]> credentialColumns = new ArrayList<>();

    /** pg_stats' sample values (most common values, histogram bounds) of every column, ruled ones included. */
    private final List<String[]> statsColumns = new ArrayList<>();

    /**
     * The words the grammar turns into a built-in type's name (a cast from oid to bool through a built-in with effects
     * runs wherever {@code ::boolean} is written): the type's word, or the first word of its name.
     */
    private static final Map<String, List<String>> TYPE_ALIASES = Map.ofEntries(Map.entry("bool", List.of("boolean")),
            Map.entry("int2", List.of("smallint")), Map.entry("int4", List.of("int", "integer")), Map.entry("int8", List.of("bigint")),
            Map.entry("float4", List.of("real", "float")), Map.entry("float8", List.of("double", "float")),
            Map.entry("numeric", List.of("decimal", "dec")), Map.entry("bpchar", List.of("char", "character")),
            Map.entry("varchar", List.of("character")), Map.entry("varbit", List.of("bit")),
            Map.entry("timestamptz", List.of("timestamp")), Map.entry("timetz", List.of("time")));

    /**
     * Tables holding a ruled column ("schema.name", lower case) to their oid; -1 for a name two tables share ("Customers"
     * and customers in one schema), which no COPY is planned by.
     */
    private final Map<String, Long> copyTables = new HashMap<>();
    /** Per such table, the columns a COPY of it sends, by number ('co'). */
    private final Map<Long, java.util.TreeMap<Integer, String>> copyOrder = new HashMap<>();
    private int copyColumnsListed;

    /**
     * The columns {@code COPY relation TO STDOUT} sends when it lists none, in order, for a table holding a ruled column;
     * null when no such table is known by that name, or a bare name is one in several schemas.
     */
    List<String> copyColumns(String relation) {
        if (copyColumnsListed > MAX_COLUMNS) return null;
        // As the server names it: the COPY's name comes folded as the server folds it (customers for Customers,
        // "Customers" kept), and customers and "Customers" are two tables, each with its own columns.
        String rel = relation;
        Long oid = copyTables.get(rel);
        if (oid == null && rel.indexOf('.') < 0) {
            for (var e : copyTables.entrySet()) {
                if (!e.getKey().endsWith("." + rel)) continue;
                if (oid != null) return null;
                oid = e.getValue();
            }
        }
        return oid == null || oid < 0 ? null : List.copyOf(copyOrder.get(oid).values());
    }

    /** How many relation columns ('ac') the read listed. */
    private int columnsListed;

    /** One row of the catalog query's answer (text format). */
    void add(PgBackendMessage.DataRow r) {
        if (r.size() != 5) return;
        for (int i = 0; i < 5; i++) if (r.length(i) < 0) return;
        long oid = Long.parseLong(text(r, 1));
        String kind = text(r, 0);
        // Past the bound, columns and what follows them through views are left out; never the routines, the tables
        // running hidden SQL or the newest oid read after them (too many ruled columns must not make a call a read).
        if (names.size() >= MAX_COLUMNS && List.of("c", "k", "t", "d", "u", "s").contains(kind)) return;
        switch (kind) {
            case "c" -> {
                String column = text(r, 3);
                names.put(key(oid, Integer.parseInt(text(r, 2))), column);
                own.add(key(oid, Integer.parseInt(text(r, 2))));
                relationNames.putIfAbsent(oid, text(r, 4).toLowerCase(java.util.Locale.ROOT));
                ruledRelations.putIfAbsent(oid, column);
                relations.putIfAbsent(text(r, 4).toLowerCase(java.util.Locale.ROOT), column);
            }
            // A table's column computed from a ruled one (a generated column): ruled, but not the ruled column's own values;
            // named in a statement (ascii(loud)), it stands for the ruled column as a view's computed column does.
            case "k" -> {
                names.putIfAbsent(key(oid, Integer.parseInt(text(r, 2))), text(r, 3));
                // Named like a rule, it was listed as a column ('c') too: its values are still computed, not stored ones.
                generated.add(key(oid, Integer.parseInt(text(r, 2))));
                computed(text(r, 4), oid);
                viewColumnName(text(r, 4), oid, text(r, 3));
            }
            case "co" -> {
                if (copyColumnsListed++ < MAX_COLUMNS) {
                    copyTables.merge(text(r, 4), oid, (had, now) -> had.equals(now) ? had : -1L);
                    copyOrder.computeIfAbsent(oid, k -> new java.util.TreeMap<>()).put(Integer.parseInt(text(r, 2)), text(r, 3));
                }
            }
            case "t" -> viewColumns.computeIfAbsent(oid, k -> new ArrayList<>())
                    .add(new ViewColumn(Integer.parseInt(text(r, 2)), Long.parseLong(text(r, 3)), Integer.parseInt(text(r, 4))));
            case "s" -> statsColumns.add(new String[] {text(r, 1), text(r, 2), text(r, 4), text(r, 3)});
            case "cr" -> credentialColumns.add(new String[] {text(r, 4), text(r, 3)});
            case "m" -> newestOid = oid;
            case "ps" -> presetSettings.add(text(r, 3));
            case "nt" -> fixedSettings.add(text(r, 3));
            case "kt" -> keepingTables.add(text(r, 3).toLowerCase(java.util.Locale.ROOT));
            case "sr" -> settingsReaders.add(text(r, 3).toLowerCase(java.util.Locale.ROOT));
            case "y" -> {
                if (types.size() < MAX_COLUMNS) types.put(oid, text(r, 3));
            }
            case "a" -> {
                if (viewAttributes.size() < MAX_COLUMNS) viewAttributes.add(new String[] {text(r, 1), text(r, 2), text(r, 3), text(r, 4)});
            }
            case "f" -> {
                if (functions.size() < MAX_COLUMNS) functions.add(text(r, 3).toLowerCase(java.util.Locale.ROOT));
            }
            case "fw", "fr" -> {
                String name = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                if (writeRunners.size() < MAX_COLUMNS) writeRunners.add(name);
                if (kind.equals("fr") && rowChangers.size() < MAX_COLUMNS) rowChangers.merge(name, text(r, 4), String::concat);
            }
            case "kp" -> {
                if (keepers.size() < MAX_COLUMNS) keepers.add(text(r, 3).toLowerCase(java.util.Locale.ROOT));
            }
            case "r" -> {
                String name = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                if (functions.size() < MAX_COLUMNS) functions.add(name);
                routines.add(name);
                if (!text(r, 4).equals("false")) takingValues.add(name);
            }
            // An operator whose code is a stored routine; a view, table or type whose use runs one (CatalogQuery.REACHING).
            case "o" -> {
                routines.add(text(r, 3));
                valueOperators.add(text(r, 3));   // an operator's operands are its routine's arguments
            }
            // A function whose call runs a built-in with effects under its own name (CatalogQuery.builtInAliases).
            case "al" -> routines.add(hoop.core.Command.runsBuiltIn(text(r, 3).toLowerCase(java.util.Locale.ROOT),
                    text(r, 4).toLowerCase(java.util.Locale.ROOT)));
            case "sv" -> routines.add(hoop.core.Command.guardedView(text(r, 3).toLowerCase(java.util.Locale.ROOT)));
            case "x" -> newestType = oid;
            case "w" -> routines.add(hoop.core.Command.written(text(r, 3).toLowerCase(java.util.Locale.ROOT)));
            case "lk" -> routines.add(hoop.core.Command.locking(text(r, 3).toLowerCase(java.util.Locale.ROOT)));
            case "e" -> {
                String from = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                routines.add(hoop.core.Command.reaches(from, null));
                for (String to : reachedNames(r)) routines.add(hoop.core.Command.reaches(from, to));
                reach(from, text(r, 4));
                reachRows(from, text(r, 4));
            }
            case "g", "gk" -> {
                String from = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                routines.add(hoop.core.Command.writes(from, null));
                for (String to : reachedNames(r)) routines.add(hoop.core.Command.writes(from, to));
                reach(from, text(r, 4));
                if (text(r, 0).equals("g")) reachRows(from, text(r, 4));
            }
            case "i" -> {
                String from = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                routines.add(hoop.core.Command.partOf(from, null));
                for (String to : reachedNames(r)) routines.add(hoop.core.Command.partOf(from, to));
            }
            case "j" -> {
                String from = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                routines.add(hoop.core.Command.dependedOn(from, null));
                for (String to : reachedNames(r)) routines.add(hoop.core.Command.dependedOn(from, to));
            }
            case "z" -> routines.add(hoop.core.Command.dependsOnSchema(text(r, 3).toLowerCase(java.util.Locale.ROOT),
                    text(r, 4).toLowerCase(java.util.Locale.ROOT)));
            case "l" -> {
                String name = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                routines.add(hoop.core.Command.located(name, text(r, 2).toLowerCase(java.util.Locale.ROOT) + "." + name));
            }
            case "h" -> {
                String from = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                routines.add(hoop.core.Command.referenced(from, null));
                for (String to : reachedNames(r)) routines.add(hoop.core.Command.referenced(from, to));
            }
            case "v" -> routines.add(hoop.core.Command.DDL_RUNS_ROUTINE);
            // Past the bound a relation's columns go unlisted: its names in a subquery may then be the outer row's.
            case "ac" -> {
                if (columnsListed++ < MAX_COLUMNS) {
                    relationColumns.computeIfAbsent(text(r, 3).toLowerCase(java.util.Locale.ROOT), k -> new java.util.HashSet<>()).add(text(r, 4));
                    String relation = (text(r, 2) + "." + text(r, 3)).toLowerCase(java.util.Locale.ROOT);
                    routines.add(hoop.core.Command.columnOf(relation, text(r, 4)));
                    routines.add(hoop.core.Command.columnTyped(relation, text(r, 4), oid));
                }
            }
            case "b" -> {
                if (domains.size() < MAX_COLUMNS) domains.put((int) oid, (int) Long.parseLong(text(r, 2)));
            }
            case "p" -> defaultSearchPath = text(r, 3);
            case "q" -> userSchema = text(r, 3);
            case "P" -> sessionSearchPath = text(r, 3);
            case "n" -> {
                if (oid != 0) routineTypes.add(oid);
                // A type whose conversion runs a routine (a domain's check, a cast's function) is handed the value
                // converted: notes::kdom, CAST(notes AS kt). A relation's row ('0') is the relation's own, not handed.
                if (oid != 0) takingValues.add(text(r, 3).toLowerCase(java.util.Locale.ROOT));
                String name = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                if (functions.size() < MAX_COLUMNS) functions.add(name);
                routines.add(hoop.core.Command.named(name));
            }
            // A built-in type cast to from another built-in one through a built-in with effects: written by its SQL
            // name as often (x::boolean is x::bool), and no table is named where the cast's source is.
            case "na" -> {
                String name = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                routines.add(hoop.core.Command.named(name));
                for (String alias : TYPE_ALIASES.getOrDefault(name, List.of())) routines.add(hoop.core.Command.named(alias));
            }
            // A cast whose function is a built-in with effects (CatalogQuery.effectCasts): naming a type it converts to
            // is judged as the built-in's call, and so is, as its context allows, any assignment or expression.
            case "ca" -> {
                String type = text(r, 3).toLowerCase(java.util.Locale.ROOT);
                String builtIn = text(r, 4).toLowerCase(java.util.Locale.ROOT);
                if (!type.isEmpty()) {
                    routines.add(hoop.core.Command.castsThrough(type, builtIn));
                    for (String alias : TYPE_ALIASES.getOrDefault(type, List.of())) routines.add(hoop.core.Command.castsThrough(alias, builtIn));
                }
                String context = text(r, 2);
                if (context.equals("a") || context.equals("i")) routines.add(hoop.core.Command.castsUnnamed(context.charAt(0), builtIn));
            }
            case "d", "u" -> {
                viewReads.computeIfAbsent(oid, k -> new ArrayList<>()).add(new Reads(Long.parseLong(text(r, 2)), Integer.parseInt(text(r, 3))));
                viewNames.put(oid, text(r, 4));
            }
            default -> { }
        }
    }

    /**
     * A catalog relation's column whose values what a statement computes from (or from a whole row holding it) is
     * masked as computed from a ruled column, under the label {@code any}. Catalog names are lower case.
     */
    private void computedAsRuled(String relation, String column, String any) {
        relations.putIfAbsent(relation, any);
        valueColumns.computeIfAbsent(relation.toLowerCase(java.util.Locale.ROOT), k -> new java.util.HashSet<>())
                .add(column.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * After the catalog query: a view column that passes a ruled column on is ruled under its name; a computed
     * column of a view that reads a ruled column anywhere is ruled too (it may spell the value out), as hoop
     * does for computed columns of statements. Views of views follow, until nothing changes. A view's rule
     * also holds the target lists of its subqueries: a column number met twice is ruled if any entry says so.
     */
    void resolve() {
        routinesView = hoop.core.Routines.of(routines);
        // Statistics keep sample values of each column without saying which in the result columns, and the
        // activity views other sessions' statements: with any column ruled, they are all masked (an over-mask
        // only their readers see). First, so a view over them (a monitoring schema's) is followed like any other.
        String any = anyColumn();
        for (String[] c : statsColumns) {
            if (any == null || names.size() >= MAX_COLUMNS) break;
            names.putIfAbsent(key(Long.parseLong(c[0]), Integer.parseInt(c[1])), any);
            ruledRelations.putIfAbsent(Long.parseLong(c[0]), any);
            computedAsRuled(c[2], c[3], any);
        }
        statsColumns.clear();
        // The server's stored credentials keep their detectors' masks as they are read; what a statement computes
        // from them, or from a whole row holding them, is masked as computed from a ruled column.
        for (String[] c : credentialColumns) {
            if (any == null) break;
            computedAsRuled(c[0], c[1], any);
        }
        credentialColumns.clear();
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
        ownThroughViews();
        for (String[] a : viewAttributes) {
            long k = key(Long.parseLong(a[0]), Integer.parseInt(a[1]));
            String rule = names.get(k);
            if (rule != null) {
                relationNames.putIfAbsent(Long.parseLong(a[0]), a[3].toLowerCase(java.util.Locale.ROOT));
                viewColumnName(a[2], Long.parseLong(a[0]), rule);
            }
            if (rule != null && !own.contains(k)) {
                computed(a[2], Long.parseLong(a[0]));
            }
        }
        viewAttributes.clear();
        viewColumns.clear();
        viewReads.clear();
        viewNames.clear();
    }

    /**
     * Which view columns show a ruled table column's own values: those passing one on as it is. A view column named
     * like a rule was listed as a column ('c') and taken as own, so a partial style showed the last characters of
     * whatever the view computed ({@code reverse(card) AS card_r}, {@code substr(card, 1, 8) AS card_head}): the
     * characters the view's author picked. A view's rule holds its subqueries' target lists too: a number is own only
     * when every entry of it passes an own column on. Generated columns compute their values as well.
     */
    private void ownThroughViews() {
        own.removeAll(generated);
        generated.clear();
        // Every column of a view or materialized view, one whose rule hoop could not read (no entry) too.
        for (String[] a : viewAttributes) own.remove(key(Long.parseLong(a[0]), Integer.parseInt(a[1])));
        for (var v : viewColumns.entrySet()) {
            for (ViewColumn c : v.getValue()) own.remove(key(v.getKey(), c.resno()));
        }
        boolean changed = true;
        for (int round = 0; changed && round < 32; round++) {
            changed = false;
            for (var v : viewColumns.entrySet()) {
                Map<Integer, Boolean> passes = new HashMap<>();
                for (ViewColumn c : v.getValue()) {
                    boolean passed = c.table() != 0 && own.contains(key(c.table(), c.column()));
                    passes.merge(c.resno(), passed, Boolean::logicalAnd);
                }
                for (var p : passes.entrySet()) {
                    long k = key(v.getKey(), p.getKey());
                    if (p.getValue() && names.containsKey(k) && own.add(k)) changed = true;
                }
            }
        }
    }

    /** View and generated columns computed from a ruled column: name (lower case) to their relations' oids. */
    private final Map<String, Set<Long>> computedColumns = new HashMap<>();
    /** Relation oid to its name (lower case), for the relations holding ruled or computed columns. */
    private final Map<Long, String> relationNames = new HashMap<>();

    private void computed(String column, long relation) {
        if (computedColumns.size() < MAX_COLUMNS) {
            computedColumns.computeIfAbsent(column.toLowerCase(java.util.Locale.ROOT), k -> new java.util.HashSet<>()).add(relation);
        }
    }

    /**
     * Whether a column of this name in a relation the words name holds values computed from a ruled column rather than
     * one's own (a view's {@code substr(card, 1, 8) AS card_head}): a copy of it is no copy of a column's own values.
     */
    boolean computedColumn(String name, List<String> words) {
        Set<Long> in = computedColumns.get(name.toLowerCase(java.util.Locale.ROOT));
        if (in == null) return false;
        for (long oid : in) {
            String relation = relationNames.get(oid);
            if (relation == null) return true;   // not known by name: it may be any the statement reads
            for (String w : words) if (w.equalsIgnoreCase(relation)) return true;
        }
        return false;
    }

    /** Generated columns computed from a ruled one ('k'): never a column's own values, whatever their name. */
    private final Set<Long> generated = new java.util.HashSet<>();

    /** Whether a relation is one this read cannot place: created since, or by code hoop did not see (unknownSpans). */
    private boolean unknownRelation(long table) {
        if (newestOid > 0 && table > newestOid) return true;
        for (long[] span : unknownSpans) if (table >= span[0] && table <= span[1]) return true;
        return false;
    }

    /**
     * A read again on a connection that read before. Relations made since by statements hoop judged one by one are
     * known from now on: a statement that would fill one from a ruled column (CREATE TABLE t AS SELECT name ..., INSERT
     * INTO t SELECT name ...) was refused (StoredCopies), and a view or materialized view passing one on is read from
     * the catalog. unseenBetween: code hoop did not see ran since that read; the relations made meanwhile stay unknown,
     * masked as ruled, for this connection's life (as do those the earlier read could not place).
     */
    void newerThan(SourceColumns earlier, boolean unseenBetween) {
        List<long[]> spans = new ArrayList<>(earlier.unknownSpans);
        if (unseenBetween && earlier.newestOid > 0) {
            // Without a bound of its own this read knows nothing newer than the earlier one.
            if (newestOid == 0) newestOid = earlier.newestOid;
            else if (earlier.newestOid < newestOid) spans.add(new long[] {earlier.newestOid + 1, newestOid});
        }
        if (spans.size() > MAX_SPANS) {
            long lo = Long.MAX_VALUE, hi = 0;
            for (long[] sp : spans) {
                lo = Math.min(lo, sp[0]);
                hi = Math.max(hi, sp[1]);
            }
            spans = List.of(new long[] {lo, hi});
        }
        unknownSpans = List.copyOf(spans);
    }

    /** Domain oid to the type it is over (maybe a domain too). */
    private final Map<Integer, Integer> domains = new HashMap<>();

    /** The type a domain is over, at any depth; any other type is itself. */
    int baseType(int typeOid) {
        if (domains.isEmpty()) return typeOid;
        int t = typeOid;
        for (int depth = 0; depth < 32; depth++) {
            Integer base = domains.get(t);
            if (base == null) return t;
            t = base;
        }
        return t;
    }

    /** The rule-covered column a result column comes from, or null. Column 0 is a whole row of the relation. */
    String name(int tableOid, int attnum) {
        if (tableOid == 0 || names.isEmpty()) return null;
        long table = Integer.toUnsignedLong(tableOid);
        String rule = ruled(table, attnum);
        // Created after the read (a temporary view renaming a ruled column, say): unknown, so taken as ruled.
        return rule == null && unknownRelation(table) ? anyColumn() : rule;
    }

    /**
     * The ruled column whose own values, as stored, a result column from this source shows (a table's column, a view's
     * passing one on as it is), or null: not one computed from it, a whole row, a relation made since the read.
     */
    String ownColumn(int tableOid, int attnum) {
        if (tableOid == 0 || attnum <= 0) return null;
        long k = key(Integer.toUnsignedLong(tableOid), attnum);
        return own.contains(k) ? names.get(k) : null;
    }

    /**
     * Whether a column of {@code relation} (as written: schema.name, or a bare name, then in any schema) named in
     * {@code columns} is of a type holding a ruled column (customers' row type, a composite with an email field), or
     * the read left relations' columns out and cannot tell.
     */
    boolean typedAsRuled(String relation, java.util.Collection<String> columns) {
        if (columnsListed > MAX_COLUMNS) return true;
        if (types.isEmpty()) return false;
        String rel = relation.toLowerCase(java.util.Locale.ROOT);
        String head = hoop.core.Command.columnOf("", "");
        String prefix = head.substring(0, head.length() - 1);
        for (String e : routines) {
            if (!e.startsWith(prefix)) continue;
            String[] parts = e.substring(prefix.length()).split("\0", -1);
            if (parts.length != 3 || !columns.contains(parts[1])) continue;
            if (!parts[0].equals(rel) && !(rel.indexOf('.') < 0 && parts[0].endsWith("." + rel))) continue;
            if (types.containsKey(Long.parseLong(parts[2]))) return true;
        }
        return false;
    }

    /** The ruled column a value of this type holds (a column of type customers, or of a type with an email field), or null. */
    String ofType(int typeOid) {
        return types.isEmpty() ? null : types.get(Integer.toUnsignedLong(typeOid));
    }

    private String ruled(long table, int column) {
        if (column == -1) return anyColumn();   // the view calls a function that may read anything
        return column == 0 ? ruledRelations.get(table) : names.get(key(table, column));
    }

    /**
     * Whether a word may call code that runs SQL the statement does not show: a built-in that runs a query given
     * as a string, a function of the database's own schemas ({@code SELECT f()} where f selects a ruled column),
     * or a table whose trigger, rule, default or check runs one ({@code INSERT INTO t ... RETURNING}).
     */
    private volatile Set<String> routinesView = java.util.Collections.unmodifiableSet(routines);

    /**
     * The stored routines this read found (lower case); callers only read it. The same set each time once the read
     * is resolved (see PgClientHandler.stale), and then one that finds its pairs without a walk (hoop.core.Routines).
     */
    Set<String> routines() {
        return routinesView;
    }

    /**
     * Whether converting a parameter to the type a Parse declared for it may run a stored routine: a type the read
     * found doing so, or one made after it. Built-in types (below 16384) never do.
     */
    boolean typeRunsRoutine(int typeOid) {
        long t = Integer.toUnsignedLong(typeOid);
        return t >= FIRST_NORMAL_OID && (routineTypes.contains(t) || newestType > 0 && t > newestType);
    }

    private static final long FIRST_NORMAL_OID = 16384;

    /**
     * Stored routines (lower case) some overload of which takes arguments. Not bounded, as {@link #routines} is not:
     * one left out would take a value it is handed unseen.
     */
    private final Set<String> takingValues = new java.util.HashSet<>();

    /**
     * Whether a word may call a stored routine that takes arguments: its body may keep what a call hands it (INSERT
     * it into a table, set_config, setval, an advisory lock) where a later statement reads it back with no trace of
     * the column it came from ({@code SELECT keep(notes) FROM customers}, then {@code SELECT msg FROM log}).
     */
    boolean takesValues(String word) {
        return !takingValues.isEmpty() && takingValues.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether no stored routine takes arguments and no operator runs one: a statement can hand a value to none. */
    boolean takesNoValues() {
        return takingValues.isEmpty() && valueOperators.isEmpty();
    }

    /** Operators (their symbols) whose code is a stored routine: {@code notes ### 'x'} hands notes to it. */
    private final Set<String> valueOperators = new java.util.HashSet<>();

    /** The first operator in {@code code} whose code is a stored routine, or null (a literal's text may match: more refused, never less). */
    String valueOperatorIn(String code) {
        for (String op : valueOperators) if (code.contains(op)) return op;
        return null;
    }

    /**
     * The settings the role or database gives this session (pg_db_role_setting) that may hold free text, which code may
     * have set to a ruled value (CatalogQuery.SETTINGS), lower case.
     */
    private final Set<String> presetSettings = new java.util.HashSet<>();
    /** The settings whose type holds no text (bool, number, enum), lower case: none when the catalog was not read. */
    private final Set<String> fixedSettings = new java.util.HashSet<>();
    /** Views and functions of the database's own that read settings, lower case. */
    private final Set<String> settingsReaders = new java.util.HashSet<>();

    boolean presetSettings() {
        return !presetSettings.isEmpty();
    }

    /** Whether the role or database gives this session the setting, with a value that may be free text. */
    boolean presetFreeText(String setting) {
        return presetSettings.contains(setting);
    }

    /** Whether code may have set the setting to free text: unless its type holds none (fail closed when unknown). */
    boolean mayHoldText(String setting) {
        return !fixedSettings.contains(setting);
    }

    Set<String> settingsReaders() {
        return settingsReaders;
    }

    /** Stored routines whose own bodies may keep a ruled column's value somewhere a later statement reads it (CatalogQuery.keepingRoutines). */
    private final Set<String> keepers = new java.util.HashSet<>();

    /** Whether the catalog read lists any stored routine whose body may keep a ruled value. */
    boolean anyKeepers() {
        return !keepers.isEmpty() || !keepingTables.isEmpty();
    }

    /** Tables a write into runs code of the database's own that copies a ruled value (CatalogQuery: 'kt'). */
    private final Set<String> keepingTables = new java.util.HashSet<>();

    /** The first of words naming a table whose triggers or rules copy a ruled value when it is written, or null. */
    String keepingTableIn(List<String> words) {
        if (keepingTables.isEmpty()) return null;
        for (String w : words) if (keepingTables.contains(w.toLowerCase(java.util.Locale.ROOT))) return w;
        return null;
    }

    /** The first of words naming a stored routine whose body may keep a ruled value, or null. */
    String keeperIn(List<String> words) {
        if (keepers.isEmpty()) return null;
        for (String w : words) if (keepers.contains(w.toLowerCase(java.util.Locale.ROOT))) return w;
        return null;
    }

    /** Whether naming word may run SQL hoop does not see: a function's, or a table's when the statement writes it. */
    boolean runsHiddenSql(String word) {
        return runsHiddenSqlRead(word) || runsHiddenSqlWritten(word);
    }

    /** A function running SQL hoop does not see (as the catalog read knows them, and built-ins running SQL text). */
    boolean runsHiddenSqlRead(String word) {
        return CatalogQuery.runsSqlText(word) || !functions.isEmpty() && functions.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    /** A table whose triggers, rules, defaults or checks run SQL hoop does not see when a statement writes it. */
    boolean runsHiddenSqlWritten(String word) {
        return !writeRunners.isEmpty() && writeRunners.contains(word.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A table whose BEFORE or INSTEAD OF triggers, rules, defaults or generated columns run SQL hoop does not see on
     * one of events ('i' insert, 'u' update): it may change the rows such a write stores and returns. Past the bound
     * (tables unlisted) any table that runs code when written counts.
     */
    boolean changesWrittenRows(String word, String events) {
        if (writeRunners.isEmpty()) return false;
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        if (rowChangers.size() >= MAX_COLUMNS || writeRunners.size() >= MAX_COLUMNS) return writeRunners.contains(lower);
        String on = rowChangers.get(lower);
        if (on == null) return false;
        for (int i = 0; i < events.length(); i++) if (on.indexOf(events.charAt(i)) >= 0) return true;
        return false;
    }

    /**
     * The relation a reach row ('e', 'g', 'i', 'j', 'h') names (lower case): by name alone, as the catalog's other rows name relations, and with
     * its schema where the row gives one ('0' where not), which a rule on "billing.*" meets without the search_path.
     */
    private static List<String> reachedNames(PgBackendMessage.DataRow r) {
        String to = text(r, 4).toLowerCase(java.util.Locale.ROOT);
        String schema = text(r, 2);
        return schema.equals("0") ? List.of(to) : List.of(to, schema.toLowerCase(java.util.Locale.ROOT) + "." + to);
    }

    private void reach(String from, String to) {
        // Past the bound a reached table goes unlisted: its errors are then masked only by what the statement names.
        if (reachedCount >= MAX_COLUMNS) return;
        if (reached.computeIfAbsent(from, k -> new java.util.HashSet<>(2)).add(to.toLowerCase(java.util.Locale.ROOT))) reachedCount++;
    }

    private void reachRows(String from, String to) {
        if (reachedCount >= MAX_COLUMNS) return;   // as reach: unlisted past the bound (withRowsReached then follows reached)
        rowsReached.computeIfAbsent(from, k -> new java.util.HashSet<>(2)).add(to.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * words, and the names of the relations their relations reach at any depth (see {@link #reached}): a cascade's or
     * a child's row is quoted in the error of a statement naming only its parent (Failing row contains (null, Bob)),
     * and their triggers run code on it.
     */
    List<String> withReached(List<String> words) {
        return withReached(words, reached);
    }

    /** words, and the relations whose triggers may change the rows a write on theirs returns (see {@link #rowsReached}). */
    List<String> withRowsReached(List<String> words) {
        return withReached(words, reachedCount >= MAX_COLUMNS ? reached : rowsReached);
    }

    private static List<String> withReached(List<String> words, Map<String, Set<String>> reached) {
        if (reached.isEmpty()) return words;
        List<String> out = new ArrayList<>(words);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < out.size() && out.size() < MAX_COLUMNS; i++) {
            Set<String> next = reached.get(out.get(i).toLowerCase(java.util.Locale.ROOT));
            if (next == null) continue;
            for (String n : next) if (seen.add(n)) out.add(n);
        }
        return out;
    }

    /** Any ruled column's name (for masking a value that may hold any of them), or null when none is known. */
    String anyColumn() {
        return names.isEmpty() ? null : names.values().iterator().next();
    }

    /**
     * A ruled column's name for a value that may hold any of them: one the catalog read found, else the first of the
     * connection's rules (callers have made sure there is one).
     */
    String anyRuled(java.util.Set<String> ruleGlobs) {
        String any = anyColumn();
        return any != null ? any : ruleGlobs.iterator().next();
    }

    /** Words after which a relation name or alias is being defined or listed, not used as a value. */
    private static final Set<String> DEFINES = Set.of("from", "join", "update", "into", "only", "table", ",", "as", "lateral", ".");
    /** Words that can follow a relation name where an alias could stand, and are not one. */
    private static final Set<String> NOT_ALIAS = Set.of("where", "join", "on", "using", "inner", "left", "right", "full", "cross",
            "natural", "group", "order", "limit", "offset", "having", "window", "union", "except", "intersect", "for",
            "fetch", "set", "returning", "values", "tablesample", "with", "default", "select", "as");

    /** Keywords in NOT_ALIAS that PostgreSQL takes as a bare alias all the same, but after a written table. */
    private static final Set<String> BARE_ALIAS_KEYWORDS = Set.of("set", "values");

    /**
     * Whether the relation named at {@code i} (schema-qualified or not) is what an UPDATE, INSERT or MERGE writes: SET or
     * VALUES after it is that write's clause, not an alias.
     */
    private static boolean writeTarget(List<String> tokens, int i) {
        int k = i - 1;
        while (k >= 1 && tokens.get(k).equals(".")) k -= 2;
        while (k >= 0 && tokens.get(k).equals("only")) k--;
        return k >= 0 && (tokens.get(k).equals("update") || tokens.get(k).equals("into"));
    }

    /** Words that start a list of relations (FROM, JOIN, UPDATE t, INSERT INTO t, TABLE t, DELETE ... USING). */
    private static final Set<String> FROM_STARTS = Set.of("from", "join", "update", "into", "table", "using");
    /**
     * Words that open a query or write at their bracket level: only after one there do FROM and USING start a list of
     * relations. Inside a call they are the call's own syntax ({@code trim(from c::text)}, {@code extract(year from x)},
     * {@code ORDER BY x USING <}), and a row named after them is a value: read as listed, {@code trim(from c::text)}
     * spelled out a whole customers row through numbers.
     */
    private static final Set<String> QUERY_STARTS = Set.of("select", "delete", "update", "merge", "join", "insert", "copy");
    /** Words that end such a list. */
    private static final Set<String> FROM_ENDS = Set.of("where", "on", "group", "order", "having", "limit", "offset", "set",
            "returning", "select", "window", "union", "intersect", "except", "values", "fetch", "for", "do", "conflict");

    /**
     * Whether a statement uses a whole row as a value ({@code c::text}, {@code row_to_json(c)},
     * {@code ascii(substr(c.*::text, 4, 1))}) rather than naming its columns ({@code c.amount}) or listing it
     * ({@code FROM customers c}): a row of one of these relations, or of a subquery or CTE of a statement
     * reading one ({@code FROM (SELECT * FROM customers) x}); or renames the columns of one by position
     * ({@code FROM customers c(a, x)}, {@code WITH q(a, b) AS (...)}). Such a row carries every column, so
     * anything computed from it, numbers too, may spell out a ruled one. So does a column list the statement
     * never spells out ({@code *}, {@code TABLE t}) that meets a set operation or a NATURAL join: PostgreSQL
     * reports no source for the columns of {@code SELECT 0 AS z UNION ALL TABLE t} or the merged ones of
     * {@code t NATURAL FULL JOIN t u}, and they carry the relation's columns under other names or none.
     */
    boolean wholeRowUse(List<String> texts) {
        if (relations.isEmpty()) return false;
        for (String sql : texts) {
            // Read as the server reads it: a comment between an alias and its column list (c/**/(a, x)) or a
            // Unicode-escaped spelling of the alias (U&"\0063"::text) hid a whole row's use from raw text.
            // A quoted name is no keyword ("where", "(" are names: FROM customers AS "where"); it is compared by name.
            List<String> tokens = StatementWords.syntax(sql);
            int n = tokens.size();
            if (implicitColumnsLoseSource(tokens)) return true;
            // Which tokens stand in a list of relations, bracket by bracket: a name there is listed, not used.
            boolean[] listed = new boolean[n];
            boolean[] closesListed = new boolean[n];   // a ")" whose "(" opened in such a list: (subquery) x, f(c) x
            int[] opener = new int[n];                 // for a ")", where its "(" stands
            java.util.ArrayDeque<Boolean> outer = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Integer> opens = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Boolean> outerQuery = new java.util.ArrayDeque<>();
            boolean from = false;
            boolean query = false;   // a QUERY_STARTS word stood at this bracket level
            for (int i = 0; i < n; i++) {
                String t = tokens.get(i);
                if (t.equals("(")) {
                    outer.push(from);
                    outerQuery.push(query);
                    opens.push(i);
                    from = false;
                    query = false;
                } else if (t.equals(")")) {
                    from = !outer.isEmpty() && outer.pop();
                    query = !outerQuery.isEmpty() && outerQuery.pop();
                    opener[i] = opens.isEmpty() ? -1 : opens.pop();
                    closesListed[i] = from;
                } else if (t.equals(";")) {
                    from = false;
                    query = false;
                } else if ((t.equals("from") || t.equals("using")) && (!query || distinctFrom(tokens, i))) {
                    // a call's FROM (trim, extract, substring) or IS [NOT] DISTINCT FROM: what follows is a value
                    from = false;
                } else if (FROM_STARTS.contains(t)) {
                    from = true;
                } else if (FROM_ENDS.contains(t)) {
                    from = false;
                }
                query |= QUERY_STARTS.contains(t);
                listed[i] = from && i > 0 && DEFINES.contains(tokens.get(i - 1));
            }
            Set<String> rows = new java.util.HashSet<>();
            Set<Integer> definitions = new java.util.HashSet<>();
            Map<String, String> relationOf = new HashMap<>();   // a ruled relation's name or alias: the relation
            for (int i = 0; i < n; i++) {
                String t = StatementWords.name(tokens.get(i));
                int alias = -1;   // where an alias may stand
                boolean target = false;   // UPDATE t SET, INSERT INTO t VALUES: those words follow a written table
                if (StatementWords.isName(tokens.get(i)) && (relations.containsKey(t) || listed[i] && rows.contains(t))) {
                    // A relation's name, or a CTE's listed in FROM: its alias is a row too (WITH q AS (SELECT * FROM t)
                    // ... FROM q z(a, x) renamed q's columns by position; z::text is q's whole row).
                    rows.add(t);
                    if (relations.containsKey(t)) relationOf.put(t, t);
                    // t * is t with its inheritance children (the old spelling of what is now the default): the
                    // alias follows the star (customers * AS c(a, x)).
                    alias = i + 1 < n && tokens.get(i + 1).equals("*") && listed[i] ? i + 2 : i + 1;
                    target = writeTarget(tokens, i);
                } else if (closesListed[i]) {
                    // A built-in's call over constants (generate_series(1, 3) g) gives rows that hold no column's value.
                    alias = constantCall(tokens, opener[i], i) ? -1 : i + 1;
                    // INSERT INTO t (a, b) VALUES: a column list, not a subquery, closed there.
                    target = opener[i] > 0 && writeTarget(tokens, opener[i] - 1);
                } else if (tokens.get(i).equals("as") && i + 1 < n && Set.of("(", "materialized", "not").contains(tokens.get(i + 1))) {
                    // WITH x AS (...), WITH x (a, b) AS (...): a CTE's name is a row like a relation's.
                    int k = i - 1;
                    if (k >= 0 && tokens.get(k).equals(")")) {
                        for (int depth = 0; k >= 0; k--) {
                            if (tokens.get(k).equals(")")) depth++;
                            else if (tokens.get(k).equals("(") && --depth == 0) break;
                        }
                        k--;
                    }
                    if (k >= 0 && StatementWords.isName(tokens.get(k))) {
                        rows.add(StatementWords.name(tokens.get(k)));
                        definitions.add(k);
                        if (k + 1 < n && tokens.get(k + 1).equals("(")) return true;   // renames columns: see below
                    }
                }
                if (alias >= 0) {
                    boolean as = alias < n && tokens.get(alias).equals("as");
                    int j = as ? alias + 1 : alias;
                    // After AS any name is the alias (AS "where", AS set); a bare one is no keyword that may follow a
                    // relation, but SET and VALUES are aliases where no write's clause can stand (FROM t set(a, x)).
                    if (j < n && StatementWords.isName(tokens.get(j)) && (as || tokens.get(j).startsWith("\"")
                            || !NOT_ALIAS.contains(tokens.get(j)) || !target && BARE_ALIAS_KEYWORDS.contains(tokens.get(j)))) {
                        rows.add(StatementWords.name(tokens.get(j)));
                        definitions.add(j);
                        if (relations.containsKey(t) && StatementWords.isName(tokens.get(i))) relationOf.put(StatementWords.name(tokens.get(j)), t);
                        // customers c(a, x), (SELECT * ...) s(a, x): columns renamed by position, so x may be a ruled
                        // column under a name no rule knows. Like a whole row, it may carry one into any value.
                        if (j + 1 < n && tokens.get(j + 1).equals("(")) return true;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (!StatementWords.isName(tokens.get(i)) || !rows.contains(StatementWords.name(tokens.get(i))) || definitions.contains(i)) continue;
                boolean dot = i + 1 < n && tokens.get(i + 1).equals(".");
                // c.* is the whole row, and so is c.f for a function f of one row-taking argument: PostgreSQL reads
                // c.to_jsonb as to_jsonb(c) (attribute notation), so c.to_jsonb, c.record_out, c.json_agg spelled out
                // the whole row under a name that looked like a column.
                boolean column = dot && !(i + 2 < n && (tokens.get(i + 2).equals("*")
                        || ROW_FUNCTIONS.contains(StatementWords.name(tokens.get(i + 2))) || tokens.get(i + 2).endsWith("_out")
                        || notAColumn(relationOf.get(StatementWords.name(tokens.get(i))), tokens.get(i + 2))
                        || !relationOf.containsKey(StatementWords.name(tokens.get(i))) && unnamedOutput(tokens, i + 2)));
                if (!column && !listed[i]) return true;
            }
        }
        return false;
    }

    /** Words before a bracket in a FROM list that call nothing (LATERAL (...), ROWS FROM (...), JOIN ... USING (...)). */
    private static final Set<String> NOT_CALLS_IN_FROM = Set.of("lateral", "from", "join", "on", "using", "as", "only", "tablesample");

    /**
     * Whether the bracket from {@code open} to {@code close} in a FROM list is a built-in's call whose arguments are
     * constants (literals, numbers, casts to a type): unnest('{a,b}'::text[]) x. A routine of the database's own, or one
     * running SQL text, may return anything; an argument naming anything (a column, a LATERAL reference) may carry it.
     */
    private boolean constantCall(List<String> tokens, int open, int close) {
        if (open < 1 || !StatementWords.isName(tokens.get(open - 1))) return false;
        String fn = StatementWords.name(tokens.get(open - 1));
        if (NOT_CALLS_IN_FROM.contains(fn) || routines.contains(fn) || runsHiddenSqlRead(fn)) return false;
        for (int k = open + 1; k < close; k++) {
            boolean typeName = k >= 2 && tokens.get(k - 1).equals(":") && tokens.get(k - 2).equals(":");
            if (StatementWords.isName(tokens.get(k)) && !typeName) return false;
        }
        return true;
    }

    /** Relation name (lower case) to its columns' names as the catalog lists them ('ac' rows, any schema). */
    private final Map<String, Set<String>> relationColumns = new HashMap<>();

    /** The system columns every table has: c.ctid is no call. */
    private static final Set<String> SYSTEM_COLUMNS = Set.of("ctid", "xmin", "xmax", "cmin", "cmax", "tableoid");

    /**
     * Whether {@code token} after {@code relation}'s alias and a dot names none of its columns: PostgreSQL then reads
     * c.f as f(c), the whole row handed to a routine. A routine of the database's own made since the catalog read
     * (CREATE FUNCTION dump(customers) ... by another client) is known by no list: c.dump gave ascii(split_part(c.dump,
     * ',', 3)) = 97, the email's first letter. Unknown when the relation's columns went unlisted (past the bound).
     */
    private boolean notAColumn(String relation, String token) {
        if (relation == null || !StatementWords.isName(token) || columnsListed > MAX_COLUMNS) return false;
        Set<String> columns = relationColumns.get(relation);
        String name = StatementWords.name(token);
        return columns != null && !columns.contains(name) && !SYSTEM_COLUMNS.contains(name);
    }

    /**
     * Whether the name at {@code at}, after a subquery's or CTE's alias and a dot, is no column the statement could
     * have given that row: it stands nowhere else but after a dot, and is no column of a relation the statement
     * names. Then s.f is f(s), the whole row handed to a routine made since the catalog read: (SELECT * FROM
     * customers) s, then ascii(split_part(s.anye, ',', 3)) gave 97 through a routine anye(anyelement) made by the
     * owner. Unknown (false) when relations' columns went unlisted past the bound.
     */
    private boolean unnamedOutput(List<String> tokens, int at) {
        if (!StatementWords.isName(tokens.get(at)) || columnsListed > MAX_COLUMNS) return false;
        String name = StatementWords.name(tokens.get(at));
        if (SYSTEM_COLUMNS.contains(name)) return false;
        for (int k = 0; k < tokens.size(); k++) {
            if (!StatementWords.isName(tokens.get(k))) continue;
            String t = StatementWords.name(tokens.get(k));
            if (t.equals(name) && (k == 0 || !tokens.get(k - 1).equals("."))) return false;
            if (relationColumns.get(t) instanceof Set<String> columns && columns.contains(name)) return false;
        }
        return true;
    }

    /**
     * PostgreSQL's built-in functions, aggregates and window functions of one argument of type record, anyelement,
     * anynonarray, anycompatible(nonarray) or "any" (pg_proc of 14 and 15), which attribute notation c.f calls on the
     * whole row c. A routine of the database's own over a table's row type is not known here.
     */
    private static final Set<String> ROW_FUNCTIONS = Set.of("array_agg", "concat", "count", "cume_dist", "dense_rank",
            "first_value", "hash_record", "json_agg", "json_build_array", "json_build_object", "jsonb_agg", "jsonb_build_array",
            "jsonb_build_object", "lag", "last_value", "lead", "mode", "num_nonnulls", "num_nulls", "percent_rank",
            "pg_collation_for", "pg_column_compression", "pg_column_size", "pg_typeof", "quote_literal", "quote_nullable",
            "rank", "record_out", "record_send", "row_to_json", "to_json", "to_jsonb", "hstore", "any_value");

    /** Whether the FROM at i ends IS [NOT] DISTINCT FROM, a comparison: not SELECT DISTINCT FROM t. */
    private static boolean distinctFrom(List<String> tokens, int i) {
        return i >= 2 && tokens.get(i).equals("from") && tokens.get(i - 1).equals("distinct")
                && (tokens.get(i - 2).equals("is") || tokens.get(i - 2).equals("not"));
    }

    /** Words that make result columns lose their source: set operations, and NATURAL joins' merged columns. */
    private static final Set<String> SOURCE_LOST = Set.of("union", "intersect", "except", "natural");

    /**
     * Whether a column list the statement does not spell out ({@code SELECT *}, {@code x.*}, {@code TABLE t}; not
     * {@code count(*)}) meets a set operation or a NATURAL join, anywhere in it.
     */
    private static boolean implicitColumnsLoseSource(List<String> tokens) {
        boolean lost = false;
        boolean implicit = false;
        for (int i = 0; i < tokens.size() && !(lost && implicit); i++) {
            String t = tokens.get(i);
            lost |= SOURCE_LOST.contains(t);
            implicit |= t.equals("table") || t.equals("*") && !(i > 0 && tokens.get(i - 1).equals("("));
        }
        return lost && implicit;
    }

    private void viewColumnName(String column, long relation, String rule) {
        if (viewColumnNames.size() >= MAX_COLUMNS) return;
        viewColumnNames.computeIfAbsent(column.toLowerCase(java.util.Locale.ROOT), k -> new HashMap<>(2)).putIfAbsent(relation, rule);
    }

    /**
     * The rule of a view (or generated) column called {@code word} that passes a ruled column on or is computed from
     * one, when {@code words} (the statement's) name its relation; or null. A relation whose name the read did not
     * give counts as named: it may be any the statement reads.
     */
    String viewColumn(String word, Iterable<String> words) {
        Map<Long, String> in = viewColumnNames.isEmpty() ? null : viewColumnNames.get(word.toLowerCase(java.util.Locale.ROOT));
        if (in == null) return null;
        for (var e : in.entrySet()) {
            String relation = relationNames.get(e.getKey());
            if (relation == null) return e.getValue();
            for (String w : words) if (w.equalsIgnoreCase(relation)) return e.getValue();
        }
        return null;
    }

    /** Per statistics or activity relation (lower case), its columns holding other columns' values or statements' text. */
    private final Map<String, Set<String>> valueColumns = new HashMap<>();

    /**
     * A ruled column's name when {@code words} name a statistics or activity relation and one of its columns holding
     * other columns' values or other statements' text ({@code pg_stat_activity} and {@code query}), or null. Such a
     * column holds any ruled value (INSERT INTO customers (name) VALUES ('Alice') run by another client): anything
     * computed from it, a number too ({@code ascii(substr(query, 40, 1))}), or a copy of it stored elsewhere may spell
     * one out, as from a ruled column.
     */
    String valueColumnIn(Iterable<String> words) {
        if (valueColumns.isEmpty()) return null;
        Set<String> named = new java.util.HashSet<>();
        for (String w : words) named.add(w.toLowerCase(java.util.Locale.ROOT));
        for (var e : valueColumns.entrySet()) {
            if (!named.contains(e.getKey())) continue;
            for (String c : e.getValue()) if (named.contains(c)) return relations.get(e.getKey());
        }
        return null;
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
