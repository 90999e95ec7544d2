package hoop.policy.sql;

import java.util.Set;

/** SET / RESET: mostly session state, except where they change privileges or lexing. */
final class Session {

    private static final Set<String> SCS_SAFE = Set.of("on", "true", "yes", "1", "t", "tr", "tru", "y", "ye",
            "default");

    private static final Set<String> UTF8_NAMES = Set.of("utf8", "unicode", "default");

    /**
     * The rest of the server's superuser settings (pg_settings.context = 'superuser' on PostgreSQL 15, and newer servers'):
     * only a superuser may SET them, as only one may ALTER SYSTEM, and each acts on the server rather than the session's
     * own view of it: its WAL (wal_compression, wal_consistency_checking), its temporary files and stack (temp_file_limit,
     * max_stack_depth: a guard against runaway queries), its log's language and backtraces (lc_messages,
     * backtrace_functions), lock and commit timing every session waits on, JIT bitcode files written to the data
     * directory, and PostgreSQL 17's event_triggers (off: no event trigger fires) and 18's extension_control_path (where
     * CREATE EXTENSION reads scripts from). The log_, track_ and other prefixes below cover the remaining ones.
     */
    private static final Set<String> SUPERUSER = Set.of("backtrace_functions", "commit_delay", "deadlock_timeout",
            "debug_discard_caches", "jit_dump_bitcode", "lc_messages", "max_stack_depth", "temp_file_limit",
            "update_process_title", "wal_compression", "wal_consistency_checking", "wal_init_zero", "wal_recycle",
            "event_triggers", "extension_control_path");

    private Session() {
    }

    static void set(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        if (t.word(i, "session") && t.word(i + 1, "characteristics")) {
            a.raise(SqlKind.SESSION);
            return;
        }
        if (t.word(i, "session") && t.word(i + 1, "authorization")) {
            a.raise(SqlKind.DCL);
            return;
        }
        if (t.anyWord(i, "session", "local")) {
            i++;
        }
        if (t.word(i, "session") && t.word(i + 1, "authorization")) {
            a.raise(SqlKind.DCL);
            return;
        }
        if (!parameter(t, i, a)) {
            a.unknown("SET without a parameter name");
        }
    }

    /** name {TO | =} value at i, as SET and a routine's SET clause give it; false when no name stands there. */
    static boolean parameter(Toks t, int i, Analysis a) {
        StringBuilder name = new StringBuilder();
        int j = t.name(i, name);
        if (j == i) {
            return false;
        }
        int v = t.word(j, "to") || t.get(j).isOp("=") ? j + 1 : j;
        Token value = t.get(v);
        String val = value.type() == Token.Type.PUNCT ? "" : Lexer.asciiLower(value.value());
        // Parameter names are case-insensitive even when quoted: SET "ROLE" = x is SET ROLE.
        a.raise(guc(Lexer.asciiLower(name.toString()), val, a));
        return true;
    }

    /**
     * The SET and RESET clauses of CREATE or ALTER FUNCTION / PROCEDURE / ROUTINE from {@code from}: the body then runs
     * with the setting, so SET role = r runs it as r (dcl) and SET session_replication_role = replica without foreign
     * keys and triggers (admin), as the statements would. What only changes how the connection lexes later text is the
     * statement's own matter (the body's setting ends with the call), so that raises nothing here.
     */
    static void routineClauses(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "begin") && t.word(k + 1, "atomic")) {
                return; // the body's own statements follow (UPDATE ... SET)
            } else if (t.word(k, "set") && !t.word(k + 1, "schema") || t.word(k, "reset") && !t.word(k + 1, "all")) {
                Analysis setting = new Analysis();
                if (t.word(k, "set")) {
                    parameter(t, k + 1, setting);
                } else {
                    reset(t, k, to, setting);
                }
                if (setting.kind() != null && setting.kind() != SqlKind.UNKNOWN) {
                    a.raise(setting.kind());
                }
            }
        }
    }

    static void reset(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        if (t.word(i, "session") && t.word(i + 1, "authorization")) {
            a.raise(SqlKind.DCL);
            return;
        }
        StringBuilder name = new StringBuilder();
        if (t.name(i, name) == i) {
            a.unknown("RESET without a parameter name");
            return;
        }
        a.raise(guc(Lexer.asciiLower(name.toString()), "default", a));
    }

    /**
     * The kind of setting parameter {@code name} to {@code value} ("" or NUL when unknown, NUL when computed). Turning
     * standard_conforming_strings off makes later messages lex differently (backslash starts
     * an escape in '...'), which this classifier does not model, so it fails closed.
     */
    static SqlKind guc(String name, String value, Analysis a) {
        switch (name) {
            case "role", "session_authorization" -> {
                return SqlKind.DCL;
            }
            case "client_encoding", "names" -> {
                // The gateway decodes messages as UTF-8; under e.g. SJIS a multi-byte character can
                // end in a backslash byte, so the server would see different string boundaries.
                if (UTF8_NAMES.contains(value.replaceAll("[^a-z0-9]", ""))) {
                    return SqlKind.SESSION;
                }
                a.unknown("client encoding other than UTF8 changes how messages must be decoded");
                return SqlKind.UNKNOWN;
            }
            case "standard_conforming_strings" -> {
                if (SCS_SAFE.contains(value)) {
                    return SqlKind.SESSION;
                }
                a.unknown("changing standard_conforming_strings alters how later statements are lexed");
                return SqlKind.UNKNOWN;
            }
            case "search_path" -> {
                // Which schemas an unqualified name then reaches is what rules on a schema's tables need (SearchPath).
                if (value.equals("\0")) {
                    a.unknown("search_path set to a value hoop cannot read");
                    return SqlKind.UNKNOWN;
                }
                return SqlKind.SESSION;
            }
            // Superuser settings that switch off what guards the data or records what happens: triggers, rules and
            // foreign keys (replica), catalog DDL, large object privileges, checksums and damaged pages, the server's
            // statement log and pgaudit's, query ids (without them pg_stat_statements records no statement); and
            // libraries loaded into the server, and where (extension_destdir, Debian's: the directory CREATE EXTENSION
            // then reads control files, scripts and modules under).
            case "session_replication_role", "allow_system_table_mods", "allow_in_place_tablespaces", "lo_compat_privileges",
                    "zero_damaged_pages", "ignore_checksum_failure", "ignore_invalid_pages", "ignore_system_indexes",
                    "compute_query_id", "dynamic_library_path", "session_preload_libraries", "local_preload_libraries", "jit_provider",
                    "extension_destdir" -> {
                return SqlKind.ADMIN;
            }
            default -> {
                if (SUPERUSER.contains(name)) {
                    return SqlKind.ADMIN;
                }
                // track_*: what pg_stat_activity and the statistics show of the session; pg_stat_statements' and
                // auto_explain's: what they record (all superuser settings).
                return name.startsWith("log_") || name.startsWith("pgaudit.") || name.startsWith("track_")
                        || name.startsWith("pg_stat_statements.") || name.startsWith("auto_explain.") ? SqlKind.ADMIN : SqlKind.SESSION;
            }
        }
    }
}
