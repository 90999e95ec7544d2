package hoop.policy.sql;

import java.util.Set;

/**
 * CREATE / ALTER / DROP. The object type decides the kind: roles are DCL, databases,
 * tablespaces, languages and ALTER SYSTEM are ADMIN, function bodies are PROCEDURAL, the
 * rest is DDL. Unrecognised object types are UNKNOWN rather than guessed.
 */
final class Ddl {

    private static final Set<String> DDL_OBJECTS = Set.of("table", "index", "view", "materialized", "sequence",
            "schema", "type", "domain", "extension", "trigger", "rule", "policy", "publication",
            "server", "foreign", "collation", "conversion", "text", "statistics", "event", "access", "operator",
            "cast", "transform", "large", "function", "procedure", "routine", "aggregate");

    private static final Set<String> CREATE_MODIFIERS = Set.of("or", "replace", "temp", "temporary", "local",
            "global", "unlogged", "trusted", "procedural", "unique", "recursive", "constraint", "default");

    private Ddl() {
    }

    static void create(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        while (CREATE_MODIFIERS.contains(t.w(i))) {
            i++;
        }
        String obj = t.w(i);
        switch (obj) {
            case "role", "group" -> a.raise(SqlKind.DCL);
            // A user mapping is the credential a foreign server is reached with (its password option): who may act
            // there as whom, as a role's password is here.
            case "user" -> a.raise(SqlKind.DCL);
            case "function", "procedure", "aggregate" -> {
                // A body hoop does not judge (procedural), and a definition in the schema all the same: CREATE OR REPLACE
                // puts a new body under every trigger, default, view and caller of the name, as ALTER FUNCTION (ddl) would.
                a.raise(SqlKind.DDL);
                a.raise(SqlKind.PROCEDURAL);
            }
            case "language", "database", "tablespace" -> a.raise(SqlKind.ADMIN);
            case "table", "view", "materialized", "foreign" -> {
                a.raise(SqlKind.DDL);
                if (isRelationObject(t, i)) {
                    // A view's query only is stored; a table's or materialized view's runs now.
                    asQuery(t, relationAfter(t, i, to, a), to, a, !t.word(i, "view"));
                    parents(t, i, to, a);
                    referenced(t, i, to, a);
                    likeSources(t, i, to, a);
                    foreignTable(t, i, to, a);
                }
                Functions.scan(t, from, to, a);
            }
            case "trigger", "policy" -> {
                a.raise(SqlKind.DDL);
                namesAfter(t, t.findWord(i, to, "on"), to, a);
            }
            case "statistics" -> {
                a.raise(SqlKind.DDL);
                namesAfter(t, t.findWord(i, to, "from"), to, a);
            }
            case "publication" -> {
                a.raise(SqlKind.DDL);
                publishedTables(t, i, to, a);
            }
            case "index" -> {
                a.raise(SqlKind.DDL);
                int on = t.findWord(i, to, "on");
                if (on > 0) {
                    relationAfter(t, on, to, a);
                }
            }
            case "schema" -> {
                a.raise(SqlKind.DDL);
                java.util.List<int[]> elements = schemaElements(t, i, to);
                // AUTHORIZATION role makes the role own the schema and every element created with it, as ALTER ...
                // OWNER TO would (dcl): the role's members get every privilege on them.
                if (t.findWord(i, elements.isEmpty() ? to : elements.get(0)[0], "authorization") > 0) {
                    a.raise(SqlKind.DCL);
                }
                // Its elements (CREATE TABLE, VIEW, INDEX, SEQUENCE, TRIGGER, GRANT) are statements of their own: a view
                // reading a table, a trigger's routine, a grant count as they would alone.
                for (int[] e : elements) {
                    Analysis element = new Analysis();
                    Statements.classify(t, e[0], e[1], element);
                    a.merge(element);
                }
            }
            case "rule" -> {
                a.raise(SqlKind.DDL);
                int to1 = ruleTable(t, i, to, a);
                ruleActions(t, to1, to, a);
            }
            case "subscription" -> a.unknown(SUBSCRIBES);
            case "sequence" -> {
                a.raise(SqlKind.DDL);
                ownedBy(t, i, to, a);
            }
            case "event" -> eventTrigger(t, i, obj, a, "CREATE");
            default -> other(obj, a, "CREATE");
        }
        SchemaObjects.name(t, i, to, a);
        Guards.apply(t, from, i, to, a);
    }

    /**
     * The schema elements of CREATE SCHEMA (the word schema at {@code i}): each [start, end) from a top-level CREATE or
     * GRANT to the next. Neither word stands at the top level of an element (a view's query is a SELECT).
     */
    static java.util.List<int[]> schemaElements(Toks t, int i, int to) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int start = -1;
        for (int k = i + 1; k <= to; k++) {
            if (k < to && t.isOpen(k)) {
                k = t.close(k);
            } else if (k == to || t.anyWord(k, "create", "grant")) {
                if (start >= 0) {
                    out.add(new int[] {start, k});
                }
                start = k;
            }
        }
        return out;
    }

    /** CREATE RULE name AS ON event TO table ...: records the table; returns the index after its name, or -1. */
    static int ruleTable(Toks t, int i, int to, Analysis a) {
        int on = t.findWord(i, to, "to");
        StringBuilder n = new StringBuilder();
        int j = on < 0 ? -1 : t.name(on + 1, n);
        if (j > on + 1) {
            a.table(n.toString());
            return j;
        }
        return -1;
    }

    /**
     * A rule's actions run in place of, or with, every later statement on its table: their relations and kinds are the
     * rule's own, so that a policy's tables and kinds see them when the rule is made (DO INSTEAD DELETE FROM t).
     */
    static void ruleActions(Toks t, int from, int to, Analysis a) {
        int k = from < 0 ? -1 : t.findWord(from, to, "do");
        if (k < 0) {
            a.unknown("CREATE RULE without DO");
            return;
        }
        k++;
        if (t.anyWord(k, "also", "instead")) {
            k++;
        }
        if (t.word(k, "nothing")) {
            return;
        }
        int end = to;
        if (t.punct(k, "(")) {
            end = Math.min(t.close(k), to);
            k++;
        }
        while (k < end) {
            int stop = k;
            while (stop < end && !t.punct(stop, ";")) {
                stop = t.isOpen(stop) ? t.close(stop) + 1 : stop + 1;
            }
            if (stop > k) {
                Analysis action = new Analysis();
                Statements.classify(t, k, stop, action);
                a.mergeUnrun(action);
            }
            k = stop + 1;
        }
    }

    /** The settings naming a shell command the server runs (ALTER SYSTEM can set each). */
    private static final java.util.Set<String> SERVER_COMMANDS = java.util.Set.of("archive_command", "restore_command",
            "archive_cleanup_command", "recovery_end_command", "ssl_passphrase_command");

    static void alter(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        String obj = t.w(i);
        int all = t.anyWord(i, "materialized") ? i + 2 : i + 1;
        if (t.anyWord(i, "table", "index", "materialized") && t.word(all, "all") && t.word(all + 1, "in") && t.word(all + 2, "tablespace")) {
            // Moves every such relation of a tablespace (each rewritten under an exclusive lock): names no table,
            // and as the tablespace statements it is a storage matter, not one relation's definition.
            a.raise(SqlKind.ADMIN);
            return;
        }
        switch (obj) {
            // ALTER ROLE ... [IN DATABASE d] SET x = v sets x in each of the role's later sessions: a superuser's setting
            // (log_statement, session_replication_role) counts as SET of it does, as a routine's SET clause does.
            case "role", "group" -> {
                a.raise(SqlKind.DCL);
                Session.routineClauses(t, i + 1, to, a);
            }
            case "user" -> {
                a.raise(SqlKind.DCL); // a user mapping too: the credential a foreign server is reached with
                if (!t.word(i + 1, "mapping")) {
                    Session.routineClauses(t, i + 1, to, a);
                }
            }
            case "default" -> {
                if (t.word(i + 1, "privileges")) {
                    a.raise(SqlKind.DCL);
                    // ON TABLES: the privileges of the tables made from then on, in the schemas named or anywhere.
                    int on = t.findWord(i, to, "on");
                    if (on > 0 && t.word(on + 1, "tables")) {
                        int in = t.findWord(i, on, "in");
                        if (in > 0 && t.word(in + 1, "schema")) {
                            schemas(t, in + 2, a);
                        } else {
                            a.table(EVERY_TABLE);
                        }
                    }
                } else {
                    a.unknown("unrecognised ALTER DEFAULT statement");
                }
            }
            case "system" -> {
                a.raise(SqlKind.ADMIN);
                StringBuilder name = new StringBuilder();
                // A command line the server runs as its account (archive_command at each WAL segment, ssl_passphrase_command
                // at a reload...): set once a reload reads it, it is COPY TO PROGRAM's shell, run again and again.
                if (t.word(i + 1, "set") && t.name(i + 2, name) > i + 2 && SERVER_COMMANDS.contains(Lexer.asciiLower(name.toString()))) {
                    a.raise(SqlKind.COPY_PROGRAM);
                }
            }
            case "database", "tablespace", "language" -> a.raise(SqlKind.ADMIN);
            // Renamed, its tables are no longer under the name rules know them by (and those of the new one are these).
            case "schema" -> {
                a.raise(SqlKind.DDL);
                schemas(t, i + 1, a);
                int k = t.findWord(i, to, "rename");
                if (k > 0 && t.word(k + 1, "to")) {
                    schemas(t, k + 2, a);
                }
            }
            case "procedural" -> {
                if (t.word(i + 1, "language")) {
                    a.raise(SqlKind.ADMIN);
                } else {
                    a.unknown("unrecognised ALTER PROCEDURAL statement");
                }
            }
            case "table", "view", "materialized", "foreign" -> {
                a.raise(SqlKind.DDL);
                if (isRelationObject(t, i)) {
                    StringBuilder own = new StringBuilder();
                    relationAfter(t, i, to, a, own);
                    parents(t, i, to, a);
                    referenced(t, i, to, a);
                    renamedTo(t, i, to, own.toString(), a);
                    foreignTable(t, i, to, a);
                }
                // Defaults and USING expressions are evaluated for existing rows during the ALTER.
                Functions.scan(t, from, to, a);
                if (systemTriggers(t, i, to)) {
                    a.raise(SqlKind.ADMIN);
                }
            }
            case "trigger", "policy", "rule" -> {
                a.raise(SqlKind.DDL);
                namesAfter(t, t.findWord(i, to, "on"), to, a);
            }
            case "publication" -> {
                a.raise(SqlKind.DDL);
                publishedTables(t, i, to, a);
            }
            case "subscription" -> alterSubscription(t, i, a);
            case "index" -> {
                a.raise(SqlKind.DDL);
                relationAfter(t, i, to, a);
            }
            case "sequence" -> {
                a.raise(SqlKind.DDL);
                ownedBy(t, i, to, a);
            }
            case "event" -> eventTrigger(t, i, obj, a, "ALTER");
            default -> other(obj, a, "ALTER");
        }
        SchemaObjects.name(t, i, to, a);
        SchemaObjects.extensionMoved(t, i, to, a);
        if (givesOwnership(t, i, to)) {
            a.raise(SqlKind.DCL);
        }
        Guards.apply(t, from, i, to, a);
    }

    /**
     * {ENABLE [REPLICA | ALWAYS] | DISABLE} TRIGGER ALL: ALL takes in the system triggers enforcing foreign keys
     * (a superuser's), so DISABLE (or REPLICA, which fires them only under replication) stops checking them for every
     * session, as SET session_replication_role = replica does for one.
     */
    private static boolean systemTriggers(Toks t, int from, int to) {
        for (int k = from; k + 1 < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "trigger") && t.word(k + 1, "all") && t.anyWord(k - 1, "enable", "disable", "replica", "always")) {
                return true;
            }
        }
        return false;
    }

    /**
     * ALTER ... OWNER TO role (any object, or an ALTER TABLE subcommand among others): the new owner's members get every
     * privilege on it, as REASSIGN OWNED gives them. Not RENAME [COLUMN | CONSTRAINT | ATTRIBUTE] owner TO x, which
     * renames something called owner.
     */
    private static boolean givesOwnership(Toks t, int from, int to) {
        for (int k = from; k + 1 < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "owner") && t.word(k + 1, "to") && !t.anyWord(k - 1, "rename", "column", "constraint", "attribute")) {
                return true;
            }
        }
        return false;
    }

    static void drop(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        String obj = t.w(i);
        switch (obj) {
            case "role", "group" -> a.raise(SqlKind.DCL);
            // Every table the roles own, in any schema.
            case "owned" -> {
                a.raise(SqlKind.DCL);
                a.table(EVERY_TABLE);
            }
            // A user mapping is the credential a foreign server is reached with (its password option): who may act
            // there as whom, as a role's password is here.
            case "user" -> a.raise(SqlKind.DCL);
            case "database", "tablespace", "language", "procedural" -> a.raise(SqlKind.ADMIN);
            // CASCADE drops every table in it.
            case "schema" -> {
                a.raise(SqlKind.DDL);
                schemas(t, t.word(i + 1, "if") && t.word(i + 2, "exists") ? i + 3 : i + 1, a);
            }
            // A procedural language's extension: dropping it drops the language, as DROP LANGUAGE does.
            case "extension" -> a.raise(Guards.languageExtension(t, i + 1) ? SqlKind.ADMIN : SqlKind.DDL);
            case "table", "view", "materialized", "foreign" -> {
                a.raise(SqlKind.DDL);
                if (isRelationObject(t, i)) {
                    int k = objectWords(t, i);
                    if (t.word(k, "if") && t.word(k + 1, "exists")) {
                        k += 2;
                    }
                    Statements.nameList(t, k, to, a);
                }
            }
            case "trigger", "policy", "rule" -> {
                a.raise(SqlKind.DDL);
                // Dropping a row security policy changes which rows whom it named may see or change (a restrictive one
                // gone opens them), as CREATE and ALTER POLICY do: dcl, and ddl of its table still.
                if (obj.equals("policy")) {
                    a.raise(SqlKind.DCL);
                }
                namesAfter(t, t.findWord(i, to, "on"), to, a);
            }
            // Stops a replication stream and drops its slot on the publisher, which it connects to.
            case "subscription" -> a.raise(SqlKind.ADMIN);
            // The indexes, named as the relations they belong to are (Reach follows the catalog to the table).
            case "index" -> {
                a.raise(SqlKind.DDL);
                int k = t.word(i + 1, "concurrently") ? i + 2 : i + 1;
                Statements.nameList(t, t.word(k, "if") && t.word(k + 1, "exists") ? k + 2 : k, to, a);
            }
            case "event" -> eventTrigger(t, i, obj, a, "DROP");
            default -> other(obj, a, "DROP");
        }
        SchemaObjects.name(t, i, to, a);
        if (dropsUnlisted(t, i, to)) {
            a.table(EVERY_TABLE);
        }
    }

    /**
     * Objects whose DROP ... CASCADE drops parts of relations no catalog read here lists: an extension its types'
     * columns and its functions' defaults, a server or data wrapper its foreign tables, a collation the columns using it,
     * an operator, operator class or family, access method, text search object or cast the indexes, constraints, views
     * and columns built on it. Any table may be one.
     */
    private static final Set<String> CASCADES_UNLISTED = Set.of("extension", "server", "collation", "operator", "access", "text", "cast");

    private static boolean dropsUnlisted(Toks t, int i, int to) {
        boolean wrapper = t.word(i, "foreign") && t.word(i + 1, "data");
        return (wrapper || CASCADES_UNLISTED.contains(t.w(i))) && t.findWord(i, to, "cascade") > 0;
    }

    /**
     * The relations a statement on another changes what they hold or do: PARTITION OF p and INHERITS (p) add to p's
     * rows, ATTACH or DETACH PARTITION c and [NO] INHERIT p move c's or this table's rows into or out of another.
     */
    private static void parents(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            if (t.word(k, "partition") && t.word(k + 1, "of")) {
                namesAfter(t, k + 1, to, a);
            } else if (t.word(k, "inherits") && t.punct(k + 1, "(")) {
                Statements.nameList(t, k + 2, t.close(k + 1), a);
            } else if (t.anyWord(k, "attach", "detach") && t.word(k + 1, "partition") || t.word(k, "inherit")) {
                namesAfter(t, t.word(k, "inherit") ? k : k + 1, to, a);
            } else if (t.isOpen(k)) {
                k = t.close(k);
            }
        }
    }

    /**
     * The tables a foreign key REFERENCES, at any depth (column and table constraints stand in brackets): the key
     * installs triggers on the referenced table, so deleting or updating its rows is refused, or cascades, from then on.
     */
    private static void referenced(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            StringBuilder n = new StringBuilder();
            if (t.word(k, "references") && t.relationName(k + 1, n) > k + 1) {
                a.table(n.toString());
            }
        }
    }

    /**
     * CREATE TABLE x (LIKE source ...): the new table copies the source's columns, and as the INCLUDING options say its
     * defaults, constraints, indexes, comments and more, which reads the source's definition.
     */
    private static void likeSources(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            StringBuilder n = new StringBuilder();
            if (t.word(k, "like") && (t.punct(k - 1, "(") || t.punct(k - 1, ",")) && t.relationName(k + 1, n) > k + 1) {
                a.table(n.toString());
            }
        }
    }

    /**
     * OWNED BY [schema.]table.column of CREATE or ALTER SEQUENCE: the sequence now belongs to that table, which a DROP
     * of the table (or of the column) drops with it.
     */
    private static void ownedBy(Toks t, int from, int to, Analysis a) {
        for (int k = from; k + 1 < to; k++) {
            if (t.word(k, "owned") && t.word(k + 1, "by") && !t.word(k + 2, "none")) {
                // [[database.]schema.]table.column: the table's name is the chain without its column, as name() reads one
                java.util.List<String> parts = new java.util.ArrayList<>();
                for (int p = k + 2; t.isName(p) && (p == k + 2 || t.punct(p - 1, ".")); p += 2) {
                    parts.add(t.get(p).value());
                }
                if (parts.size() >= 2) {
                    a.table(String.join(".", parts.subList(parts.size() == 4 ? 1 : 0, parts.size() - 1)));
                }
            }
        }
    }

    /**
     * How a statement acting on every table of a schema (DROP SCHEMA ... CASCADE, GRANT ... ON ALL TABLES IN SCHEMA)
     * names them: "schema.*"; {@link #EVERY_TABLE} for every table of the database (DROP OWNED). A policy's table globs
     * read it as every name it stands for (hoop.policy.CompiledRule).
     */
    static final String EVERY_TABLE = "*";

    /** The schemas named from i (name [, name ...]), each as every table in it. */
    static void schemas(Toks t, int i, Analysis a) {
        while (t.isName(i)) {
            a.table(t.get(i).value() + ".*");
            if (!t.punct(i + 1, ",")) {
                return;
            }
            i += 2;
        }
    }

    /** The relations named after the word at {@code at} (none when it is -1): name [, name ...]. */
    static void namesAfter(Toks t, int at, int to, Analysis a) {
        if (at >= 0) {
            Statements.nameList(t, at + 1, to, a);
        }
    }

    /** FOR TABLE a, b / ADD | SET | DROP TABLE a: each change of those tables is sent to every subscriber. */
    private static void publishedTables(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            if (t.word(k, "table") && !t.word(k - 1, "all")) {
                namesAfter(t, k, to, a);
            }
        }
    }

    /** Why a subscription that connects and applies changes is unknown: the tables it writes are the publisher's choice. */
    private static final String SUBSCRIBES = "a subscription connects to another server and writes the local tables its "
            + "publications name, which this text does not show";

    /**
     * ALTER SUBSCRIPTION name ...: a new connection, publication list, refresh (which copies the tables' data), enable or
     * option change makes it write tables the publisher chooses (unknown); disabling, renaming, a new owner or skipping
     * a transaction changes how or whether it replicates, a superuser's matter (admin).
     */
    private static void alterSubscription(Toks t, int i, Analysis a) {
        int k = i + 2;
        if (t.anyWord(k, "disable", "rename", "owner", "skip")) {
            a.raise(SqlKind.ADMIN);
        } else {
            a.unknown(SUBSCRIBES);
        }
    }

    private static void other(String obj, Analysis a, String verb) {
        if (DDL_OBJECTS.contains(obj)) {
            a.raise(SqlKind.DDL);
        } else {
            a.unknown("unrecognised " + verb + (obj.isEmpty() ? " statement" : " object type '" + obj + "'"));
        }
    }

    /** "foreign data wrapper" and a stray "materialized" are not relations. */
    private static boolean isRelationObject(Toks t, int i) {
        return t.anyWord(i, "table", "view")
                || (t.word(i, "materialized") && t.word(i + 1, "view"))
                || (t.word(i, "foreign") && t.word(i + 1, "table"));
    }

    /** Skips "materialized view" / "foreign table" / "table" etc. starting at i. */
    private static int objectWords(Toks t, int i) {
        if (t.anyWord(i, "materialized", "foreign")) {
            i++;
        }
        return i + 1;
    }

    /**
     * ALTER ... RENAME TO name (SET SCHEMA s): from then on the name, in the same schema (the name in s), is this
     * relation; statements and rules naming it reach what it was (RENAME [COLUMN] a TO b renames a column, which has its word or its name before TO).
     */
    private static void renamedTo(Toks t, int from, int to, String own, Analysis a) {
        for (int k = from; k + 2 < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "rename") && t.word(k + 1, "to") && t.isName(k + 2)) {
                int dot = own.lastIndexOf('.');
                a.table((dot > 0 ? own.substring(0, dot + 1) : "") + t.get(k + 2).value());
            } else if (t.word(k, "set") && t.word(k + 1, "schema") && t.isName(k + 2)) {
                // SET SCHEMA s: from then on it is s's relation, as CREATE TABLE s.name would make one.
                a.table(t.get(k + 2).value() + "." + own.substring(own.lastIndexOf('.') + 1));
            }
        }
    }

    /**
     * A foreign table's [schema_name and] table_name options name the relation its scans and writes reach on its
     * server, this one itself through a loopback (postgres_fdw): a policy on that table sees it.
     */
    private static void foreignTable(Toks t, int from, int to, Analysis a) {
        if (!t.word(from, "foreign")) {
            return;
        }
        String schema = null;
        String table = null;
        for (int k = from; k + 1 < to; k++) {
            if (t.isName(k) && t.get(k + 1).type() == Token.Type.STRING && (t.punct(k - 1, "(") || t.punct(k - 1, ",") || t.anyWord(k - 1, "add", "set"))) {
                String n = Lexer.asciiLower(t.get(k).value());
                if (n.equals("table_name")) {
                    table = t.get(k + 1).value();
                } else if (n.equals("schema_name")) {
                    schema = t.get(k + 1).value();
                }
            }
        }
        if (table != null) {
            a.table(schema == null ? table : schema + "." + table);
        }
    }

    private static int relationAfter(Toks t, int i, int to, Analysis a) {
        return relationAfter(t, i, to, a, new StringBuilder());
    }

    /** Records the relation named after the object words (and IF [NOT] EXISTS / ONLY) into a and {@code name}; returns the index after it. */
    private static int relationAfter(Toks t, int i, int to, Analysis a, StringBuilder n) {
        int k = t.word(i, "on") ? i + 1 : objectWords(t, i);
        while (t.anyWord(k, "if", "not", "exists", "only", "concurrently")) {
            k++;
        }
        int j = t.relationName(k, n);
        if (j > k) {
            a.table(n.toString());
        }
        return j;
    }

    /** CREATE TABLE/VIEW ... AS query: analysed as what it reads and does; {@code runs}: it runs now (not a plain view's). */
    private static void asQuery(Toks t, int from, int to, Analysis a, boolean runs) {
        for (int k = from; k < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "as") && t.word(k + 1, "execute")) {
                // CREATE TABLE AS EXECUTE runs a prepared statement as EXECUTE does (under EXPLAIN ANALYZE even a
                // DELETE, which the plain form refuses).
                a.raise(SqlKind.PROCEDURAL);
                return;
            } else if (t.word(k, "as") && Queries.startsQuery(t, k + 1, to)) {
                Analysis q = new Analysis();
                Queries.analyze(t, k + 1, to, q, true);
                if (runs) {
                    a.merge(q);
                } else {
                    a.mergeUnrun(q);
                }
                return;
            }
        }
    }

    /**
     * An event trigger runs its routine on every DDL of every session, superusers' included, and only a superuser
     * makes, changes or drops one (dropping or disabling one stops what it guarded or audited).
     */
    private static void eventTrigger(Toks t, int i, String obj, Analysis a, String verb) {
        if (t.word(i + 1, "trigger")) {
            a.raise(SqlKind.ADMIN);
        } else {
            other(obj, a, verb);
        }
    }
}
