package hoop.policy.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in functions whose side effects outrank the statement that calls them. A call is a
 * name token directly followed by '(' — comments cannot hide it because they are not tokens,
 * and strings cannot fake it because they are single tokens. The schema is ignored on purpose
 * (pg_catalog.x, "x" and U&"x" all match): a look-alike in another schema is suspicious anyway.
 * The upstream's own stored routines, which the caller names, are procedural wherever they are called.
 */
final class Functions {

    private static final Map<String, SqlKind> KINDS = new HashMap<>();
    /** Why each function of kind UNKNOWN is: what a policy's author reads in the refusal. */
    private static final Map<String, String> UNKNOWN_WHY = new HashMap<>();

    static {
        for (String f : new String[] {"pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
                "pg_rotate_logfile", "pg_rotate_logfile_old", "pg_read_file", "pg_read_file_old",
                "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_ls_logdir", "pg_ls_waldir", "pg_ls_tmpdir",
                "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir", "pg_ls_logicalmapdir", "pg_ls_replslotdir",
                "lo_import", "lo_export", "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync",
                "pg_logdir_ls", "pg_write_file", "pg_promote", "pg_switch_wal", "pg_switch_xlog",
                "pg_create_restore_point", "pg_start_backup", "pg_stop_backup", "pg_backup_start", "pg_backup_stop",
                "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_create_physical_replication_slot",
                "pg_create_logical_replication_slot", "pg_drop_replication_slot",
                "pg_copy_physical_replication_slot", "pg_copy_logical_replication_slot",
                "pg_replication_slot_advance", "pg_logical_slot_get_changes", "pg_logical_slot_get_binary_changes",
                "pg_logical_emit_message", "pg_replication_origin_create", "pg_replication_origin_drop",
                "pg_replication_origin_advance", "pg_replication_origin_session_setup",
                "pg_log_backend_memory_contexts", "pg_stat_reset", "pg_stat_reset_shared",
                "pg_stat_reset_single_table_counters", "pg_stat_reset_single_function_counters",
                "pg_stat_reset_slru", "pg_stat_reset_replication_slot", "pg_stat_reset_subscription_stats",
                "pg_import_system_collations", "pg_logical_slot_peek_changes", "pg_logical_slot_peek_binary_changes",
                "pg_replication_origin_xact_setup", "pg_replication_origin_xact_reset", "pg_replication_origin_session_reset",
                "pg_stat_statements_reset", "pg_truncate_visibility_map",
                // index maintenance, as VACUUM does it
                "brin_summarize_new_values", "brin_summarize_range", "brin_desummarize_range", "gin_clean_pending_list",
                // pg_surgery rewrites heap tuples; pageinspect reads raw pages past row security and column privileges
                "heap_force_kill", "heap_force_freeze", "get_raw_page",
                // pageinspect's reading of an index's pages by name: its items' data are the indexed columns' values
                "bt_page_items",
                "pg_nextoid", "pg_stop_making_pinned_objects",
                // the server's configuration files as rows (pg_hba.conf, pg_ident.conf, postgresql.conf), as pg_read_file reads them
                "pg_hba_file_rules", "pg_ident_file_mappings", "pg_show_all_file_settings",
                // adminpack 1.0's names for pg_read_file, pg_stat_file's size and pg_rotate_logfile (CREATE EXTENSION
                // adminpack VERSION '1.0' still installs them, into pg_catalog, where no stored routine is looked for)
                "pg_file_read", "pg_file_length", "pg_logfile_rotate",
                // pg_walinspect reads the server's WAL files: other sessions' logical messages' payloads, and (16+)
                // pg_get_wal_block_info the raw bytes of any table's rows, past privileges, as get_raw_page does
                "pg_get_wal_record_info", "pg_get_wal_records_info", "pg_get_wal_records_info_till_end_of_wal",
                "pg_get_wal_stats", "pg_get_wal_stats_till_end_of_wal", "pg_get_wal_block_info",
                // newer servers' (16-18): a standby snapshot or slot sync on demand, planner statistics written or
                // wiped by hand, shared buffers evicted or warmed by hand, one backend's statistics reset
                "pg_log_standby_snapshot", "pg_sync_replication_slots", "pg_restore_relation_stats",
                "pg_restore_attribute_stats", "pg_clear_relation_stats", "pg_clear_attribute_stats",
                "pg_stat_reset_backend_stats", "pg_buffercache_evict", "pg_buffercache_evict_relation",
                "pg_buffercache_evict_all", "pg_prewarm", "autoprewarm_dump_now", "autoprewarm_start_worker"}) {
            KINDS.put(f, SqlKind.ADMIN);
        }
        for (String f : new String[] {"nextval", "setval", "txid_current", "pg_current_xact_id", "pg_notify",
                "lo_create", "lo_creat", "lo_unlink", "lo_put", "lo_from_bytea", "lowrite", "lo_truncate",
                "lo_truncate64", "lo_open"}) {
            KINDS.put(f, SqlKind.WRITE);
        }
        for (String f : new String[] {"pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock",
                "pg_advisory_xact_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
                "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared", "pg_advisory_unlock",
                "pg_advisory_unlock_shared", "pg_advisory_unlock_all",
                // the seed random() draws from from now on, as SET would keep it
                "setseed"}) {
            KINDS.put(f, SqlKind.SESSION);
        }
        // These run SQL passed as a string, which this classifier cannot see into.
        for (String f : new String[] {"query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
                "cursor_to_xml", "cursor_to_xmlschema", "ts_stat", "ts_rewrite", "crosstab", "crosstab2",
                "crosstab3", "crosstab4", "connectby", "pg_background_launch",
                // xml2: SELECT key, document FROM relation WHERE criteria, each part given as text
                "xpath_table"}) {
            KINDS.put(f, SqlKind.UNKNOWN);
            UNKNOWN_WHY.put(f, "executes SQL given as text");
        }
        // Amazon RDS / Aurora's aws_s3: a query given as text whose rows go to an S3 object, and a table named in text
        // filled from one (COPY through S3, to and from a place no policy here sees).
        KINDS.put("query_export_to_s3", SqlKind.UNKNOWN);
        UNKNOWN_WHY.put("query_export_to_s3", "executes SQL given as text and sends its rows to S3");
        KINDS.put("table_import_from_s3", SqlKind.UNKNOWN);
        UNKNOWN_WHY.put("table_import_from_s3", "writes a table it names in text with the rows of an S3 object");
        // These read a table named in a string, or every table of a schema or the database, and answer it as one
        // document: a table rule cannot see which tables, nor a column rule the columns inside.
        for (String scope : new String[] {"table", "schema", "database"}) {
            for (String form : new String[] {"_to_xml", "_to_xmlschema", "_to_xml_and_xmlschema"}) {
                KINDS.put(scope + form, SqlKind.UNKNOWN);
                UNKNOWN_WHY.put(scope + form, "reads tables it names in text (or all of them)");
            }
        }
    }

    private Functions() {
    }

    /** The names {@link #scan} raises a kind for, set_config included (dblink* and binary_upgrade_* by prefix only). */
    static java.util.Set<String> withEffects() {
        java.util.Set<String> all = new java.util.TreeSet<>(KINDS.keySet());
        all.add("set_config");
        return java.util.Collections.unmodifiableSet(all);
    }

    static void scan(Toks t, int from, int to, Analysis a) {
        if (a.isPlanOnly()) {
            // Planning runs no built-in listed here, but folds a stored IMMUTABLE (and estimates with a STABLE)
            // routine called with constants: EXPLAIN SELECT f(1) runs f, and whatever VOLATILE routine f calls.
            storedOnly(t, from, to, a);
            return;
        }
        for (int k = from; k < to; k++) {
            if (reachesStored(t, k)) {
                a.raise(SqlKind.PROCEDURAL);
            }
            Token x = t.get(k);
            if (x.type() == Token.Type.OP) {
                operatorCode(t, x.value(), a);
            }
            if (x.isName()) {
                // A type a cast converts to through a built-in with effects: x::oid, CAST(x AS oid), x::d, '{..}'::oid[].
                String type = Lexer.asciiLower(x.value());
                for (String builtIn : t.castsRun(type)) {
                    aliased(builtIn, type, a);
                }
            }
            if (!x.isName() || !t.punct(k + 1, "(") && !t.punct(k - 1, ".")) {
                continue;
            }
            // Column notation calls a one-argument function too: (x).f and alias.f (an alias of a scalar in FROM) are
            // f(x), so ('s'::regclass).nextval and (pid).pg_terminate_backend run the built-in with no bracket after it.
            // A column or table named like one of these is judged as the call: the safe side.
            String fn = Lexer.asciiLower(x.value());
            for (String builtIn : t.builtInsRun(fn)) {
                aliased(builtIn, fn, a);
            }
            if (!t.punct(k + 1, "(")) {
                if (!fn.equals("set_config")) {
                    judge(fn, a);
                }
                continue;
            }
            if (fn.equals("set_config")) {
                setConfig(t, k + 2, a);
            } else if (SCHEDULERS.contains(fn) && scheduler(t, k)) {
                a.unknown(fn + "() schedules SQL given as text, run later as the job's user");
            } else {
                judge(fn, a);
            }
        }
    }

    /**
     * pg_cron's functions taking a job's command, SQL as text its background worker runs later (in another database too,
     * as another user): the inner statement is not this one's, and no text hoop judges shows it.
     */
    private static final java.util.Set<String> SCHEDULERS = java.util.Set.of("schedule", "schedule_in_database", "alter_job");

    /**
     * Whether the call at k is pg_cron's: qualified by its schema (cron, which its script creates), or unqualified and not
     * one of the database's own routines the catalog read lists (a function of the user's called schedule stays procedural).
     */
    private static boolean scheduler(Toks t, int k) {
        if (t.punct(k - 1, ".")) {
            return t.isName(k - 2) && Lexer.asciiLower(t.get(k - 2).value()).equals("cron");
        }
        return !t.isRoutine(Lexer.asciiLower(t.get(k).value()));
    }

    /**
     * An operator whose code is a built-in with effects (CREATE OPERATOR !!! (FUNCTION = pg_cancel_backend)): using it
     * is the built-in's call. The lexer joins an operator with a sign after it (!!!-1), so each prefix of the token is
     * looked up, as for a stored routine's operator.
     */
    private static void operatorCode(Toks t, String op, Analysis a) {
        for (int n = op.length(); n > 0; n--) {
            for (String builtIn : t.builtInsRun(op.substring(0, n))) {
                aliased(builtIn, op.substring(0, n), a);
            }
        }
    }

    /** A call of {@code fn}, whose code is the built-in {@code builtIn}'s: judged as that call. */
    static void aliased(String builtIn, String fn, Analysis a) {
        if (builtIn.equals("set_config")) {
            a.unknown(fn + "() runs set_config, which sets whichever parameter its arguments name, the role included");
        } else {
            judge(builtIn, a);
        }
    }

    /**
     * The built-in with effects a LANGUAGE internal routine's source {@code src} (its prosrc, the server's C function)
     * names, or null: most are named as their SQL function; the large object ones carry a be_ prefix, and set_config's
     * is set_config_by_name. Only a superuser defines one; the catalog read then pairs it with the built-in exactly.
     */
    static String builtInOfSource(String src) {
        String s = Lexer.asciiLower(src.strip());
        if (s.equals("set_config_by_name")) {
            return "set_config";
        }
        for (String name : new String[] {s, s.startsWith("be_") ? s.substring(3) : s}) {
            if (KINDS.containsKey(name) || name.startsWith("dblink") || name.startsWith("binary_upgrade_")) {
                return name;
            }
        }
        return null;
    }

    /**
     * The built-in with effects an option's value at k binds (SFUNC = pg_terminate_backend, FINALFUNC = set_config), or
     * null: an aggregate's call then runs it.
     */
    static String builtInBound(Toks t, int k) {
        if (!t.isName(k) || !t.get(k - 1).isOp("=")) {
            return null;
        }
        int n = t.punct(k + 1, ".") && t.isName(k + 2) ? k + 2 : k;
        String name = Lexer.asciiLower(t.get(n).value());
        return name.equals("set_config") || KINDS.containsKey(name) || name.startsWith("dblink") ? name : null;
    }

    private static void judge(String fn, Analysis a) {
        if (fn.startsWith("dblink")) {
            a.unknown(fn + "() runs arbitrary SQL on a remote server");
            return;
        }
        // pg_upgrade's hooks: superuser-only, and they set the OIDs and catalog state the next DDL takes.
        SqlKind kind = fn.startsWith("binary_upgrade_") ? SqlKind.ADMIN : KINDS.get(fn);
        if (kind == SqlKind.UNKNOWN) {
            a.unknown(fn + "() " + UNKNOWN_WHY.get(fn));
        } else if (kind == SqlKind.WRITE && !NUMBERING.contains(fn)) {
            // A write the statement's kind may not show: CREATE TABLE AS SELECT setval(...) is ddl, and an ALTER TABLE
            // whose CHECK or USING calls lo_unlink runs it on every row now. A rule on writes must still meet it.
            a.access(kind);
        } else if (kind != null) {
            a.raise(kind);
        }
    }

    /** Whether the statement calls a built-in that {@link #scan} raises a kind for (column notation included). */
    static boolean callsWithEffects(Toks t) {
        return callsWithEffects(t, java.util.Set.of());
    }

    /** The built-ins that only number what a write stores: a serial column's default calls nextval. */
    private static final java.util.Set<String> NUMBERING = java.util.Set.of("nextval", "txid_current", "pg_current_xact_id");

    /**
     * As {@link #callsWithEffects(Toks)}, beyond numbering the rows a write stores: a default or check calling one
     * runs it on every write of its table (the catalog's effectTables lists such tables the same way).
     */
    static boolean callsBeyondNumbering(Toks t) {
        return callsWithEffects(t, NUMBERING);
    }

    private static boolean callsWithEffects(Toks t, java.util.Set<String> but) {
        for (int k = 0; k < t.size(); k++) {
            Token x = t.get(k);
            if (x.isName() && (t.punct(k + 1, "(") || t.punct(k - 1, "."))) {
                String fn = Lexer.asciiLower(x.value());
                if (!but.contains(fn) && (KINDS.containsKey(fn) || fn.equals("set_config") || fn.startsWith("dblink")
                        || fn.startsWith("binary_upgrade_"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * CREATE or ALTER naming a stored routine without calling it (a domain's or row policy's check, a cast, an
     * operator's or trigger's FUNCTION = f) binds it to what later runs it where no statement shows a call: it is
     * judged like the call. Statements about the routine itself (ALTER FUNCTION f ...) are judged by their kind.
     */
    static void bindsRoutine(Toks t, int from, int to, Analysis a) {
        int i = t.word(from + 1, "or") && t.word(from + 2, "replace") ? from + 3 : from + 1;
        // An aggregate's SFUNC, FINALFUNC... = f bind f as an operator's FUNCTION = f does: every use calls it.
        if (t.anyWord(i, "function", "procedure", "routine")) {
            return;
        }
        for (int k = from; k < to; k++) {
            Token x = t.get(k);
            if (x.isName() && t.isRoutine(Lexer.asciiLower(x.value()))) {
                a.raise(SqlKind.PROCEDURAL);
            }
            // An option's value naming a function (CREATE OPERATOR ... (FUNCTION = pg_terminate_backend), RESTRICT =,
            // SUBTYPE_DIFF =) binds that built-in as a cast's WITH FUNCTION f(...) does: every use of the operator
            // calls it, in statements naming no function, and in later connections whose catalog read lists only
            // the stored routines. Qualified (= pg_catalog.f), scan() below judges it already.
            if (x.isName() && t.get(k - 1).isOp("=") && !t.punct(k + 1, ".") && !t.punct(k + 1, "(")) {
                judge(Lexer.asciiLower(x.value()), a);
            }
            // set_config bound so (an aggregate's state function: SFUNC = set_config, INITCOND = 'role') sets whichever
            // parameter its state or arguments name at each use, the role included: no literal here says which.
            if (x.isName() && t.get(k - 1).isOp("=")) {
                int n = t.punct(k + 1, ".") && t.isName(k + 2) ? k + 2 : k;
                if (Lexer.asciiLower(t.get(n).value()).equals("set_config") && !t.punct(n + 1, "(")) {
                    a.unknown("binds set_config, which then sets whichever parameter its arguments name, the role included");
                }
            }
        }
        scan(t, from, to, a);
    }

    /** The stored routines a statement reaches, however (see {@link #reachesStored}); nothing about built-ins. */
    private static void storedOnly(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            if (reachesStored(t, k)) {
                a.raise(SqlKind.PROCEDURAL);
            }
        }
    }

    /**
     * Whether the token at k reaches a stored routine: an operator whose code is one, a name of an object running one
     * (a view, a type it casts or checks), or a call of one, in brackets or in PostgreSQL's attribute notation (c.f
     * is f(c)). A routine's body may write, or call what writes (even a STABLE or IMMUTABLE one may call a VOLATILE
     * one): calling it through SELECT does what CALL would, so it is judged the same.
     */
    private static boolean reachesStored(Toks t, int k) {
        Token x = t.get(k);
        if (x.type() == Token.Type.OP) {
            return t.isRoutineOperator(x.value());
        }
        if (!x.isName()) {
            return false;
        }
        String lower = Lexer.asciiLower(x.value());
        return t.isRoutine(hoop.core.Command.named(lower)) || (t.punct(k + 1, "(") || t.punct(k - 1, ".")) && t.isRoutine(lower);
    }

    /** set_config can change the role, or the lexing rules of later messages, depending on its first argument. */
    private static void setConfig(Toks t, int arg, Analysis a) {
        int valueAt = literalArgument(t, arg);
        List<String> names;
        if (valueAt >= 0) {
            names = List.of(t.get(arg).value());
        } else {
            names = SettingsRows.names(t, arg);
            // search_path's schemas are also read from the text by SearchPath, which sees no name there.
            if (names == null || names.stream().anyMatch(n -> Lexer.asciiLower(n.strip()).equals("search_path"))) {
                // 'ro' || 'le' is role: only a whole literal argument names the parameter it reads as.
                a.unknown("set_config() with a computed parameter name");
                return;
            }
            valueAt = t.punct(arg + 1, ".") ? arg + 4 : arg + 2;
        }
        // NUL, which no literal holds, stands for a value hoop cannot read.
        String v = literalArgument(t, valueAt) >= 0 ? Lexer.asciiLower(t.get(valueAt).value().strip()) : "\0";
        for (String name : names) {
            a.raise(Session.guc(Lexer.asciiLower(name.strip()), v, a));
        }
    }

    /** If the argument at i is a string literal alone (a cast to a type named by one word allowed), where the next starts; else -1. */
    private static int literalArgument(Toks t, int i) {
        if (t.get(i).type() != Token.Type.STRING) {
            return -1;
        }
        int j = t.punct(i + 1, "::") && t.isName(i + 2) ? i + 3 : i + 1;
        return t.punct(j, ",") ? j + 1 : -1;
    }
}
