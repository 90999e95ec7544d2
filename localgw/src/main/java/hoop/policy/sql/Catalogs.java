package hoop.policy.sql;

import java.util.Locale;

/**
 * Writes to PostgreSQL's own catalogs. Their rows are the definitions and privileges DDL and DCL change (a
 * superuser's {@code UPDATE pg_authid SET rolsuper = true} is a grant), and the pg_settings view's update rule calls
 * set_config for each row matched, so {@code UPDATE pg_settings} is a SET of whatever parameters its WHERE selects:
 * the role's settings, or standard_conforming_strings and client_encoding, which change how later text lexes.
 */
final class Catalogs {

    private Catalogs() {
    }

    /**
     * The views whose rows are the server's configuration files, read as the server's account: pg_hba.conf's and
     * pg_ident.conf's lines, postgresql.conf's and its includes' settings. Reading one reads a server file, as
     * pg_read_file does (their functions are {@link Functions}'s).
     */
    private static final java.util.Set<String> FILE_VIEWS = java.util.Set.of("pg_hba_file_rules", "pg_ident_file_mappings",
            "pg_file_settings");

    /**
     * The planner's statistics, as views and as the catalogs under them: each column's most common values and histogram
     * bounds are values of that column, read from any table the user may read (all of a small or unique one's). Which
     * tables a query of them reads its WHERE says, as data: any table may be one.
     */
    private static final java.util.Set<String> STATISTICS = java.util.Set.of("pg_stats", "pg_stats_ext", "pg_stats_ext_exprs",
            "pg_statistic", "pg_statistic_ext_data");

    /** Compiled once: every relation of every statement is checked against it. */
    private static final java.util.regex.Pattern TOAST_SCHEMA = java.util.regex.Pattern.compile("(.*\\.)?pg_toast(_temp_[0-9]+)?");

    /** name: a relation a statement reads, as written (possibly schema-qualified). */
    static void read(String name, Analysis a) {
        int dot = name.lastIndexOf('.');
        String relation = Lexer.asciiLower(name.substring(dot + 1));
        if (dot >= 0 && TOAST_SCHEMA.matcher(Lexer.asciiLower(name.substring(0, dot))).matches()) {
            // A TOAST table holds its table's long values, under a name of its oid (pg_toast.pg_toast_16417): a
            // superuser reads them there past a rule on the table's name.
            a.table(Ddl.EVERY_TABLE);
            a.read(Ddl.EVERY_TABLE);
            return;
        }
        if (!relation.startsWith("pg_") || dot >= 0 && !Lexer.asciiLower(name.substring(0, dot)).endsWith("pg_catalog")) {
            return;
        }
        if (FILE_VIEWS.contains(relation)) {
            a.raise(SqlKind.ADMIN);
            a.flag("server-file");
        }
        if (STATISTICS.contains(relation)) {
            a.table(Ddl.EVERY_TABLE);
            a.read(Ddl.EVERY_TABLE);
        }
    }

    /** name: a relation a statement writes, as written (possibly schema-qualified). */
    static void written(String name, Analysis a) {
        int dot = name.lastIndexOf('.');
        String relation = Lexer.asciiLower(name.substring(dot + 1));
        String schema = dot < 0 ? null : Lexer.asciiLower(name.substring(0, dot));
        // Unqualified, pg_catalog is searched first (unless a search_path names it later): a pg_ name is likely one.
        boolean catalog = schema == null ? relation.startsWith("pg_") : schema.equals("pg_catalog") || schema.endsWith(".pg_catalog");
        if (!catalog) {
            return;
        }
        if (relation.equals("pg_settings")) {
            a.unknown("a write to pg_settings runs set_config for each parameter it matches");
        } else {
            a.unknown("a write to a system catalog changes definitions or privileges without DDL or GRANT");
        }
    }
}
