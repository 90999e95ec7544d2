package hoop.policy.sql;

/**
 * CREATE and ALTER clauses that change who may see or do what, or what reading an object runs, under a statement
 * that otherwise only defines structure (ddl): row security switched off or unforced, row security policies, a view's
 * security_invoker or security_barrier, a routine running as its owner (SECURITY DEFINER) are access control (dcl);
 * a publication of every table, or of a whole schema's, streams their rows to any subscriber (admin, a superuser's);
 * a foreign table's file_fdw option {@code program} runs a shell command on the database host at each read
 * (copy-program) and {@code filename} reads a server file (admin, as COPY from a file); a foreign data wrapper, an
 * access method, a text search parser or template binds the server's C code, which only a superuser may (admin).
 */
final class Guards {

    private Guards() {
    }

    /** The statement t[from, to), CREATE or ALTER of the object word at {@code obj}. */
    static void apply(Toks t, int from, int obj, int to, Analysis a) {
        boolean create = t.word(from, "create");
        String o = t.w(obj);
        if (o.equals("extension") && languageExtension(t, obj + 1)) {
            a.raise(SqlKind.ADMIN);
        }
        if (create && (o.equals("function") || o.equals("procedure"))) {
            String lang = language(t, obj, to);
            // C and internal load native code into the server (as LOAD does); an untrusted language's routine runs
            // as the server's account on the host: only a superuser may make either.
            if (lang != null && (lang.equals("c") || lang.equals("internal") || untrusted(lang))) {
                a.raise(SqlKind.ADMIN);
            }
        }
        int routine = create && o.equals("or") ? obj + 2 : obj;
        if (t.anyWord(routine, "function", "procedure", "routine")) {
            Session.routineClauses(t, routine + 1, to, a);
        }
        boolean relation = o.equals("table") || o.equals("view") || o.equals("materialized");
        if (o.equals("policy") || relation && rowSecurity(t, obj, to) || relation && viewSecurity(t, obj, to)
                || securityDefiner(t, obj, to, create)) {
            a.raise(SqlKind.DCL);
        }
        if (create && o.equals("view") && t.word(from + 1, "or") && !viewSecurity(t, obj, to)
                && t.isRoutine(hoop.core.Command.guardedView(viewName(t, obj)))) {
            // OR REPLACE sets the view's options to those its WITH gives: none of these clears the ones it carries.
            a.raise(SqlKind.DCL);
        }
        if (o.equals("foreign") && t.word(obj + 1, "data") || o.equals("access") && t.word(obj + 1, "method")
                || o.equals("text") && t.word(obj + 1, "search") && t.anyWord(obj + 2, "parser", "template")) {
            // Only a superuser may: each binds the server's C functions as a handler, validator, parser or template.
            // A wrapper's validator is where file_fdw checks who may name a file or program (NO VALIDATOR drops it).
            a.raise(SqlKind.ADMIN);
        }
        if (o.equals("publication") && everyTable(t, obj, to)) {
            a.raise(SqlKind.ADMIN);
        }
        if (o.equals("foreign") || o.equals("server") || o.equals("user")) {
            fdwOptions(t, obj, to, a);
        }
    }

    /**
     * Whether the extension named after CREATE / ALTER / DROP EXTENSION [IF [NOT] EXISTS] at {@code i} is a procedural
     * language's (by PostgreSQL's naming, pl...): its script is CREATE LANGUAGE, and dropping it drops the language.
     */
    static boolean languageExtension(Toks t, int i) {
        while (t.anyWord(i, "if", "not", "exists")) {
            i++;
        }
        return t.isName(i) && Lexer.asciiLower(t.get(i).value()).startsWith("pl");
    }

    /** The LANGUAGE a routine's definition or DO block names (a word or a string), lower case; null when none. */
    static String language(Toks t, int from, int to) {
        for (int k = from; k + 1 < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "language") && (t.isName(k + 1) || t.get(k + 1).type() == Token.Type.STRING)) {
                return Lexer.asciiLower(t.get(k + 1).value());
            }
        }
        return null;
    }

    /**
     * Whether a procedural language is untrusted, its code running with the server account's access to the host: by
     * PostgreSQL's convention its name ends in u (plperlu, plpython3u, pltclu); plsh and plr are untrusted too.
     */
    static boolean untrusted(String lang) {
        return lang.startsWith("pl") && lang.endsWith("u") || lang.equals("plsh") || lang.equals("plr");
    }

    /** {ENABLE | DISABLE} ROW LEVEL SECURITY, [NO] FORCE ROW LEVEL SECURITY (an ALTER TABLE subcommand, any of them). */
    private static boolean rowSecurity(Toks t, int from, int to) {
        for (int k = from; k + 2 < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "row") && t.word(k + 1, "level") && t.word(k + 2, "security")) {
                return true;
            }
        }
        return false;
    }

    /** The bare name (lower case) of the view CREATE ... VIEW at {@code view} makes, or "" when none reads there. */
    static String viewName(Toks t, int view) {
        StringBuilder name = new StringBuilder();
        int end = t.name(view + 1, name);
        return end > view + 1 ? Lexer.asciiLower(t.get(end - 1).value()) : "";
    }

    /** SET / RESET (security_invoker ...) or WITH (security_barrier ...): whose privileges and which leaks a view allows. */
    static boolean viewSecurity(Toks t, int from, int to) {
        for (int k = from; k < to; k++) {
            if (t.punct(k, "(") && t.anyWord(k - 1, "set", "reset", "with")) {
                int c = Math.min(t.close(k), to);
                for (int i = k + 1; i < c; i++) {
                    if (t.isName(i) && (t.punct(i - 1, "(") || t.punct(i - 1, ",") || t.punct(i - 1, "."))) {
                        String n = Lexer.asciiLower(t.get(i).value());
                        if (n.equals("security_invoker") || n.equals("security_barrier")) {
                            return true;
                        }
                    }
                }
                k = c;
            } else if (t.isOpen(k)) {
                k = t.close(k);
            }
        }
        return false;
    }

    /**
     * [EXTERNAL] SECURITY DEFINER of CREATE or ALTER FUNCTION / PROCEDURE / ROUTINE: its body runs as its owner. Or
     * LEAKPROOF (a superuser's, not NOT LEAKPROOF): the planner then runs it on rows a security_barrier view or a row
     * security policy hides, so whatever it shows of its arguments (a NOTICE, an error) shows those rows.
     */
    private static boolean securityDefiner(Toks t, int obj, int to, boolean create) {
        int o = obj;
        if (create && t.word(o, "or")) {
            o += 2;
        }
        if (!t.anyWord(o, "function", "procedure", "routine")) {
            return false;
        }
        for (int k = o; k < to; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (k + 1 < to && t.word(k, "security") && t.word(k + 1, "definer") || t.word(k, "leakproof") && !t.word(k - 1, "not")) {
                return true;
            }
        }
        return false;
    }

    /** FOR ALL TABLES, FOR TABLES IN SCHEMA s, ADD / SET TABLES IN SCHEMA s: tables no text names, later ones too. */
    private static boolean everyTable(Toks t, int from, int to) {
        for (int k = from; k + 1 < to; k++) {
            if (t.word(k, "all") && t.word(k + 1, "tables") || t.word(k, "tables") && t.word(k + 1, "in")) {
                return true;
            }
        }
        return false;
    }

    /** OPTIONS ([ADD | SET] name 'value', ...) at any depth (a column's own too); DROP name takes one away. */
    private static void fdwOptions(Toks t, int from, int to, Analysis a) {
        for (int k = from; k < to; k++) {
            if (!(t.word(k, "options") && t.punct(k + 1, "("))) {
                continue;
            }
            int c = Math.min(t.close(k + 1), to);
            for (int i = k + 2; i < c; i++) {
                if (!(t.punct(i - 1, "(") || t.punct(i - 1, ","))) {
                    continue;
                }
                if (t.word(i, "drop")) {
                    continue;
                }
                int n = t.anyWord(i, "add", "set") && t.isName(i + 1) && !t.punct(i + 1, ",") && t.get(i + 2).type() == Token.Type.STRING ? i + 1 : i;
                if (!t.isName(n)) {
                    continue;
                }
                String name = Lexer.asciiLower(t.get(n).value());
                if (name.equals("program")) {
                    a.raise(SqlKind.COPY_PROGRAM);
                } else if (name.equals("filename")) {
                    a.raise(SqlKind.ADMIN);
                    a.flag("server-file");
                }
            }
        }
    }
}
