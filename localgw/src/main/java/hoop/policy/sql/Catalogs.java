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
