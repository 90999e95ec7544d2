package hoop.protocol.postgres;

import java.util.Set;

/**
 * The catalog query a connection runs at its start (SourceColumns reads its answer): the upstream's stored
 * routines and, with column rules, the upstream columns the rule globs name, what each user view passes on and
 * reads, functions whose bodies run SQL, the tables that run them, the statistics and activity columns that
 * hold other columns' values, and pg_class's newest oid. Every row is five text columns, the first naming its kind.
 */
final class CatalogQuery {
    private CatalogQuery() {
    }

    /**
     * The upstream's stored routines: functions defined in the database's own schemas, in any language but C and
     * internal (those are the server's and extensions', which only a superuser installs). Their bodies run SQL
     * hoop never sees; calling one is judged as procedural, and with column rules its output is masked. Of an
     * extension's functions (PostGIS's, earthdistance's) only the volatile ones count: the others are declared
     * not to change anything by code the database's owner chose to install, not by whoever calls it; a function
     * of the database's own may be labelled STABLE and still call one that writes.
     */
    private static final String ROUTINES = userObject("p", "pronamespace")
            + " AND p.prolang NOT IN (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname IN ('c', 'internal'))"
            + " AND (p.provolatile = 'v' OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid ="
            + " 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e'))";

    /**
     * Whether the object {@code alias} (a pg_class or pg_proc row) is the database's own rather than the server's: not
     * in pg_catalog or information_schema, or made there after initdb (oid from FirstNormalObjectId, 16384 on): a
     * superuser may put a function in either (CREATE FUNCTION pg_catalog.harmless() ... 'SELECT pg_terminate_backend(...)',
     * adminpack 1.0's pg_file_read) and a view in information_schema, whose calls are then as hidden as in public.
     */
    private static String userObject(String alias, String namespaceColumn) {
        return "(" + alias + "." + namespaceColumn + " NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) OR "
                + alias + ".oid >= 16384)";
    }

    private static String cls(String catalog) {
        return "'pg_catalog." + catalog + "'::regclass::oid";
    }

    /**
     * Relations whose writes run code no statement shows ('w'): a trigger calling one of the routines reached, a default,
     * generated column, table check or index expression reaching one, and any rule but a view's (its actions are SQL).
     * A part of REACHING, whose reach it uses.
     */
    private static final String WRITTEN = " UNION SELECT 'w', '0', '0', c.relname::text, '' FROM pg_catalog.pg_class c WHERE c.oid IN ("
            + "SELECT w.ev_class FROM pg_catalog.pg_rewrite w WHERE w.rulename <> '_RETURN'"
            + " UNION SELECT coalesce(ad.adrelid, k.conrelid, i.indrelid, g.tgrelid) FROM reach r"
            + " JOIN pg_catalog.pg_depend d ON d.refclassid = r.classid AND d.refobjid = r.objid"
            + " LEFT JOIN pg_catalog.pg_attrdef ad ON d.classid = " + cls("pg_attrdef") + " AND ad.oid = d.objid"
            + " LEFT JOIN pg_catalog.pg_constraint k ON d.classid = " + cls("pg_constraint") + " AND k.oid = d.objid AND k.conrelid <> 0"
            + " LEFT JOIN pg_catalog.pg_index i ON d.classid = " + cls("pg_class") + " AND i.indexrelid = d.objid"
            + " LEFT JOIN pg_catalog.pg_trigger g ON d.classid = " + cls("pg_trigger") + " AND g.oid = d.objid AND NOT g.tgisinternal)";

    /**
     * The schema of the relation {@code alias} (a pg_class row), as the third column of an 'e', 'g', 'i', 'j' or 'h' row: the
     * relation reached is named in it too, as no search_path need find it (a view in public over billing.invoices).
     */
    private static String schemaOf(String alias) {
        return "(SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = " + alias + ".relnamespace)::text";
    }

    /**
     * The relation the object a pg_depend row {@code d} names as dependent belongs to: an index's table, a default's,
     * constraint's, trigger's or rule's relation, a column's (or the relation itself).
     */
    private static final String OWNING_RELATION = "CASE d.classid WHEN " + cls("pg_class") + " THEN coalesce((SELECT i.indrelid FROM"
            + " pg_catalog.pg_index i WHERE i.indexrelid = d.objid), d.objid)"
            + " WHEN " + cls("pg_attrdef") + " THEN (SELECT ad.adrelid FROM pg_catalog.pg_attrdef ad WHERE ad.oid = d.objid)"
            + " WHEN " + cls("pg_constraint") + " THEN (SELECT k.conrelid FROM pg_catalog.pg_constraint k WHERE k.oid = d.objid)"
            + " WHEN " + cls("pg_trigger") + " THEN (SELECT g.tgrelid FROM pg_catalog.pg_trigger g WHERE g.oid = d.objid)"
            + " WHEN " + cls("pg_rewrite") + " THEN (SELECT w.ev_class FROM pg_catalog.pg_rewrite w WHERE w.oid = d.objid) END";

    /**
     * Which relations a statement on another reads or writes: those a view's query names and a table's inheritance
     * children and partitions ('e', from, to), and on writes only ('g') those a rule's actions name and ('gk') a table
     * whose foreign key cascades (or sets null or a default).
     */
    private static final String REACHES = " UNION SELECT CASE w.rulename WHEN '_RETURN' THEN 'e' ELSE 'g' END, '0', " + schemaOf("c") + ", v.relname::text,"
            + " c.relname::text FROM pg_catalog.pg_depend d"
            + " JOIN pg_catalog.pg_rewrite w ON d.classid = " + cls("pg_rewrite") + " AND w.oid = d.objid"
            + " JOIN pg_catalog.pg_class v ON v.oid = w.ev_class"
            + " JOIN pg_catalog.pg_class c ON d.refclassid = " + cls("pg_class") + " AND c.oid = d.refobjid"
            + " WHERE d.refobjid <> w.ev_class AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
            + " AND " + userObject("v", "relnamespace")
            + " UNION SELECT 'gk', '0', " + schemaOf("c") + ", p.relname::text, c.relname::text FROM pg_catalog.pg_constraint k"
            + " JOIN pg_catalog.pg_class p ON p.oid = k.confrelid JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
            + " WHERE k.contype = 'f' AND (k.confdeltype IN ('c', 'n', 'd') OR k.confupdtype IN ('c', 'n', 'd'))"
            // DROP ... CASCADE of a type, routine or sequence drops the columns, defaults, checks, indexes, triggers and views
            // of the relations depending on it.
            + " UNION SELECT 'j', '0', " + schemaOf("c") + ", o.name::text, c.relname::text FROM pg_catalog.pg_depend d"
            + " CROSS JOIN LATERAL (SELECT t.typname FROM pg_catalog.pg_type t WHERE d.refclassid = " + cls("pg_type") + " AND t.oid = d.refobjid"
            + " UNION ALL SELECT e.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_type e ON e.oid = t.typelem"
            + " WHERE d.refclassid = " + cls("pg_type") + " AND t.oid = d.refobjid AND t.typcategory = 'A'"
            + " UNION ALL SELECT p.proname FROM pg_catalog.pg_proc p WHERE d.refclassid = " + cls("pg_proc") + " AND p.oid = d.refobjid"
            + " UNION ALL SELECT q.relname FROM pg_catalog.pg_class q WHERE d.refclassid = " + cls("pg_class") + " AND q.oid = d.refobjid"
            + " AND q.relkind = 'S') o(name)"
            + " JOIN pg_catalog.pg_class c ON c.oid = " + OWNING_RELATION
            + " WHERE d.deptype = 'n' AND c.relkind IN ('r', 'p', 'f', 'v', 'm')"
            + " AND " + userObject("c", "relnamespace")
            // DROP SCHEMA ... CASCADE drops what depends on its relations, types and routines in other schemas too: the
            // views reading its tables (to any depth, through 'e'), the columns, defaults, checks, indexes, triggers and
            // foreign keys of relations elsewhere using its types, routines, sequences or tables.
            // Named with its schema, which no search_path need find: a rule on "reports.*" meets reports.v.
            + " UNION SELECT 'z', '0', '0', rn.nspname::text, cn.nspname::text || '.' || c.relname::text FROM pg_catalog.pg_depend d"
            + " CROSS JOIN LATERAL (SELECT q.relnamespace FROM pg_catalog.pg_class q WHERE d.refclassid = " + cls("pg_class") + " AND q.oid = d.refobjid"
            + " UNION ALL SELECT t.typnamespace FROM pg_catalog.pg_type t WHERE d.refclassid = " + cls("pg_type") + " AND t.oid = d.refobjid"
            + " UNION ALL SELECT p.pronamespace FROM pg_catalog.pg_proc p WHERE d.refclassid = " + cls("pg_proc") + " AND p.oid = d.refobjid) r(ns)"
            + " JOIN pg_catalog.pg_namespace rn ON rn.oid = r.ns"
            + " JOIN pg_catalog.pg_class c ON c.oid = " + OWNING_RELATION + " JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace"
            + " WHERE d.deptype = 'n' AND c.relnamespace <> r.ns AND c.relkind IN ('r', 'p', 'f', 'v', 'm')"
            + " AND " + userObject("c", "relnamespace")
            // Where each view is: DROP ... CASCADE names the views it drops in their schema too.
            + " UNION SELECT 'l', '0', " + schemaOf("c") + ", c.relname::text, '' FROM pg_catalog.pg_class c WHERE c.relkind IN ('v', 'm')"
            + " AND " + userObject("c", "relnamespace")
            // TRUNCATE ... CASCADE empties every table whose foreign key references one it empties, whatever the key does.
            + " UNION SELECT 'h', '0', " + schemaOf("c") + ", p.relname::text, c.relname::text FROM pg_catalog.pg_constraint k"
            + " JOIN pg_catalog.pg_class p ON p.oid = k.confrelid JOIN pg_catalog.pg_class c ON c.oid = k.conrelid WHERE k.contype = 'f'"
            // A parent's statement reads and writes its children too: inheritance children and partitions, at any depth.
            + " UNION SELECT 'e', '0', " + schemaOf("c") + ", p.relname::text, c.relname::text FROM pg_catalog.pg_inherits h"
            + " JOIN pg_catalog.pg_class p ON p.oid = h.inhparent JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid"
            + " WHERE c.relkind IN ('r', 'p', 'f')"
            // ... and a child's rows are its parent's: a statement on a partition reads or writes the partitioned table.
            + " UNION SELECT 'i', '0', " + schemaOf("p") + ", c.relname::text, p.relname::text FROM pg_catalog.pg_inherits h"
            + " JOIN pg_catalog.pg_class p ON p.oid = h.inhparent JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid"
            + " WHERE c.relkind IN ('r', 'p', 'f')"
            // An index is part of its table's definition: DROP or ALTER INDEX changes the table's.
            + " UNION SELECT 'i', '0', " + schemaOf("c") + ", ix.relname::text, c.relname::text FROM pg_catalog.pg_index x"
            + " JOIN pg_catalog.pg_class ix ON ix.oid = x.indexrelid JOIN pg_catalog.pg_class c ON c.oid = x.indrelid"
            + " WHERE " + userObject("c", "relnamespace");

    /**
     * The search_path a session of this user in this database starts with ('p') when its client names none: the most
     * specific of ALTER ROLE ... IN DATABASE, ALTER ROLE, ALTER DATABASE and ALTER ROLE ALL settings, else the server's
     * (unless this read's own client set one at startup: then the built-in default, the file's not being readable).
     * An unqualified name is found through it, so a rule on a schema it names must see the name in that schema too.
     */
    private static final String DEFAULT_SEARCH_PATH = " UNION SELECT 'p', '0', '0', coalesce((SELECT substring(c from 13)"
            + " FROM pg_catalog.pg_db_role_setting s, unnest(s.setconfig) c WHERE c LIKE 'search\\_path=%'"
            + " AND s.setrole IN (0, (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = session_user))"
            + " AND s.setdatabase IN (0, (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()))"
            + " ORDER BY s.setrole <> 0 DESC, s.setdatabase <> 0 DESC LIMIT 1), (SELECT CASE WHEN g.source IN ('client', 'session')"
            + " THEN g.boot_val ELSE g.reset_val END FROM pg_catalog.pg_settings g WHERE g.name = 'search_path')), ''"
            // The schema "$user" names, when there is one: the schema called like the session's user.
            + " UNION SELECT 'q', '0', '0', n.nspname::text, '' FROM pg_catalog.pg_namespace n WHERE n.nspname = session_user"
            // The session's search_path as the read found it (underPgCatalog keeps it): code hoop did not see (a DO
            // block, a stored routine calling set_config) may have set it since the statements hoop read.
            + " UNION SELECT 'P', '0', '0', pg_catalog.current_setting('hoop.client_search_path', true), ''";

    /**
     * What reaches a stored routine without a call of it in the statement's text, followed through pg_depend to any
     * depth: an aggregate whose state or final function is one ('r', called like a function), an operator whose code
     * is one ('o'), a type cast by one or a domain checked by one ('n', met where the type is named), a view calling
     * one or a table whose row security policy does ('n'), a foreign table, and views of those; then the types converting through such
     * a type (a domain over it, its array, a composite type or table with a column of it: '(5)'::t checks the column).
     * Index expressions, defaults and triggers run on writes only: those relations are listed apart (WRITTEN). A table with a column
     * of such a domain is met wherever it is named, reads included: hoop cannot tell FROM t from ::t by name alone.
     */
    static final String REACHING = reaching("");

    /** REACHING, its recursion started from the objects {@code seeds} (a UNION of classid, objid rows) too. */
    private static String reaching(String seeds) {
        return "WITH RECURSIVE reach(classid, objid) AS (SELECT " + cls("pg_proc") + ", p.oid"
            + " FROM pg_catalog.pg_proc p WHERE " + ROUTINES
            // A foreign table runs a query on another server, or a program (file_fdw), at each read: the views reading
            // one do the same, as those calling a stored routine run it.
            + " UNION SELECT " + cls("pg_class") + ", c.oid FROM pg_catalog.pg_class c WHERE c.relkind = 'f'" + seeds
            + " UNION SELECT n.classid, n.objid FROM reach r JOIN pg_catalog.pg_depend d ON d.refclassid = r.classid AND d.refobjid = r.objid"
            + " CROSS JOIN LATERAL (SELECT " + cls("pg_class") + ", w.ev_class FROM pg_catalog.pg_rewrite w"
            + " WHERE d.classid = " + cls("pg_rewrite") + " AND w.oid = d.objid"
            + " UNION ALL SELECT " + cls("pg_class") + ", y.polrelid FROM pg_catalog.pg_policy y WHERE d.classid = " + cls("pg_policy") + " AND y.oid = d.objid"
            + " UNION ALL SELECT " + cls("pg_type") + ", k.contypid FROM pg_catalog.pg_constraint k"
            + " WHERE d.classid = " + cls("pg_constraint") + " AND k.oid = d.objid AND k.contypid <> 0"
            + " UNION ALL SELECT " + cls("pg_type") + ", c.casttarget FROM pg_catalog.pg_cast c WHERE d.classid = " + cls("pg_cast") + " AND c.oid = d.objid"
            // And a user-defined source: x::int of a column of it runs the cast too (its table is then named).
            + " UNION ALL SELECT " + cls("pg_type") + ", c.castsource FROM pg_catalog.pg_cast c WHERE d.classid = " + cls("pg_cast")
            + " AND c.oid = d.objid AND c.castsource >= 16384"
            // An operator's or operator class's user-defined argument types: ORDER BY, DISTINCT, GROUP BY and joins on
            // a column of such a type run the class's routines without naming them (their tables are then named).
            + " UNION ALL SELECT " + cls("pg_type") + ", x.t FROM pg_catalog.pg_operator o, LATERAL (VALUES (o.oprleft), (o.oprright)) x(t)"
            + " WHERE d.classid = " + cls("pg_operator") + " AND o.oid = d.objid AND x.t >= 16384"
            + " UNION ALL SELECT " + cls("pg_type") + ", x.t FROM pg_catalog.pg_amproc a, LATERAL (VALUES (a.amproclefttype), (a.amprocrighttype)) x(t)"
            + " WHERE d.classid = " + cls("pg_amproc") + " AND a.oid = d.objid AND x.t >= 16384"
            // A column of such a type makes its relation's row type convert through it ('(5)'::t, ROW(5)::t).
            + " UNION ALL SELECT " + cls("pg_type") + ", c.reltype FROM pg_catalog.pg_class c"
            + " WHERE d.classid = " + cls("pg_class") + " AND d.objsubid > 0 AND c.oid = d.objid AND c.reltype <> 0"
            // Domains over a domain and arrays of it convert through it too.
            + " UNION ALL SELECT d.classid, d.objid WHERE d.classid IN (" + cls("pg_proc") + ", " + cls("pg_operator") + ", " + cls("pg_type") + ")"
            + ") n(classid, objid))"
            // The fifth column tells whether the routine takes arguments: a call may hand it a value to keep (SourceColumns.takesValues).
            + " SELECT 'r', '0', '0', p.proname::text, (p.pronargs > 0)::text FROM reach r JOIN pg_catalog.pg_proc p ON r.classid = " + cls("pg_proc") + " AND p.oid = r.objid"
            + " UNION SELECT 'o', '0', '0', o.oprname::text, '' FROM reach r JOIN pg_catalog.pg_operator o ON r.classid = " + cls("pg_operator") + " AND o.oid = r.objid"
            // A type's oid too: a Parse may declare a parameter of it, whose conversion then runs the routine.
            + " UNION SELECT 'n', t.oid::int8::text, '0', t.typname::text, '' FROM reach r JOIN pg_catalog.pg_type t ON r.classid = " + cls("pg_type") + " AND t.oid = r.objid"
            + " UNION SELECT 'n', '0', '0', c.relname::text, '' FROM reach r JOIN pg_catalog.pg_class c ON r.classid = " + cls("pg_class") + " AND c.oid = r.objid"
            // Types made after this read are not known not to run one.
            + " UNION SELECT 'x', max(t.oid)::int8::text, '0', '', '' FROM pg_catalog.pg_type t"
            + WRITTEN + REACHES
            // A foreign table runs a query on another server (or this one, through a loopback): what it reaches there
            // is unknown, and its remote name is what a policy's tables know.
            + " UNION SELECT 'n', '0', '0', c.relname::text, '' FROM pg_catalog.pg_class c WHERE c.relkind = 'f'"
            + " UNION SELECT 'e', '0', '0', c.relname::text, substring(o from 12) FROM pg_catalog.pg_foreign_table f"
            + " JOIN pg_catalog.pg_class c ON c.oid = f.ftrelid, unnest(f.ftoptions) o WHERE o LIKE 'table_name=%'"
            + " UNION SELECT 'v', '0', '0', '', '' WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_event_trigger e WHERE e.evtenabled <> 'D')"
            + DEFAULT_SEARCH_PATH;
    }

    /**
     * The types whose conversion calls one of the built-ins with effects (pinned: pg_depend records no use of one), as
     * seeds of REACHING: a domain whose default or check calls one (an INSERT into a column of it, or '1'::d, runs
     * pg_reload_conf), and the target (and a user-defined source) of a cast whose function is one. REACHING follows
     * them to the domains, arrays, composite types and tables built on them, as it does a stored routine's.
     */
    private static String effectTypes(Set<String> effects) {
        String calls = effectCalls(effects);
        if (calls == null) return "";
        String functions = "(SELECT p.oid FROM pg_catalog.pg_proc p WHERE p.proname IN (" + effectNames(effects) + ") OR p.proname LIKE 'dblink%')";
        return " UNION SELECT " + cls("pg_type") + ", t.oid FROM pg_catalog.pg_type t WHERE t.typtype = 'd'"
                + " AND (coalesce(t.typdefaultbin::text, '') ~ " + calls + " OR EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k"
                + " WHERE k.contypid = t.oid AND k.conbin::text ~ " + calls + "))"
                + " UNION SELECT " + cls("pg_type") + ", c.casttarget FROM pg_catalog.pg_cast c WHERE c.castfunc IN " + functions
                + " UNION SELECT " + cls("pg_type") + ", c.castsource FROM pg_catalog.pg_cast c WHERE c.castfunc IN " + functions
                + " AND c.castsource >= 16384";
    }

    /**
     * Operators and aggregates whose code is a built-in with effects, as seeds of REACHING: {@code SELECT #~ 42} runs
     * lo_unlink through the operator, and an aggregate with set_config as its state function switches the role, with
     * no call in the text and no stored routine behind them (pg_depend records no use of a pinned built-in). nextval
     * too: no row is numbered here. And a function of another name whose code is one's (a superuser's LANGUAGE internal
     * AS 'be_lo_unlink'): ROUTINES leaves internal and C functions out, and no name says what it runs.
     */
    private static String effectCode(Set<String> effects) {
        if (effects.isEmpty()) return "";
        StringBuilder names = new StringBuilder();
        for (String f : effects) names.append(names.isEmpty() ? "" : ", ").append(literal(f));
        String functions = "ARRAY(SELECT p.oid FROM pg_catalog.pg_proc p WHERE p.proname IN (" + names + ") OR p.proname LIKE 'dblink%')";
        return " UNION SELECT " + cls("pg_operator") + ", o.oid FROM pg_catalog.pg_operator o WHERE o.oprcode::oid = ANY (" + functions + ")"
                + " UNION SELECT " + cls("pg_proc") + ", a.aggfnoid::oid FROM pg_catalog.pg_aggregate a WHERE ARRAY[a.aggtransfn, a.aggfinalfn,"
                + " a.aggcombinefn, a.aggserialfn, a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[] && " + functions
                + " UNION SELECT " + cls("pg_proc") + ", p.oid FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_proc b ON b.prolang = p.prolang"
                + " AND b.prosrc = p.prosrc AND b.probin IS NOT DISTINCT FROM p.probin AND b.oid <> p.oid WHERE b.oid = ANY (" + functions + ")"
                + " AND " + userObject("p", "pronamespace");
    }

    /**
     * Functions whose call runs a built-in with effects under another name ('al', the function, the built-in): a
     * superuser's LANGUAGE internal (or C) function with the built-in's code (AS 'pg_terminate_backend'), an
     * aggregate with one as a support function, and an operator whose code is one. REACHING lists them as routines (procedural); a call is also judged as
     * the built-in's (Command.runsBuiltIn): SELECT t(123) terminates a backend as pg_terminate_backend(123) does.
     */
    private static String builtInAliases(Set<String> effects) {
        if (effects.isEmpty()) return "";
        StringBuilder names = new StringBuilder();
        for (String f : effects) names.append(names.isEmpty() ? "" : ", ").append(literal(f));
        String builtIn = "(b.proname IN (" + names + ") OR b.proname LIKE 'dblink%')";
        return " UNION SELECT 'al', '0', '0', p.proname::text, b.proname::text FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_proc b"
                + " ON b.prolang = p.prolang AND b.prosrc = p.prosrc AND b.probin IS NOT DISTINCT FROM p.probin AND b.oid <> p.oid"
                + " WHERE " + builtIn + " AND " + userObject("p", "pronamespace")
                + " UNION SELECT 'al', '0', '0', p.proname::text, b.proname::text FROM pg_catalog.pg_aggregate a"
                + " JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid JOIN pg_catalog.pg_proc b ON b.oid = ANY (ARRAY[a.aggtransfn,"
                + " a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[])"
                + " WHERE " + builtIn
                // An operator whose code is one: SELECT !!! 123 runs pg_cancel_backend(123).
                + " UNION SELECT 'al', '0', '0', o.oprname::text, b.proname::text FROM pg_catalog.pg_operator o"
                + " JOIN pg_catalog.pg_proc b ON b.oid = o.oprcode::oid WHERE " + builtIn + " AND " + userObject("o", "oprnamespace");
    }

    /**
     * The built-in targets of casts from built-in types whose function is a built-in with effects ('na'): wherever the
     * target type is written, under any of its names, a value of the source may be cast to it.
     */
    private static String builtInCasts(Set<String> effects) {
        if (effectNames(effects).isEmpty()) return "";
        return " UNION SELECT 'na', '0', '0', t.typname::text, '' FROM pg_catalog.pg_cast c JOIN pg_catalog.pg_type t ON t.oid = c.casttarget"
                + " WHERE c.castsource < 16384 AND c.castfunc IN (SELECT p.oid FROM pg_catalog.pg_proc p WHERE p.proname IN ("
                + effectNames(effects) + ") OR p.proname LIKE 'dblink%')";
    }

    /**
     * Casts whose function is a built-in with effects, or a function with such a built-in's code ('ca', the cast's
     * context, the type a value is converted to, the built-in): {@code '/etc/hostname'::text::oid} runs lo_import when a
     * superuser made CREATE CAST (text AS oid) WITH FUNCTION lo_import(text). The cast runs wherever a value is converted
     * to the target, a domain over it or an array of those (the types listed), explicitly ('e'), and, as its context
     * allows, in an INSERT's or UPDATE's assignment ('a') or any expression ('i') where no type is named at all. A cast
     * through a stored routine in those contexts is listed without type or built-in: it makes such statements procedural.
     */
    private static String effectCasts(Set<String> effects) {
        if (effects.isEmpty()) return "";
        StringBuilder names = new StringBuilder();
        for (String f : effects) names.append(names.isEmpty() ? "" : ", ").append(literal(f));
        return " UNION SELECT 'ca', '0', c.castcontext::text, t.typname::text, b.proname::text FROM pg_catalog.pg_cast c"
                + " JOIN pg_catalog.pg_proc f ON f.oid = c.castfunc JOIN pg_catalog.pg_proc b ON b.prolang = f.prolang"
                + " AND b.prosrc = f.prosrc AND b.probin IS NOT DISTINCT FROM f.probin"
                + " JOIN (WITH RECURSIVE conv(target, oid) AS (SELECT c2.casttarget, c2.casttarget FROM pg_catalog.pg_cast c2"
                + " UNION SELECT v.target, t.oid FROM conv v JOIN pg_catalog.pg_type t ON t.typbasetype = v.oid OR t.typelem = v.oid"
                + " AND t.typcategory = 'A') SELECT * FROM conv) v ON v.target = c.casttarget JOIN pg_catalog.pg_type t ON t.oid = v.oid"
                + " WHERE (b.proname IN (" + names + ") OR b.proname LIKE 'dblink%') AND c.castmethod = 'f'"
                // and casts through a stored routine the server applies with no type named (no type, no built-in):
                // naming the type is a call already ('n'), an assignment to a column of a built-in type is not.
                + " UNION SELECT 'ca', '0', c.castcontext::text, '', '' FROM pg_catalog.pg_cast c JOIN pg_catalog.pg_proc p"
                + " ON p.oid = c.castfunc WHERE c.castcontext IN ('a', 'i') AND " + ROUTINES;
    }

    /**
     * The built-ins with effects whose call in stored code counts, as literals: not nextval and the transaction ids (a
     * serial column's or domain's default only numbers the rows it writes). Empty when none.
     */
    private static String effectNames(Set<String> effects) {
        StringBuilder names = new StringBuilder();
        for (String f : effects) {
            if (!Set.of("nextval", "txid_current", "pg_current_xact_id").contains(f)) names.append(names.isEmpty() ? "" : ", ").append(literal(f));
        }
        return names.toString();
    }

    /** A pattern matching a stored expression tree's call of one of {@link #effectNames}, or null when there are none. */
    private static String effectCalls(Set<String> effects) {
        String names = effectNames(effects);
        if (names.isEmpty()) return null;
        return "(SELECT ':funcid (' || pg_catalog.string_agg(p.oid::text, '|') || ') ' FROM pg_catalog.pg_proc p"
                + " WHERE p.proname IN (" + names + ") OR p.proname LIKE 'dblink%')";
    }

    /**
     * Views (and views of them) whose query calls one of {@code effects}, the built-ins with effects (nextval,
     * pg_terminate_backend, set_config...): reading one runs the call no statement shows. Listed as reaching a routine
     * ('n'), so a statement naming one is judged as one calling code it does not show. A materialized view's rows are
     * stored: reading it calls nothing, but its REFRESH runs its query again: one whose query calls one of them, or reads
     * such a view, is listed as a relation whose writes run code ('w'), and REFRESH is such a write.
     */
    static String effectViews(Set<String> effects) {
        if (effects.isEmpty()) return "";
        StringBuilder names = new StringBuilder();
        for (String f : effects) names.append(names.isEmpty() ? "" : ", ").append(literal(f));
        // Built-ins are pinned: pg_depend records no view's use of one, so the view's stored tree is searched for
        // its calls (a FuncExpr's :funcid), as for every other function named so.
        String calls = "(SELECT ':funcid (' || pg_catalog.string_agg(p.oid::text, '|') || ') ' FROM pg_catalog.pg_proc p"
                + " WHERE p.proname IN (" + names + ") OR p.proname LIKE 'dblink%')";
        // Followed from views only: a view or materialized view reading a materialized view reads its stored rows.
        return " UNION SELECT CASE c.relkind WHEN 'm' THEN 'w' ELSE 'n' END, '0', '0', c.relname::text, '' FROM pg_catalog.pg_class c"
                + " WHERE c.oid IN (WITH RECURSIVE effect(relid, kind) AS ("
                + "SELECT w.ev_class, v.relkind FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class v ON v.oid = w.ev_class AND v.relkind IN ('v', 'm')"
                + " AND " + userObject("v", "relnamespace")
                + " WHERE w.rulename = '_RETURN' AND w.ev_action::text ~ " + calls
                + " UNION SELECT v.oid, v.relkind FROM effect e JOIN pg_catalog.pg_depend d ON d.refclassid = " + cls("pg_class") + " AND d.refobjid = e.relid"
                + " JOIN pg_catalog.pg_rewrite w ON d.classid = " + cls("pg_rewrite") + " AND w.oid = d.objid AND w.rulename = '_RETURN'"
                + " JOIN pg_catalog.pg_class v ON v.oid = w.ev_class AND v.relkind IN ('v', 'm') WHERE e.kind = 'v' AND v.oid <> e.relid)"
                + " SELECT relid FROM effect)"
                + effectTables(effects);
    }

    /**
     * Tables whose writes call such a built-in through a column default or a check ('w', as a trigger's routine): an
     * INSERT naming neither runs pg_reload_conf or pg_terminate_backend there; and whose row security policy calls one,
     * on every statement ('n'). Not nextval and the transaction ids: a serial column's default only numbers the rows
     * it writes.
     */
    private static String effectTables(Set<String> effects) {
        String calls = effectCalls(effects);
        if (calls == null) return "";
        return " UNION SELECT 'w', '0', '0', c.relname::text, '' FROM pg_catalog.pg_class c WHERE " + userObject("c", "relnamespace") + " AND c.oid IN ("
                + "SELECT ad.adrelid FROM pg_catalog.pg_attrdef ad WHERE ad.adbin::text ~ " + calls
                + " UNION SELECT k.conrelid FROM pg_catalog.pg_constraint k WHERE k.contype = 'c' AND k.conbin::text ~ " + calls + ")"
                // A row security policy's expressions run on reads too ('n', as one calling a stored routine).
                + " UNION SELECT 'n', '0', '0', c.relname::text, '' FROM pg_catalog.pg_policy y JOIN pg_catalog.pg_class c ON c.oid = y.polrelid"
                + " WHERE coalesce(y.polqual::text, '') || coalesce(y.polwithcheck::text, '') ~ " + calls;
    }

    /**
     * Views whose query locks the rows it reads (FOR UPDATE, FOR SHARE, at any depth: the stored tree's rowMarks), and
     * views of them ('lk'): reading one locks those rows as SELECT ... FOR UPDATE does, which the server refuses in a
     * read-only transaction and which blocks other sessions' writes.
     */
    private static final String LOCKING_VIEWS = " UNION SELECT 'lk', '0', '0', c.relname::text, '' FROM pg_catalog.pg_class c"
            + " WHERE c.oid IN (WITH RECURSIVE locking(relid) AS (SELECT w.ev_class FROM pg_catalog.pg_rewrite w"
            + " JOIN pg_catalog.pg_class v ON v.oid = w.ev_class AND v.relkind = 'v'"
            + " AND " + userObject("v", "relnamespace")
            + " WHERE w.rulename = '_RETURN' AND strpos(w.ev_action::text, ':rowMarks (') > 0"
            + " UNION SELECT v.oid FROM locking e JOIN pg_catalog.pg_depend d ON d.refclassid = " + cls("pg_class") + " AND d.refobjid = e.relid"
            + " JOIN pg_catalog.pg_rewrite w ON d.classid = " + cls("pg_rewrite") + " AND w.oid = d.objid AND w.rulename = '_RETURN'"
            + " JOIN pg_catalog.pg_class v ON v.oid = w.ev_class AND v.relkind = 'v' WHERE v.oid <> e.relid)"
            + " SELECT relid FROM locking)";

    /**
     * Views carrying security_barrier or security_invoker ('sv'): CREATE OR REPLACE VIEW of one without them in its WITH
     * clause sets its options anew, clearing them as ALTER VIEW ... RESET does (the server leaks rows past the barrier
     * to a leaky function, or reads the tables with the view owner's privileges).
     */
    private static final String GUARDED_VIEWS = " UNION SELECT 'sv', '0', '0', c.relname::text, '' FROM pg_catalog.pg_class c"
            + " WHERE c.relkind = 'v' AND EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE o ~ '^security_(barrier|invoker)='"
            + " AND lower(substring(o from '=(.*)$')) NOT IN ('false', 'off', 'no', '0', 'f', 'n', 'of', 'fa', 'fal', 'fals'))";

    private static final String DOMAINS = " UNION SELECT 'b', t.oid::int8::text, t.typbasetype::int8::text, '', ''"
            + " FROM pg_catalog.pg_type t WHERE t.typtype = 'd'";

    /**
     * Each relation's columns ('ac', schema, relation, column): an unqualified name in a subquery is the outer row's
     * column when no item of the subquery has it, so {@code id IN (SELECT id FROM pg_database)} compares the row with
     * itself. By schema: public.x and other.x are two relations, each with its own columns. With each its type (a
     * domain's base type): {@code n < 2147483647} holds on every row of an integer column, not of a numeric one.
     */
    private static final String COLUMNS = " UNION SELECT * FROM (SELECT 'ac'::text, coalesce(nullif(ty.typbasetype, 0), a.atttypid)::int8::text,"
            + " n.nspname::text, c.relname::text, a.attname::text"
            + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid"
            + " WHERE a.attnum > 0 AND NOT a.attisdropped"
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relnamespace <> 'pg_toast'::regnamespace"
            // no more than SourceColumns keeps: a relation left out has no column known, its names may be the outer row's
            + " LIMIT " + SourceColumns.MAX_COLUMNS + ") relation_columns";

    /** The catalog query a connection runs at its start: the stored routines, and what its column rules need. */
    static String forGlobs(Set<String> globs) {
        return forGlobs(globs, Set.of());
    }

    /** effects: the built-ins with effects, whose calls a view may hide (see {@link #effectViews}). */
    static String forGlobs(Set<String> globs, Set<String> effects) {
        // Domains and their base types ('b'): inside a binary array or record an element carries its own type, a
        // domain's oid, where a top-level column carries the base type's (BinaryValues reads bigints and numerics).
        String routines = "SELECT * FROM (" + reaching(effectTypes(effects) + effectCode(effects)) + effectViews(effects) + builtInCasts(effects) + effectCasts(effects) + builtInAliases(effects) + LOCKING_VIEWS + GUARDED_VIEWS + DOMAINS + COLUMNS + ") reaching";
        if (globs.isEmpty()) return routines;
        StringBuilder patterns = new StringBuilder();
        for (String g : globs) {
            if (!patterns.isEmpty()) patterns.append(", ");
            patterns.append(literal(likePattern(g)));
        }
        // Every relation kind (tables, views, matviews, foreign tables), system catalogs included; then, for the
        // views and matviews of user schemas, each output column's plain source (the resorigtbl/resorigcol their
        // rule keeps, what a RowDescription reports) and the columns the view reads, so a ruled column renamed or
        // computed on in a view is followed too (resolve()).
        String user = " AND " + userObject("c", "relnamespace");
        // Functions whose bodies run SQL hoop never sees: the stored routines, and the built-in ones that run a
        // query given as a string.
        StringBuilder runners = new StringBuilder();
        for (String f : RUNS_SQL_TEXT) runners.append(runners.isEmpty() ? "" : ", ").append(literal(f));
        String hiddenSql = "(" + ROUTINES + " OR p.proname IN (" + runners + "))";
        return "SELECT 'c', a.attrelid::int8::text, a.attnum::text, a.attname::text, c.relname::text FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE a.attnum > 0 AND NOT a.attisdropped"
                + " AND a.attname ILIKE ANY (ARRAY[" + patterns + "]::text[])"
                // A generated column computed from a ruled one of its table (loud text GENERATED ALWAYS AS (upper(name))):
                // the column depends on those it reads (older servers record it for its pg_attrdef row).
                + " UNION ALL SELECT 'k', g.attrelid::int8::text, g.attnum::text, min(a.attname::text), min(g.attname::text)"
                + " FROM pg_catalog.pg_attribute g JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = g.attrelid AND ad.adnum = g.attnum"
                + " JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = g.attrelid"
                + " AND (d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = g.attrelid AND d.objsubid = g.attnum"
                + " OR d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND NOT a.attisdropped"
                + " WHERE g.attgenerated <> '' AND NOT g.attisdropped AND a.attname ILIKE ANY (ARRAY[" + patterns + "]::text[])"
                + " AND a.attnum <> g.attnum GROUP BY g.attrelid, g.attnum"
                // The columns a COPY of a table holding a ruled column sends when it lists none, in their order:
                // not dropped, not generated (CopyColumns masks each field under its column's rule).
                + " UNION ALL SELECT 'co', a.attrelid::int8::text, a.attnum::text, a.attname::text, n.nspname || '.' || c.relname"
                + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND a.attnum > 0"
                + " AND NOT a.attisdropped AND a.attgenerated = '' AND a.attrelid IN (SELECT r.attrelid FROM pg_catalog.pg_attribute r"
                + " WHERE r.attnum > 0 AND NOT r.attisdropped AND r.attname ILIKE ANY (ARRAY[" + patterns + "]::text[]))"
                + " UNION ALL SELECT 't', r.ev_class::int8::text, m[1], m[2], m[3] FROM pg_catalog.pg_rewrite r"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class, regexp_matches(" + BRANCH_ENTRIES + ", "
                + literal(":resno (\\d+) :resname (?:[^ \\\\]|\\\\.)* :ressortgroupref \\d+ :resorigtbl (\\d+) :resorigcol (\\d+)")
                + ", 'g') m WHERE r.rulename = '_RETURN'" + user
                + " UNION ALL SELECT 'd', r.ev_class::int8::text, d.refobjid::int8::text, d.refobjsubid::text, c.relname::text"
                + " FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.rulename = '_RETURN' AND d.refclassid = 'pg_catalog.pg_class'::regclass"
                // A column's dependency has its number; a whole-row reference (c::text, row_to_json(c)) only the
                // relation's, like every relation the view lists: those count when its rule holds a whole-row Var.
                + " AND (d.refobjsubid > 0 OR r.ev_action::text LIKE '%:varattno 0 %') AND d.refobjid <> r.ev_class" + user
                // pg_statistic and pg_statistic_ext_data are pinned (created with the catalogs), so pg_depend records no
                // view's read of them: a view whose stored tree reads one (a monitoring view over the samples) is found
                // there and reads the whole relation, whose sample columns are listed below ('s').
                + " UNION ALL SELECT DISTINCT 'd', r.ev_class::int8::text, s.oid::int8::text, '0', c.relname::text FROM pg_catalog.pg_rewrite r"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_class s ON s.relnamespace = 'pg_catalog'::regnamespace"
                + " AND s.relname IN ('pg_statistic', 'pg_statistic_ext_data') WHERE r.rulename = '_RETURN'"
                + " AND r.ev_action::text LIKE '%:relid ' || s.oid::text || ' %'" + user
                // The names of views' columns: one passing a ruled column on is named like it (resolve()).
                + " UNION ALL SELECT 'a', a.attrelid::int8::text, a.attnum::text, a.attname::text, c.relname::text FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped" + user
                + " UNION ALL " + routines
                + " UNION ALL SELECT DISTINCT 'f', '0', '0', p.proname::text, '' FROM pg_catalog.pg_proc p WHERE p.proname IN (" + runners + ")"
                // Tables that run such code when a statement writes them ('fw'): triggers, rules (DO ALSO ...), and
                // defaults, generated columns and checks calling such a function (INSERT ... RETURNING). Reading one runs none.
                // Those that may change the rows the write stores and returns ('fr', with the events: i insert, u update)
                // are listed again: BEFORE and INSTEAD OF triggers, rules, defaults and generated columns (an AFTER
                // trigger runs once the row is returned).
                + " UNION ALL SELECT DISTINCT 'fw', '0', '0', c.relname::text, '' FROM pg_catalog.pg_trigger t"
                + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal" + user
                + " UNION ALL SELECT DISTINCT 'fr', '0', '0', c.relname::text, CASE WHEN t.tgtype & 4 <> 0 THEN 'i' ELSE '' END"
                + " || CASE WHEN t.tgtype & 16 <> 0 THEN 'u' ELSE '' END FROM pg_catalog.pg_trigger t"
                + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgtype & 66 <> 0" + user
                + " UNION ALL SELECT DISTINCT 'fr', '0', '0', c.relname::text, 'iu' FROM pg_catalog.pg_rewrite r"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN'" + user
                + " UNION ALL SELECT DISTINCT 'fr', '0', '0', c.relname::text, 'iu' FROM pg_catalog.pg_depend d"
                + " JOIN pg_catalog.pg_proc p ON d.refclassid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.refobjid"
                + " LEFT JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::regclass AND ad.oid = d.objid"
                + " LEFT JOIN pg_catalog.pg_constraint k ON d.classid = 'pg_catalog.pg_constraint'::regclass AND k.oid = d.objid"
                + " JOIN pg_catalog.pg_class c ON c.oid = coalesce(ad.adrelid, k.conrelid) WHERE " + hiddenSql + user
                // A default calling a built-in one (pinned: no pg_depend row), found in its stored tree as builtInCalls says.
                + " UNION ALL SELECT DISTINCT 'fr', '0', '0', c.relname::text, 'iu' FROM pg_catalog.pg_attrdef ad"
                + " JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid WHERE ad.adbin::text ~ " + builtInCalls(runners) + user
                // A view calling such a function may read any column (CREATE VIEW v AS SELECT f() AS x).
                + " UNION ALL SELECT DISTINCT 'u', r.ev_class::int8::text, '0', '-1', c.relname::text FROM pg_catalog.pg_depend d"
                + " JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_proc p ON p.oid = d.refobjid"
                + " WHERE r.rulename = '_RETURN' AND d.refclassid = 'pg_catalog.pg_proc'::regclass AND " + hiddenSql + user
                // Built-ins are pinned, so pg_depend records no view's call of one (a view over pg_read_file of the
                // server's log): the view's stored tree is searched for its calls, as effectViews does.
                + " UNION ALL SELECT DISTINCT 'u', r.ev_class::int8::text, '0', '-1', c.relname::text FROM pg_catalog.pg_rewrite r"
                + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.rulename = '_RETURN' AND r.ev_action::text ~ "
                + builtInCalls(runners) + user
                + keepingRoutines(patterns.toString(), globWords(globs))
                + " UNION ALL SELECT 's', a.attrelid::int8::text, a.attnum::text, a.attname::text, c.relname::text FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'pg_catalog'::regnamespace"
                + " AND (c.relname IN ('pg_stats', 'pg_stats_ext', 'pg_stats_ext_exprs')"
                + " AND a.attname IN ('most_common_vals', 'histogram_bounds', 'most_common_elems')"
                // The catalogs under those views keep the same samples: pg_statistic's stavalues1..5 (a superuser's,
                // or a monitoring role's it was granted to), and the extended statistics' MCV lists and expression stats.
                + " OR c.relname = 'pg_statistic' AND a.attname IN ('stavalues1', 'stavalues2', 'stavalues3', 'stavalues4', 'stavalues5')"
                + " OR c.relname = 'pg_statistic_ext_data' AND a.attname IN ('stxdmcv', 'stxdexpr')"
                // Other sessions' statement texts, with the values they wrote as literals; and this session's prepared
                // statements and cursors, which code hoop does not see may have built from values (format('%L', name)).
                + " OR c.relname = 'pg_stat_activity' AND a.attname = 'query'"
                // and their application_name, which code another session ran may have set to a value
                // (EXECUTE 'SET application_name = ' || quote_literal(name)): this one sees no trace of that code.
                + " OR c.relname = 'pg_stat_activity' AND a.attname = 'application_name'"
                // and the settings roles and databases give their sessions, written the same way
                + " OR c.relname IN ('pg_db_role_setting', 'pg_roles', 'pg_user', 'pg_shadow') AND a.attname IN ('setconfig', 'rolconfig', 'useconfig')"
                + " OR c.relname IN ('pg_prepared_statements', 'pg_cursors') AND a.attname = 'statement'"
                // A refcursor's value is the name OPEN gives its portal, so code names one after a value without any
                // dynamic SQL (DO $$ DECLARE c refcursor; BEGIN c := (SELECT email ...); OPEN c FOR SELECT 1; END $$).
                + " OR c.relname = 'pg_cursors' AND a.attname = 'name'"
                // The memory contexts of this session's cached plans are named by their statements' text.
                + " OR c.relname = 'pg_backend_memory_contexts' AND a.attname = 'ident')"
                + " OR c.relname = 'pg_stat_statements' AND a.attname = 'query'"
                // The server's stored credentials, read by a superuser: its roles' password verifiers, user mappings'
                // and subscriptions' passwords. Shown as they are, the detectors mask them; computed from them
                // (replace(rolpassword, '$', ' '), split_part(...)) they are judged as from a ruled column.
                + " UNION ALL SELECT 'cr', a.attrelid::int8::text, a.attnum::text, a.attname::text, c.relname::text FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'pg_catalog'::regnamespace"
                + " AND (c.relname = 'pg_authid' AND a.attname = 'rolpassword' OR c.relname = 'pg_shadow' AND a.attname = 'passwd'"
                + " OR c.relname IN ('pg_user_mapping', 'pg_user_mappings') AND a.attname = 'umoptions'"
                + " OR c.relname = 'pg_subscription' AND a.attname = 'subconninfo')"
                + SETTINGS
                + " UNION ALL SELECT 'm', max(oid)::int8::text, '0', '0', '' FROM pg_catalog.pg_class"
                + ruledTypes(patterns.toString());
    }

    /**
     * A view's stored query as its target entries are read from it ('t'). A set operation's own entries (UNION's
     * output) name no source, and read as computed they made every column of the view ruled: a UNION view passing
     * notes on in each branch made notes a ruled word. They are left out, so a column number is what its branches
     * give it there, each branch's entry at that number (every value of the column is one of those). The set
     * operation of the view's top query is the text's last :setOperations (the Query's fields after it hold no
     * query), and its target list the text's last one: after its range table, which holds the branches. A LIMIT
     * (SELECT ...) puts a target list after it: then the top entries stay in, computed (more masked, never less).
     */
    private static final String BRANCH_ENTRIES = "CASE WHEN substring(r.ev_action::text from " + literal("^.*:setOperations (.)")
            + ") = '{' THEN substring(r.ev_action::text from " + literal("^(.*):targetList \\(") + ") ELSE r.ev_action::text END";

    /**
     * Types whose values hold a ruled column ('y', type oid, its column): the row type of a table or composite type
     * with one (a column of type customers, or of a type with an email field, holds every field), and then arrays
     * of them, domains over them and composite types with a field of them, to any depth; and the columns of those
     * types, listed as ruled columns ('c') under the field they hold.
     */
    private static String ruledTypes(String patterns) {
        // One join per round (not a lookup per type): pg_attribute is scanned once a round, not once a type.
        return " UNION ALL SELECT * FROM (WITH RECURSIVE ruled(oid, col) AS (SELECT c.reltype, a.attname::text"
                + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid WHERE a.attnum > 0"
                + " AND NOT a.attisdropped AND c.reltype <> 0 AND a.attname ILIKE ANY (ARRAY[" + patterns + "]::text[])"
                + " UNION SELECT n.oid, r.col FROM ruled r JOIN ("
                + "SELECT t.oid, t.typarray FROM pg_catalog.pg_type t WHERE t.typarray <> 0"
                + " UNION ALL SELECT t.typbasetype, t.oid FROM pg_catalog.pg_type t WHERE t.typbasetype <> 0"
                + " UNION ALL SELECT a.atttypid, c.reltype FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.reltype <> 0 AND a.atttypid >= 16384) n(src, oid) ON n.src = r.oid)"
                + " SELECT DISTINCT ON (oid) 'y', oid::int8::text, '0', col, '' FROM ruled"
                // A column of such a type is a ruled column: by its source, and its relation holds one (c::text, to_jsonb(t)).
                + " UNION ALL SELECT 'c', a.attrelid::int8::text, a.attnum::text, min(r.col), c.relname::text FROM ruled r"
                + " JOIN pg_catalog.pg_attribute a ON a.atttypid = r.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid GROUP BY a.attrelid, a.attnum, c.relname) ruled_types";
    }

    /**
     * A pattern matching a stored expression tree's call of one of the functions {@code names} (a FuncExpr's :funcid):
     * built-ins are pinned, so pg_depend records no view's, default's or check's use of one.
     */
    private static String builtInCalls(CharSequence names) {
        return "(SELECT ':funcid (' || pg_catalog.string_agg(p.oid::text, '|') || ') ' FROM pg_catalog.pg_proc p WHERE p.proname IN ("
                + names + "))";
    }

    /**
     * {@code query} run with search_path set to pg_catalog alone, the client's put back after it. The query names
     * operators (=, IN, ILIKE) and types (text, oid) unqualified, and the client's search_path (a startup parameter,
     * or SET) may put another schema before pg_catalog: an operator = on names there, or a type named text, would
     * make the read lie or fail. The functions setting it are qualified; pg_temp then comes after pg_catalog (types)
     * or not at all (functions, operators). A failed read rolls the change back with its transaction.
     */
    static String underPgCatalog(String query) {
        return "SELECT pg_catalog.set_config('hoop.client_search_path', pg_catalog.current_setting('search_path'), false),"
                + " pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false),"
                + " (SELECT pg_catalog.set_config('hoop.client_jit', s.setting, false)" + JIT_SETTING + "),"
                + " (SELECT pg_catalog.set_config('jit', 'off', false)" + JIT_SETTING + "); "
                + query + "; SELECT pg_catalog.set_config('search_path', pg_catalog.current_setting('hoop.client_search_path'), false),"
                + " (SELECT pg_catalog.set_config('jit', pg_catalog.current_setting('hoop.client_jit'), false)" + JIT_SETTING + ")";
    }

    /**
     * The query is large (its plan costs millions), so a server with JIT compilation available (Debian's and most
     * distributions' packages; jit is on by default since PostgreSQL 12) compiled it on every read: 20 s before a
     * connection's first statement and after every schema change, for a read that takes 0.4 s without it. Turned off
     * for the read and put back after it; a server without the setting (before 11) has no such row and is left alone.
     */
    private static final String JIT_SETTING = " FROM pg_catalog.pg_settings s WHERE s.name OPERATOR(pg_catalog.=) 'jit'";

    /**
     * What the settings a session reads may hold. 'ps': each setting the role or database gives every session that may
     * hold free text: code another session ran may have written a value there (EXECUTE 'AL' || 'TER ROLE CURRENT_USER
     * SET my.q = ' || quote_literal(name)), which this session then reads with current_setting and SHOW, with no trace
     * of the column. A bool, number or enum holds no text; nor does a search_path of existing schemas, nor a time zone
     * the server knows by name (production roles commonly preset those, and their readers must not all be masked).
     * 'nt': the settings whose type holds no text at all, which even code in this session cannot set to a value.
     * 'sr': views and functions of the database's own that read settings (a view over current_setting('my.q') reads
     * a preset value under its own name). Character classes, not backslashes: the client may turn
     * standard_conforming_strings off.
     */
    private static final String SETTINGS = " UNION ALL SELECT 'ps', '0', '0', p.n, '' FROM (SELECT pg_catalog.lower(pg_catalog.split_part(c, '=', 1)) AS n,"
            + " pg_catalog.substr(c, pg_catalog.strpos(c, '=') + 1) AS v FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c"
            + " WHERE s.setdatabase IN (0, (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()))"
            + " AND s.setrole IN (0, (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = session_user))) p"
            + " WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_settings g WHERE pg_catalog.lower(g.name) = p.n AND g.vartype IN ('bool', 'integer', 'real', 'enum'))"
            + " AND NOT (p.n = 'search_path' AND NOT EXISTS (SELECT 1 FROM pg_catalog.regexp_split_to_table(pg_catalog.btrim(p.v), '[[:space:]]*,[[:space:]]*') e"
            + " WHERE e NOT IN ('$user', '\"$user\"') AND pg_catalog.btrim(e, '\"') NOT IN (SELECT nspname FROM pg_catalog.pg_namespace)))"
            + " AND NOT (p.n IN ('timezone', 'log_timezone') AND CASE WHEN p.n IN ('timezone', 'log_timezone')"
            + " THEN p.v IN (SELECT z.name FROM pg_catalog.pg_timezone_names z) ELSE false END)"
            + " UNION ALL SELECT 'nt', '0', '0', pg_catalog.lower(g.name), '' FROM pg_catalog.pg_settings g WHERE g.vartype IN ('bool', 'integer', 'real', 'enum')"
            + " UNION ALL SELECT DISTINCT 'sr', '0', '0', c.relname::text, '' FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class"
            + " WHERE r.rulename = '_RETURN' AND " + userObject("c", "relnamespace") + " AND (r.ev_action::text ~ " + builtInCalls(
                    "'current_setting', 'pg_show_all_settings', 'pg_stat_get_activity'")
            + " OR r.ev_action::text ~ (SELECT ':relid (' || pg_catalog.string_agg(v.oid::text, '|') || ') ' FROM pg_catalog.pg_class v"
            + " WHERE v.relnamespace = 'pg_catalog'::regnamespace AND v.relname IN ('pg_settings', 'pg_stat_activity')))"
            + " UNION ALL SELECT DISTINCT 'sr', '0', '0', p.proname::text, '' FROM pg_catalog.pg_proc p WHERE " + userObject("p", "pronamespace")
            + " AND pg_catalog.lower" + body("p") + " ~ '[[:<:]](current_setting|pg_settings|pg_show_all_settings|show|pg_stat_activity|pg_stat_get_activity)[[:>:]]'";

    /** Words of a routine's body that may keep a value past the call: a write, dynamic SQL, a setting, a sequence, a lock, a large object. */
    private static final String KEEPING_WORDS = literal("\\m(insert|update|merge|copy|create|alter|comment|execute|set_config"
            + "|setval|lo_\\w+|lowrite|pg_advisory\\w*|pg_try_advisory\\w*|notify|pg_notify|dblink\\w*)\\M");

    /**
     * Stored routines whose own bodies may copy a ruled column's value where a later statement reads it back ('kp'): a
     * body that keeps something (KEEPING_WORDS, or a call of a routine that does) and reads a ruled value (see readers,
     * ruledViews); and the routines whose bodies
     * name one of those (a call of it). {@code SELECT keep_all()} names no ruled column, yet its body's INSERT INTO log
     * SELECT notes FROM customers stores notes in log. Read by words, as a body's text is: more refused, never less.
     * A body that merely calls a routine or reads a view that reads no ruled value (an audit trigger calling now_utc(),
     * INSERT INTO audit SELECT count(*) FROM active_users) is no copy: refusing it refused ordinary helpers.
     */
    private static String keepingRoutines(String patterns, String columnWords) {
        String ruledColumn = "a.attnum > 0 AND NOT a.attisdropped AND a.attname ILIKE ANY (ARRAY[" + patterns + "]::text[])";
        // Views and matviews that may pass a ruled value on: their stored query reads a ruled column, a whole row
        // (of any relation: closed), a view of these, or a routine of the database's own (its reads not followed here).
        String ruledViews = "rv(oid) AS (SELECT r.ev_class FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_depend d"
                + " ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid WHERE r.rulename = '_RETURN'"
                + " AND (d.refclassid = 'pg_catalog.pg_class'::regclass AND (r.ev_action::text LIKE '%:varattno 0 %'"
                + " OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND " + ruledColumn + "))"
                + " OR d.refclassid = 'pg_catalog.pg_proc'::regclass AND EXISTS (SELECT 1 FROM pg_catalog.pg_proc p WHERE p.oid = d.refobjid AND "
                + userObject("p", "pronamespace") + "))"
                + " UNION SELECT r.ev_class FROM rv JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = rv.oid"
                + " JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid AND r.rulename = '_RETURN')";
        String readsRuled = "(" + body("p") + " ~* " + literal(columnWords) + " OR " + body("p") + " ~* " + literal("\\mexecute\\M")
                + " OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " WHERE " + ruledColumn + " AND " + bodyNames("c.relname") + ")"
                + " OR EXISTS (SELECT 1 FROM rv JOIN pg_catalog.pg_class c ON c.oid = rv.oid WHERE " + bodyNames("c.relname") + "))";
        // Routines of the database's own whose bodies read a ruled value: by the words above, or by calling such a routine.
        String readers = "rd(oid, proname) AS (SELECT p.oid, p.proname FROM pg_catalog.pg_proc p WHERE " + ROUTINES + " AND " + readsRuled
                + " UNION SELECT p.oid, p.proname FROM rd k JOIN pg_catalog.pg_proc p ON " + ROUTINES + " AND p.oid <> k.oid AND " + bodyNames("k.proname") + ")";
        // Routines that keep a value: by the words, or by calling such a routine (PERFORM log_event((SELECT notes ...))).
        String writers = "wr(oid, proname) AS (SELECT p.oid, p.proname FROM pg_catalog.pg_proc p WHERE " + ROUTINES + " AND " + body("p") + " ~* " + KEEPING_WORDS
                + " UNION SELECT p.oid, p.proname FROM wr k JOIN pg_catalog.pg_proc p ON " + ROUTINES + " AND p.oid <> k.oid AND " + bodyNames("k.proname") + ")";
        // Tables a write into makes the database's own code copy a ruled value into ('kt'): a trigger whose function
        // reads a relation holding one (or a view passing one on, or runs dynamic SQL), a rule whose action reads one
        // of another relation (CREATE RULE ... DO INSTEAD INSERT INTO inbox SELECT NEW.id, (SELECT notes FROM ...)).
        // A trigger naming only the written row's own columns (NEW.email) reads what the client writes.
        // Its own table is left out: a check reading other rows of it (uniqueness, NEW.email = email) copies nothing.
        String relationReads = "(" + body("p") + " ~* " + literal("\\mexecute\\M")
                + " OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class x ON x.oid = a.attrelid"
                + " WHERE x.oid <> g.tgrelid AND " + ruledColumn + " AND " + bodyNames("x.relname") + ")"
                + " OR EXISTS (SELECT 1 FROM rv JOIN pg_catalog.pg_class x ON x.oid = rv.oid WHERE " + bodyNames("x.relname") + "))";
        String keepingTables = " UNION ALL SELECT DISTINCT 'kt', '0', '0', t.relname, '' FROM (WITH RECURSIVE " + ruledViews
                + " SELECT c.relname::text AS relname FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid"
                + " JOIN pg_catalog.pg_proc p ON p.oid = g.tgfoid WHERE NOT g.tgisinternal AND " + relationReads
                // and keeps it: a keeping word, or the row it writes set (NEW.msg := ..., = ..., SELECT ... INTO NEW.msg);
                // one that only says what it read (RAISE NOTICE) has its words masked where they are sent.
                + " AND (" + body("p") + " ~* " + KEEPING_WORDS + " OR " + body("p") + " ~* "
                + literal("\\mnew[[:space:]]*(\\.[[:space:]]*\"?[^[:space:]:=\"]+\"?[[:space:]]*)?:?=|\\minto[[:space:]]+new\\M") + ")"
                + " UNION SELECT c.relname::text FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class"
                + " JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid"
                + " AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid <> r.ev_class WHERE r.ev_type <> '1'"
                + " AND (d.refobjid IN (SELECT oid FROM rv) OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = d.refobjid"
                + " AND a.attnum = d.refobjsubid AND " + ruledColumn + ")) LIMIT " + SourceColumns.MAX_COLUMNS + ") t";
        return keepingTables + " UNION ALL SELECT DISTINCT 'kp', '0', '0', k.proname::text, '' FROM (WITH RECURSIVE " + ruledViews + ", " + readers
                + ", " + writers + ", keep(oid, proname) AS ("
                + "SELECT rd.oid, rd.proname FROM rd JOIN wr ON wr.oid = rd.oid"
                + " UNION SELECT p.oid, p.proname FROM keep k JOIN pg_catalog.pg_proc p ON " + ROUTINES
                + " AND " + bodyNames("k.proname") + ") SELECT proname FROM keep LIMIT " + SourceColumns.MAX_COLUMNS + ") k";
    }

    /**
     * The text of routine {@code alias}'s body: a SQL-standard one (BEGIN ATOMIC ... END, RETURN ...) is kept parsed,
     * with an empty prosrc, so it is read back from the server's own rendering of it, without the CREATE that renders it.
     */
    private static String body(String alias) {
        return "(CASE WHEN " + alias + ".prosrc = '' THEN pg_catalog.regexp_replace(pg_catalog.pg_get_functiondef(" + alias + ".oid),"
                + " '^CREATE OR REPLACE ', '') ELSE " + alias + ".prosrc END)";
    }

    /** A regular expression matching, as a whole word, a column name one of the globs (or its column part after a dot) covers. */
    static String globWords(Set<String> globs) {
        StringBuilder out = new StringBuilder();
        for (String g : globs) {
            String column = g.substring(g.lastIndexOf('.') + 1);
            if (!out.isEmpty()) out.append('|');
            for (char c : column.toCharArray()) {
                if (c == '*') out.append("\\w*");
                else if (Character.isLetterOrDigit(c) || c == '_') out.append(c);
                else out.append('\\').append(c);
            }
        }
        return "\\m(" + out + ")\\M";
    }

    /** Whether the body of routine p names {@code name} (a name column) as a word, in any case. */
    private static String bodyNames(String name) {
        return body("p") + " ~* (" + literal("\\m") + " || regexp_replace(" + name + "::text, " + literal("(\\W)") + ", " + literal("\\\\\\1")
                + ", 'g') || " + literal("\\M") + ")";
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

    /** Functions that run a query, or read a table, named by a string: query_to_xml('select na' || 'me ...'). */
    private static final Set<String> RUNS_SQL_TEXT = Set.of("query_to_xml", "query_to_xml_and_xmlschema", "cursor_to_xml",
            "table_to_xml", "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xml_and_xmlschema", "database_to_xml",
            "database_to_xml_and_xmlschema", "dblink", "dblink_exec", "dblink_send_query", "dblink_get_result", "dblink_fetch",
            "ts_stat", "ts_rewrite",
            // Not runners, but what they return is other sessions' SQL text (pg_stat_activity's query column).
            "pg_stat_get_activity", "pg_stat_get_backend_activity", "pg_stat_statements",
            // the functions behind pg_prepared_statements and pg_cursors: statement texts a DO block may have built
            "pg_prepared_statement", "pg_cursor", "pg_get_backend_memory_contexts",
            // and the channels this session listens on, which a DO block may have named after a value (LISTEN %I)
            "pg_listening_channels",
            // and the server's files, its log among them: every session's statements with the values they wrote
            "pg_read_file", "pg_read_file_old", "pg_read_binary_file",
            // Nor these: they return the rows every session wrote, decoded from the WAL by a replication slot.
            "pg_logical_slot_get_changes", "pg_logical_slot_peek_changes", "pg_logical_slot_get_binary_changes",
            "pg_logical_slot_peek_binary_changes");

    static boolean runsSqlText(String word) {
        return RUNS_SQL_TEXT.contains(word.toLowerCase(java.util.Locale.ROOT));
    }
}
